"""Pages of the skills area: skills, the skills matrix of a unit, levels, grade changes,
assessments, a person's skills page and the unit page's skills card."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from gexin.core import views as generic
from gexin.core.permissions import has_action_anywhere, is_path_in_scope, under
from gexin.org.backends import own_person
from gexin.org.choices import SkillGrade
from gexin.org.filtersets import find_unit, is_number
from gexin.org.forms import LookupInput
from gexin.org.models import Person, Unit
from gexin.people import skills
from gexin.people.filtersets import skills as filtersets
from gexin.people.forms import skills as forms_
from gexin.people.models import (
    Assessment,
    AssessmentKind,
    AssessmentResult,
    GradeChange,
    Skill,
    SkillKind,
    SkillLevel,
    SkillLevelValue,
)
from gexin.people.tables import skills as tables

SKILL_QS = Skill.objects.select_related("unit")
LEVEL_QS = SkillLevel.objects.select_related("person", "person__unit", "skill", "skill__unit")
GRADE_QS = GradeChange.objects.select_related("person", "person__unit", "assessment")
ASSESSMENT_QS = Assessment.objects.select_related(
    "person", "person__unit", "skill", "skill__unit", "grade_change"
)
# Larger subtrees are shown unit by unit: a matrix of thousands of rows helps no one.
MATRIX_MAX_PEOPLE = 500


def person_from(request):
    """The person named by ?person= (employee number or id) among those the user sees."""
    value = (request.GET.get("person") or "").strip()
    if not value:
        return None
    people = Person.objects.restrict(request.user, "view")
    if is_number(value):
        found = people.filter(pk=int(value)).first()
        if found is not None:
            return found
    return people.filter(employee_number=value).first()


class ServiceDeleteView(generic.ObjectDeleteView):
    """Deletion through a service that may refuse it with a message."""

    def problem(self, obj):
        return None

    def get(self, request, *args, **kwargs):
        problem = self.problem(self.get_object("delete"))
        if problem:
            messages.warning(request, problem)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.get_object("delete").get_absolute_url())


# Skills


class SkillListView(generic.ObjectListView):
    queryset = SKILL_QS
    filterset_class = filtersets.SkillFilterSet
    table_class = tables.SkillTable
    template_name = "people/skill_list.html"
    select_filters = (
        ("kind", _("Kind"), SkillKind.choices),
        ("is_active", _("In use"), (("true", _("yes")), ("false", _("no")))),
    )
    carried_params = ("within", "unit")
    sort_fields = {
        "name": ["name", "code"],
        "code": ["code", "unit__path"],
        "kind": ["kind", "position", "code"],
        "unit": ["unit__path", "kind", "position", "code"],
    }
    default_sort = "unit"


class SkillDetailView(generic.ObjectDetailView):
    queryset = SKILL_QS
    body_template = "people/skill_body.html"

    def extra_context(self, skill):
        user = self.request.user
        levels = list(
            SkillLevel.objects.restrict(user, "view")
            .filter(skill=skill, person__is_active=True)
            .select_related("person")
            .order_by("-level", "person__name")
        )
        by_level = [
            (value, label, skills.LEVEL_MARKS[value], [lv for lv in levels if lv.level == value])
            for value, label in reversed(SkillLevelValue.choices)
        ]
        return {
            "by_level": by_level,
            "level_count": len(levels),
            "can_add_level": has_action_anywhere(user, SkillLevel, "add"),
        }


class SkillEditView(generic.ObjectEditView):
    queryset = SKILL_QS
    form_class = forms_.SkillForm

    def initial_for_create(self):
        unit = find_unit(self.request.GET.get("unit"))
        if unit is None:
            person = own_person(self.request.user)
            unit = person.unit if person is not None else None
        return {"unit": unit} if unit is not None else {}


class SkillDeleteView(generic.ObjectDeleteView):
    queryset = SKILL_QS
    success_url = "people:skill_list"


class SkillHistoryView(generic.ObjectHistoryView):
    queryset = Skill.objects.all()


# The skills matrix


class MatrixForm(forms.Form):
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        widget=LookupInput(reverse_lazy("org:unit_lookup"), attrs={"size": 18}),
        help_text=_("Code; empty: yours."),
    )


def matrix_unit(user, code):
    """The unit whose matrix is asked for (by code or id; by default the user's own unit,
    or the highest they see), or raise Http404."""
    units = Unit.objects.restrict(user, "view")
    if code:
        unit = find_unit(code, units)
        if unit is None:
            raise Http404
        return Unit.objects.get(pk=unit.pk)
    person = own_person(user)
    if person is not None and units.filter(pk=person.unit_id).exists():
        return person.unit
    unit = (
        Unit.objects.where_user_holds(user, "people.view_skilllevel")
        .order_by("depth", "path")
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def matrix_too_large(user, unit):
    people = Person.objects.restrict(user, "view").filter(
        under("unit_path", unit.path), is_active=True
    )
    return people.count() > MATRIX_MAX_PEOPLE


class SkillMatrixView(generic.ScopedView):
    """People of a unit's subtree × the skills its matrix lists, with their levels.

    `?unit=<code>`; `&export=csv` or `&export=xlsx` for those who may export.
    """

    queryset = SkillLevel.objects.all()
    template_name = "people/skill_matrix.html"

    def get(self, request):
        self.require_anywhere("view")
        user = request.user
        form = MatrixForm(request.GET)
        form.is_valid()
        unit = matrix_unit(user, form.cleaned_data.get("unit", ""))
        export = request.GET.get("export", "")
        can_export = is_path_in_scope(user, SkillLevel, "export", unit.path)
        too_large = matrix_too_large(user, unit)
        if export in ("csv", "xlsx"):
            if not can_export:
                raise PermissionDenied
            if too_large:
                raise Http404
            return self.export(skills.skill_matrix(unit, user), export)
        children = list(Unit.objects.restrict(user, "view").filter(parent=unit).order_by("path"))
        context = {
            "form": form,
            "unit": unit,
            "children": children,
            "too_large": too_large,
            "max_people": MATRIX_MAX_PEOPLE,
            "can_export": can_export and not too_large,
            "legend": [
                (value, label, skills.LEVEL_MARKS[value])
                for value, label in SkillLevelValue.choices
            ],
            "can_add_skill": is_path_in_scope(user, Skill, "add", unit.path),
        }
        if not too_large:
            matrix = skills.skill_matrix(unit, user)
            back = request.get_full_path()
            for row in matrix.rows:
                row.can_keep = is_path_in_scope(user, SkillLevel, "add", row.person.unit_path)
                for cell in row.cells:
                    cell.url = self.cell_url(row, cell, back)
            context["matrix"] = matrix
            context["columns"] = list(
                zip(matrix.skills, matrix.alone_counts, matrix.teacher_counts, strict=True)
            )
        return render(request, self.template_name, context)

    @staticmethod
    def cell_url(row, cell, back):
        if not row.can_keep or not cell.applies:
            return ""
        if cell.level is not None:
            url = reverse("people:skilllevel_edit", args=[cell.level.pk])
            return f"{url}?{urlencode({'return_url': back})}"
        query = {
            "person": row.person.employee_number,
            "skill": cell.skill.pk,
            "return_url": back,
        }
        return f"{reverse('people:skilllevel_add')}?{urlencode(query)}"

    def export(self, matrix, kind):
        name = f"skills-{matrix.unit.code}"
        if kind == "xlsx":
            response = HttpResponse(
                skills.matrix_xlsx(matrix),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        response = HttpResponse(skills.matrix_csv(matrix), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response


# Skill levels


class SkillLevelListView(generic.ObjectListView):
    queryset = LEVEL_QS
    filterset_class = filtersets.SkillLevelFilterSet
    table_class = tables.SkillLevelTable
    template_name = "people/skill_level_list.html"
    select_filters = (
        ("level", _("Level"), SkillLevelValue.choices),
        ("kind", _("Kind of skill"), SkillKind.choices),
    )
    carried_params = ("within", "person", "skill")
    sort_fields = {
        "person": ["person__name", "skill__code"],
        "skill": ["skill__code", "-level"],
        "level": ["level", "person__name"],
        "assessed_on": ["assessed_on", "person__name"],
    }
    default_sort = "person"


class SkillLevelDetailView(generic.ObjectDetailView):
    queryset = LEVEL_QS.select_related("assessed_by")
    body_template = "people/skill_level_body.html"

    def extra_context(self, level):
        return {"mark": skills.LEVEL_MARKS.get(level.level, "")}


class SkillLevelEditView(generic.ObjectEditView):
    queryset = LEVEL_QS
    form_class = forms_.SkillLevelForm

    def initial_for_create(self):
        initial = {"assessed_on": datetime.date.today()}
        person = person_from(self.request)
        if person is not None:
            initial["person"] = person
        skill_id = self.request.GET.get("skill", "")
        if is_number(skill_id):
            skill = Skill.objects.restrict(self.request.user, "view").filter(pk=int(skill_id))
            if skill.exists():
                initial["skill"] = int(skill_id)
        return initial


class SkillLevelDeleteView(generic.ObjectDeleteView):
    queryset = LEVEL_QS
    success_url = "people:skilllevel_list"


class SkillLevelHistoryView(generic.ObjectHistoryView):
    queryset = SkillLevel.objects.all()


# Grade changes


class GradeChangeListView(generic.ObjectListView):
    queryset = GRADE_QS
    filterset_class = filtersets.GradeChangeFilterSet
    table_class = tables.GradeChangeTable
    template_name = "people/skill_gradechange_list.html"
    select_filters = (("grade", _("Skill grade"), SkillGrade.choices),)
    carried_params = ("within", "person")
    sort_fields = {
        "person": ["person__name", "-effective_on"],
        "grade": ["grade", "-effective_on"],
        "date": ["effective_on", "pk"],
    }
    default_sort = "-date"

    def extra_context(self):
        query = self.request.GET
        return {"start": query.get("start", ""), "end": query.get("end", "")}


class GradeChangeDetailView(generic.ObjectDetailView):
    queryset = GRADE_QS
    body_template = "people/skill_gradechange_body.html"

    def extra_context(self, change):
        return {"is_current": skills.is_current(change)}


class GradeChangeEditView(generic.ObjectEditView):
    queryset = GRADE_QS
    form_class = forms_.GradeChangeForm

    def initial_for_create(self):
        initial = {"effective_on": datetime.date.today()}
        person = person_from(self.request)
        if person is not None:
            initial["person"] = person
        return initial

    def save_form(self, form):
        return skills.record_grade_change(form.save(commit=False))


class GradeChangeDeleteView(ServiceDeleteView):
    queryset = GRADE_QS
    success_url = "people:gradechange_list"

    def problem(self, change):
        return skills.grade_change_deletion_problem(change)

    def reason_required(self, change):
        if skills.is_current(change):
            return gettext(
                "This is the person's current grade: deleting it takes them back to the grade "
                "before. Give the reason."
            )
        return ""

    def delete_object(self, change):
        skills.delete_grade_change(change)


class GradeChangeHistoryView(generic.ObjectHistoryView):
    queryset = GradeChange.objects.all()


# Assessments


class AssessmentListView(generic.ObjectListView):
    queryset = ASSESSMENT_QS
    filterset_class = filtersets.AssessmentFilterSet
    table_class = tables.AssessmentTable
    template_name = "people/skill_assessment_list.html"
    select_filters = (
        ("kind", _("Kind"), AssessmentKind.choices),
        ("result", pgettext_lazy("exam", "Result"), AssessmentResult.choices),
    )
    carried_params = ("within", "person", "skill")
    sort_fields = {
        "person": ["person__name", "-held_on"],
        "kind": ["kind", "-held_on"],
        "date": ["held_on", "pk"],
        "result": ["result", "-held_on"],
    }
    default_sort = "-date"

    def extra_context(self):
        query = self.request.GET
        return {"start": query.get("start", ""), "end": query.get("end", "")}


class AssessmentDetailView(generic.ObjectDetailView):
    queryset = ASSESSMENT_QS
    body_template = "people/skill_assessment_body.html"

    def extra_context(self, assessment):
        change = getattr(assessment, "grade_change", None)
        return {
            "change": change,
            "undo_problem": skills.deletion_problem(assessment),
        }


class AssessmentEditView(generic.ObjectEditView):
    queryset = ASSESSMENT_QS
    form_class = forms_.AssessmentForm

    def initial_for_create(self):
        initial = {"held_on": datetime.date.today()}
        person = person_from(self.request)
        if person is not None:
            initial["person"] = person
        if self.request.GET.get("kind") in AssessmentKind.values:
            initial["kind"] = self.request.GET["kind"]
        return initial

    def save_form(self, form):
        return skills.record_assessment(form.save(commit=False))

    def success_message(self, assessment, created):
        if assessment.gives_grade:
            return gettext("Saved: %(person)s holds %(grade)s from %(date)s.") % {
                "person": assessment.person,
                "grade": SkillGrade(assessment.grade_sought).label,
                "date": assessment.held_on.isoformat(),
            }
        return super().success_message(assessment, created)


class AssessmentDeleteView(ServiceDeleteView):
    queryset = ASSESSMENT_QS
    success_url = "people:assessment_list"

    def problem(self, assessment):
        return skills.deletion_problem(assessment)

    def delete_object(self, assessment):
        skills.delete_assessment(assessment)


class AssessmentHistoryView(generic.ObjectHistoryView):
    queryset = Assessment.objects.all()


# A person's skills


class PersonSkillsView(generic.ObjectDetailView):
    """A person's grade and its history, exams and assessments, levels, and the machines
    they may operate."""

    queryset = Person.objects.select_related("unit")
    template_name = "people/skill_person.html"
    body_template = "people/skill_person_body.html"

    def extra_context(self, person):
        user = self.request.user
        levels = list(
            SkillLevel.objects.restrict(user, "view")
            .filter(person=person)
            .select_related("skill", "skill__unit")
            .order_by("skill__kind", "skill__position", "skill__code")
        )
        for level in levels:
            level.mark = skills.LEVEL_MARKS.get(level.level, "")
        operate = [
            lv.skill
            for lv in levels
            if lv.skill.kind == SkillKind.MACHINE
            and lv.skill.is_active
            and lv.level >= SkillLevelValue.ALONE
        ]
        path = person.unit_path
        return {
            "person": person,
            "levels": levels,
            "may_operate": operate,
            "grade_changes": list(
                GradeChange.objects.restrict(user, "view")
                .filter(person=person)
                .select_related("assessment")
                .order_by("-effective_on", "-pk")
            ),
            "assessments": list(
                Assessment.objects.restrict(user, "view")
                .filter(person=person)
                .select_related("skill")
                .order_by("-held_on", "-pk")
            ),
            "can_add_level": is_path_in_scope(user, SkillLevel, "add", path),
            "can_add_grade": is_path_in_scope(user, GradeChange, "add", path),
            "can_add_assessment": is_path_in_scope(user, Assessment, "add", path),
        }


# The unit page's card


class UnitSkillsPanelView(generic.ScopedView):
    """The unit page's card: how many skills its matrix lists, and a link to it."""

    queryset = Unit.objects.all()
    template_name = "people/skill_unit_panel.html"

    def get(self, request, pk):
        unit = self.get_object("view")
        user = request.user
        if not has_action_anywhere(user, SkillLevel, "view"):
            return HttpResponse("")
        listed = skills.matrix_skills(unit, user)
        if not listed:
            return HttpResponse("")
        return render(
            request,
            self.template_name,
            {
                "unit": unit,
                "operations": sum(1 for s in listed if s.kind == SkillKind.OPERATION),
                "machines": sum(1 for s in listed if s.kind == SkillKind.MACHINE),
            },
        )
