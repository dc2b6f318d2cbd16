"""Pages of awards (approved by a second person), one-helps-one pairings, help cases for
the workers who keep missing their quota, advanced producers suggested from the records,
and the handovers watched by the departmentalism guard."""

import datetime

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.competitions import guard, laggards
from gexin.competitions.choices import (
    AwardKind,
    AwardStatus,
    HelpCause,
    HelpReason,
    ProducerStatus,
)
from gexin.competitions.filtersets import help as filtersets
from gexin.competitions.forms import help as forms
from gexin.competitions.models import (
    AdvancedProducer,
    Award,
    Competition,
    Evaluation,
    Handover,
    HelpCase,
    HelpReview,
    Pairing,
)
from gexin.competitions.tables import help as tables
from gexin.core import audit, versioning
from gexin.core import views as generic
from gexin.core.permissions import is_path_in_scope
from gexin.org.backends import own_person
from gexin.org.filtersets import is_number
from gexin.org.models import Person
from gexin.org.privacy import HIDDEN, may_view_health

AWARD_QS = Award.objects.select_related(
    "evaluation__competition__unit",
    "participant__person",
    "participant__unit",
    "proposed_by",
    "decided_by",
)
PAIRING_QS = Pairing.objects.select_related(
    "competition__unit", "advanced__person", "advanced__unit", "laggard__person", "laggard__unit"
)
HELPCASE_QS = HelpCase.objects.select_related("person__unit", "competition")
PRODUCER_QS = AdvancedProducer.objects.select_related(
    "person__unit", "competition", "meeting__unit"
)
HANDOVER_QS = Handover.objects.select_related(
    "competition__unit", "giver__person", "giver__unit", "taker__person", "taker__unit", "metric"
)


def link_of(obj):
    """The page of a related object, or None while it has none (or no object)."""
    if obj is None:
        return None
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return None


def refuse(request, error, target):
    messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(target)


def chosen(view, model, name, action="view"):
    """The object named by ?name= (or the POST field) among those the user may `action`;
    None when none is named, 404 when it is not there."""
    value = view.request.GET.get(name) or view.request.POST.get(name)
    if not value:
        return None
    if not is_number(str(value)):
        raise Http404
    found = model.objects.restrict(view.request.user, action).filter(pk=value).first()
    if found is None:
        raise Http404
    return found


class PerUserDetailView(generic.ObjectDetailView):
    """A detail page whose body depends on who looks (who proposed, who may decide): its
    cached body is kept per user, not only per scope."""

    def get(self, request, *args, **kwargs):
        obj = self.get_object("view")
        body = versioning.cached_fragment(
            request,
            f"detail:{self.model._meta.label_lower}:{self.body_template}",
            (obj.pk, request.user.pk),
            lambda: self.draw_body(obj),
        )
        return render(
            request,
            self.template_name,
            {"object": obj, "opts": self.model._meta, "body": mark_safe(body)},
        )


# Awards


class AwardListView(generic.ObjectListView):
    queryset = AWARD_QS
    filterset_class = filtersets.AwardFilterSet
    table_class = tables.AwardTable
    template_name = "competitions/help_award_list.html"
    select_filters = (
        ("status", _("Status"), AwardStatus.choices),
        ("kind", _("Kind"), AwardKind.choices),
    )
    carried_params = ("competition", "evaluation", "participant", "unit")
    sort_fields = {
        "title": ["title", "pk"],
        "status": ["status", "-pk"],
        "decided_at": ["decided_at", "pk"],
        "period": ["evaluation__period_start", "pk"],
    }
    default_sort = "-period"


class AwardDetailView(PerUserDetailView):
    """An award: what, to whom, for which evaluation; approved by a second person."""

    queryset = AWARD_QS
    body_template = "competitions/_help_award_body.html"

    def extra_context(self, award):
        user = self.request.user
        holds_approval = is_path_in_scope(user, Award, "approve", award.scope_path())
        return {
            "evaluation_url": link_of(award.evaluation),
            "participant_url": link_of(award.participant),
            "competition_url": link_of(award.evaluation.competition),
            "can_change": self.can("change", award) and not award.is_decided,
            "can_delete": self.can("delete", award) and not award.is_decided,
            "can_decide": award.may_decide(user),
            "is_own_proposal": holds_approval
            and not award.is_decided
            and award.proposed_by_id == user.pk,
        }


