from django.urls import path  # noqa: F401

app_name = "people"

# Each area keeps its routes in its own section.
urlpatterns = []

# -- board --
from gexin.people.views import board as board_views  # noqa: E402

urlpatterns += [
    path("people/board/", board_views.BoardView.as_view(), name="board"),
    path(
        "units/<int:pk>/people-board/panel/",
        board_views.UnitBoardPanelView.as_view(),
        name="unit_board_panel",
    ),
]

# -- skills --
from gexin.people.views import skills as skills_views  # noqa: E402


def skills_routes(model, plural, name):
    """The list, add, detail, edit, delete and history routes of <name>…View."""

    def view(kind):
        return getattr(skills_views, f"{name}{kind}View").as_view()

    return [
        path(f"{plural}/", view("List"), name=f"{model}_list"),
        path(f"{plural}/add/", view("Edit"), name=f"{model}_add"),
        path(f"{plural}/<int:pk>/", view("Detail"), name=f"{model}_detail"),
        path(f"{plural}/<int:pk>/edit/", view("Edit"), name=f"{model}_edit"),
        path(f"{plural}/<int:pk>/delete/", view("Delete"), name=f"{model}_delete"),
        path(f"{plural}/<int:pk>/history/", view("History"), name=f"{model}_history"),
    ]


urlpatterns += [
    path("skills/matrix/", skills_views.SkillMatrixView.as_view(), name="skill_matrix"),
    *skills_routes("skill", "skills", "Skill"),
    *skills_routes("skilllevel", "skill-levels", "SkillLevel"),
    *skills_routes("gradechange", "grade-changes", "GradeChange"),
    *skills_routes("assessment", "assessments", "Assessment"),
    path("people/<int:pk>/skills/", skills_views.PersonSkillsView.as_view(), name="person_skills"),
    path(
        "units/<int:pk>/skills/panel/",
        skills_views.UnitSkillsPanelView.as_view(),
        name="unit_skills_panel",
    ),
]

# -- mentoring --
from gexin.people.views import mentoring as mentoring_views  # noqa: E402

urlpatterns += [
    path(
        "apprenticeships/",
        mentoring_views.ApprenticeshipListView.as_view(),
        name="apprenticeship_list",
    ),
    path(
        "apprenticeships/add/",
        mentoring_views.ApprenticeshipEditView.as_view(),
        name="apprenticeship_add",
    ),
    path(
        "apprenticeships/<int:pk>/",
        mentoring_views.ApprenticeshipDetailView.as_view(),
        name="apprenticeship_detail",
    ),
    path(
        "apprenticeships/<int:pk>/edit/",
        mentoring_views.ApprenticeshipEditView.as_view(),
        name="apprenticeship_edit",
    ),
    path(
        "apprenticeships/<int:pk>/delete/",
        mentoring_views.ApprenticeshipDeleteView.as_view(),
        name="apprenticeship_delete",
    ),
    path(
        "apprenticeships/<int:pk>/history/",
        mentoring_views.ApprenticeshipHistoryView.as_view(),
        name="apprenticeship_history",
    ),
    path(
        "apprenticeships/<int:pk>/complete/",
        mentoring_views.ApprenticeshipCloseView.as_view(completing=True),
        name="apprenticeship_complete",
    ),
    path(
        "apprenticeships/<int:pk>/end/",
        mentoring_views.ApprenticeshipCloseView.as_view(completing=False),
        name="apprenticeship_end",
    ),
    path(
        "apprenticeship-goals/add/",
        mentoring_views.GoalEditView.as_view(),
        name="apprenticeshipgoal_add",
    ),
    path(
        "apprenticeship-goals/<int:pk>/edit/",
        mentoring_views.GoalEditView.as_view(),
        name="apprenticeshipgoal_edit",
    ),
    path(
        "apprenticeship-goals/<int:pk>/delete/",
        mentoring_views.GoalDeleteView.as_view(),
        name="apprenticeshipgoal_delete",
    ),
    path(
        "apprenticeship-goals/<int:pk>/reach/",
        mentoring_views.GoalReachView.as_view(),
        name="apprenticeshipgoal_reach",
    ),
    path(
        "progress-checks/add/",
        mentoring_views.CheckEditView.as_view(),
        name="progresscheck_add",
    ),
    path(
        "progress-checks/<int:pk>/edit/",
        mentoring_views.CheckEditView.as_view(),
        name="progresscheck_edit",
    ),
    path(
        "progress-checks/<int:pk>/delete/",
        mentoring_views.CheckDeleteView.as_view(),
        name="progresscheck_delete",
    ),
    path(
        "people/<int:pk>/apprenticeships-panel/",
        mentoring_views.PersonApprenticeshipsPanelView.as_view(),
        name="person_apprenticeships_panel",
    ),
    path(
        "meetings/<int:pk>/progress-checks-panel/",
        mentoring_views.MeetingChecksPanelView.as_view(),
        name="meeting_checks_panel",
    ),
]

# -- groups --
from gexin.people.views import groups as group_views  # noqa: E402


