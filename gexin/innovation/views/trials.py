"""Pages of trials (variables, observations, their analysis) and of regulations (versions,
clauses, revision and approval)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from gexin.core import views as generic
from gexin.core.permissions import is_path_in_scope
from gexin.innovation import regulations, trials
from gexin.innovation.analysis import Outcome
from gexin.innovation.choices import RegulationKind, TrialArm, TrialDesign, VersionStatus
from gexin.innovation.filtersets import trials as filtersets
from gexin.innovation.forms import trials as forms
from gexin.innovation.models import (
    Campaign,
    Clause,
    KeyIssue,
    Observation,
    Regulation,
    RegulationVersion,
    Trial,
    TrialVariable,
)
from gexin.innovation.tables import trials as tables
from gexin.org.backends import own_person
from gexin.org.filtersets import find_unit, is_number
from gexin.org.models import Unit

ECHARTS_JS = "gexin/vendor/echarts/echarts.min.js"
CHART_JS = "gexin/js/trial_chart.js"

TRIAL_QS = Trial.objects.select_related("unit", "campaign", "key_issue")
VARIABLE_QS = TrialVariable.objects.select_related("trial__unit", "metric")
REGULATION_QS = Regulation.objects.select_related("unit")
VERSION_QS = RegulationVersion.objects.select_related(
    "regulation__unit", "trial", "key_issue", "campaign", "approved_by", "submitted_by"
)
CLAUSE_QS = Clause.objects.select_related("version__regulation__unit")


def refuse(request, error, target):
    messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(target)


def parent_from_query(view, model, name, action="view"):
    """The parent named by ?name= (or the POST field) among those the user may `action`."""
    value = view.request.GET.get(name) or view.request.POST.get(name)
    if not value:
        return None
    if not is_number(str(value)):
        raise Http404
    parent = model.objects.restrict(view.request.user, action).filter(pk=value).first()
    if parent is None:
        raise Http404
    return parent


# Trials


def quartiles(values):
    """[min, Q1, median, Q3, max] with linear interpolation, as box plots draw them."""
    ordered = sorted(values)
    n = len(ordered)

    def at(fraction):
        position = fraction * (n - 1)
        low = int(position)
        high = min(low + 1, n - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    return [ordered[0], at(0.25), at(0.5), at(0.75), ordered[-1]]


def chart_data(trial, variable, analysis):
    """What gexin/js/trial_chart.js draws: each side's points, its box and its mean."""
    sides = []
    for arm, sample in (
        (TrialArm.BASELINE, analysis.baseline),
        (TrialArm.CHANGED, analysis.changed),
    ):
        values = [float(value) for value in variable.values(arm)]
        sides.append(
            {
                "name": trial.side_label(arm),
                "points": values,
                "box": quartiles(values) if values else None,
                "mean": sample.mean,
            }
        )
    return {
        "locale": "ZH" if (get_language() or "").startswith("zh") else "EN",
        "unit": variable.measured_in,
        "decimals": analysis.decimals,
        "sides": sides,
        "limit": analysis.limit,
        "names": {
            "mean": gettext("mean"),
            "limit": gettext("limit"),
            "observations": gettext("observations"),
        },
    }


def p_text(p):
    """A p-value as it is read: "p = 0.042", or "p < 0.001"."""
    if p is None:
        return "—"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


OUTCOME_CSS = {
    Outcome.BETTER: "good",
    Outcome.WORSE: "bad",
    Outcome.TOO_FEW: "muted",
}