class AwardEditView(generic.ObjectEditView):
    """Propose an award for an evaluation (?evaluation=), or change one not yet decided."""

    queryset = AWARD_QS
    form_class = forms.AwardForm

    def get_target(self):
        award = super().get_target()
        if award.pk and award.is_decided:
            try:
                award.check_undecided()
            except ValidationError as error:
                raise PermissionDenied(" ".join(error.messages)) from None
        return award

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            kwargs["evaluation"] = self.get_object("change").evaluation
        else:
            evaluation = chosen(self, Evaluation, "evaluation")
            if evaluation is not None and not is_path_in_scope(
                self.request.user, Award, "add", evaluation.competition.unit.path
            ):
                raise PermissionDenied
            kwargs["evaluation"] = evaluation
        return kwargs

    def success_message(self, award, created):
        if created:
            return gettext(
                "The award is proposed. It counts once a second member of the committee "
                "approves it."
            )
        return super().success_message(award, created)


class AwardDeleteView(generic.ObjectDeleteView):
    queryset = AWARD_QS
    success_url = "competitions:award_list"

    def get_object(self, action="view"):
        award = super().get_object(action)
        if action == "delete" and award.is_decided:
            raise PermissionDenied(gettext("A decided award stays on record."))
        return award


class AwardHistoryView(generic.ObjectHistoryView):
    queryset = Award.objects.all()


