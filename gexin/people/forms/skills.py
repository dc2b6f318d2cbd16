"""Forms of skills, levels, grade changes and assessments.

People are typed by employee number (with suggestions), limited to those the user may
keep records of; the model's clean() checks that they are inside the skill's unit.
A record stays with its person: the person is fixed once it is saved.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.meetings.forms import DATE_INPUT
from gexin.org.forms import PersonField, UnitField
from gexin.org.models import Person, Unit
from gexin.people.models import Assessment, GradeChange, Skill, SkillLevel

NUMBER = forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 100})


class SkillChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, skill):
        return f"{skill.display_name} · {skill.code} ({skill.unit.display_name})"


def skill_choices(user):
    """Skills in use the user sees, by unit and place."""
    return (
        Skill.objects.restrict(user, "view")
        .filter(is_active=True)
        .select_related("unit")
        .order_by("unit__path", "kind", "position", "code")
    )


class PersonFixedMixin:
    """The person is chosen on creation only; later edits keep it."""

    person_perm = ""

    def setup_person(self):
        action = "change" if self.instance.pk else "add"
        self.fields["person"].queryset = Person.objects.where_user_holds(
            self.user, f"people.{action}_{self.person_perm}"
        )
        if self.instance.pk:
            self.fields["person"].disabled = True
            self.fields["person"].queryset = Person.objects.filter(pk=self.instance.person_id)
            # A disabled field reads its initial value as if typed: the employee number.
            self.initial["person"] = self.instance.person.employee_number


class SkillForm(ScopedModelForm):
    unit = UnitField(label=_("Unit"))

    class Meta:
        model = Skill
        fields = [
            "unit",
            "code",
            "name",
            "name_zh",
            "kind",
            "position",
            "description",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        self.fields["unit"].queryset = Unit.objects.where_user_holds(
            self.user, f"people.{action}_skill"
        )
        self.fields["unit"].help_text = _(
            "The matrices of this unit, of the units under it and of none above it list the skill."
        )


class SkillLevelForm(PersonFixedMixin, ScopedModelForm):
    person_perm = "skilllevel"
    person = PersonField(label=_("Person"))
    skill = SkillChoiceField(label=_("Skill"), queryset=Skill.objects.none())
    assessed_by = PersonField(label=_("Assessed by"), required=False)

    class Meta:
        model = SkillLevel
        fields = ["person", "skill", "level", "assessed_on", "assessed_by", "note"]
        widgets = {"assessed_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_person()
        self.fields["skill"].queryset = skill_choices(self.user)
        self.fields["assessed_by"].queryset = Person.objects.restrict(self.user, "view")
        if self.instance.pk:
            self.fields["skill"].disabled = True
            self.fields["skill"].queryset = Skill.objects.filter(
                pk=self.instance.skill_id
            ).select_related("unit")


class GradeChangeForm(PersonFixedMixin, ScopedModelForm):
    person_perm = "gradechange"
    person = PersonField(label=_("Person"))

    class Meta:
        model = GradeChange
        fields = ["person", "grade", "effective_on", "reason"]
        widgets = {"effective_on": DATE_INPUT, "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_person()
        if self.instance.assessment_id:
            # Given by a grade exam: its grade and day are corrected on the exam.
            for name in ("grade", "effective_on"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Given by a grade exam: correct it there.")


class AssessmentForm(PersonFixedMixin, ScopedModelForm):
    person_perm = "assessment"
    person = PersonField(label=_("Person"))
    skill = SkillChoiceField(label=_("Skill"), queryset=Skill.objects.none(), required=False)

    class Meta:
        model = Assessment
        fields = [
            "person",
            "kind",
            "held_on",
            "grade_sought",
            "skill",
            "level_reached",
            "score",
            "result",
            "examiners",
            "note",
        ]
        widgets = {
            "held_on": DATE_INPUT,
            "score": NUMBER,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_person()
        choices = skill_choices(self.user)
        if self.instance.skill_id:
            # A skill no longer in use stays on the assessments of it.
            choices = choices | Skill.objects.filter(pk=self.instance.skill_id)
        self.fields["skill"].queryset = choices.select_related("unit")
        self.fields["skill"].help_text = _("For a skill assessment.")