class TrialListView(generic.ObjectListView):
    queryset = TRIAL_QS.annotate(variable_count=Count("variables"))
    filterset_class = filtersets.TrialFilterSet
    table_class = tables.TrialTable
    template_name = "innovation/trial_list.html"
    carried_params = ("within",)
    sort_fields = {
        "title": ["title", "pk"],
        "unit": ["unit__path", "-started_on"],
        "started_on": ["started_on", "pk"],
    }
    default_sort = "-started_on"
    # No role holds the export right on trials (gexin.innovation.permissions).
    exportable = False

    @property
    def select_filters(self):
        user = self.request.user
        trials_seen = Trial.objects.restrict(user, "view")
        units = Unit.objects.filter(pk__in=trials_seen.values("unit_id")).order_by("path")
        campaigns = Campaign.objects.restrict(user, "view").filter(
            pk__in=trials_seen.values("campaign_id")
        )
        key_issues = KeyIssue.objects.restrict(user, "view").filter(
            pk__in=trials_seen.values("key_issue_id")
        )
        return (
            ("unit", _("Unit"), [(unit.code, unit.display_name) for unit in units]),
            ("campaign", _("Campaign"), [(c.pk, c.title) for c in campaigns]),
            ("key_issue", _("Key issue"), [(k.pk, k.title) for k in key_issues]),
            ("design", _("Design"), TrialDesign.choices),
        )


class TrialDetailView(generic.ObjectDetailView):
    """A trial with each variable's observations, analysis and chart."""

    queryset = TRIAL_QS
    body_template = "innovation/_trial_body.html"

    def extra_context(self, trial):
        user = self.request.user
        rows = []
        for variable, analysis in trial.analyses():
            observations = sorted(
                variable.observations.all(),
                key=lambda obs: (obs.arm, obs.observed_on is None, obs.observed_on, obs.pk),
            )
            rows.append(
                {
                    "variable": variable,
                    "analysis": analysis,
                    "css": OUTCOME_CSS.get(analysis.outcome, ""),
                    "p_text": p_text(analysis.p_value),
                    "observations": observations,
                    "chart": chart_data(trial, variable, analysis) if observations else None,
                    "chart_id": f"variable-{variable.pk}-chart",
                }
            )
        path = trial.unit.path
        return {
            "rows": rows,
            "baseline_label": trial.side_label(TrialArm.BASELINE),
            "changed_label": trial.side_label(TrialArm.CHANGED),
            "revisions": RegulationVersion.objects.restrict(user, "view")
            .filter(trial=trial)
            .select_related("regulation"),
            "can_add_variable": is_path_in_scope(user, TrialVariable, "add", path),
            "can_change_variable": is_path_in_scope(user, TrialVariable, "change", path),
            "can_delete_variable": is_path_in_scope(user, TrialVariable, "delete", path),
            "can_observe": is_path_in_scope(user, Observation, "add", path),
            "can_delete_observation": is_path_in_scope(user, Observation, "delete", path),
            "chart_script_urls": [static(ECHARTS_JS), static(CHART_JS)],
        }


class TrialEditView(generic.ObjectEditView):
    queryset = TRIAL_QS
    form_class = forms.TrialForm

    def initial_for_create(self):
        initial = {}
        unit = find_unit(self.request.GET.get("unit", ""))
        person = own_person(self.request.user)
        if unit is None and person is not None:
            unit = person.unit
        if unit is not None:
            initial["unit_ref"] = unit
        for name, model in (("key_issue", KeyIssue), ("campaign", Campaign)):
            value = self.request.GET.get(name, "")
            if is_number(value):
                found = model.objects.restrict(self.request.user, "view").filter(pk=value).first()
                if found is not None:
                    initial[name] = found
        key_issue = initial.get("key_issue")
        if key_issue is not None:
            initial.setdefault("unit_ref", key_issue.unit)
            initial.setdefault("campaign", key_issue.campaign)
        initial["baseline_label"] = gettext("before")
        initial["changed_label"] = gettext("after")
        return initial


class TrialDeleteView(generic.ObjectDeleteView):
    queryset = TRIAL_QS
    success_url = "innovation:trial_list"


class TrialHistoryView(generic.ObjectHistoryView):
    queryset = Trial.objects.all()