class AwardDecisionView(generic.ScopedView):
    """Approve or reject a proposed award; never by the person who proposed it."""

    queryset = AWARD_QS
    template_name = "competitions/help_award_decide.html"
    approving = True

    def get_award(self):
        award = self.get_object("view")
        if not is_path_in_scope(self.request.user, Award, "approve", award.scope_path()):
            raise PermissionDenied
        return award

    def show(self, award, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "award": award,
                "form": form,
                "approving": self.approving,
                "evaluation_url": link_of(award.evaluation),
            },
            status=status,
        )

    def get(self, request, pk):
        award = self.get_award()
        try:
            award._check_decision(request.user)
        except ValidationError as error:
            return refuse(request, error, award.get_absolute_url())
        return self.show(award, forms.DecisionForm(required=not self.approving))

    def post(self, request, pk):
        award = self.get_award()
        form = forms.DecisionForm(request.POST, required=not self.approving)
        if not form.is_valid():
            return self.show(award, form, status=400)
        try:
            with transaction.atomic():
                if self.approving:
                    award.approve(request.user, form.cleaned_data["note"])
                else:
                    award.reject(request.user, form.cleaned_data["note"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.show(award, form, status=400)
        if self.approving:
            messages.success(request, gettext("The award is approved and counts."))
        else:
            messages.success(request, gettext("The award is rejected."))
        return HttpResponseRedirect(award.get_absolute_url())


class AwardApproveView(AwardDecisionView):
    approving = True


class AwardRejectView(AwardDecisionView):
    approving = False


# Pairings


def participant_link(participant):
    return {"participant": participant, "url": link_of(participant)}


class PairingListView(generic.ObjectListView):
    queryset = PAIRING_QS
    filterset_class = filtersets.PairingFilterSet
    table_class = tables.PairingTable
    template_name = "competitions/help_pairing_list.html"
    select_filters = (("is_open", _("Still paired"), (("true", _("yes")), ("false", _("no")))),)
    carried_params = ("competition", "participant", "unit")
    sort_fields = {"since": ["since", "pk"], "ended_on": ["ended_on", "pk"]}
    default_sort = "-since"
    # Exports of pairings are granted to no role.
    exportable = False


class PairingDetailView(generic.ObjectDetailView):
    """The pair, its goal, and the laggard's progress since the pairing."""

    queryset = PAIRING_QS
    body_template = "competitions/_help_pairing_body.html"

    def extra_context(self, pairing):
        return {
            "progress": pairing.progress(),
            "advanced": participant_link(pairing.advanced),
            "laggard": participant_link(pairing.laggard),
            "competition_url": link_of(pairing.competition),
        }


class CompetitionChoiceMixin:
    """Pairings and handovers are made for a competition: named by ?competition= (or the
    form's own choice when none is named), never moved to another one."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            kwargs["competition"] = self.get_object("change").competition
            return kwargs
        competition = chosen(self, Competition, "competition")
        if competition is None:
            raise NoCompetition
        if not is_path_in_scope(self.request.user, self.model, "add", competition.unit.path):
            raise PermissionDenied
        kwargs["competition"] = competition
        return kwargs

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except NoCompetition:
            return self.choose_competition()

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except NoCompetition:
            return self.choose_competition()

    def choose_competition(self):
        """The competitions the user may add to, to pick one first."""
        self.require_anywhere("add")
        paths_allowed = [
            competition
            for competition in Competition.objects.restrict(self.request.user, "view")
            .select_related("unit")
            .order_by("-starts_on")[:200]
            if is_path_in_scope(self.request.user, self.model, "add", competition.unit.path)
        ]
        return render(
            self.request,
            "competitions/help_choose_competition.html",
            {
                "opts": self.model._meta,
                "competitions": paths_allowed,
                "add_url": self.request.path,
            },
        )


class NoCompetition(Exception):
    pass


class PairingEditView(CompetitionChoiceMixin, generic.ObjectEditView):
    queryset = PAIRING_QS
    form_class = forms.PairingForm

    def initial_for_create(self):
        initial = {"since": datetime.date.today()}
        for name in ("advanced", "laggard"):
            value = self.request.GET.get(name, "")
            if is_number(value):
                initial[name] = int(value)
        return initial


class PairingDeleteView(generic.ObjectDeleteView):
    queryset = PAIRING_QS
    success_url = "competitions:pairing_list"


class PairingHistoryView(generic.ObjectHistoryView):
    queryset = Pairing.objects.all()


# Help cases


class HelpCaseListView(generic.ObjectListView):
    queryset = HELPCASE_QS
    filterset_class = filtersets.HelpCaseFilterSet
    table_class = tables.HelpCaseTable
    template_name = "competitions/help_helpcase_list.html"
    select_filters = (
        ("is_open", _("Still open"), (("true", _("open")), ("false", _("resolved")))),
        ("reason", _("Why helped"), HelpReason.choices),
        ("cause", _("Cause"), HelpCause.choices),
    )
    carried_params = ("competition", "person", "unit")
    sort_fields = {
        "person": ["person__name", "pk"],
        "reason": ["reason", "pk"],
        "cause": ["cause", "pk"],
        "opened_on": ["opened_on", "pk"],
        "resolved_on": ["resolved_on", "pk"],
    }
    default_sort = "-opened_on"

    def get_base_queryset(self):
        # The notes of a health case read as private to those who may not see them.
        return super().get_base_queryset().with_privacy(self.request.user)


def review_rows(case, user):
    """The case's reviews, oldest first, with what the user may read of their notes."""
    case.reveal_for(user)
    reviews = list(case.reviews.select_related("meeting__unit").order_by("meeting__scheduled_at"))
    for review in reviews:
        review.help_case = case
    return reviews


class HelpCaseDetailView(generic.ObjectDetailView):
    """The case: why the worker is helped, the cause and the help, the pledge period by
    period, and the weekly meetings' reviews with a form for the next one."""

    queryset = HELPCASE_QS
    body_template = "competitions/_help_helpcase_body.html"

    def get(self, request, *args, **kwargs):
        case = self.get_object("view")
        # Whether the case is due for review depends on the day as well as on the data.
        body = versioning.cached_fragment(
            request,
            f"detail:competitions.helpcase:{self.body_template}",
            (case.pk, datetime.date.today().isoformat()),
            lambda: self.draw_body(case),
        )
        return render(
            request,
            self.template_name,
            {"object": case, "opts": HelpCase._meta, "body": mark_safe(body)},
        )

    def extra_context(self, case):
        user = self.request.user
        today = datetime.date.today()
        found = laggards.pledged_periods([case.person_id], as_of=today)
        may_review = case.is_open and is_path_in_scope(
            user, HelpReview, "add", case.person.unit_path
        )
        return {
            "periods": found.get(case.person_id, [])[: laggards.OF_LAST * 2],
            "competition_url": link_of(case.competition),
            "reviews": review_rows(case, user),
            "review_state": laggards.review_states([case], as_of=today)[case.pk],
            "review_form": forms.HelpReviewForm(user=user, case=case) if may_review else None,
            "hidden_text": HIDDEN,
        }


class HelpCaseReviewView(generic.ScopedView):
    """Record the weekly meeting's review of a case (from the case page, or from the
    meeting's page with ?meeting=); a review that resolves the case closes it."""

    queryset = HELPCASE_QS
    template_name = "competitions/help_helpcase_review.html"

    def get_case(self):
        case = self.get_object("view")
        if not is_path_in_scope(self.request.user, HelpReview, "add", case.person.unit_path):
            raise PermissionDenied
        return case

    def show(self, case, form, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "case": case.reveal_for(self.request.user),
                "form": form,
                "reviews": review_rows(case, self.request.user),
                "hidden_text": HIDDEN,
            },
            status=status,
        )

    def get(self, request, pk):
        case = self.get_case()
        if not case.is_open:
            messages.info(request, gettext("This case is resolved: it takes no more reviews."))
            return HttpResponseRedirect(case.get_absolute_url())
        initial = {}
        meeting = request.GET.get("meeting", "")
        if is_number(meeting):
            initial["meeting"] = int(meeting)
        return self.show(case, forms.HelpReviewForm(initial=initial, user=request.user, case=case))

    def post(self, request, pk):
        case = self.get_case()
        form = forms.HelpReviewForm(request.POST, user=request.user, case=case)
        if not form.is_valid():
            return self.show(case, form, status=400)
        try:
            review = form.save()
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, found in errors.items():
                for message in found:
                    form.add_error(field if field in form.fields else None, message)
            return self.show(case, form, status=400)
        if review.is_resolving:
            messages.success(
                request,
                gettext("Reviewed at the meeting of %(day)s: the case is resolved.")
                % {"day": review.meeting.day.isoformat()},
            )
        else:
            messages.success(
                request,
                gettext("Reviewed at the meeting of %(day)s: the help continues.")
                % {"day": review.meeting.day.isoformat()},
            )
        return HttpResponseRedirect(self.return_url(case.get_absolute_url()))


class HelpCaseEditView(generic.ObjectEditView):
    queryset = HELPCASE_QS
    form_class = forms.HelpCaseForm

    def initial_for_create(self):
        initial = {"opened_on": datetime.date.today()}
        person = self.request.GET.get("person", "").strip()
        if person:
            initial["person_ref"] = person
        competition = self.request.GET.get("competition", "")
        if is_number(competition):
            initial["competition"] = int(competition)
        missed = self.request.GET.get("periods_missed", "")
        if is_number(missed):
            initial["periods_missed"] = int(missed)
        reason = self.request.GET.get("reason", "")
        if reason in HelpReason.values:
            initial["help_reason"] = reason
        return initial


class HelpCaseDeleteView(generic.ObjectDeleteView):
    queryset = HELPCASE_QS
    success_url = "competitions:helpcase_list"


class HelpCaseHistoryView(generic.ObjectHistoryView):
    """The case's history; the private notes of a case whose cause is (or was) health
    read as private in it to those who may not see them."""

    queryset = HELPCASE_QS

    def get(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from gexin.core.models import ChangeRecord

        case = self.get_object("view")
        records = ChangeRecord.for_object(case)
        if request.htmx:
            history = list(records[: self.fragment_limit + 1])
            context = {
                "history": history[: self.fragment_limit],
                "has_more": len(history) > self.fragment_limit,
                "history_url": request.path,
            }
            template = self.fragment_template
        else:
            page = Paginator(records, 50).get_page(request.GET.get("page"))
            history = list(page.object_list)
            context = {"opts": HelpCase._meta, "page": page, "history": history}
            context["query_string"] = ""
            template = self.template_name
        if self.hides_notes(case, records):
            redact(history)
        context["object"] = case
        return render(request, template, context)

    def hides_notes(self, case, records):
        """True when the user may not read the person's health details and the case's
        cause is health, or was at some point of its history."""
        if may_view_health(self.request.user, case.person.unit_path):
            return False
        return case.is_private or any(
            HelpCause.HEALTH in (changes.get("cause") or ())
            for changes in records.values_list("changes", flat=True)
        )


def redact(records):
    """Replace the private notes in the records' changes by HIDDEN (in memory only)."""
    hidden = str(HIDDEN)
    for record in records:
        for name in HelpCase.private_fields:
            if name in record.changes:
                old, new = record.changes[name]
                record.changes[name] = [
                    hidden if old not in (None, "") else old,
                    hidden if new not in (None, "") else new,
                ]


class MeetingHelpPanelView(generic.ScopedView):
    """A weekly meeting's card of the help cases open on its day among the people of its
    unit, so that the meeting reviews each: reviewed here, or the last review before."""

    queryset = HELPCASE_QS
    template_name = "competitions/_help_meeting_panel.html"

    def get(self, request, pk):
        from gexin.core.permissions import under
        from gexin.meetings.models import Meeting

        meeting = (
            Meeting.objects.restrict(request.user, "view")
            .select_related("unit")
            .filter(pk=pk)
            .first()
        )
        if meeting is None:
            raise Http404
        self.require_anywhere("view")
        day = meeting.day
        cases = list(
            self.restricted("view")
            .filter(under("person__unit_path", meeting.unit.path))
            .filter(opened_on__lte=day)
            .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gte=day))
            .with_privacy(request.user)
            .order_by("person__unit_path", "person__name", "pk")
        )
        here = {
            review.help_case_id: review
            for review in HelpReview.objects.filter(meeting=meeting, help_case__in=cases)
        }
        states = laggards.review_states(cases, as_of=day - datetime.timedelta(days=1))
        for case in cases:
            case.review_here = here.get(case.pk)
            if case.review_here is not None:
                case.review_here.help_case = case
            case.state = states.get(case.pk)
            case.can_review = (
                case.review_here is None
                and case.is_open
                and is_path_in_scope(request.user, HelpReview, "add", case.person.unit_path)
            )
        return render(
            request,
            self.template_name,
            {
                "meeting": meeting,
                "cases": cases,
                "reviewed_count": len(here),
                "can_add_case": is_path_in_scope(request.user, HelpCase, "add", meeting.unit.path),
            },
        )


