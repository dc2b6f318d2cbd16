"""Pages of evaluations (the standings of a period, computing, adjusting, publishing) and
of a participant (where it stands in each evaluation, its banners, its best lever)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from gexin.competitions import scoring
from gexin.competitions.choices import EvaluationStatus, Scoring
from gexin.competitions.filtersets import evaluations as filtersets
from gexin.competitions.forms import evaluations as forms
from gexin.competitions.models import BannerHolding, Competition, Evaluation, Participant, Score
from gexin.competitions.tables import evaluations as tables
from gexin.core import views as generic
from gexin.core.concurrency import STALE_EDIT, StaleEdit, state_token
from gexin.core.permissions import is_path_in_scope
from gexin.core.replicas import ReplicaReadMixin
from gexin.org.filtersets import is_number
from gexin.plans.fulfilment_views import chart_scripts

HANDOVER_FLAGS_TEMPLATE = "competitions/_handover_flags.html"

EVALUATION_QS = Evaluation.objects.select_related("competition__unit", "published_by")
SCORE_QS = Score.objects.select_related(
    "evaluation__competition__unit", "participant__unit", "participant__person"
)
PARTICIPANT_QS = Participant.objects.select_related("competition__unit", "unit", "person__unit")


def workflow_error(request, error):
    messages.error(request, " ".join(error.messages))


def may(user, action, evaluation):
    """True when `user` holds `action` (add, adjust, publish…) on the evaluation's unit."""
    return is_path_in_scope(user, Evaluation, action, evaluation.competition.unit.path)


def figure_text(value, decimals):
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def signed(value, decimals=2):
    if value is None:
        return "—"
    return f"{value:+,.{decimals}f}"


def criterion_label(criterion):
    return f"{criterion.metric.display_name} · {criterion.scoring_label}"


def cell(criterion, entry):
    """What the standings show for one participant and criterion."""
    if entry is None:
        return {"points": None, "detail": "", "missing": gettext("not evaluated then")}
    metric = criterion.metric
    value = figure_text(entry.get("value"), metric.decimals)
    if entry.get("scoring") == Scoring.FULFILMENT:
        detail = gettext("%(value)s of %(target)s (%(percent)s %%)") % {
            "value": value,
            "target": figure_text(entry.get("target"), metric.decimals),
            "percent": figure_text(entry.get("percent"), 1),
        }
    elif entry.get("scoring") == Scoring.IMPROVEMENT:
        detail = gettext("%(value)s against %(baseline)s (%(change)s %%)") % {
            "value": value,
            "baseline": figure_text(entry.get("baseline"), metric.decimals),
            "change": signed(entry.get("change"), 1),
        }
    else:
        detail = (
            gettext("%(value)s, place %(rank)s of %(count)s")
            % {"value": value, "rank": entry["rank"], "count": entry.get("of")}
            if entry.get("rank")
            else value
        )
    return {
        "points": entry.get("points"),
        "detail": detail,
        "missing": scoring.missing_text(entry["missing"]) if entry.get("missing") else "",
    }


def gap_chart(trend):
    """The gap per period for gexin/js/charts.js, or None with fewer than two gaps."""
    points = [[end.isoformat(), gap] for _start, end, gap, _widening in trend if gap is not None]
    if len(points) < 2:
        return None
    return {
        "locale": "ZH" if (get_language() or "").startswith("zh") else "EN",
        "kind": "quantity",
        "start": points[0][0],
        "end": points[-1][0],
        "decimals": 1,
        "unit": gettext("points"),
        "series": [
            {
                "name": gettext("Gap between the top and bottom quarter"),
                "style": "actual",
                "points": points,
            }
        ],
    }


