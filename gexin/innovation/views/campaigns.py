"""Pages of campaigns, the problem wall, key issues, technical fortresses and teams."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from gexin.core import uploads
from gexin.core import views as generic
from gexin.core.forms import ChangeReasonForm
from gexin.core.permissions import has_action_anywhere
from gexin.innovation import dashboard
from gexin.innovation.choices import (
    AttackMethod,
    KeyIssueStatus,
    ProblemCategory,
    ProblemStatus,
    TeamKind,
)
from gexin.innovation.filtersets import campaigns as filtersets
from gexin.innovation.forms import campaigns as forms
from gexin.innovation.models import (
    Attachment,
    Campaign,
    KeyIssue,
    Problem,
    ProblemComment,
    ProposedSolution,
    ResearchTeam,
)
from gexin.innovation.tables import campaigns as tables
from gexin.innovation.uploads import attach
from gexin.org.backends import own_person
from gexin.org.filtersets import is_number
from gexin.plans.fulfilment_views import chart_scripts

CAMPAIGN_QS = Campaign.objects.select_related("unit")
PROBLEM_QS = Problem.objects.select_related("unit", "campaign").annotate(
    support_count=Count("supporters", distinct=True)
)
KEY_ISSUE_QS = KeyIssue.objects.select_related("unit", "campaign", "owner_unit", "owner_team")
TEAM_QS = ResearchTeam.objects.select_related("unit", "leader", "campaign")


def live_detail(view, obj):
    """A detail page drawn afresh: it holds forms and per-person state (support)."""
    return render(
        view.request,
        "core/object_detail.html",
        {"object": obj, "opts": obj._meta, "body": view.draw_body(obj)},
    )


def person_or_refuse(user):
    person = own_person(user)
    if person is None:
        raise PermissionDenied(gettext("Your account is not linked to a person."))
    return person


# Campaigns.

BURNUP_SERIES = (
    ("problems", _("Problems found"), "#5f6368"),
    ("key_issues", _("Key issues"), "#1565c0"),
    ("solved", _("Solved"), "#b71c1c"),
    ("verified", _("Verified"), "#2e7d32"),
)


def burnup_chart(burnup):
    """The burn-up chart for gexin/js/charts.js, or None before the campaign starts."""
    if not burnup["days"]:
        return None
    days = [day.isoformat() for day in burnup["days"]]
    return {
        "locale": "ZH" if (get_language() or "").startswith("zh") else "EN",
        "kind": "quantity",
        "start": days[0],
        "end": days[-1],
        "decimals": 0,
        "unit": "",
        "series": [
            {
                "name": str(label),
                "style": "actual",
                "color": colour,
                "points": list(zip(days, burnup[key], strict=True)),
            }
            for key, label, colour in BURNUP_SERIES
        ],
    }


class CampaignListView(generic.ObjectListView):
    queryset = CAMPAIGN_QS
    filterset_class = filtersets.CampaignFilterSet
    table_class = tables.CampaignTable
    template_name = "innovation/campaign_list.html"
    carried_params = ("unit",)
    sort_fields = {
        "starts_on": ["starts_on", "pk"],
        "ends_on": ["ends_on", "pk"],
        "unit": ["unit__path", "-starts_on"],
    }
    default_sort = "-starts_on"


class CampaignDetailView(generic.ObjectDetailView):
    """The campaign dashboard: what was found, ranked, solved and verified, and by whom.

    The figures count the whole campaign, as it is reported to everyone taking part; the
    lists it links to hold only what the viewer may see.
    """

    queryset = CAMPAIGN_QS
    body_template = "innovation/_campaign_body.html"

    def extra_context(self, campaign):
        # A campaign that has ended is judged on its last day: what was overdue then.
        today = min(datetime.date.today(), campaign.ends_on)
        key_issues = KeyIssue.objects.restrict(self.request.user, "view").filter(campaign=campaign)
        overdue = [
            k for k in key_issues.select_related("unit", "owner_team") if k.is_overdue(today)
        ]
        summary = dashboard.summary(campaign, today=today)
        method_labels = dict(AttackMethod.choices)
        return {
            "chart": burnup_chart(dashboard.burnup(campaign)),
            "chart_id": f"campaign-burnup-{campaign.pk}",
            "chart_scripts": " ".join(chart_scripts()),
            "chart_script_urls": chart_scripts(),
            "summary": summary,
            "by_method": [
                (method_labels.get(method, method), figures)
                for method, figures in summary["by_method"].items()
            ],
            "overdue": overdue[:50],
            "can_add_problem": has_action_anywhere(self.request.user, Problem, "add"),
            "can_add_key_issue": has_action_anywhere(self.request.user, KeyIssue, "add"),
        }


class CampaignEditView(generic.ObjectEditView):
    queryset = CAMPAIGN_QS
    form_class = forms.CampaignForm


class CampaignDeleteView(generic.ObjectDeleteView):
    queryset = CAMPAIGN_QS
    success_url = "innovation:campaign_list"


class CampaignHistoryView(generic.ObjectHistoryView):
    queryset = CAMPAIGN_QS


# Problems: the poster wall.


class ProblemListView(generic.ObjectListView):
    queryset = PROBLEM_QS
    filterset_class = filtersets.ProblemFilterSet
    table_class = tables.ProblemTable
    template_name = "innovation/problem_list.html"
    select_filters = (
        ("category", _("Category"), ProblemCategory.choices),
        ("status", _("Status"), ProblemStatus.choices),
    )
    carried_params = ("unit", "campaign")
    sort_fields = {
        "id": ["pk"],
        "posted_on": ["posted_on", "pk"],
        "unit": ["unit__path", "-posted_on"],
        "status": ["status", "-posted_on"],
        "support_count": ["support_count", "pk"],
    }
    default_sort = "-posted_on"


class ProblemDetailView(generic.ObjectDetailView):
    queryset = PROBLEM_QS
    body_template = "innovation/_problem_body.html"

    def get(self, request, *args, **kwargs):
        return live_detail(self, self.get_object("view"))

    def extra_context(self, problem):
        user = self.request.user
        person = own_person(user)
        return {
            "authors": problem.authors.all(),
            "supporters": problem.supporters.all(),
            "is_supporter": person is not None and problem.supporters.filter(pk=person.pk).exists(),
            "person": person,
            "comments": problem.comments.select_related("author"),
            "attachments": problem.attachments.all(),
            "key_issues": problem.key_issues.restrict(user, "view"),
            "merges": problem.merges.select_related("duplicate", "merged_by"),
            "comment_form": forms.CommentForm(),
            "attachment_form": forms.AttachmentForm(),
            "can_comment": person is not None and self.can("view", problem),
            "can_attach": self.can("add", problem) or self.can("change", problem),
            "can_merge": not problem.is_merged and self.can("change", problem),
            "can_rank": not problem.is_merged and has_action_anywhere(user, KeyIssue, "add"),
            "can_change": not problem.is_merged and self.can("change", problem),
        }


class ProblemEditView(generic.ObjectEditView):
    queryset = PROBLEM_QS
    form_class = forms.ProblemForm

    def get_target(self):
        problem = super().get_target()
        if problem.pk and problem.is_merged:
            raise PermissionDenied(gettext("A merged problem cannot be edited."))
        return problem

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            return kwargs
        campaign = None
        campaign_id = self.request.GET.get("campaign") or ""
        if is_number(campaign_id):
            campaign = (
                Campaign.objects.restrict(self.request.user, "view").filter(pk=campaign_id).first()
            )
        return {**kwargs, "person": own_person(self.request.user), "campaign": campaign}

    def success_message(self, problem, created):
        if created:
            return gettext("Thank you. Problem no. %(number)s is posted on the wall.") % {
                "number": problem.pk
            }
        return super().success_message(problem, created)

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except uploads.DiskFull:
            # The problem was rolled back with its photo: the form is shown again as posted.
            problem = self.get_target()
            form = self.form_class(
                request.POST, request.FILES, instance=problem, **self.get_form_kwargs()
            )
            form.is_valid()
            form.add_error("photo", uploads.DiskFull.message)
            return self.render_form(problem, form, ChangeReasonForm(request.POST), status=507)


class ProblemDeleteView(generic.ObjectDeleteView):
    queryset = PROBLEM_QS
    success_url = "innovation:problem_list"


class ProblemHistoryView(generic.ObjectHistoryView):
    queryset = PROBLEM_QS


class ProblemActionView(generic.ScopedView):
    """A POST from the problem's page by anyone who may see it: support or comment."""

    queryset = PROBLEM_QS

    def get(self, request, pk):
        return HttpResponseRedirect(self.get_object("view").get_absolute_url())