def people_scope(user, perm):
    return Person.objects.where_user_holds(user, perm).select_related("unit")


class QuotaMissView(generic.ScopedView):
    """The workers who missed their pledge in N or more of their last periods, each with
    the periods missed; those with an open help case are marked, the others can have
    one opened from here."""

    queryset = HELPCASE_QS
    template_name = "competitions/help_quota_misses.html"

    def get(self, request):
        self.require_anywhere("view")
        data = request.GET.copy()
        competition, unit = None, None
        if not data.get("competition") and not data.get("unit"):
            person = own_person(request.user)
            if person is not None:
                data["unit"] = person.unit.code
        data.setdefault("at_least", str(laggards.MISSED_AT_LEAST))
        data.setdefault("of_last", str(laggards.OF_LAST))
        form = forms.QuotaSearchForm(data, user=request.user)
        rows = None
        if form.is_valid() and (form.cleaned_data["competition"] or form.cleaned_data["unit"]):
            competition = form.cleaned_data["competition"]
            unit = form.cleaned_data["unit"]
            people = laggards.people_of(
                competition=competition,
                unit=unit,
                queryset=people_scope(request.user, "competitions.view_helpcase"),
            )
            within = (competition.starts_on, competition.ends_on) if competition else None
            rows = laggards.quota_misses(
                people,
                as_of=form.cleaned_data["as_of"] or datetime.date.today(),
                at_least=form.cleaned_data["at_least"],
                of_last=form.cleaned_data["of_last"],
                within=within,
            )
            for row in rows:
                row.can_open = is_path_in_scope(request.user, HelpCase, "add", row.person.unit_path)
                if row.open_case is not None:
                    row.open_case.person = row.person
                    row.open_case.reveal_for(request.user)
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "rows": rows,
                "competition": competition,
                "unit": unit,
                "opts": HelpCase._meta,
            },
        )


