"""Tables of the org app's list pages (and their CSV exports)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gexin.core.tables import Column, Table


def unit_name_cell(unit):
    badge = format_html(' <span class="badge illustrative">{}</span>', _("illustrative"))
    return format_html(
        '<a href="{}">{}</a>{}',
        unit.get_absolute_url(),
        unit.display_name,
        badge if unit.is_illustrative else "",
    )


class UnitTable(Table):
    columns = (
        Column(_("Name"), "display_name", html=unit_name_cell, sort="name", export="name"),
        Column(_("Chinese name"), "name_zh", export="name_zh", visible=False),
        Column(
            _("Code"), "code", html=lambda u: format_html("<code>{}</code>", u.code), sort="code"
        ),
        Column(_("Kind"), "kind_label", sort="kind", export="kind"),
        Column(_("Work type"), "work_type.display_name", export="work_type.code"),
        Column(_("Parent unit"), "parent.display_name", export="parent.code"),
        Column(_("Illustrative"), "is_illustrative", visible=False),
    )


class PersonTable(Table):
    columns = (
        Column(
            pgettext_lazy("of a person", "Name"),
            "display_name",
            link="get_absolute_url",
            sort="name",
            export="name",
        ),
        Column(_("Name in Latin letters"), "name_latin", visible=False),
        Column(_("Employee number"), "employee_number", sort="employee_number"),
        Column(
            _("Home unit"),
            "unit.display_name",
            link="unit.get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("Skill grade"), "skill_grade_label", sort="skill_grade", export="skill_grade"),
        Column(_("Date joined"), "date_joined", sort="date_joined"),
        Column(_("Union member"), "is_union_member"),
        Column(_("Active"), "is_active", visible=False),
    )

    def row_class(self, person):
        return "" if person.is_active else "inactive"


class RoleAssignmentTable(Table):
    columns = (
        Column(
            _("Person"),
            "person.display_name",
            link="person.get_absolute_url",
            sort="person",
            export="person.name",
        ),
        Column(_("Employee number"), "person.employee_number", visible=False),
        Column(_("Role"), "role_label", link="get_absolute_url", sort="role", export="role"),
        Column(
            _("Unit"),
            "unit.display_name",
            link="unit.get_absolute_url",
            sort="unit",
            export="unit.code",
        ),
        Column(_("Since"), "since"),
    )


class WorkTypeTable(Table):
    columns = (
        Column(_("Name"), "display_name", link="get_absolute_url", sort="name", export="name"),
        Column(_("Chinese name"), "name_zh", visible=False),
        Column(
            _("Code"), "code", html=lambda w: format_html("<code>{}</code>", w.code), sort="code"
        ),
        Column(_("Units"), "unit_count", export=False),
    )


class UnitPeopleTable(Table):
    """The people of one unit, on its page."""

    columns = (
        Column(pgettext_lazy("of a person", "Name"), "display_name", link="get_absolute_url"),
        Column(_("Employee number"), "employee_number"),
        Column(_("Skill grade"), "skill_grade_label"),
    )