class ProblemSupportView(ProblemActionView):
    def post(self, request, pk):
        problem = self.get_object("view")
        person = person_or_refuse(request.user)
        try:
            with transaction.atomic():
                now_supports = problem.toggle_support(person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                gettext("You support this problem.")
                if now_supports
                else gettext("You no longer support this problem."),
            )
        return HttpResponseRedirect(problem.get_absolute_url())


class ProblemCommentView(ProblemActionView):
    def post(self, request, pk):
        problem = self.get_object("view")
        person = person_or_refuse(request.user)
        form = forms.CommentForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Write the comment first."))
        elif problem.is_merged:
            messages.error(request, gettext("This problem was merged into another; comment there."))
        else:
            ProblemComment.objects.create(
                problem=problem, author=person, text=form.cleaned_data["text"]
            )
            messages.success(request, gettext("Your comment is posted."))
        return HttpResponseRedirect(problem.get_absolute_url() + "#comments")


class AttachView(generic.ScopedView):
    """Add a photo or file to a problem or key issue (those who may post or change it)."""

    template_name = "innovation/attachment_add.html"

    def target(self):
        obj = self.get_object("view")
        if not (self.can("add", obj) or self.can("change", obj)):
            raise PermissionDenied
        return obj

    def get(self, request, pk):
        obj = self.target()
        return self.show(obj, forms.AttachmentForm())

    def show(self, obj, form, status=200):
        return render(
            self.request, self.template_name, {"target": obj, "form": form}, status=status
        )

    def post(self, request, pk):
        obj = self.target()
        form = forms.AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                attach(
                    form.cleaned_data["file"],
                    caption=form.cleaned_data["caption"],
                    **{self.parent_field: obj},
                )
            except uploads.DiskFull:
                form.add_error("file", uploads.DiskFull.message)
                return self.show(obj, form, status=507)
            messages.success(request, gettext("The file is attached."))
            return HttpResponseRedirect(obj.get_absolute_url())
        return self.show(obj, form, status=400)