# Advanced producers


class AdvancedProducerListView(generic.ObjectListView):
    queryset = PRODUCER_QS
    filterset_class = filtersets.AdvancedProducerFilterSet
    table_class = tables.AdvancedProducerTable
    template_name = "competitions/help_advancedproducer_list.html"
    select_filters = (("status", _("Status"), ProducerStatus.choices),)
    carried_params = ("competition", "person", "unit")
    sort_fields = {
        "person": ["person__name", "pk"],
        "status": ["status", "-pk"],
        "decided_on": ["decided_on", "pk"],
    }
    default_sort = "-decided_on"
    # Exports of advanced producers are granted to no role.
    exportable = False


class AdvancedProducerDetailView(generic.ObjectDetailView):
    queryset = PRODUCER_QS
    body_template = "competitions/_help_advancedproducer_body.html"

    def extra_context(self, producer):
        can_change = self.can("change", producer)
        return {
            "can_decide": can_change and not producer.is_decided,
            "can_delete": self.can("delete", producer) and not producer.is_decided,
            "competition_url": link_of(producer.competition),
            "meeting_url": link_of(producer.meeting),
        }


class AdvancedProducerEditView(generic.ObjectEditView):
    queryset = PRODUCER_QS
    form_class = forms.AdvancedProducerForm

    def initial_for_create(self):
        person = self.request.GET.get("person", "").strip()
        return {"person_ref": person} if person else {}