def flags_template():
    """The snippet that draws handover flags, once the departmentalism guard provides it."""
    try:
        get_template(HANDOVER_FLAGS_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    return HANDOVER_FLAGS_TEMPLATE


def holder_of(evaluation):
    try:
        return evaluation.banner_holding
    except ObjectDoesNotExist:
        return None


# Evaluations


class EvaluationListView(generic.ObjectListView):
    """The evaluations of the competitions one may see; `?competition=` narrows to one."""

    queryset = EVALUATION_QS.select_related(
        "banner_holding__participant__unit", "banner_holding__participant__person"
    ).annotate(score_count=Count("scores"))
    filterset_class = filtersets.EvaluationFilterSet
    table_class = tables.EvaluationTable
    template_name = "competitions/evaluations_evaluation_list.html"
    carried_params = ("competition",)
    select_filters = (("status", _("Status"), EvaluationStatus.choices),)
    sort_fields = {
        "period": ["period_start", "pk"],
        "competition": ["competition__title", "-period_start"],
        "status": ["status", "-period_start"],
        "published": ["published_at", "pk"],
    }
    default_sort = "-period"

    def extra_context(self):
        competition = None
        wanted = self.request.GET.get("competition", "")
        if is_number(wanted):
            competition = (
                Competition.objects.restrict(self.request.user, "view").filter(pk=wanted).first()
            )
        return {
            "competition": competition,
            "can_compute": competition is not None
            and is_path_in_scope(self.request.user, Evaluation, "add", competition.unit.path),
        }


class EvaluationDetailView(ReplicaReadMixin, generic.ObjectDetailView):
    """The standings of one period: every criterion's points, the totals, adjustments,
    ranks and their change, eligibility, the gap between top and bottom, the banner."""

    queryset = EVALUATION_QS
    body_template = "competitions/_evaluations_evaluation_body.html"

    def extra_context(self, evaluation):
        user = self.request.user
        criteria = list(evaluation.competition.criteria.select_related("metric"))
        scores = list(
            evaluation.scores.select_related("participant__unit", "participant__person").order_by(
                "rank", "pk"
            )
        )
        Participant.attach([score.participant for score in scores], evaluation.competition)
        for score in scores:
            score.cells = [
                {
                    **cell(c, score.criteria.get(str(c.pk))),
                    "criterion_id": c.pk,
                    "label": c.metric.display_name,
                }
                for c in criteria
            ]
            score.places = abs(score.change) if score.change else 0
        findings = evaluation.findings or {}
        trend = scoring.gap_trend(evaluation.competition)
        unlocked = not evaluation.is_published
        holding = holder_of(evaluation)
        flags = findings.get("handover_flags")
        from gexin.competitions.laggards import awards_shown

        return {
            **awards_shown(self.request.user, evaluation=evaluation),
            "criteria": [(c, criterion_label(c)) for c in criteria],
            "gates": evaluation.competition.gates.select_related("metric"),
            "total_weight": sum(c.weight for c in criteria),
            "scores": scores,
            "findings": findings,
            "gap_widening": bool(findings.get("widening")),
            "trend": trend,
            "chart": gap_chart(trend),
            "chart_id": f"evaluation-gap-{evaluation.pk}",
            "chart_scripts": " ".join(chart_scripts()),
            "chart_script_urls": chart_scripts(),
            "holding": holding,
            "winner": None if holding else scoring.banner_winner(evaluation, scores),
            "flags": flags,
            "flags_template": flags_template() if flags else None,
            "can_compute": unlocked and may(user, "add", evaluation),
            "can_adjust": unlocked and may(user, "adjust", evaluation),
            "can_publish": unlocked and bool(scores) and may(user, "publish", evaluation),
            "can_change": unlocked and self.can("change", evaluation),
            "can_delete": unlocked and self.can("delete", evaluation),
        }


class EvaluationComputeView(generic.ScopedView):
    """Create the evaluation of a chosen period and compute it (or compute it again)."""

    queryset = EVALUATION_QS
    template_name = "competitions/evaluations_compute.html"

    def initial(self):
        initial = {"day": datetime.date.today()}
        wanted = self.request.GET.get("competition", "")
        if is_number(wanted):
            competition = (
                Competition.objects.where_user_holds(
                    self.request.user, "competitions.add_evaluation"
                )
                .filter(pk=wanted)
                .first()
            )
            if competition is not None:
                initial["competition"] = competition
                initial["day"] = min(
                    max(initial["day"], competition.starts_on), competition.ends_on
                )
        return initial

    def get(self, request):
        self.require_anywhere("add")
        form = forms.ComputeForm(initial=self.initial(), user=request.user)
        return self.show(form)

    def show(self, form, status=200):
        return render(self.request, self.template_name, {"form": form}, status=status)

    def post(self, request):
        self.require_anywhere("add")
        form = forms.ComputeForm(request.POST, user=request.user)
        if form.is_valid():
            competition = form.cleaned_data["competition"]
            if not is_path_in_scope(request.user, Evaluation, "add", competition.unit.path):
                raise PermissionDenied
            try:
                evaluation = scoring.evaluate(
                    competition, form.cleaned_data["day"], note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    gettext("Computed %(evaluation)s: %(count)s participants ranked.")
                    % {"evaluation": evaluation.period_label, "count": evaluation.scores.count()},
                )
                return HttpResponseRedirect(evaluation.get_absolute_url())
        return self.show(form, status=400)


class EvaluationStepView(generic.ScopedView):
    """POST: compute again or publish; the right is held on the competition's unit."""

    queryset = EVALUATION_QS
    action = "add"

    def get(self, request, pk):
        return HttpResponseRedirect(self.get_object("view").get_absolute_url())

    def post(self, request, pk):
        evaluation = self.get_object("view")
        if not may(request.user, self.action, evaluation):
            raise PermissionDenied
        try:
            message = self.step(evaluation)
        except ValidationError as error:
            workflow_error(request, error)
        else:
            messages.success(request, message)
        return HttpResponseRedirect(evaluation.get_absolute_url())


class EvaluationRecomputeView(EvaluationStepView):
    action = "add"

    def step(self, evaluation):
        scoring.compute(evaluation)
        return gettext("Computed again from the records.")


class EvaluationPublishView(EvaluationStepView):
    action = "publish"

    def step(self, evaluation):
        evaluation = scoring.publish(evaluation, self.request.user)
        holding = holder_of(evaluation)
        if holding is None:
            return gettext(
                "Published and locked. No participant met every eligibility condition: "
                "the banner stays where it is."
            )
        return gettext("Published and locked. The banner passes to %(holder)s.") % {
            "holder": holding.participant
        }


class EvaluationEditView(generic.ObjectEditView):
    """The evaluation's note (the scores change only by computing and adjusting)."""

    queryset = EVALUATION_QS
    form_class = forms.EvaluationForm

    def get_target(self):
        evaluation = super().get_target()
        if evaluation.pk and evaluation.is_published:
            raise PermissionDenied(gettext("This evaluation is published and locked."))
        return evaluation


class EvaluationDeleteView(generic.ObjectDeleteView):
    queryset = EVALUATION_QS
    success_url = "competitions:evaluation_list"

    def refused(self, evaluation):
        if not evaluation.is_published:
            return None
        messages.error(
            self.request, gettext("This evaluation is published and locked: it cannot be deleted.")
        )
        return HttpResponseRedirect(evaluation.get_absolute_url())

    def get(self, request, *args, **kwargs):
        return self.refused(self.get_object("delete")) or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        evaluation = self.get_object("delete")
        self.competition_id = evaluation.competition_id
        return self.refused(evaluation) or super().post(request, *args, **kwargs)

    def get_success_url(self):
        return f"{reverse(self.success_url)}?competition={self.competition_id}"


class EvaluationHistoryView(generic.ObjectHistoryView):
    queryset = Evaluation.objects.all()


# Scores


class ScoreAdjustView(generic.ScopedView):
    """The committee's score for one participant, with a written reason."""

    queryset = SCORE_QS
    template_name = "competitions/evaluations_score_adjust.html"

    def get_score(self):
        score = self.get_object("view")
        if not may(self.request.user, "adjust", score.evaluation):
            raise PermissionDenied
        return score

    def locked(self, score):
        messages.error(self.request, gettext("This evaluation is published and locked."))
        return HttpResponseRedirect(score.evaluation.get_absolute_url())

    def get(self, request, pk):
        score = self.get_score()
        if score.evaluation.is_published:
            return self.locked(score)
        form = forms.AdjustForm(initial={"value": score.final, "version": adjust_version(score)})
        return self.show(score, form)

    def show(self, score, form, status=200):
        return render(
            self.request, self.template_name, {"score": score, "form": form}, status=status
        )

    def post(self, request, pk):
        score = self.get_score()
        if score.evaluation.is_published:
            return self.locked(score)
        form = forms.AdjustForm(request.POST)
        if form.is_valid():
            opened_on = request.POST.get("version")

            def unchanged(stored):
                if opened_on is not None and opened_on != adjust_version(stored):
                    raise StaleEdit(adjust_version(stored))

            try:
                adjusted = scoring.adjust(
                    score,
                    form.cleaned_data["value"],
                    form.cleaned_data["reason"],
                    request.user,
                    check=unchanged,
                )
            except StaleEdit as error:
                # The input stays, with the current version: saving again is deliberate.
                form = forms.AdjustForm({**request.POST.dict(), "version": error.args[0]})
                form.is_valid()
                form.add_error(None, STALE_EDIT)
                return self.show(self.get_score(), form, status=409)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    gettext("%(participant)s: the score is now %(score)s, rank %(rank)s.")
                    % {
                        "participant": adjusted.participant,
                        "score": adjusted.final,
                        "rank": adjusted.rank,
                    },
                )
                return HttpResponseRedirect(score.evaluation.get_absolute_url() + "#standings")
        return self.show(score, form, status=400)