class ProblemAttachView(AttachView):
    queryset = PROBLEM_QS
    parent_field = "problem"


class KeyIssueAttachView(AttachView):
    queryset = KEY_ISSUE_QS
    parent_field = "key_issue"


class AttachmentDownloadView(generic.ScopedView):
    """Sends an attachment to whoever may see what it is attached to."""

    queryset = Attachment.objects.all()

    def get(self, request, pk):
        attachment = (
            Attachment.objects.filter(pk=pk if is_number(str(pk)) else None)
            .select_related("problem", "key_issue")
            .first()
        )
        if attachment is None:
            raise Http404
        parent = attachment.problem or attachment.key_issue
        model = type(parent)
        if not model.objects.restrict(request.user, "view").filter(pk=parent.pk).exists():
            raise Http404
        return uploads.serve(
            attachment.file,
            attachment.content_type,
            attachment.original_name,
            inline=request.GET.get("download") != "1",
        )


class AttachmentDeleteView(generic.ObjectDeleteView):
    queryset = Attachment.objects.select_related("problem", "key_issue")

    def get_success_url(self):
        return reverse("innovation:problem_list")

    def delete_object(self, obj):
        self.parent_url = (obj.problem or obj.key_issue).get_absolute_url()
        name = obj.file.name
        storage = obj.file.storage
        obj.delete()
        transaction.on_commit(lambda: storage.delete(name))

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302 and getattr(self, "parent_url", None):
            return HttpResponseRedirect(self.parent_url)
        return response


class ProblemMergeView(generic.ScopedView):
    """Merge a duplicate into another problem of the same campaign."""

    queryset = PROBLEM_QS
    template_name = "innovation/problem_merge.html"

    def get_problem(self):
        problem = self.get_object("change")
        if problem.is_merged:
            raise PermissionDenied(gettext("This problem has already been merged into another."))
        return problem

    def show(self, problem, form, status=200):
        return render(
            self.request, self.template_name, {"problem": problem, "form": form}, status=status
        )

    def get(self, request, pk):
        problem = self.get_problem()
        return self.show(problem, forms.MergeForm(problem=problem, user=request.user))

    def post(self, request, pk):
        problem = self.get_problem()
        form = forms.MergeForm(request.POST, problem=problem, user=request.user)
        if form.is_valid():
            target = form.cleaned_data["into"]
            try:
                with transaction.atomic():
                    problem.merge_into(target, request.user, form.cleaned_data["note"])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    gettext("Problem no. %(duplicate)s is merged into no. %(into)s.")
                    % {"duplicate": problem.pk, "into": target.pk},
                )
                return HttpResponseRedirect(target.get_absolute_url())
        return self.show(problem, form, status=400)