class AdvancedProducerDeleteView(generic.ObjectDeleteView):
    queryset = PRODUCER_QS
    success_url = "competitions:advancedproducer_list"

    def get_object(self, action="view"):
        producer = super().get_object(action)
        if action == "delete" and producer.is_decided:
            raise PermissionDenied(
                gettext("A meeting decided on this producer: it stays on record.")
            )
        return producer


class AdvancedProducerHistoryView(generic.ObjectHistoryView):
    queryset = AdvancedProducer.objects.all()


class ProducerCandidatesView(generic.ScopedView):
    """People whose records show N consecutive over-fulfilled pledges with no scrap; POST
    puts one forward as a suggested advanced producer with the evidence written out."""

    queryset = PRODUCER_QS
    template_name = "competitions/help_producer_candidates.html"

    def scope_people(self):
        return people_scope(self.request.user, "competitions.view_advancedproducer")

    def unit(self):
        from gexin.org.filtersets import find_unit
        from gexin.org.models import Unit

        code = self.request.GET.get("unit", "") or self.request.POST.get("unit", "")
        if code:
            unit = find_unit(code, Unit.objects.restrict(self.request.user, "view"))
            if unit is None:
                raise Http404
            return unit
        person = own_person(self.request.user)
        return person.unit if person is not None else None

    def periods(self):
        value = self.request.GET.get("periods") or self.request.POST.get("periods") or ""
        if is_number(value) and 1 <= int(value) <= 24:
            return int(value)
        return laggards.CONSECUTIVE

    def candidates(self, unit, periods):
        if unit is None:
            return []
        people = laggards.people_of(unit=unit, queryset=self.scope_people())
        rows = laggards.producer_candidates(people, periods=periods)
        for row in rows:
            row.can_suggest = not laggards.is_pending(row.existing) and is_path_in_scope(
                self.request.user, AdvancedProducer, "add", row.person.unit_path
            )
        return rows

    def get(self, request):
        self.require_anywhere("view")
        unit, periods = self.unit(), self.periods()
        return render(
            request,
            self.template_name,
            {
                "unit": unit,
                "periods": periods,
                "rows": self.candidates(unit, periods),
                "opts": AdvancedProducer._meta,
            },
        )

    def post(self, request):
        self.require_anywhere("add")
        unit, periods = self.unit(), self.periods()
        value = request.POST.get("person", "")
        if not is_number(value):
            raise BadRequest  # the page's buttons always name a person
        row = next(
            (row for row in self.candidates(unit, periods) if row.person.pk == int(value)), None
        )
        if row is None:
            raise Http404
        if not row.can_suggest:
            messages.error(
                request, gettext("This person is already put forward, or not in your units.")
            )
            return HttpResponseRedirect(request.get_full_path())
        with transaction.atomic(), audit.audit_reason(gettext("Suggested from the records")):
            producer = AdvancedProducer.objects.create(person=row.person, evidence=row.evidence)
        messages.success(
            request,
            gettext("%(person)s is put forward; a meeting confirms or declines it.")
            % {"person": row.person.display_name},
        )
        return HttpResponseRedirect(producer.get_absolute_url())


