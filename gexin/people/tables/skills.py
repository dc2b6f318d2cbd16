"""Tables of skills, levels, grade changes and assessments (and their CSV export)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.tables import Column, Table
from gexin.people.models import AssessmentResult


def level_cell(row):
    from gexin.people.skills import LEVEL_MARKS

    return format_html(
        '<span class="skill-level level-{}">{} {} · {}</span>',
        row.level,
        LEVEL_MARKS.get(row.level, ""),
        row.level,
        row.level_label,
    )


def result_cell(row):
    css = "ahead" if row.result == AssessmentResult.PASSED else "behind"
    return format_html('<span class="{}">{}</span>', css, row.result_label)


class SkillTable(Table):
    columns = (
        Column(_("Skill"), "display_name", link="get_absolute_url", sort="name", export="name"),
        Column(_("Chinese name"), "name_zh", visible=False),
        Column(_("Code"), "code", sort="code"),
        Column(_("Kind"), "kind_label", export="kind", sort="kind"),
        Column(_("Unit"), "unit.display_name", export="unit.code", sort="unit"),
        Column(_("In use"), "is_active"),
    )

    def row_class(self, row):
        return "" if row.is_active else "inactive"


class SkillLevelTable(Table):
    columns = (
        Column(
            _("Person"),
            "person.display_name",
            link="get_absolute_url",
            sort="person",
            export="person.employee_number",
        ),
        Column(_("Name"), "person.name", visible=False),
        Column(_("Skill"), "skill.display_name", sort="skill", export="skill.code"),
        Column(_("Level"), "level_label", html=level_cell, export="level", sort="level"),
        Column(_("Assessed on"), "assessed_on", sort="assessed_on"),
        Column(_("Unit"), "person.unit.display_name", export="person.unit.code", visible=False),
    )


class GradeChangeTable(Table):
    columns = (
        Column(
            _("Person"),
            "person.display_name",
            link="get_absolute_url",
            sort="person",
            export="person.employee_number",
        ),
        Column(_("Name"), "person.name", visible=False),
        Column(_("Skill grade"), "grade_label", export="grade", sort="grade"),
        Column(_("Effective on"), "effective_on", sort="date"),
        Column(_("Reason"), "reason"),
        Column(_("Unit"), "person.unit.display_name", export="person.unit.code", visible=False),
    )


class AssessmentTable(Table):
    columns = (
        Column(
            _("Person"),
            "person.display_name",
            link="get_absolute_url",
            sort="person",
            export="person.employee_number",
        ),
        Column(_("Name"), "person.name", visible=False),
        Column(_("Kind"), "kind_label", export="kind", sort="kind"),
        Column(pgettext_lazy("exam", "Held on"), "held_on", sort="date"),
        Column(_("Grade sought"), "get_grade_sought_display", export="grade_sought"),
        Column(_("Skill"), "skill.display_name", export="skill.code"),
        Column(_("Score"), "score", css="number"),
        Column(
            pgettext_lazy("exam", "Result"),
            "result_label",
            html=result_cell,
            export="result",
            sort="result",
        ),
        Column(_("Examiners"), "examiners", visible=False),
    )