def _group_routes(prefix, model, views, actions):
    """`<prefix>/<pk>/<action>/` routes named `<model>_<action>` (detail has no suffix)."""
    routes = []
    for action in actions:
        suffix = "" if action == "detail" else f"{action}/"
        view = getattr(group_views, f"{views}{action.title()}View")
        routes.append(path(f"{prefix}/<int:pk>/{suffix}", view.as_view(), name=f"{model}_{action}"))
    return routes


urlpatterns += [
    path("study-groups/", group_views.StudyGroupListView.as_view(), name="studygroup_list"),
    path("study-groups/add/", group_views.StudyGroupEditView.as_view(), name="studygroup_add"),
    *_group_routes(
        "study-groups", "studygroup", "StudyGroup", ("detail", "edit", "delete", "history")
    ),
    path(
        "study-groups/<int:pk>/members/add/",
        group_views.StudyGroupMemberAddView.as_view(),
        name="studygroupmember_add",
    ),
    *_group_routes(
        "study-group-members", "studygroupmember", "StudyGroupMember", ("edit", "end", "delete")
    ),
    path(
        "study-groups/<int:pk>/sessions/add/",
        group_views.StudySessionAddView.as_view(),
        name="studysession_add",
    ),
    *_group_routes("study-sessions", "studysession", "StudySession", ("edit", "delete")),
    path(
        "study-groups/<int:pk>/solved-problems/add/",
        group_views.SolvedProblemAddView.as_view(),
        name="solvedproblem_add",
    ),
    path(
        "solved-problems/", group_views.SolvedProblemListView.as_view(), name="solvedproblem_list"
    ),
    *_group_routes(
        "solved-problems", "solvedproblem", "SolvedProblem", ("detail", "edit", "delete", "history")
    ),
    path("demonstrations/", group_views.DemonstrationListView.as_view(), name="demonstration_list"),
    path(
        "demonstrations/add/",
        group_views.DemonstrationEditView.as_view(),
        name="demonstration_add",
    ),
    *_group_routes(
        "demonstrations", "demonstration", "Demonstration", ("detail", "edit", "delete", "history")
    ),
    # Cards on the pages of units, people and meetings.
    path(
        "units/<int:pk>/study-groups/panel/",
        group_views.UnitGroupsPanelView.as_view(),
        name="unit_groups_panel",
    ),
    path(
        "people/<int:pk>/study-groups/panel/",
        group_views.PersonGroupsPanelView.as_view(),
        name="person_groups_panel",
    ),
    path(
        "meetings/<int:pk>/demonstrations/panel/",
        group_views.MeetingDemonstrationsPanelView.as_view(),
        name="meeting_demonstrations_panel",
    ),
]

# -- members --
from gexin.people.views import members as members_views  # noqa: E402


def member_crud(prefix, name, views, detail=True):
    """list, add, detail, edit, delete and history routes of one model."""
    list_view = getattr(members_views, f"{views}ListView")
    edit_view = getattr(members_views, f"{views}EditView")
    found = [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/add/", edit_view.as_view(), name=f"{name}_add"),
        path(
            f"{prefix}/<int:pk>/edit/",
            getattr(members_views, f"{views}EditView").as_view(),
            name=f"{name}_edit",
        ),
        path(
            f"{prefix}/<int:pk>/delete/",
            getattr(members_views, f"{views}DeleteView").as_view(),
            name=f"{name}_delete",
        ),
        path(
            f"{prefix}/<int:pk>/history/",
            getattr(members_views, f"{views}HistoryView").as_view(),
            name=f"{name}_history",
        ),
    ]
    if detail:
        found.append(
            path(
                f"{prefix}/<int:pk>/",
                getattr(members_views, f"{views}DetailView").as_view(),
                name=f"{name}_detail",
            )
        )
    return found


urlpatterns += [
    *member_crud("membership-events", "membershipevent", "MembershipEvent"),
    path("dues-rates/set/", members_views.UnitRateView.as_view(), name="duesrate_set_for_unit"),
    *member_crud("dues-rates", "duesrate", "DuesRate"),
    *member_crud("dues-payments", "duespayment", "DuesPayment"),
    path("dues/", members_views.DuesSheetView.as_view(), name="dues_sheet"),
    path("dues/arrears/", members_views.ArrearsReportView.as_view(), name="dues_arrears"),
    path(
        "people/<int:pk>/membership/",
        members_views.PersonMembershipView.as_view(),
        name="person_membership",
    ),
    path(
        "people/<int:pk>/membership/panel/",
        members_views.PersonMembershipPanelView.as_view(),
        name="person_membership_panel",
    ),
    *member_crud("welfare-cases", "welfarecase", "WelfareCase"),
    path("welfare-help/add/", members_views.WelfareHelpEditView.as_view(), name="welfarehelp_add"),
    path(
        "welfare-help/<int:pk>/edit/",
        members_views.WelfareHelpEditView.as_view(),
        name="welfarehelp_edit",
    ),
    path(
        "welfare-help/<int:pk>/delete/",
        members_views.WelfareHelpDeleteView.as_view(),
        name="welfarehelp_delete",
    ),
    *member_crud("activities", "activity", "Activity"),
    path(
        "activities/<int:pk>/attendance/",
        members_views.ActivityAttendanceView.as_view(),
        name="activity_attendance",
    ),
]
