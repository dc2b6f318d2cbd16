from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "gexin.people"
    label = "people"
    verbose_name = _("People and the group's own work")

    def ready(self):
        from gexin.core import navigation
        from gexin.people import permissions  # noqa: F401  registers the grants

        menu = []
        # Each area adds its menu entries in its own section: (label, url name, perm, order).
        # -- board --
        menu += [(_("People board"), "people:board", "org.view_person", 150)]
        from gexin.core import unit_panels
        from gexin.people.views.board import unit_panel as board_panel

        unit_panels.register(board_panel, order=35)
        # -- skills --
        menu += [
            (_("Skills matrix"), "people:skill_matrix", "people.view_skilllevel", 155),
            (_("Skills"), "people:skill_list", "people.view_skill", 156),
            (
                _("Grade exams and assessments"),
                "people:assessment_list",
                "people.view_assessment",
                157,
            ),
        ]
        from gexin.core import unit_panels
        from gexin.people.skills import unit_panel as skills_panel

        unit_panels.register(skills_panel, order=40)
        # -- mentoring --
        menu += [
            (
                _("Master and apprentice"),
                "people:apprenticeship_list",
                "people.view_apprenticeship",
                152,
            ),
        ]
        from gexin.core import meeting_panels as mentoring_meeting_panels
        from gexin.core import person_panels as mentoring_person_panels
        from gexin.people.views import mentoring as mentoring_views

        mentoring_person_panels.register(mentoring_views.person_panel, order=52)
        mentoring_meeting_panels.register(mentoring_views.meeting_panel, order=62)
        # -- groups --
        menu += [
            (
                _("Mutual-aid and study groups"),
                "people:studygroup_list",
                "people.view_studygroup",
                152,
            ),
            (_("Demonstrations"), "people:demonstration_list", "people.view_demonstration", 153),
        ]
        from gexin.core import meeting_panels, person_panels
        from gexin.core import unit_panels as group_unit_panels
        from gexin.people.views import groups as group_views

        group_unit_panels.register(group_views.unit_panel, order=45)
        person_panels.register(group_views.person_panel, order=55)
        meeting_panels.register(group_views.meeting_panel, order=60)
        # -- members --
        menu += [
            (_("Membership"), "people:membershipevent_list", "people.view_membershipevent", 160),
            (_("Dues sheet"), "people:dues_sheet", "people.view_duespayment", 161),
            (_("Dues in arrears"), "people:dues_arrears", "people.view_duespayment", 162),
            (_("Welfare cases"), "people:welfarecase_list", "people.view_welfarecase", 163),
            (_("Activities"), "people:activity_list", "people.view_activity", 164),
        ]
        from gexin.core import person_panels
        from gexin.people.views.members import person_panel as membership_panel

        person_panels.register(membership_panel, order=50)
        from gexin.core import demo_steps as member_demo_steps
        from gexin.people.demo_members import WELFARE_LOGIN

        member_demo_steps.register_login(*WELFARE_LOGIN)
        for label, url_name, perm, order in menu:
            navigation.register(navigation.MenuItem(label, url_name, perm, order))
        # -- demo --
        from gexin.core import demo_steps
        from gexin.people import demo as people_demo

        demo_steps.register(80, "people", people_demo.is_loaded, people_demo.load)