def adjust_version(score):
    """What the committee saw of a score: a change of rank alone does not make it stale."""
    return state_token([(str(score.total), str(score.adjusted_total), score.adjustment_reason)])


class ScoreHistoryView(generic.ObjectHistoryView):
    queryset = Score.objects.all()


# Participants


class ParticipantDetailView(generic.ObjectDetailView):
    """Where the participant stands in each evaluation, the banners it held, and the single
    criterion that would lift it most."""

    queryset = PARTICIPANT_QS
    body_template = "competitions/_evaluations_participant_body.html"

    def extra_context(self, participant):
        competition = participant.competition
        criteria = {str(c.pk): c for c in competition.criteria.select_related("metric")}
        counts = dict(
            Score.objects.filter(evaluation__competition=competition)
            .values_list("evaluation_id")
            .annotate(count=Count("pk"))
        )
        scores = list(
            participant.scores.select_related("evaluation").order_by("-evaluation__period_start")
        )
        for score in scores:
            score.of = counts.get(score.evaluation_id, 0)
            score.places = abs(score.change) if score.change else 0
        latest = scores[0] if scores else None
        lever = scoring.best_lever(latest) if latest is not None else None
        if lever is not None:
            criterion = criteria.get(str(lever["criterion"]))
            lever["label"] = criterion_label(criterion) if criterion else lever["metric"]
        weakest = []
        if latest is not None:
            for key, criterion in criteria.items():
                entry = latest.criteria.get(key)
                if entry is not None:
                    weakest.append((criterion_label(criterion), cell(criterion, entry)))
        holdings = list(
            BannerHolding.objects.filter(participant=participant)
            .select_related("evaluation")
            .order_by("-since")
        )
        user = self.request.user
        path = competition.unit.path
        from gexin.competitions.laggards import awards_shown

        return {
            **awards_shown(self.request.user, participant=participant),
            "competition": competition,
            "scores": scores,
            "latest": latest,
            "latest_cells": weakest,
            "lever": lever,
            "holdings": holdings,
            "can_change": is_path_in_scope(user, Participant, "change", path),
            "can_delete": is_path_in_scope(user, Participant, "delete", path),
        }