class TrialImportView(generic.ScopedView):
    """Observations from a CSV file: every row checked first, all or nothing."""

    queryset = TRIAL_QS
    template_name = "innovation/trial_import.html"

    def get_trial(self):
        trial = self.get_object("view")
        if not is_path_in_scope(self.request.user, Observation, "add", trial.unit.path):
            raise PermissionDenied
        return trial

    def show(self, trial, form, errors=(), status=200):
        return render(
            self.request,
            self.template_name,
            {
                "trial": trial,
                "form": form,
                "errors": errors,
                "columns": trials.COLUMNS,
                "variables": trial.variables.all(),
                "baseline_label": trial.side_label(TrialArm.BASELINE),
                "changed_label": trial.side_label(TrialArm.CHANGED),
            },
            status=status,
        )

    def get(self, request, pk):
        trial = self.get_trial()
        if request.GET.get("template"):
            response = HttpResponse(
                "\ufeff" + trials.template_csv(trial), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="trial-{trial.pk}.csv"'
            return response
        return self.show(trial, forms.ObservationImportForm())

    def post(self, request, pk):
        trial = self.get_trial()
        form = forms.ObservationImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(trial, form, status=400)
        try:
            created, rows = trials.import_csv(trial, form.cleaned_data["file"].read())
        except trials.ObservationsRejected as rejected:
            return self.show(trial, form, rejected.errors, status=400)
        messages.success(
            request,
            gettext("%(rows)s rows read: %(created)s new observations, %(same)s already held.")
            % {"rows": rows, "created": created, "same": rows - created},
        )
        return HttpResponseRedirect(trial.get_absolute_url())


class TrialPartMixin:
    """Variables: made for a trial named by ?trial=, edited with their trial's rights."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NoParent:
            messages.info(request, gettext("Open the trial first, then add to it there."))
            return HttpResponseRedirect(reverse("innovation:trial_list"))

    def trial(self):
        if "pk" in self.kwargs:
            return self.get_object("change").trial
        self.require_anywhere("add")
        trial = parent_from_query(self, Trial, "trial")
        if trial is None:
            raise NoParent
        if not is_path_in_scope(self.request.user, self.model, "add", trial.unit.path):
            raise PermissionDenied
        return trial

    def get_target(self):
        if "pk" in self.kwargs:
            return self.get_object("change")
        return self.model()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "trial": self.trial()}


class NoParent(Exception):
    pass


class TrialVariableEditView(TrialPartMixin, generic.ObjectEditView):
    queryset = VARIABLE_QS
    form_class = forms.TrialVariableForm


class TrialPartDeleteView(generic.ObjectDeleteView):
    """Delete a part of a trial, then go back to the trial's page."""

    def parent_url(self, obj):
        raise NotImplementedError

    def delete_object(self, obj):
        self.back_to = self.parent_url(obj)
        obj.delete()

    def get_success_url(self):
        return self.back_to


class TrialVariableDeleteView(TrialPartDeleteView):
    queryset = VARIABLE_QS

    def parent_url(self, variable):
        return variable.trial.get_absolute_url()


class ObservationDeleteView(TrialPartDeleteView):
    queryset = Observation.objects.select_related("variable__trial__unit")

    def parent_url(self, observation):
        return observation.variable.get_absolute_url()


class VariablePageView(generic.ScopedView):
    """A page of one variable that adds observations to it."""

    queryset = VARIABLE_QS

    def get_variable(self):
        variable = self.get_object("view")
        if not is_path_in_scope(self.request.user, Observation, "add", variable.scope_path()):
            raise PermissionDenied
        return variable


class ObservationEntryView(VariablePageView):
    """The entry grid on a phone: one box of numbers per side."""

    template_name = "innovation/trialvariable_enter.html"

    def show(self, variable, form, status=200):
        trial = variable.trial
        counts = dict(variable.observations.values_list("arm").annotate(n=Count("pk")).order_by())
        return render(
            self.request,
            self.template_name,
            {
                "variable": variable,
                "trial": trial,
                "form": form,
                "baseline_count": counts.get(TrialArm.BASELINE, 0),
                "changed_count": counts.get(TrialArm.CHANGED, 0),
            },
            status=status,
        )

    def get(self, request, pk):
        variable = self.get_variable()
        return self.show(variable, forms.ObservationEntryForm(trial=variable.trial))

    def post(self, request, pk):
        variable = self.get_variable()
        form = forms.ObservationEntryForm(request.POST, trial=variable.trial)
        if not form.is_valid():
            return self.show(variable, form, status=400)
        data = form.cleaned_data
        with transaction.atomic():
            added = trials.add_observations(
                variable,
                TrialArm.BASELINE,
                data["baseline"],
                observed_on=data["observed_on"],
                note=data["note"].strip(),
            )
            added += trials.add_observations(
                variable,
                TrialArm.CHANGED,
                data["changed"],
                observed_on=data["observed_on"],
                note=data["note"].strip(),
            )
        messages.success(
            request,
            gettext("Added %(count)s observations of %(variable)s.")
            % {"count": len(added), "variable": variable.name},
        )
        if request.POST.get("continue"):
            return HttpResponseRedirect(reverse("innovation:trialvariable_enter", args=[pk]))
        return HttpResponseRedirect(variable.get_absolute_url())


class ObservationsFromRecordsView(VariablePageView):
    """A unit's daily totals over two date ranges, taken as the two sides."""

    template_name = "innovation/trialvariable_records.html"

    def show(self, variable, form, status=200):
        return render(
            self.request,
            self.template_name,
            {"variable": variable, "trial": variable.trial, "form": form},
            status=status,
        )

    def make_form(self, variable, data=None):
        trial = variable.trial
        initial = {"unit_ref": trial.unit}
        return forms.RecordsForm(data, initial=initial, user=self.request.user, trial=trial)

    def no_metric(self, variable):
        messages.error(
            self.request,
            gettext("Link the variable to a metric first, so its records can be read."),
        )
        return HttpResponseRedirect(variable.get_absolute_url())

    def get(self, request, pk):
        variable = self.get_variable()
        if variable.metric is None:
            return self.no_metric(variable)
        return self.show(variable, self.make_form(variable))

    def post(self, request, pk):
        variable = self.get_variable()
        if variable.metric is None:
            return self.no_metric(variable)
        form = self.make_form(variable, request.POST)
        if not form.is_valid():
            return self.show(variable, form, status=400)
        unit = form.cleaned_data["unit_ref"]
        baseline_range, changed_range = form.ranges()
        created, baseline_days, changed_days = trials.take_from_records(
            variable, unit, baseline_range, changed_range
        )
        if not baseline_days and not changed_days:
            form.add_error(None, gettext("The records hold no figures on these days."))
            return self.show(variable, form, status=400)
        messages.success(
            request,
            gettext(
                "Read the records of %(baseline)s baseline days and %(changed)s changed days: "
                "%(created)s new observations."
            )
            % {"baseline": baseline_days, "changed": changed_days, "created": created},
        )
        return HttpResponseRedirect(variable.get_absolute_url())


# Regulations


class RegulationListView(generic.ObjectListView):
    queryset = REGULATION_QS.annotate(
        version_count=Count("versions", distinct=True),
        in_force=Max("versions__number", filter=Q(versions__status=VersionStatus.APPROVED)),
    )
    filterset_class = filtersets.RegulationFilterSet
    table_class = tables.RegulationTable
    template_name = "innovation/regulation_list.html"
    select_filters = (("kind", _("Kind"), RegulationKind.choices),)
    carried_params = ("unit",)
    sort_fields = {
        "code": ["code", "title"],
        "title": ["title", "code"],
        "unit": ["unit__path", "code"],
    }
    default_sort = "unit"
    # No role holds the export right on regulations (gexin.innovation.permissions).
    exportable = False


class RegulationDetailView(generic.ObjectDetailView):
    queryset = REGULATION_QS
    body_template = "innovation/_regulation_body.html"

    def extra_context(self, regulation):
        user = self.request.user
        versions = list(
            RegulationVersion.objects.restrict(user, "view")
            .filter(regulation=regulation)
            .select_related("trial", "approved_by")
            .order_by("-number")
        )
        current = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
        draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
        return {
            "versions": versions,
            "current": current,
            "current_clauses": current.ordered_clauses() if current else [],
            "draft": draft,
            "can_revise": draft is None
            and is_path_in_scope(user, RegulationVersion, "add", regulation.unit.path),
        }


class RegulationEditView(generic.ObjectEditView):
    queryset = REGULATION_QS
    form_class = forms.RegulationForm

    def initial_for_create(self):
        unit = find_unit(self.request.GET.get("unit", ""))
        person = own_person(self.request.user)
        if unit is None and person is not None:
            unit = person.unit
        return {"unit_ref": unit} if unit is not None else {}


class RegulationDeleteView(generic.ObjectDeleteView):
    queryset = REGULATION_QS
    success_url = "innovation:regulation_list"


class RegulationHistoryView(generic.ObjectHistoryView):
    queryset = Regulation.objects.all()


class RegulationVersionListView(generic.ObjectListView):
    queryset = VERSION_QS
    filterset_class = filtersets.RegulationVersionFilterSet
    table_class = tables.RegulationVersionTable
    template_name = "innovation/regulationversion_list.html"
    select_filters = (
        ("status", _("Status"), VersionStatus.choices),
        ("awaiting", _("Awaiting approval"), (("true", _("awaiting approval only")),)),
    )
    carried_params = ("unit", "regulation", "campaign", "trial")
    sort_fields = {
        "status": ["status", "-submitted_at"],
        "submitted_at": ["submitted_at", "pk"],
        "approved_on": ["approved_on", "pk"],
    }
    default_sort = "-submitted_at"
    exportable = False


class RegulationVersionDetailView(generic.ObjectDetailView):
    """A version: its clauses compared with the previous version, and its decision."""

    queryset = VERSION_QS
    body_template = "innovation/_regulationversion_body.html"

    def extra_context(self, version):
        user = self.request.user
        previous, changes = regulations.compare_with_previous(version)
        can_change = self.can("change", version)
        return {
            "previous": previous,
            "changes": changes,
            "changed_count": sum(1 for change in changes if change.change != "same"),
            "clauses": version.ordered_clauses(),
            "missing": version.missing_for_decision() if version.is_editable else [],
            "trial_visible": version.trial_id is not None
            and Trial.objects.restrict(user, "view").filter(pk=version.trial_id).exists(),
            "can_change": can_change and version.is_editable,
            "can_delete": self.can("delete", version) and version.status == VersionStatus.DRAFT,
            "can_submit": can_change and version.is_editable,
            "can_decide": version.is_submitted and version.may_decide(user),
            "can_edit_clauses": version.is_editable
            and is_path_in_scope(user, Clause, "change", version.scope_path()),
            "can_add_clause": version.is_editable
            and is_path_in_scope(user, Clause, "add", version.scope_path()),
        }


class RegulationVersionEditView(generic.ObjectEditView):
    """Start a revision (a copy of the clauses in force) or edit a draft's reasons."""

    queryset = VERSION_QS
    form_class = forms.RegulationVersionForm

    def get_target(self):
        version = super().get_target()
        if version.pk and not version.is_editable:
            try:
                version.check_editable()
            except ValidationError as error:
                raise PermissionDenied(" ".join(error.messages)) from None
        return version

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" not in self.kwargs:
            kwargs["regulation"] = parent_from_query(self, Regulation, "regulation")
        return kwargs

    def initial_for_create(self):
        initial = {}
        for name, model in (("trial", Trial), ("key_issue", KeyIssue), ("campaign", Campaign)):
            value = self.request.GET.get(name, "")
            if is_number(value):
                found = model.objects.restrict(self.request.user, "view").filter(pk=value).first()
                if found is not None:
                    initial[name] = found
        return initial

    def success_message(self, version, created):
        if created:
            return gettext(
                "Version %(number)s is drafted from the clauses in force: change them clause "
                "by clause, then submit it for approval."
            ) % {"number": version.number}
        return super().success_message(version, created)


class RegulationVersionDeleteView(generic.ObjectDeleteView):
    queryset = VERSION_QS

    def get_object(self, action="view"):
        version = super().get_object(action)
        if action == "delete" and version.status != VersionStatus.DRAFT:
            raise PermissionDenied(
                gettext("Only a draft can be deleted; a decided version stays on record.")
            )
        return version

    def delete_object(self, version):
        self.regulation_url = version.regulation.get_absolute_url()
        version.delete()

    def get_success_url(self):
        return self.regulation_url


class RegulationVersionHistoryView(generic.ObjectHistoryView):
    queryset = RegulationVersion.objects.all()


class RegulationVersionSubmitView(generic.ScopedView):
    """POST: submit a draft for approval (refused while it lacks reason or evidence)."""

    queryset = VERSION_QS

    def get(self, request, pk):
        return HttpResponseRedirect(self.get_object("view").get_absolute_url())

    def post(self, request, pk):
        version = self.get_object("change")
        try:
            with transaction.atomic():
                version.submit(request.user)
        except ValidationError as error:
            return refuse(request, error, version.get_absolute_url())
        messages.success(request, gettext("Submitted for approval."))
        return HttpResponseRedirect(version.get_absolute_url())


class RegulationVersionDecisionView(generic.ScopedView):
    """Approve or reject a submitted revision, with a note (required to reject)."""

    queryset = VERSION_QS
    template_name = "innovation/regulationversion_decide.html"
    approving = True

    def get_version(self):
        version = self.get_object("view")
        if not version.may_decide(self.request.user):
            raise PermissionDenied
        return version

    def show(self, version, form, status=200):
        previous, changes = regulations.compare_with_previous(version)
        return render(
            self.request,
            self.template_name,
            {
                "version": version,
                "form": form,
                "approving": self.approving,
                "previous": previous,
                "changes": [change for change in changes if change.change != "same"],
            },
            status=status,
        )

    def get(self, request, pk):
        version = self.get_version()
        if not version.is_submitted:
            messages.info(request, gettext("Only a version submitted for approval is decided on."))
            return HttpResponseRedirect(version.get_absolute_url())
        return self.show(version, forms.DecisionForm(required=not self.approving))

    def post(self, request, pk):
        version = self.get_version()
        form = forms.DecisionForm(request.POST, required=not self.approving)
        if not form.is_valid():
            return self.show(version, form, status=400)
        try:
            with transaction.atomic():
                if self.approving:
                    version.approve(request.user, form.cleaned_data["note"])
                else:
                    version.reject(request.user, form.cleaned_data["note"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.show(version, form, status=400)
        if self.approving:
            messages.success(
                request,
                gettext("Version %(number)s is approved and in force.")
                % {"number": version.number},
            )
        else:
            messages.success(request, gettext("The revision is rejected."))
        return HttpResponseRedirect(version.get_absolute_url())


class RegulationVersionApproveView(RegulationVersionDecisionView):
    approving = True


class RegulationVersionRejectView(RegulationVersionDecisionView):
    approving = False


class ClauseEditView(generic.ObjectEditView):
    """A clause of a draft version; other versions keep their clauses."""

    queryset = CLAUSE_QS
    form_class = forms.ClauseForm

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NoParent:
            messages.info(request, gettext("Open the version first, then add to it there."))
            return HttpResponseRedirect(reverse("innovation:regulation_list"))
        except ValidationError as error:
            return refuse(request, error, self.locked_url)

    def version(self):
        if "pk" in self.kwargs:
            version = self.get_object("change").version
        else:
            self.require_anywhere("add")
            version = parent_from_query(self, RegulationVersion, "version")
            if version is None:
                raise NoParent
            if not is_path_in_scope(self.request.user, Clause, "add", version.scope_path()):
                raise PermissionDenied
        self.locked_url = version.get_absolute_url()
        version.check_editable()
        return version

    def get_target(self):
        if "pk" in self.kwargs:
            return self.get_object("change")
        return self.model()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "version": self.version()}


class ClauseDeleteView(generic.ObjectDeleteView):
    queryset = CLAUSE_QS

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ValidationError as error:
            return refuse(request, error, self.locked_url)

    def get_object(self, action="view"):
        clause = super().get_object(action)
        self.locked_url = clause.version.get_absolute_url()
        if action == "delete":
            clause.version.check_editable()
        return clause

    def delete_object(self, clause):
        self.version_url = clause.version.get_absolute_url()
        clause.delete()

    def get_success_url(self):
        return self.version_url