# Key issues and technical fortresses.


class KeyIssueListView(generic.ObjectListView):
    queryset = KEY_ISSUE_QS
    filterset_class = filtersets.KeyIssueFilterSet
    table_class = tables.KeyIssueTable
    template_name = "innovation/keyissue_list.html"
    select_filters = (
        ("status", _("Status"), KeyIssueStatus.choices),
        ("method", _("Method"), AttackMethod.choices),
        ("is_overdue", _("Overdue"), (("true", _("overdue only")),)),
    )
    carried_params = ("unit", "campaign", "team")
    sort_fields = {
        "priority": ["priority", "due_on", "pk"],
        "due_on": ["due_on", "pk"],
        "unit": ["unit__path", "priority"],
        "status": ["status", "priority"],
    }
    default_sort = "priority"


class KeyIssueDetailView(generic.ObjectDetailView):
    queryset = KEY_ISSUE_QS
    body_template = "innovation/_keyissue_body.html"

    def get(self, request, *args, **kwargs):
        return live_detail(self, self.get_object("view"))

    def extra_context(self, key_issue):
        user = self.request.user
        may_change = self.can("change", key_issue)
        person = own_person(user)
        related = {}
        for name in ("trials", "revisions"):
            manager = getattr(key_issue, name, None)
            if manager is not None:
                related[name] = manager.restrict(user, "view")
        return {
            "problems": key_issue.problems.restrict(user, "view"),
            "proposals": key_issue.proposals.restrict(user, "view"),
            "attachments": key_issue.attachments.all(),
            "solutions": key_issue.proposed_solutions.select_related("author"),
            "solution_form": forms.ProposedSolutionForm(),
            "can_propose": key_issue.is_fortress and not key_issue.is_solved and person is not None,
            "can_change": may_change,
            "can_attach": may_change,
            "can_attack": may_change and key_issue.allows(KeyIssueStatus.UNDER_ATTACK),
            "can_solve": may_change and key_issue.allows(KeyIssueStatus.SOLVED),
            "can_verify": may_change and key_issue.allows(KeyIssueStatus.VERIFIED),
            "is_overdue": key_issue.is_overdue(),
            **related,
        }


class KeyIssueEditView(generic.ObjectEditView):
    queryset = KEY_ISSUE_QS
    form_class = forms.KeyIssueForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            return kwargs
        ids = [part for part in self.request.GET.get("problems", "").split(",") if is_number(part)]
        problems = Problem.objects.restrict(self.request.user, "view").filter(pk__in=ids)
        campaign = None
        campaign_id = self.request.GET.get("campaign") or ""
        if is_number(campaign_id):
            campaign = (
                Campaign.objects.restrict(self.request.user, "view").filter(pk=campaign_id).first()
            )
        return {**kwargs, "problems": problems, "campaign": campaign}


class KeyIssueDeleteView(generic.ObjectDeleteView):
    queryset = KEY_ISSUE_QS
    success_url = "innovation:keyissue_list"


class KeyIssueHistoryView(generic.ObjectHistoryView):
    queryset = KEY_ISSUE_QS


