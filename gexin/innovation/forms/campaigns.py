"""Forms for campaigns, problems, key issues, fortresses and research teams."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gexin.core import uploads
from gexin.core.forms import ScopedModelForm
from gexin.innovation.choices import AttackMethod, ProblemStatus
from gexin.innovation.models import Campaign, KeyIssue, Problem, ResearchTeam
from gexin.innovation.uploads import attach
from gexin.meetings.forms import DATE_INPUT, people_numbers
from gexin.org.filtersets import is_number
from gexin.org.forms import UnitField
from gexin.org.models import Person, Unit


def not_in_future(day, message):
    if day and day > timezone.localdate():
        raise forms.ValidationError(message)
    return day


def campaigns_for(user, unit=None):
    """The campaigns a user may file work under (optionally only those covering `unit`)."""
    queryset = Campaign.objects.restrict(user, "view")
    return queryset.order_by("-starts_on")


class CampaignChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.starts_on:%Y-%m-%d} – {obj.ends_on:%Y-%m-%d})"


def check_campaign_covers(form, campaign, unit):
    """A campaign's work lies within its scope unit's subtree."""
    if campaign is not None and unit is not None and not unit.path.startswith(campaign.unit.path):
        form.add_error(
            "campaign",
            _("%(unit)s is outside the campaign's unit %(scope)s.")
            % {"unit": unit, "scope": campaign.unit},
        )


class CampaignForm(ScopedModelForm):
    unit_ref = UnitField(label=_("Unit"))

    class Meta:
        model = Campaign
        fields = ["title", "goal", "starts_on", "ends_on"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
        }

    field_order = ["unit_ref", "title", "goal", "starts_on", "ends_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = "innovation.change_campaign" if self.instance.pk else "innovation.add_campaign"
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, action)
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("A campaign cannot end before it starts."))
        return data

    def save(self, commit=True):
        self.instance.unit = self.cleaned_data["unit_ref"]
        return super().save(commit)


class ProblemForm(ScopedModelForm):
    """Posted from a phone: where, what is wrong, a photo; signed by the poster."""

    unit_ref = UnitField(label=_("Unit"))
    campaign = CampaignChoiceField(
        queryset=Campaign.objects.none(), required=False, label=_("Campaign")
    )
    cosigners = forms.CharField(
        label=_("Also signed by"),
        required=False,
        help_text=_("Employee numbers of others who sign it with you, separated by commas."),
    )
    photo = forms.FileField(
        label=_("Photo or file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
        help_text=uploads.HELP,
    )

    class Meta:
        model = Problem
        fields = ["title", "description", "category", "posted_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "posted_on": DATE_INPUT}

    field_order = ["campaign", "unit_ref", "title", "description", "category", "photo"]

    def __init__(self, *args, person=None, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        action = "innovation.change_problem" if self.instance.pk else "innovation.add_problem"
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, action)
        self.fields["campaign"].queryset = campaigns_for(self.user)
        self.visible_people = Person.objects.restrict(self.user, "view").filter(is_active=True)
        self.fields["posted_on"].required = False
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)
            self.initial.setdefault("campaign", self.instance.campaign_id)
            del self.fields["cosigners"]
            del self.fields["photo"]
        else:
            # While the title is typed, similar experiences of other plants are suggested.
            self.fields["title"].widget.template_name = "exchange/search_title_input.html"
            self.initial.setdefault("posted_on", datetime.date.today())
            if campaign is not None:
                self.initial.setdefault("campaign", campaign.pk)
            if person is not None:
                self.initial.setdefault("unit_ref", person.unit)

    def clean_posted_on(self):
        day = self.cleaned_data.get("posted_on") or datetime.date.today()
        return not_in_future(day, _("A problem cannot be posted in the future."))

    def clean_cosigners(self):
        return people_numbers(self.cleaned_data.get("cosigners", ""), self.visible_people)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            uploads.check(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not self.instance.pk and self.person is None and not data.get("cosigners"):
            self.add_error(
                "cosigners",
                _("A problem is signed: your account has no person, so name who signs it."),
            )
        check_campaign_covers(self, data.get("campaign"), data.get("unit_ref"))
        return data

    def save(self, commit=True):
        problem = self.instance
        problem.unit = self.cleaned_data["unit_ref"]
        problem.campaign = self.cleaned_data.get("campaign")
        is_new = problem.pk is None
        if is_new:
            problem.posted_by = self.user
        problem.save()
        if is_new:
            signers = [self.person] if self.person is not None else []
            problem.authors.set(signers + list(self.cleaned_data.get("cosigners") or []))
            if self.cleaned_data.get("photo"):
                attach(self.cleaned_data["photo"], problem=problem)
        return problem


class AttachmentForm(forms.Form):
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


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Problem.objects.none(), label=_("Merge into"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, problem, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Problem.objects.restrict(user, "change")
            .filter(campaign_id=problem.campaign_id)
            .exclude(pk=problem.pk)
            .exclude(status=ProblemStatus.MERGED)
            .order_by("-posted_on", "-pk")
        )


class KeyIssueForm(ScopedModelForm):
    """Rank one or more problems as a key issue and say how it is attacked and by whom."""

    unit_ref = UnitField(label=_("Unit"))
    owner_unit_ref = UnitField(label=_("Owned by unit"), required=False)
    campaign = CampaignChoiceField(
        queryset=Campaign.objects.none(), required=False, label=_("Campaign")
    )
    problem_ids = forms.CharField(
        label=_("From the problems"),
        required=False,
        help_text=_("Numbers of the problems it is ranked from, separated by commas."),
    )

    class Meta:
        model = KeyIssue
        fields = [
            "title",
            "description",
            "priority",
            "method",
            "owner_team",
            "due_on",
            "is_fortress",
            "ranked_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_on": DATE_INPUT,
            "ranked_on": DATE_INPUT,
        }

    field_order = ["campaign", "problem_ids", "unit_ref", "title", "description", "priority"]

    def __init__(self, *args, problems=(), campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        action = "innovation.change_keyissue" if self.instance.pk else "innovation.add_keyissue"
        units = Unit.objects.where_user_holds(self.user, action)
        self.fields["unit_ref"].queryset = units
        self.fields["owner_unit_ref"].queryset = Unit.objects.restrict(self.user, "view")
        self.fields["campaign"].queryset = campaigns_for(self.user)
        self.fields["owner_team"].queryset = ResearchTeam.objects.restrict(self.user, "view")
        self.fields["ranked_on"].required = False
        self.visible_problems = Problem.objects.restrict(self.user, "view")
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)
            self.initial.setdefault("owner_unit_ref", self.instance.owner_unit)
            self.initial.setdefault("campaign", self.instance.campaign_id)
            self.initial.setdefault(
                "problem_ids",
                ", ".join(str(pk) for pk in self.instance.problems.values_list("pk", flat=True)),
            )
        else:
            self.initial.setdefault("ranked_on", datetime.date.today())
            problems = list(problems)
            if problems:
                first = problems[0]
                self.initial.setdefault("problem_ids", ", ".join(str(p.pk) for p in problems))
                self.initial.setdefault("unit_ref", first.unit)
                # The new instance's own empty fields are in `initial` already.
                self.initial["title"] = first.title
                self.initial["description"] = first.description
                if first.campaign_id:
                    self.initial.setdefault("campaign", first.campaign_id)
            if campaign is not None:
                self.initial.setdefault("campaign", campaign.pk)

    def clean_problem_ids(self):
        text = self.cleaned_data.get("problem_ids") or ""
        parts = [part for part in text.replace(",", " ").replace("，", " ").split() if part]
        if any(not is_number(part) for part in parts):
            raise forms.ValidationError(_("Give the problems' numbers, e.g. 12, 15."))
        ids = [int(part) for part in dict.fromkeys(parts)]
        found = {p.pk: p for p in self.visible_problems.filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise forms.ValidationError(
                _("No problem numbered %(numbers)s among the problems you may see."),
                params={"numbers": ", ".join(missing)},
            )
        merged = [str(found[pk].pk) for pk in ids if found[pk].is_merged]
        if merged:
            raise forms.ValidationError(
                _("Problem(s) %(numbers)s were merged into others; rank those instead."),
                params={"numbers": ", ".join(merged)},
            )
        return [found[pk] for pk in ids]

    def clean_ranked_on(self):
        day = self.cleaned_data.get("ranked_on") or datetime.date.today()
        return not_in_future(day, _("A key issue cannot be ranked in the future."))

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if method == AttackMethod.COMMITTEE and data.get("owner_team"):
            self.add_error(
                "owner_team", _("A key issue the technical committee takes has no team owner.")
            )
        if method == AttackMethod.RESEARCH and not data.get("owner_team"):
            self.add_error(
                "owner_team", _("Name the team that carries out the technical research.")
            )
        if method in (AttackMethod.UNIT, AttackMethod.GROUP) and not data.get("owner_unit_ref"):
            self.add_error("owner_unit_ref", _("Name the office, workshop or group that owns it."))
        if method == AttackMethod.FORTRESS:
            data["is_fortress"] = True
        campaign, unit = data.get("campaign"), data.get("unit_ref")
        check_campaign_covers(self, campaign, unit)
        for problem in data.get("problem_ids") or []:
            if problem.campaign_id != (campaign.pk if campaign else None):
                self.add_error(
                    "problem_ids",
                    _("Problem %(number)s belongs to another campaign.") % {"number": problem.pk},
                )
                break
        if data.get("due_on") and data.get("ranked_on") and data["due_on"] < data["ranked_on"]:
            self.add_error("due_on", _("A key issue cannot be due before it is ranked."))
        return data

    def save(self, commit=True):
        from gexin.innovation import services

        key_issue = self.instance
        key_issue.unit = self.cleaned_data["unit_ref"]
        key_issue.owner_unit = self.cleaned_data.get("owner_unit_ref")
        key_issue.campaign = self.cleaned_data.get("campaign")
        key_issue.is_fortress = self.cleaned_data.get("is_fortress", False)
        if key_issue.method == AttackMethod.COMMITTEE:
            key_issue.owner_team = None
        key_issue.save()
        services.rank(key_issue, self.cleaned_data.get("problem_ids") or [])
        return key_issue


class SolveForm(forms.Form):
    solution = forms.CharField(
        label=_("How it was solved"), widget=forms.Textarea(attrs={"rows": 4})
    )
    solved_on = forms.DateField(label=_("Solved on"), widget=DATE_INPUT)


class VerifyForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Result of the check"),
        choices=(("1", _("the solution holds: verified")), ("0", _("it failed: reopen"))),
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What the check found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    checked_on = forms.DateField(label=_("Checked on"), widget=DATE_INPUT)


class ProposedSolutionForm(forms.Form):
    text = forms.CharField(
        label=_("Your proposed solution"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResearchTeamForm(ScopedModelForm):
    unit_ref = UnitField(label=_("Unit"))
    campaign = CampaignChoiceField(
        queryset=Campaign.objects.none(), required=False, label=_("Campaign")
    )
    leader_number = forms.CharField(
        label=_("Leader"), required=False, help_text=_("Employee number of the leader.")
    )
    member_numbers = forms.CharField(
        label=_("Members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Employee numbers of the members, separated by commas."),
    )

    class Meta:
        model = ResearchTeam
        fields = ["name", "kind", "formed_on", "note"]
        widgets = {"formed_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 2})}

    field_order = ["campaign", "unit_ref", "name", "kind", "leader_number", "member_numbers"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        action = (
            "innovation.change_researchteam" if self.instance.pk else "innovation.add_researchteam"
        )
        self.fields["unit_ref"].queryset = Unit.objects.where_user_holds(self.user, action)
        self.fields["campaign"].queryset = campaigns_for(self.user)
        self.visible_people = Person.objects.restrict(self.user, "view").filter(is_active=True)
        if self.instance.pk:
            self.initial.setdefault("unit_ref", self.instance.unit)
            self.initial.setdefault("campaign", self.instance.campaign_id)
            if self.instance.leader_id:
                self.initial.setdefault("leader_number", self.instance.leader.employee_number)
            self.initial.setdefault(
                "member_numbers",
                ", ".join(self.instance.members.values_list("employee_number", flat=True)),
            )

    def clean_leader_number(self):
        found = people_numbers(self.cleaned_data.get("leader_number") or "", self.visible_people)
        if len(found) > 1:
            raise forms.ValidationError(_("Name one leader."))
        return found[0] if found else None

    def clean_member_numbers(self):
        return people_numbers(self.cleaned_data.get("member_numbers") or "", self.visible_people)

    def clean(self):
        data = super().clean()
        check_campaign_covers(self, data.get("campaign"), data.get("unit_ref"))
        return data

    def save(self, commit=True):
        team = self.instance
        team.unit = self.cleaned_data["unit_ref"]
        team.campaign = self.cleaned_data.get("campaign")
        team.leader = self.cleaned_data.get("leader_number")
        team.save()
        members = list(self.cleaned_data.get("member_numbers") or [])
        if team.leader is not None and team.leader not in members:
            members.insert(0, team.leader)
        team.members.set(members)
        return team
