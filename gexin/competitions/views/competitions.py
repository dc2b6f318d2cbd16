"""Pages of competitions, with their participants, conditions and eligibility gates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.competitions.choices import Frequency, ParticipantKind
from gexin.competitions.filtersets import competitions as filtersets
from gexin.competitions.forms import competitions as forms
from gexin.competitions.models import (
    BannerHolding,
    Competition,
    Criterion,
    EligibilityGate,
    Evaluation,
    Participant,
)
from gexin.competitions.tables import competitions as tables
from gexin.core import views as generic
from gexin.core.permissions import is_path_in_scope
from gexin.org.filtersets import is_number

COMPETITION_QS = Competition.objects.select_related("unit", "work_type")


def url_or_none(name, *args):
    """The URL of a route, or None while the route does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


class CompetitionListView(generic.ObjectListView):
    queryset = COMPETITION_QS
    filterset_class = filtersets.CompetitionFilterSet
    table_class = tables.CompetitionTable
    template_name = "competitions/competition_list.html"
    select_filters = (
        ("frequency", _("Evaluated"), Frequency.choices),
        ("participant_kind", _("Participants"), ParticipantKind.choices),
    )
    carried_params = ("unit",)
    sort_fields = {
        "starts_on": ["starts_on", "pk"],
        "ends_on": ["ends_on", "pk"],
        "unit": ["unit__path", "-starts_on"],
    }
    default_sort = "-starts_on"


class CompetitionDetailView(generic.ObjectDetailView):
    """The competition: who takes part, on what conditions, where they stand, the banner."""

    queryset = COMPETITION_QS
    body_template = "competitions/_competition_body.html"

    def extra_context(self, competition):
        user = self.request.user
        participants = list(
            competition.participants.select_related("unit", "person").order_by("unit_path", "pk")
        )
        latest = (
            Evaluation.objects.restrict(user, "view")
            .filter(competition=competition)
            .order_by("-period_start")
            .first()
        )
        holder = (
            BannerHolding.objects.filter(competition=competition, until__isnull=True)
            .select_related("participant__unit", "participant__person")
            .order_by("-since")
            .first()
        )
        may_change = self.can("change", competition)
        latest_scores = (
            list(
                latest.scores.select_related("participant__unit", "participant__person").order_by(
                    "rank", "pk"
                )[:10]
            )
            if latest
            else []
        )
        for score in latest_scores:
            score.places = abs(score.change) if score.change else 0
        return {
            "participants": participants,
            "criteria": competition.criteria.select_related("metric"),
            "gates": competition.gates.select_related("metric"),
            "total_weight": sum(c.weight for c in competition.criteria.all()),
            "latest": latest,
            "latest_scores": latest_scores,
            "holder": holder,
            "can_manage": may_change,
            "links": [
                (label, url)
                for label, url in (
                    (_("Evaluations"), url_or_none("competitions:evaluation_list")),
                    (_("Awards"), url_or_none("competitions:award_list")),
                    (_("One-helps-one pairings"), url_or_none("competitions:pairing_list")),
                    (_("Help cases"), url_or_none("competitions:helpcase_list")),
                    (_("Advanced producers"), url_or_none("competitions:advancedproducer_list")),
                    (_("Handovers"), url_or_none("competitions:handover_list")),
                )
                if url
            ],
        }


class CompetitionEditView(generic.ObjectEditView):
    queryset = COMPETITION_QS
    form_class = forms.CompetitionForm


class CompetitionDeleteView(generic.ObjectDeleteView):
    queryset = COMPETITION_QS
    success_url = "competitions:competition_list"


class CompetitionHistoryView(generic.ObjectHistoryView):
    queryset = COMPETITION_QS


class NoCompetition(Exception):
    pass


class CompetitionPartMixin:
    """Participants, conditions and gates: made for a competition named by ?competition=,
    changed with the competition's rights, then back to its page."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NoCompetition:
            messages.info(request, gettext("Open the competition first, then add to it there."))
            return HttpResponseRedirect(reverse("competitions:competition_list"))

    def competition(self):
        if "pk" in self.kwargs:
            return self.get_object("change").competition
        self.require_anywhere("add")
        value = self.request.GET.get("competition") or self.request.POST.get("competition")
        if not value:
            raise NoCompetition
        if not is_number(str(value)):
            raise Http404
        competition = (
            Competition.objects.restrict(self.request.user, "view").filter(pk=value).first()
        )
        if competition is None:
            raise Http404
        if not is_path_in_scope(self.request.user, self.model, "add", competition.unit.path):
            raise PermissionDenied
        return competition

    def get_target(self):
        if "pk" in self.kwargs:
            return self.get_object("change")
        return self.model()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "competition": self.competition()}

    def return_url(self, default):
        obj = getattr(self, "_saved", None)
        return super().return_url(obj.competition.get_absolute_url() if obj else default)

    def save_form(self, form):
        self._saved = form.save()
        return self._saved


class CompetitionPartDeleteView(generic.ObjectDeleteView):
    def delete_object(self, obj):
        self.back_to = obj.competition.get_absolute_url()
        obj.delete()

    def get_success_url(self):
        return self.back_to


class ParticipantEditView(CompetitionPartMixin, generic.ObjectEditView):
    queryset = Participant.objects.select_related("competition__unit", "unit", "person")
    form_class = forms.ParticipantForm


class ParticipantDeleteView(CompetitionPartDeleteView):
    queryset = Participant.objects.select_related("competition__unit")


class CriterionEditView(CompetitionPartMixin, generic.ObjectEditView):
    queryset = Criterion.objects.select_related("competition__unit", "metric")
    form_class = forms.CriterionForm


class CriterionDeleteView(CompetitionPartDeleteView):
    queryset = Criterion.objects.select_related("competition__unit")


class EligibilityGateEditView(CompetitionPartMixin, generic.ObjectEditView):
    queryset = EligibilityGate.objects.select_related("competition__unit", "metric")
    form_class = forms.EligibilityGateForm


class EligibilityGateDeleteView(CompetitionPartDeleteView):
    queryset = EligibilityGate.objects.select_related("competition__unit")
