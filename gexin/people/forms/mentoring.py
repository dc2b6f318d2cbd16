"""Forms of master and apprentice: the apprenticeship, its goals and progress checks,
completing or ending it, and marking a goal reached."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gexin.core.forms import ScopedModelForm
from gexin.core.permissions import enclosing_paths, under
from gexin.meetings.choices import MeetingStatus
from gexin.meetings.forms import DATE_INPUT
from gexin.meetings.models import Meeting
from gexin.org.forms import PersonField, UnitField
from gexin.org.models import Person, Unit
from gexin.people.models.mentoring import Apprenticeship, ApprenticeshipGoal, ProgressCheck

FIRST_YEAR, LAST_YEAR = 1900, 2199


def check_years(form, *names):
    for name in names:
        day = form.cleaned_data.get(name)
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            form.add_error(name, _("Give a date between 1900 and 2199."))


def skills_for(user, apprenticeship, keep=None):
    """The skills in use (and `keep`, the goal's own) the user may see in the group's
    matrix: the group's, its sub-units' and those of the units above it."""
    from gexin.people.models.skills import Skill

    return (
        Skill.objects.restrict(user, "view")
        .for_unit(apprenticeship.unit)
        .filter(Q(is_active=True) | Q(pk=keep))
        .select_related("unit")
        .order_by("unit__path", "kind", "position", "code")
    )


def meetings_for(user, apprenticeship):
    """Meetings the user may see, of the group or a unit above it, not cancelled, from
    the apprenticeship's start on."""
    start = timezone.make_aware(
        datetime.datetime.combine(apprenticeship.started_on, datetime.time.min)
    )
    return (
        Meeting.objects.restrict(user, "view")
        .filter(unit__path__in=enclosing_paths([apprenticeship.unit.path]))
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(scheduled_at__gte=start - datetime.timedelta(days=1))
        .select_related("unit")
        .order_by("-scheduled_at")
    )


def checkers_for(user, apprenticeship):
    """People the user may see in the group's subtree or in a unit above it."""
    path = apprenticeship.unit.path
    return Person.objects.restrict(user, "view").filter(
        Q(unit_path__in=enclosing_paths([path])) | under("unit_path", path)
    )


class ApprenticeshipForm(ScopedModelForm):
    """A master and an apprentice of one of the user's groups. The status, the end and
    its reason change only through "Complete" and "End early"."""

    unit = UnitField(label=_("Group"))
    master = PersonField(label=_("Master"))
    apprentice = PersonField(label=_("Apprentice"))

    class Meta:
        model = Apprenticeship
        fields = ["unit", "master", "apprentice", "started_on", "planned_end", "goal", "summary"]
        widgets = {
            "started_on": DATE_INPUT,
            "planned_end": DATE_INPUT,
            "goal": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "change" if self.instance.pk else "add"
        perm = f"people.{action}_apprenticeship"
        self.fields["unit"].queryset = Unit.objects.where_user_holds(self.user, perm)
        self.fields["unit"].help_text = Apprenticeship._meta.get_field("unit").help_text
        people = Person.objects.where_user_holds(self.user, perm).filter(is_active=True)
        if self.instance.pk:
            # The two already paired stay choosable even if no longer active.
            people = Person.objects.where_user_holds(self.user, perm).filter(
                Q(is_active=True) | Q(pk__in=[self.instance.master_id, self.instance.apprentice_id])
            )
        for name in ("master", "apprentice"):
            self.fields[name].queryset = people
        self.fields["master"].help_text = _(
            "Employee number; the master's skill grade must be above the apprentice's."
        )
        self.fields["apprentice"].help_text = _(
            "Employee number; an apprentice has one active apprenticeship at a time."
        )

    def clean(self):
        data = super().clean()
        check_years(self, "started_on", "planned_end")
        return data


class GoalForm(ScopedModelForm):
    """An operation to master by a day, on the apprenticeship's page."""

    class Meta:
        model = ApprenticeshipGoal
        fields = ["skill", "description", "target_level", "due_on", "reached_on"]
        widgets = {"due_on": DATE_INPUT, "reached_on": DATE_INPUT}
        help_texts = {
            "reached_on": _(
                "Set when the apprentice has mastered it; the page suggests the day the "
                "level was assessed."
            )
        }

    def __init__(self, *args, apprenticeship=None, **kwargs):
        super().__init__(*args, **kwargs)
        if apprenticeship is not None:
            self.instance.apprenticeship = apprenticeship
        self.apprenticeship = self.instance.apprenticeship
        self.fields["skill"].queryset = skills_for(
            self.user, self.apprenticeship, keep=self.instance.skill_id
        )
        self.fields["skill"].required = False

    def clean(self):
        data = super().clean()
        check_years(self, "due_on", "reached_on")
        return data


class CheckForm(ScopedModelForm):
    """A progress check of the apprenticeship, perhaps at a weekly meeting."""

    checked_by = PersonField(label=_("Checked by"))

    class Meta:
        model = ProgressCheck
        fields = ["checked_on", "checked_by", "rating", "note", "meeting"]
        widgets = {"checked_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, apprenticeship=None, **kwargs):
        super().__init__(*args, **kwargs)
        if apprenticeship is not None:
            self.instance.apprenticeship = apprenticeship
        self.apprenticeship = self.instance.apprenticeship
        self.fields["checked_by"].queryset = checkers_for(self.user, self.apprenticeship)
        self.fields["checked_by"].help_text = _(
            "Employee number: the master, the group leader or another of the group or above."
        )
        self.fields["meeting"].queryset = meetings_for(self.user, self.apprenticeship)
        self.fields["meeting"].help_text = ProgressCheck._meta.get_field("meeting").help_text
        if not self.instance.pk:
            self.initial.setdefault("checked_on", datetime.date.today())

    def clean(self):
        data = super().clean()
        check_years(self, "checked_on")
        return data


class CloseForm(forms.Form):
    """Completing or ending an apprenticeship: the day and the reason."""

    on = forms.DateField(label=_("On"), widget=DATE_INPUT)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, completing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = datetime.date.today()
        if completing:
            self.fields["reason"].label = _("Note on goals not reached")
            self.fields["reason"].help_text = _(
                "Needed only when some goal is not reached: say why."
            )
        else:
            self.fields["reason"].required = True
            self.fields["reason"].help_text = _(
                "e.g. the apprentice moved to another workshop; the master fell ill."
            )

    def clean(self):
        data = super().clean()
        check_years(self, "on")
        return data


class ReachForm(forms.Form):
    """The day a goal was reached."""

    reached_on = forms.DateField(label=_("Reached on"), widget=DATE_INPUT)