class KeyIssueStepView(generic.ScopedView):
    """Move a key issue on: attack, solve, verify (or reopen). The model checks the move."""

    queryset = KEY_ISSUE_QS
    template_name = "innovation/keyissue_step.html"
    form_class = None
    title = ""

    def make_form(self, key_issue, data=None):
        return self.form_class(
            data, initial={"solved_on": datetime.date.today(), "checked_on": datetime.date.today()}
        )

    def show(self, key_issue, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"key_issue": key_issue, "form": form, "title": self.title},
            status=status,
        )

    def get(self, request, pk):
        key_issue = self.get_object("change")
        return self.show(key_issue, self.make_form(key_issue))

    def post(self, request, pk):
        key_issue = self.get_object("change")
        form = self.make_form(key_issue, request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    self.step(key_issue, form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    gettext("%(key_issue)s is now: %(status)s.")
                    % {"key_issue": key_issue, "status": key_issue.status_label},
                )
                return HttpResponseRedirect(key_issue.get_absolute_url())
        return self.show(key_issue, form, status=400)


class KeyIssueAttackView(KeyIssueStepView):
    template_name = "innovation/keyissue_step.html"
    title = _("Start the attack")

    def make_form(self, key_issue, data=None):
        from django import forms as django_forms

        return django_forms.Form(data)

    def step(self, key_issue, data):
        key_issue.start_attack()


class KeyIssueSolveView(KeyIssueStepView):
    form_class = forms.SolveForm
    title = _("Record the solution")

    def step(self, key_issue, data):
        key_issue.solve(data["solution"], data["solved_on"])


class KeyIssueVerifyView(KeyIssueStepView):
    form_class = forms.VerifyForm
    title = _("Verify the solution")

    def step(self, key_issue, data):
        key_issue.verify(data["passed"], data["note"], data["checked_on"])


class ProposedSolutionAddView(generic.ScopedView):
    """Anyone who can see a technical fortress posts a solution to it, signed."""

    queryset = KEY_ISSUE_QS

    def get(self, request, pk):
        return HttpResponseRedirect(self.get_object("view").get_absolute_url())

    def post(self, request, pk):
        key_issue = self.get_object("view")
        person = person_or_refuse(request.user)
        if not key_issue.is_fortress or key_issue.is_solved:
            raise PermissionDenied(gettext("Solutions are posted to open technical fortresses."))
        form = forms.ProposedSolutionForm(request.POST)
        if form.is_valid():
            ProposedSolution.objects.create(
                key_issue=key_issue, author=person, text=form.cleaned_data["text"]
            )
            messages.success(request, gettext("Your solution is posted on the fortress."))
        else:
            messages.error(request, gettext("Write the solution first."))
        return HttpResponseRedirect(key_issue.get_absolute_url() + "#solutions")


class FortressBoardView(generic.ScopedView):
    """The public board of technical fortresses: pictures, text and everyone's solutions."""

    queryset = KEY_ISSUE_QS
    template_name = "innovation/fortress_board.html"

    def fortresses(self):
        self.require_anywhere("view")
        queryset = (
            self.restricted("view")
            .filter(is_fortress=True)
            .prefetch_related("attachments", "proposed_solutions__author")
            .order_by("status", "priority", "due_on", "pk")
        )
        campaign = self.request.GET.get("campaign", "")
        if is_number(campaign):
            queryset = queryset.filter(campaign_id=campaign)
        if self.request.GET.get("open") == "1":
            queryset = queryset.exclude(status__in=(KeyIssueStatus.SOLVED, KeyIssueStatus.VERIFIED))
        return queryset

    def get(self, request):
        from django.core.paginator import Paginator

        page = Paginator(self.fortresses(), 20).get_page(request.GET.get("page"))
        return render(
            request,
            self.template_name,
            {
                "page": page,
                "fortresses": page.object_list,
                "campaign": request.GET.get("campaign", ""),
                "open_only": request.GET.get("open") == "1",
                "has_person": own_person(request.user) is not None,
            },
        )


class FortressPosterView(generic.ScopedView):
    """One technical fortress as an A4 poster (PDF) to put up on the wall."""

    queryset = KEY_ISSUE_QS

    def get(self, request, pk):
        from gexin.innovation.printing import fortress_poster
        from gexin.meetings.views import pdf_response

        key_issue = self.get_object("view")
        if not key_issue.is_fortress:
            raise Http404
        return pdf_response(fortress_poster(key_issue), f"fortress-{key_issue.pk}.pdf")


# Research teams.


class ResearchTeamListView(generic.ObjectListView):
    queryset = filtersets.with_counts(TEAM_QS)
    filterset_class = filtersets.ResearchTeamFilterSet
    table_class = tables.ResearchTeamTable
    template_name = "innovation/researchteam_list.html"
    select_filters = (("kind", _("Kind"), TeamKind.choices),)
    carried_params = ("unit", "campaign")
    sort_fields = {
        "name": ["name", "pk"],
        "unit": ["unit__path", "name"],
        "taken": ["taken", "name"],
        "solved": ["solved", "name"],
    }
    default_sort = "unit"


class ResearchTeamDetailView(generic.ObjectDetailView):
    queryset = filtersets.with_counts(TEAM_QS)
    body_template = "innovation/_researchteam_body.html"

    def extra_context(self, team):
        return {
            "members": team.members.all(),
            "key_issues": team.key_issues.restrict(self.request.user, "view").select_related(
                "unit"
            ),
        }


class ResearchTeamEditView(generic.ObjectEditView):
    queryset = TEAM_QS
    form_class = forms.ResearchTeamForm


class ResearchTeamDeleteView(generic.ObjectDeleteView):
    queryset = TEAM_QS
    success_url = "innovation:researchteam_list"


class ResearchTeamHistoryView(generic.ObjectHistoryView):
    queryset = TEAM_QS