class ProducerDecisionView(generic.ScopedView):
    """Record a meeting's decision on a suggested producer."""

    queryset = PRODUCER_QS
    template_name = "competitions/help_producer_decide.html"
    confirming = True

    def get_producer(self):
        producer = self.get_object("change")
        return producer

    def form(self, producer, data=None):
        return forms.ProducerDecisionForm(
            data, user=self.request.user, producer=producer, confirming=self.confirming
        )

    def show(self, producer, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"producer": producer, "form": form, "confirming": self.confirming},
            status=status,
        )

    def get(self, request, pk):
        producer = self.get_producer()
        if producer.is_decided:
            messages.info(request, gettext("The meeting has already decided on this producer."))
            return HttpResponseRedirect(producer.get_absolute_url())
        return self.show(producer, self.form(producer))

    def post(self, request, pk):
        producer = self.get_producer()
        form = self.form(producer, request.POST)
        if not form.is_valid():
            return self.show(producer, form, status=400)
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if self.confirming:
                    producer.confirm(data["meeting"], data["method"], data.get("note", ""))
                else:
                    producer.decline(data["meeting"], data["note"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.show(producer, form, status=400)
        if self.confirming:
            messages.success(request, gettext("Confirmed as an advanced producer."))
        else:
            messages.success(request, gettext("Recorded: the meeting did not confirm it."))
        return HttpResponseRedirect(producer.get_absolute_url())


class ProducerConfirmView(ProducerDecisionView):
    confirming = True


class ProducerDeclineView(ProducerDecisionView):
    confirming = False


# Handovers


def handover_periods(competition):
    """The competition's periods, newest first (at most two years of weeks)."""
    return list(reversed(guard.competition_periods(competition)))[:104]


class HandoverListView(generic.ObjectListView):
    """A competition's handovers (?competition=) with the flags over its periods."""

    queryset = HANDOVER_QS
    filterset_class = filtersets.HandoverFilterSet
    table_class = tables.HandoverTable
    template_name = "competitions/help_handover_list.html"
    carried_params = ("competition", "unit")
    sort_fields = {"metric": ["metric__code", "pk"]}
    # Exports of handovers are granted to no role.
    exportable = False

    def extra_context(self):
        value = self.request.GET.get("competition", "")
        if not is_number(value):
            return {}
        competition = (
            Competition.objects.restrict(self.request.user, "view").filter(pk=value).first()
        )
        if competition is None:
            return {}
        periods = []
        for start, end in handover_periods(competition):
            periods.append(
                {"start": start, "end": end, "flags": guard.handover_flags(competition, start, end)}
            )
        return {
            "competition": competition,
            "competition_url": link_of(competition),
            "periods": periods,
            "flag_count": sum(len(period["flags"]) for period in periods),
            "can_add_here": is_path_in_scope(
                self.request.user, Handover, "add", competition.unit.path
            ),
        }


class HandoverDetailView(generic.ObjectDetailView):
    """One handover: both sides' figures in each period against the one before."""

    queryset = HANDOVER_QS
    body_template = "competitions/_help_handover_body.html"

    def extra_context(self, handover):
        rows = [
            guard.compare(handover, start, end)
            for start, end in handover_periods(handover.competition)
        ]
        return {
            "rows": rows,
            "flags": [row for row in rows if row["flagged"]],
            "competition_url": link_of(handover.competition),
        }


class HandoverEditView(CompetitionChoiceMixin, generic.ObjectEditView):
    queryset = HANDOVER_QS
    form_class = forms.HandoverForm


class HandoverDeleteView(generic.ObjectDeleteView):
    queryset = HANDOVER_QS

    def delete_object(self, handover):
        self.back_to = reverse("competitions:handover_list") + (
            f"?competition={handover.competition_id}"
        )
        handover.delete()

    def get_success_url(self):
        return self.back_to


class HandoverHistoryView(generic.ObjectHistoryView):
    queryset = Handover.objects.all()
