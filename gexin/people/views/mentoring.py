"""Pages of master and apprentice: the list, one apprenticeship with its goals, checks and
figures against the group's, adding, editing, deleting it and its history, completing or
ending it; goals and checks added and changed from the apprenticeship's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gexin.core import audit
from gexin.core import views as generic
from gexin.org.backends import own_person
from gexin.org.filtersets import find_unit, is_number
from gexin.people import mentoring
from gexin.people.filtersets import mentoring as filtersets
from gexin.people.forms import mentoring as forms
from gexin.people.models.mentoring import (
    Apprenticeship,
    ApprenticeshipGoal,
    ApprenticeshipStatus,
    ProgressCheck,
)
from gexin.people.tables import mentoring as tables

ECHARTS_JS = "gexin/vendor/echarts/echarts.min.js"
CHARTS_JS = "gexin/js/charts.js"

APPRENTICESHIP_QS = Apprenticeship.objects.select_related("unit", "master", "apprentice")
GOAL_QS = ApprenticeshipGoal.objects.select_related(
    "apprenticeship__unit", "apprenticeship__apprentice", "apprenticeship__master", "skill"
)
CHECK_QS = ProgressCheck.objects.select_related(
    "apprenticeship__unit",
    "apprenticeship__apprentice",
    "apprenticeship__master",
    "checked_by",
    "meeting__unit",
)


class ApprenticeshipListView(generic.ObjectListView):
    """Who learns from whom: filtered by group, master, apprentice, status and overdue
    goals, with the goals reached and overdue of each."""

    queryset = APPRENTICESHIP_QS
    filterset_class = filtersets.ApprenticeshipFilterSet
    table_class = tables.ApprenticeshipTable
    template_name = "people/apprenticeship_list.html"
    select_filters = (
        ("status", gettext_lazy("Status"), ApprenticeshipStatus.choices),
        ("overdue", gettext_lazy("Goals"), (("1", gettext_lazy("with a goal overdue")),)),
    )
    carried_params = ("unit", "master", "apprentice", "person")
    sort_fields = {
        "apprentice": ["apprentice__name", "pk"],
        "master": ["master__name", "pk"],
        "unit": ["unit__path", "pk"],
        "started": ["started_on", "pk"],
        "planned_end": ["planned_end", "pk"],
        "status": ["status", "pk"],
    }
    default_sort = "unit"

    def get_base_queryset(self):
        return self.restricted("view").with_goal_counts()


class ApprenticeshipDetailView(generic.ObjectDetailView):
    """The pairing: its goals (due, overdue, reached, or suggested as reached from the
    apprentice's recorded level), its progress checks and the apprentice's figures
    month by month against the group's per head, as a table and two charts."""

    queryset = APPRENTICESHIP_QS
    body_template = "people/_apprenticeship_body.html"

    def extra_context(self, apprenticeship):
        user = self.request.user
        goals = list(
            ApprenticeshipGoal.objects.restrict(user, "view")
            .filter(apprenticeship=apprenticeship)
            .select_related("skill")
        )
        checks = list(
            ProgressCheck.objects.restrict(user, "view")
            .filter(apprenticeship=apprenticeship)
            .select_related("checked_by", "meeting__unit")
        )
        keeps_goals = self.can_child(ApprenticeshipGoal, "add", apprenticeship)
        keeps_checks = self.can_child(ProgressCheck, "add", apprenticeship)
        can_change = self.can("change", apprenticeship)
        result = mentoring.figures(apprenticeship)
        charts = []
        if result.has_records:
            for which, title in (
                ("output", _("Output: pieces qualified")),
                ("scrap", _("Scrap: pieces")),
            ):
                charts.append(
                    {
                        "id": f"apprenticeship-{apprenticeship.pk}-{which}",
                        "title": title,
                        "data": mentoring.chart_data(result, which),
                    }
                )
        return {
            "goal_states": mentoring.goal_states(apprenticeship, goals),
            "checks": checks,
            "figures": result,
            "charts": charts,
            "chart_script_urls": [static(ECHARTS_JS), static(CHARTS_JS)],
            "can_close": can_change and apprenticeship.is_active,
            "keeps_goals": keeps_goals,
            "keeps_checks": keeps_checks,
            "goal_form": (
                forms.GoalForm(user=user, apprenticeship=apprenticeship)
                if keeps_goals and apprenticeship.is_active
                else None
            ),
            "check_form": (
                forms.CheckForm(user=user, apprenticeship=apprenticeship)
                if keeps_checks and not apprenticeship.ended_on
                else None
            ),
        }

    def can_child(self, model, action, apprenticeship):
        from gexin.core.permissions import is_path_in_scope

        return is_path_in_scope(self.request.user, model, action, apprenticeship.unit.path)


class ApprenticeshipEditView(generic.ObjectEditView):
    queryset = APPRENTICESHIP_QS
    form_class = forms.ApprenticeshipForm

    def initial_for_create(self):
        initial = {}
        unit = find_unit(self.request.GET.get("unit"))
        if unit is None:
            person = own_person(self.request.user)
            unit = person.unit if person is not None else None
        if unit is not None:
            initial["unit"] = unit
        return initial


class ApprenticeshipDeleteView(generic.ObjectDeleteView):
    queryset = APPRENTICESHIP_QS
    success_url = "people:apprenticeship_list"


class ApprenticeshipHistoryView(generic.ObjectHistoryView):
    queryset = Apprenticeship.objects.all()


class ApprenticeshipCloseView(generic.ScopedView):
    """Complete or end an apprenticeship: GET shows the form, POST makes the move."""

    queryset = APPRENTICESHIP_QS
    template_name = "people/apprenticeship_close.html"
    completing = True

    def show(self, apprenticeship, form, status=200):
        open_goals = list(
            ApprenticeshipGoal.objects.filter(apprenticeship=apprenticeship, reached_on=None)
        )
        return render(
            self.request,
            self.template_name,
            {
                "object": apprenticeship,
                "opts": Apprenticeship._meta,
                "form": form,
                "completing": self.completing,
                "open_goals": open_goals,
            },
            status=status,
        )

    def closable(self, request, pk):
        apprenticeship = self.get_object("change")
        if not apprenticeship.is_active:
            messages.error(
                request,
                _("This apprenticeship is already %(status)s.")
                % {"status": apprenticeship.status_label},
            )
            return apprenticeship, HttpResponseRedirect(apprenticeship.get_absolute_url())
        return apprenticeship, None

    def get(self, request, pk):
        apprenticeship, refused = self.closable(request, pk)
        if refused:
            return refused
        return self.show(apprenticeship, forms.CloseForm(completing=self.completing))

    def post(self, request, pk):
        apprenticeship, refused = self.closable(request, pk)
        if refused:
            return refused
        form = forms.CloseForm(request.POST, completing=self.completing)
        if form.is_valid():
            data = form.cleaned_data
            move = apprenticeship.complete if self.completing else apprenticeship.end
            try:
                with audit.audit_reason(data["reason"]):
                    move(on=data["on"], reason=data["reason"])
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(name if name in form.fields else None, message)
            else:
                messages.success(
                    request,
                    _("%(object)s is now %(status)s.")
                    % {"object": apprenticeship, "status": apprenticeship.status_label},
                )
                return HttpResponseRedirect(apprenticeship.get_absolute_url())
        return self.show(apprenticeship, form, status=400)


# Goals and checks: added and changed from the apprenticeship's page.


class ChooseApprenticeshipFirst(Exception):
    """A goal or check was asked for without naming its apprenticeship (?apprenticeship=)."""


class ApprenticeshipRowMixin:
    """A goal or a check of an apprenticeship: added with ?apprenticeship= (or the form's
    field of that name); it returns to the apprenticeship's page."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ChooseApprenticeshipFirst:
            messages.info(request, _("Open the apprenticeship first, then add to it on its page."))
            return HttpResponseRedirect(reverse("people:apprenticeship_list"))

    def apprenticeship_from_request(self):
        value = (
            self.request.GET.get("apprenticeship") or self.request.POST.get("apprenticeship") or ""
        )
        if not is_number(str(value)):
            raise ChooseApprenticeshipFirst
        user = self.request.user
        apprenticeship = APPRENTICESHIP_QS.restrict(user, "view").filter(pk=value).first()
        if apprenticeship is None:
            raise Http404
        from gexin.core.permissions import is_path_in_scope

        if not is_path_in_scope(user, self.model, "add", apprenticeship.unit.path):
            raise PermissionDenied
        return apprenticeship

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" not in self.kwargs:
            kwargs["apprenticeship"] = self.apprenticeship = self.apprenticeship_from_request()
        return kwargs

    def return_url(self, default):
        apprenticeship = getattr(self, "apprenticeship", None)
        if not default and apprenticeship is not None:
            default = apprenticeship.get_absolute_url()
        return super().return_url(default)

    def delete_object(self, row):
        self.back_to = row.get_absolute_url()
        row.delete()

    def get_success_url(self):
        return self.back_to


class GoalEditView(ApprenticeshipRowMixin, generic.ObjectEditView):
    queryset = GOAL_QS
    form_class = forms.GoalForm


class GoalDeleteView(ApprenticeshipRowMixin, generic.ObjectDeleteView):
    queryset = GOAL_QS


class GoalReachView(generic.ScopedView):
    """POST only: mark a goal reached on a day (by default the suggested one)."""

    queryset = GOAL_QS

    def get(self, request, *args, **kwargs):
        """Marked by POST; a GET goes back to the apprenticeship (if one may see it)."""
        return HttpResponseRedirect(self.get_object("view").get_absolute_url())

    def post(self, request, pk):
        goal = self.get_object("change")
        form = forms.ReachForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return HttpResponseRedirect(goal.get_absolute_url())
        goal.reached_on = form.cleaned_data["reached_on"]
        try:
            goal.full_clean()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(goal.get_absolute_url())
        with audit.audit_reason(_("marked reached")):
            goal.save()
        messages.success(
            request,
            _("Goal reached on %(day)s: %(goal)s.")
            % {"day": goal.reached_on.isoformat(), "goal": goal.description},
        )
        return HttpResponseRedirect(goal.get_absolute_url())


class CheckEditView(ApprenticeshipRowMixin, generic.ObjectEditView):
    queryset = CHECK_QS
    form_class = forms.CheckForm


class CheckDeleteView(ApprenticeshipRowMixin, generic.ObjectDeleteView):
    queryset = CHECK_QS


# Panels on a person's page and a meeting's page.


def person_panel(person):
    """The URL of the person page's card of their apprenticeships, if any."""
    if not Apprenticeship.objects.filter(Q(master=person) | Q(apprentice=person)).exists():
        return None
    return reverse("people:person_apprenticeships_panel", args=[person.pk])


def meeting_panel(meeting):
    """The URL of the meeting page's card of the progress checks reviewed at it, if any."""
    if not ProgressCheck.objects.filter(meeting=meeting).exists():
        return None
    return reverse("people:meeting_checks_panel", args=[meeting.pk])


class MentoringPanelView(generic.ScopedView):
    """A card loaded into another app's page: its object restricted to the user, or 404."""

    owner_model = None
    template_name = None

    def get(self, request, pk):
        owner = self.owner_model.objects.restrict(request.user, "view").filter(pk=pk).first()
        if owner is None:
            raise Http404
        self.require_anywhere("view")
        return render(request, self.template_name, self.panel_context(owner))


class PersonApprenticeshipsPanelView(MentoringPanelView):
    """Whom the person teaches and from whom they learn, newest first."""

    queryset = APPRENTICESHIP_QS
    template_name = "people/apprenticeship_person_panel.html"

    @property
    def owner_model(self):
        from gexin.org.models import Person

        return Person

    def panel_context(self, person):
        rows = list(
            self.restricted("view")
            .with_goal_counts()
            .filter(Q(master=person) | Q(apprentice=person))
            .order_by("-started_on", "pk")
        )
        return {
            "person": person,
            "teaches": [row for row in rows if row.master_id == person.pk],
            "learns": [row for row in rows if row.apprentice_id == person.pk],
        }


class MeetingChecksPanelView(MentoringPanelView):
    """The progress checks reviewed at a meeting."""

    queryset = CHECK_QS
    template_name = "people/apprenticeship_meeting_panel.html"

    @property
    def owner_model(self):
        from gexin.meetings.models import Meeting

        return Meeting

    def panel_context(self, meeting):
        return {
            "meeting": meeting,
            "checks": list(
                self.restricted("view").filter(meeting=meeting).order_by("apprenticeship__pk")
            ),
        }
