"""Forms of advanced experiences, their pictures, their spread and adoption.

An experience may be written up from earlier work: a solved (or verified) key issue, a
proposal adopted or carried further, or a confirmed advanced producer. Its form then
starts from that work's text, unit, people and figures, and keeps the link.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gexin.competitions.choices import ProducerStatus
from gexin.competitions.models import AdvancedProducer
from gexin.core import uploads
from gexin.core.forms import ScopedModelForm
from gexin.core.permissions import is_path_in_scope
from gexin.exchange import spread
from gexin.exchange.choices import AdoptionStatus
from gexin.exchange.models import Adoption, Experience, ExperienceAttachment
from gexin.innovation.choices import KeyIssueStatus
from gexin.innovation.models import KeyIssue
from gexin.meetings.choices import ProposalStatus
from gexin.meetings.forms import DATE_INPUT, people_numbers
from gexin.meetings.models import Proposal
from gexin.org.forms import UnitField
from gexin.org.models import Person, Unit, WorkType
from gexin.plans.choices import Direction
from gexin.plans.models import Metric

FIGURE_INPUT = forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})

# --- Where an experience comes from ---

# The query parameter (and model field) naming each kind of origin, and the states in
# which that work is ready to be written up as an experience.
ORIGIN_STATES = {
    "key_issue": (KeyIssue, (KeyIssueStatus.SOLVED, KeyIssueStatus.VERIFIED)),
    "proposal": (
        Proposal,
        (
            ProposalStatus.ADOPTED,
            ProposalStatus.IMPLEMENTED,
            ProposalStatus.MEASURED,
            ProposalStatus.AWARDED,
        ),
    ),
    "producer": (AdvancedProducer, (ProducerStatus.CONFIRMED,)),
}
ORIGIN_MISSING = {
    "key_issue": _("No key issue No. %(id)s among those you may see."),
    "proposal": _("No proposal No. %(id)s among those you may see."),
    "producer": _("No advanced producer No. %(id)s among those you may see."),
}
ORIGIN_REFUSED = {
    "key_issue": _(
        "The key issue “%(title)s” is %(status)s: only a solved or verified key issue is "
        "written up as an experience."
    ),
    "proposal": _(
        "The proposal “%(title)s” is %(status)s: only an adopted proposal (or one carried "
        "further: implemented, measured, awarded) is written up as an experience."
    ),
    "producer": _(
        "%(title)s is %(status)s: only a confirmed advanced producer's method is written "
        "up as an experience."
    ),
}


def origin_kind(obj):
    """The origin field ("key_issue", "proposal", "producer") an object would fill."""
    for kind, (model, _states) in ORIGIN_STATES.items():
        if isinstance(obj, model):
            return kind
    return None


def is_ready(obj):
    """True when the work is in a state to be written up as an experience."""
    kind = origin_kind(obj)
    return kind is not None and obj.status in ORIGIN_STATES[kind][1]


def origin_unit(obj):
    """The unit the experience comes from: the key issue's owning unit (else its own),
    the proposal's unit, the producer's home unit."""
    if isinstance(obj, KeyIssue):
        return obj.owner_unit or obj.unit
    if isinstance(obj, AdvancedProducer):
        return obj.person.unit
    return obj.unit


def origin_people(obj):
    """Who made it: the team that owned the key issue, the authors, the producer."""
    if isinstance(obj, KeyIssue):
        team = obj.owner_team
        if team is None:
            return []
        people = list(team.members.all())
        if team.leader_id and team.leader not in people:
            people.insert(0, team.leader)
        return people
    if isinstance(obj, AdvancedProducer):
        return [obj.person]
    return list(obj.authors.all())


def find_origin(user, kind, value):
    """The origin named by `kind` and its id, among what `user` may see, and in a state to
    be written up; ValidationError with the reason otherwise."""
    model, states = ORIGIN_STATES[kind]
    value = str(value or "").strip()
    found = None
    if value.isascii() and value.isdigit():
        found = model.objects.restrict(user, "view").filter(pk=value).first()
    if found is None:
        raise ValidationError(ORIGIN_MISSING[kind] % {"id": value})
    if found.status not in states:
        raise ValidationError(
            ORIGIN_REFUSED[kind] % {"title": str(found), "status": found.get_status_display()}
        )
    return found


def may_write_up(user, obj):
    """True when `obj` is ready and `user` may add an experience of its unit."""
    return is_ready(obj) and is_path_in_scope(user, Experience, "add", origin_unit(obj).path)


def origin_initial(obj):
    """What the experience form starts from when written up from `obj`."""
    unit = origin_unit(obj)
    initial = {
        "title": obj.title if not isinstance(obj, AdvancedProducer) else "",
        "unit_ref": unit,
        "work_type": unit.work_type_id,
        "people_numbers": ", ".join(p.employee_number for p in origin_people(obj)),
    }
    if isinstance(obj, KeyIssue):
        initial.update(
            problem=obj.description or obj.title,
            method=obj.solution,
            introduced_on=obj.solved_on or datetime.date.today(),
        )
    elif isinstance(obj, Proposal):
        initial.update(
            problem=obj.problem,
            method=obj.suggestion,
            introduced_on=obj.implemented_on or datetime.date.today(),
        )
        if obj.benefit_before is not None and obj.benefit_after is not None:
            initial.update(
                before_value=obj.benefit_before,
                after_value=obj.benefit_after,
                figure_label=obj.benefit_unit,
                # The measured benefit is an improvement: a figure that went down was
                # one where lower is better.
                direction=Direction.LOWER
                if obj.benefit_after < obj.benefit_before
                else Direction.HIGHER,
            )
    else:
        initial.update(
            title=_("The method of %(person)s") % {"person": obj.person.display_name},
            problem=obj.evidence,
            method=obj.method,
            introduced_on=obj.decided_on or datetime.date.today(),
        )
    return initial


# --- Experiences ---


def check_field(form, name, check, *args):
    """Run one of the shared date checks (`gexin.exchange.spread`, also used by the API)
    on a cleaned field, as an error of that field."""
    day = form.cleaned_data.get(name)
    if day is None:
        return
    try:
        check(*args, day)
    except ValidationError as error:
        form.add_error(name, error)


def check_years(form, *names):
    for name in names:
        check_field(form, name, spread.check_year)


class ExperienceForm(ScopedModelForm):
    """An advanced experience: what it solves, the method, and its figures before and after."""

    unit_ref = UnitField(label=_("Source unit"))
    people_numbers = forms.CharField(
        label=_("People"),
        required=False,
        help_text=_("Employee numbers of the people who made the experience, separated by commas."),
    )

    class Meta:
        model = Experience
        fields = [
            "title",
            "problem",
            "method",
            "work_type",
            "language",
            "metric",
            "figure_label",
            "direction",
            "before_value",
            "after_value",
            "introduced_on",
            "is_illustrative",
            "source",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "method": forms.Textarea(attrs={"rows": 4}),
            "before_value": FIGURE_INPUT,
            "after_value": FIGURE_INPUT,
            "introduced_on": DATE_INPUT,
        }
        help_texts = {
            "direction": _("Follows the metric when one is chosen."),
            "before_value": _("As the source unit measured it before the method."),
        }

    field_order = ["unit_ref", "title", "people_numbers", "problem", "method"]

    def __init__(self, *args, origin=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.origin = origin
        action = "exchange.change_experience" if self.instance.pk else "exchange.add_experience"
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, action)
        self.fields["work_type"].queryset = WorkType.objects.order_by("name")
        self.fields["metric"].queryset = Metric.objects.order_by("code")
        # The people named may be anyone the user sees, the people already named, and
        # those of the work it is written up from.
        extra = {p.pk for p in origin_people(origin)} if origin is not None else set()
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)
            extra |= set(self.instance.people.values_list("pk", flat=True))
            self.initial.setdefault(
                "people_numbers",
                ", ".join(self.instance.people.values_list("employee_number", flat=True)),
            )
        self.named_people = Person.objects.restrict(self.user, "view") | Person.objects.filter(
            pk__in=extra
        )

    def clean_people_numbers(self):
        return people_numbers(self.cleaned_data["people_numbers"], self.named_people)

    def clean(self):
        data = super().clean()
        check_field(self, "introduced_on", spread.check_introduced_on)
        metric = data.get("metric")
        if metric is not None:
            data["direction"] = metric.direction
            self.instance.direction = metric.direction
        has_figures = data.get("before_value") is not None or data.get("after_value") is not None
        if has_figures and metric is None and not (data.get("figure_label") or "").strip():
            self.add_error("figure_label", _("Say what the figures measure, or choose a metric."))
        if data.get("unit_ref") is not None:
            self.instance.unit = data["unit_ref"]
        return data

    def save(self, commit=True):
        experience = super().save(commit=False)
        experience.unit = self.cleaned_data["unit_ref"]
        if experience.metric_id:
            experience.direction = experience.metric.direction
        if experience.work_type_id is None and experience.unit.work_type_id:
            experience.work_type_id = experience.unit.work_type_id
        if not experience.pk:
            experience.created_by = self.user
            if self.origin is not None:
                setattr(experience, origin_kind(self.origin), self.origin)
        experience.save()
        experience.people.set(self.cleaned_data["people_numbers"])
        return experience


# --- Pictures and files ---


class ExperienceAttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Photo or file"),
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
        help_text=uploads.HELP,
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.check(upload)
        return upload


def attach(experience, upload, caption=""):
    """Store a checked upload under a generated name and attach it to the experience; the
    stored file is removed again if the database write fails. A full disk raises
    uploads.DiskFull and stores nothing."""
    content_type = getattr(upload, "gexin_content_type", None) or uploads.check(upload)
    upload.seek(0)
    attachment = ExperienceAttachment(
        experience=experience,
        original_name=(upload.name or "")[-200:],
        content_type=content_type,
        size=upload.size,
        caption=caption,
    )
    uploads.store(attachment.file, content_type, upload)
    try:
        with transaction.atomic():
            attachment.save()
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


# --- Spread and adoption ---


class UnitsField(forms.Field):
    """Several units entered by their codes, separated by commas, spaces or new lines."""

    widget = forms.Textarea(attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false"})
    default_error_messages = {
        "missing": _("No unit with the code(s) %(codes)s."),
    }

    def __init__(self, queryset=None, **kwargs):
        self.queryset = queryset if queryset is not None else Unit.objects.none()
        kwargs.setdefault(
            "help_text",
            _("The units' codes, separated by commas, e.g. benxi-rolling, dalian-mill."),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(unit.code if isinstance(unit, Unit) else str(unit) for unit in value)
        return value

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            value = " ".join(value)
        codes = list(
            dict.fromkeys(
                part for part in (value or "").replace("，", ",").replace(",", " ").split()
            )
        )
        if not codes:
            return []
        found = {unit.code: unit for unit in self.queryset.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise forms.ValidationError(
                self.error_messages["missing"], code="missing", params={"codes": ", ".join(missing)}
            )
        return [found[code] for code in codes]


class PushForm(forms.Form):
    """Push an experience to several units, each to report back by the check date."""

    units = UnitsField(label=_("Push to units"))
    check_due = forms.DateField(
        label=_("Check due"),
        widget=DATE_INPUT,
        help_text=_("By when each unit records its adoption, or why not."),
    )

    def __init__(self, *args, experience, **kwargs):
        super().__init__(*args, **kwargs)
        self.experience = experience
        # Experiences travel between plants: any unit may receive one.
        self.fields["units"].queryset = Unit.objects.all()
        self.initial.setdefault("check_due", spread.default_check_due())

    def clean(self):
        data = super().clean()
        check_years(self, "check_due")
        return data


class AdoptForm(forms.Form):
    """What the receiving unit did: when, how, its own figures before and after, the result."""

    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE_INPUT)
    how = forms.CharField(
        label=_("How it was adopted"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("e.g. two fitters learned it at the source plant and taught each shift."),
    )
    before_value = forms.DecimalField(
        label=_("Own figure before"),
        required=False,
        max_digits=18,
        decimal_places=4,
        widget=FIGURE_INPUT,
    )
    after_value = forms.DecimalField(
        label=_("Own figure after"),
        required=False,
        max_digits=18,
        decimal_places=4,
        widget=FIGURE_INPUT,
    )
    result = forms.CharField(
        label=_("Result"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )

    def __init__(self, *args, adoption, **kwargs):
        super().__init__(*args, **kwargs)
        self.adoption = adoption
        self.initial.setdefault("adopted_on", datetime.date.today())
        name = adoption.experience.figure_name
        if name:
            for field in ("before_value", "after_value"):
                self.fields[field].help_text = name

    def clean(self):
        data = super().clean()
        check_years(self, "adopted_on")
        if self.errors:
            return data
        try:
            spread.check_adopted_on(self.adoption, data.get("adopted_on"))
        except ValidationError as error:
            self.add_error("adopted_on", error)
        try:
            spread.check_figures(data.get("before_value"), data.get("after_value"))
        except ValidationError as error:
            self.add_error(
                "before_value" if data.get("before_value") is None else "after_value", error
            )
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why not adopted"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("e.g. our mill has no room for the lifting table; we ask for drawings first."),
    )


class AdoptionForm(ScopedModelForm):
    """Correct what was recorded for an adoption; its status moves only by adopting or
    declining. The check date of one still awaited is moved by whoever may push there."""

    class Meta:
        model = Adoption
        fields = [
            "check_due",
            "adopted_on",
            "how",
            "before_value",
            "after_value",
            "result",
            "declined_reason",
        ]
        widgets = {
            "check_due": DATE_INPUT,
            "adopted_on": DATE_INPUT,
            "how": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "declined_reason": forms.Textarea(attrs={"rows": 3}),
            "before_value": FIGURE_INPUT,
            "after_value": FIGURE_INPUT,
        }

    FIELDS_BY_STATUS = {
        AdoptionStatus.PUSHED: ("check_due",),
        AdoptionStatus.ADOPTED: ("adopted_on", "how", "before_value", "after_value", "result"),
        AdoptionStatus.DECLINED: ("declined_reason",),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        keep = self.FIELDS_BY_STATUS[AdoptionStatus(self.instance.status)]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "check_due" in self.fields and not spread.may_push(
            self.user, self.instance.experience, [self.instance.unit]
        ):
            self.fields["check_due"].disabled = True
            self.fields["check_due"].help_text = _(
                "Set by whoever pushed the experience; they may move it."
            )
        for name in ("adopted_on", "how", "declined_reason"):
            if name in self.fields:
                self.fields[name].required = True

    def clean(self):
        data = super().clean()
        check_years(self, "adopted_on")
        if "check_due" in self.changed_data:
            check_field(self, "check_due", spread.check_check_due, self.instance)
        if self.errors:
            return data
        try:
            if self.instance.status == AdoptionStatus.ADOPTED:
                spread.check_adopted_on(self.instance, data.get("adopted_on"))
                spread.check_figures(data.get("before_value"), data.get("after_value"))
        except ValidationError as error:
            self.add_error(None, error)
        return data


class CheckDueForm(forms.Form):
    """Move the date by which the receiving unit reports (a push not yet answered)."""

    check_due = forms.DateField(
        label=_("Check due"),
        widget=DATE_INPUT,
        help_text=_("By when the receiving unit reports its adoption."),
    )

    def __init__(self, *args, adoption, **kwargs):
        super().__init__(*args, **kwargs)
        self.adoption = adoption
        self.initial.setdefault("check_due", adoption.check_due)

    def clean(self):
        data = super().clean()
        check_field(self, "check_due", spread.check_check_due, self.adoption)
        return data
