"""Pages for metrics, plans, pledges, conditions, records and record batches."""

import datetime
import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gexin.core import audit
from gexin.core import views as generic
from gexin.core.concurrency import StaleEdit, lock
from gexin.core.permissions import has_action_anywhere, is_path_in_scope
from gexin.org.filtersets import find_unit, is_number
from gexin.org.models import Person, Unit
from gexin.plans import filtersets, forms, importing, records, services, tables
from gexin.plans.choices import (
    ImportSource,
    MetricKind,
    PeriodKind,
    PlanStatus,
    Shift,
)
from gexin.plans.models import (
    Condition,
    ImportBatch,
    Metric,
    Plan,
    PlanTarget,
    Pledge,
    Record,
)


def state_token(rows):
    """A short token of the stored state a form was opened on (see `StaleForm`)."""
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()[:16]


def targets_token(plan):
    return state_token(plan.targets.values_list("metric_id", "value"))


def breakdown_token(rows):
    """The stored targets of the plans below, as the breakdown page shows them."""
    return state_token(
        [
            (child.pk, metric_id, str(value))
            for child, _plan, values in rows
            for metric_id, value in values.items()
        ]
    )


def shift_token(unit, day, shift):
    return state_token(
        Record.objects.filter(unit=unit, day=day, shift=shift).values_list(
            "metric_id", "person_id", "value_milli"
        )
    )


STALE_MESSAGE = _(
    "Someone else saved changes here after you opened this page. Nothing was saved: "
    "check the current figures below and save again."
)


STALE_TARGETS = _(
    "Someone else changed this plan's targets after you opened this page, so nothing was "
    "saved. Your figures are kept below and the stored targets are listed: check them, then "
    "save again to replace them with yours."
)


STALE_BREAKDOWN = _(
    "Someone else changed the plans of the units below after you opened this page, so "
    "nothing was saved. Your figures are kept below: check the stored ones on the plan's "
    "page, then save again to replace them with yours."
)


def plain(value):
    """1234.500 -> '1234.5', for an input the user edits; None -> ''."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# Metrics


class MetricListView(generic.ObjectListView):
    queryset = Metric.objects.select_related("numerator", "denominator")
    filterset_class = filtersets.MetricFilterSet
    table_class = tables.MetricTable
    template_name = "plans/metric_list.html"
    select_filters = (("kind", _("Kind"), MetricKind.choices),)
    sort_fields = {"name": ["name"], "code": ["code"], "kind": ["kind", "code"]}
    default_sort = "code"


class MetricDetailView(generic.ObjectDetailView):
    queryset = Metric.objects.select_related("numerator", "denominator")
    body_template = "plans/_metric_body.html"

    def extra_context(self, metric):
        used_in = Metric.objects.filter(Q(numerator=metric) | Q(denominator=metric))
        return {"used_in": used_in, "factor": plain(metric.factor)}


class MetricEditView(generic.ObjectEditView):
    queryset = Metric.objects.all()
    form_class = forms.MetricForm


class MetricDeleteView(generic.ObjectDeleteView):
    queryset = Metric.objects.all()
    success_url = "plans:metric_list"

    def delete_object(self, metric):
        from django.db.models import ProtectedError

        if Record.objects.filter(metric=metric).exists():
            raise ProtectedError("records exist", set())
        metric.delete()


class MetricHistoryView(generic.ObjectHistoryView):
    queryset = Metric.objects.all()


# Plans


def quantity_first(metrics):
    return sorted(metrics, key=lambda m: (m.kind != MetricKind.QUANTITY, m.code))


class PlanListView(generic.ObjectListView):
    queryset = Plan.objects.select_related("unit").annotate(target_count=Count("targets"))
    filterset_class = filtersets.PlanFilterSet
    table_class = tables.PlanTable
    template_name = "plans/plan_list.html"
    select_filters = (
        ("period_kind", _("Period"), PeriodKind.choices),
        ("status", _("Status"), PlanStatus.choices),
    )
    carried_params = ("unit", "within", "year", "covers")
    sort_fields = {
        "unit": ["unit__path", "-start"],
        "start": ["start", "unit__path"],
        "status": ["status", "-start"],
    }
    default_sort = "-start"


class PlanDetailView(generic.ObjectDetailView):
    queryset = Plan.objects.select_related("unit")
    body_template = "plans/_plan_body.html"

    def extra_context(self, plan):
        user = self.request.user
        targets = list(plan.targets.select_related("metric").order_by("metric__code"))
        metrics, rows, sums, mismatches = services.breakdown(plan)
        visible_children = set(
            Unit.objects.restrict(user, "view")
            .filter(parent=plan.unit)
            .values_list("pk", flat=True)
        )
        breakdown_rows = [
            (child, child_plan, [values.get(metric.pk) for metric in metrics])
            for child, child_plan, values in rows
            if child.pk in visible_children
        ]
        can_change = is_path_in_scope(user, Plan, "change", plan.unit.path)
        return {
            "targets": targets,
            "is_leap": any(target.is_revised for target in targets),
            "breakdown_metrics": metrics,
            "breakdown_rows": breakdown_rows,
            "breakdown_sums": [sums[metric.pk] for metric in metrics],
            "breakdown_parent": [
                next(t.value for t in targets if t.metric_id == metric.pk) for metric in metrics
            ],
            "mismatches": [
                (metric, mismatches[metric.pk]) for metric in metrics if metric.pk in mismatches
            ],
            "pledges": services.pledge_fulfilment(plan),
            "period_over": plan.end < datetime.date.today(),
            "group_conditions": plan.conditions.filter(pledge__isnull=True),
            "can_change_targets": can_change,
            "can_breakdown": bool(rows)
            and any(is_path_in_scope(user, Plan, "add", child.path) for child, _p, _v in rows),
            "can_add_pledge": is_path_in_scope(user, Pledge, "add", plan.unit.path),
            "can_add_condition": is_path_in_scope(user, Condition, "add", plan.unit.path),
            "fulfilment_url": reverse("plans:unit_fulfilment", args=[plan.unit_id])
            + f"?start={plan.start.isoformat()}&end={plan.end.isoformat()}",
        }


class PlanEditView(generic.ObjectEditView):
    queryset = Plan.objects.select_related("unit")
    form_class = forms.PlanForm

    def initial_for_create(self):
        addable = Unit.objects.where_user_holds(self.request.user, "plans.add_plan")
        unit = find_unit(self.request.GET.get("unit"), addable)
        initial = {"unit_ref": unit.code} if unit else {}
        kind = self.request.GET.get("period_kind")
        if kind in PeriodKind.values:
            initial["period_kind"] = kind
        return initial


class PlanDeleteView(generic.ObjectDeleteView):
    queryset = Plan.objects.select_related("unit")
    success_url = "plans:plan_list"


class PlanHistoryView(generic.ObjectHistoryView):
    queryset = Plan.objects.all()


class PlanTargetsView(generic.ScopedView):
    """Set or revise all of a plan's targets on one page."""

    queryset = Plan.objects.select_related("unit")
    template_name = "plans/plan_targets.html"

    def get(self, request, pk):
        plan = self.get_object("change")
        return self.render_form(plan, self.make_form(plan))

    def post(self, request, pk):
        plan = self.get_object("change")
        form = self.make_form(plan, request.POST)
        if form.is_valid():
            try:
                with (
                    transaction.atomic(),
                    audit.audit_reason(form.cleaned_data.get("revision_note", "")),
                ):
                    # Every change of targets locks the plan first (services.set_targets).
                    lock(plan)
                    opened_on = request.POST.get("token")
                    if opened_on is not None and opened_on != targets_token(plan):
                        raise StaleEdit
                    changed = services.set_targets(
                        plan,
                        form.values(),
                        revision_note=form.cleaned_data.get("revision_note", ""),
                    )
            except StaleEdit:
                form.add_error(None, STALE_TARGETS)
                return self.render_form(plan, form, status=409, stale=True)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    gettext("Saved %(count)s target(s) of %(plan)s.")
                    % {"count": len(changed), "plan": plan},
                )
                return HttpResponseRedirect(plan.get_absolute_url())
        return self.render_form(plan, form, status=400)

    def make_form(self, plan, data=None):
        return forms.TargetsForm(data, plan=plan, metrics=quantity_first(Metric.objects.all()))

    def render_form(self, plan, form, status=200, stale=False):
        context = {"plan": plan, "form": form, "token": targets_token(plan), "stale": stale}
        if stale:
            context["stored_targets"] = plan.targets.select_related("metric").order_by(
                "metric__code"
            )
        return render(self.request, self.template_name, context, status=status)


class PlanAdoptView(generic.ScopedView):
    queryset = Plan.objects.select_related("unit")
    template_name = "plans/plan_adopt.html"

    def get(self, request, pk):
        plan = self.get_object("change")
        form = forms.AdoptForm(initial={"adopted_on": datetime.date.today()})
        return render(request, self.template_name, {"plan": plan, "form": form})

    def post(self, request, pk):
        plan = self.get_object("change")
        form = forms.AdoptForm(request.POST)
        if form.is_valid():
            try:
                services.adopt(
                    plan, form.cleaned_data["adopted_on"], form.cleaned_data["adoption_note"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, gettext("Adopted %(plan)s.") % {"plan": plan})
                return HttpResponseRedirect(plan.get_absolute_url())
        return render(request, self.template_name, {"plan": plan, "form": form}, status=400)


class PlanAssembleView(generic.ScopedView):
    """POST: a draft plan's quantity targets become the sum of its pledges."""

    queryset = Plan.objects.select_related("unit")

    def get(self, request, pk):
        return HttpResponseRedirect(self.get_object("view").get_absolute_url())

    def post(self, request, pk):
        plan = self.get_object("change")
        try:
            with audit.audit_reason(gettext("assembled from the pledges")):
                values = services.assemble(plan)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                gettext("Set %(count)s target(s) to the sum of the pledges.")
                % {"count": len(values)},
            )
        return HttpResponseRedirect(plan.get_absolute_url())


class NothingToBreakDown(Exception):
    pass


class PlanBreakdownView(generic.ScopedView):
    """Split a plan among the units directly below (the national plan among provinces)."""

    queryset = Plan.objects.select_related("unit")
    template_name = "plans/plan_breakdown.html"

    def allowed_rows(self, plan):
        user = self.request.user
        metrics, rows, sums, mismatches = services.breakdown(plan)
        if not rows:
            raise NothingToBreakDown(gettext("No units are directly below this plan's unit."))
        if not metrics:
            raise NothingToBreakDown(
                gettext("Set quantity targets on this plan before breaking it down.")
            )
        rows = [row for row in rows if is_path_in_scope(user, Plan, "add", row[0].path)]
        if not rows:
            raise PermissionDenied
        return metrics, rows

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except NothingToBreakDown as reason:
            messages.info(request, str(reason))
            return HttpResponseRedirect(reverse("plans:plan_detail", args=[kwargs["pk"]]))

    def get(self, request, pk):
        plan = self.get_object("view")
        metrics, rows = self.allowed_rows(plan)
        form = forms.BreakdownForm(rows=rows, metrics=metrics)
        return self.render_form(plan, form)

    def post(self, request, pk):
        plan = self.get_object("view")
        metrics, rows = self.allowed_rows(plan)
        form = forms.BreakdownForm(request.POST, rows=rows, metrics=metrics)
        opened_on = request.POST.get("token")
        if form.is_valid():
            note = form.cleaned_data.get("revision_note", "")
            try:
                with transaction.atomic(), audit.audit_reason(note):
                    if opened_on is not None:
                        self.check_unchanged(plan, rows, opened_on)
                    services.save_breakdown(plan, form.values(), revision_note=note)
            except StaleEdit:
                form.add_error(None, STALE_BREAKDOWN)
                return self.render_form(plan, form, status=409)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, gettext("Saved the breakdown of %(plan)s.") % {"plan": plan}
                )
                return HttpResponseRedirect(plan.get_absolute_url())
        return self.render_form(plan, form, status=400, token=opened_on)

    def check_unchanged(self, plan, rows, opened_on):
        """Lock the plan and the plans below, then refuse if their targets changed."""
        lock(plan)
        below = [child_plan.pk for _child, child_plan, _values in rows if child_plan]
        list(Plan.objects.select_for_update().filter(pk__in=below).order_by("pk"))
        if opened_on != breakdown_token(self.allowed_rows(plan)[1]):
            raise StaleEdit

    def render_form(self, plan, form, status=200, token=None):
        targets = {t.metric_id: t.value for t in plan.targets.all()}
        return render(
            self.request,
            self.template_name,
            {
                "plan": plan,
                "form": form,
                "parent_targets": [(m, targets.get(m.pk)) for m in form.metrics],
                "token": token or breakdown_token(self.allowed_rows(plan)[1]),
            },
            status=status,
        )


# Pledges


class PledgeListView(generic.ObjectListView):
    queryset = Pledge.objects.select_related("plan__unit", "person").annotate(
        target_count=Count("targets")
    )
    filterset_class = filtersets.PledgeFilterSet
    table_class = tables.PledgeTable
    template_name = "plans/pledge_list.html"
    carried_params = ("plan", "person")
    sort_fields = {
        "person": ["person__name", "-plan__start"],
        "plan": ["-plan__start", "plan__unit__path", "person__name"],
    }
    default_sort = "plan"


class PledgeDetailView(generic.ObjectDetailView):
    queryset = Pledge.objects.select_related("plan__unit", "person")
    body_template = "plans/_pledge_body.html"

    def extra_context(self, pledge):
        lines = []
        for candidate, pledge_lines in services.pledge_fulfilment(pledge.plan):
            if candidate.pk == pledge.pk:
                lines = pledge_lines
        return {
            "lines": lines,
            "conditions": pledge.conditions.all(),
            "can_add_condition": is_path_in_scope(
                self.request.user, Condition, "add", pledge.plan.unit.path
            ),
            "can_delete_condition": is_path_in_scope(
                self.request.user, Condition, "delete", pledge.plan.unit.path
            ),
        }


class ChoosePlanFirst(Exception):
    """A pledge or condition was opened without naming its plan."""


class ChoosePlanFirstMixin:
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except ChoosePlanFirst:
            messages.info(request, gettext("Open the plan first, then add to it from its page."))
            return HttpResponseRedirect(reverse("plans:plan_list"))


class PledgeEditView(ChoosePlanFirstMixin, generic.ObjectEditView):
    queryset = Pledge.objects.select_related("plan__unit", "person")
    form_class = forms.PledgeForm

    def plan(self):
        if "pk" in self.kwargs:
            return self.get_object("change").plan
        plan_id = self.request.GET.get("plan") or self.request.POST.get("plan")
        if not plan_id:
            raise ChoosePlanFirst
        plan = (
            Plan.objects.restrict(self.request.user, "view").filter(pk=plan_id).first()
            if is_number(str(plan_id or ""))
            else None
        )
        if plan is None:
            raise Http404
        if not is_path_in_scope(self.request.user, Pledge, "add", plan.unit.path):
            raise PermissionDenied
        return plan

    def get_form_kwargs(self):
        plan = self.plan()
        metrics = [target.metric for target in plan.targets.select_related("metric")]
        if not metrics:
            metrics = list(Metric.objects.filter(kind=MetricKind.QUANTITY))
        return {**super().get_form_kwargs(), "plan": plan, "metrics": quantity_first(metrics)}


class PledgeDeleteView(generic.ObjectDeleteView):
    queryset = Pledge.objects.select_related("plan__unit", "person")

    def get_success_url(self):
        return self.object_plan_url

    def delete_object(self, pledge):
        self.object_plan_url = pledge.plan.get_absolute_url()
        pledge.delete()


class PledgeHistoryView(generic.ObjectHistoryView):
    queryset = Pledge.objects.all()


# Conditions


class ConditionEditView(ChoosePlanFirstMixin, generic.ObjectEditView):
    queryset = Condition.objects.select_related("plan__unit", "pledge")
    form_class = forms.ConditionForm

    def save_form(self, form):
        condition = form.save(commit=False)
        if condition.pk is None:
            condition.plan, condition.pledge = self.owner()
        condition.save()
        return condition

    def owner(self):
        params = self.request.GET if self.request.method == "GET" else self.request.POST
        plan_id = params.get("plan") or self.request.GET.get("plan")
        pledge_id = params.get("pledge") or self.request.GET.get("pledge")
        user = self.request.user
        pledge = None
        if is_number(str(pledge_id or "")):
            pledge = Pledge.objects.restrict(user, "view").filter(pk=pledge_id).first()
            if pledge is None:
                raise Http404
            plan = pledge.plan
        elif is_number(str(plan_id or "")):
            plan = Plan.objects.restrict(user, "view").filter(pk=plan_id).first()
            if plan is None:
                raise Http404
        else:
            raise ChoosePlanFirst
        if not is_path_in_scope(user, Condition, "add", plan.unit.path):
            raise PermissionDenied
        return plan, pledge

    def get_target(self):
        if "pk" not in self.kwargs:
            self.require_anywhere("add")
            self.owner()
        return super().get_target()


class ConditionDeleteView(generic.ObjectDeleteView):
    queryset = Condition.objects.select_related("plan", "pledge")

    def delete_object(self, condition):
        self.owner_url = condition.get_absolute_url()
        condition.delete()

    def get_success_url(self):
        return self.owner_url


# Records


class RecordListView(generic.ObjectListView):
    queryset = Record.objects.select_related("unit", "metric", "person")
    filterset_class = filtersets.RecordFilterSet
    table_class = tables.RecordTable
    template_name = "plans/record_list.html"
    select_filters = (("shift", _("Shift"), Shift.choices),)
    carried_params = ("unit", "within", "metric", "person", "start", "end", "batch")
    sort_fields = {
        "day": ["day", "unit__path", "shift"],
        "shift": ["shift", "-day"],
        "unit": ["unit__path", "-day", "shift"],
        "metric": ["metric__code", "-day"],
    }
    default_sort = "-day"


class RecordDeleteView(generic.ScopedView):
    queryset = Record.objects.select_related("unit", "metric", "person")
    template_name = "plans/record_delete.html"

    def get(self, request, pk):
        record = self.get_object("delete")
        return render(request, self.template_name, {"record": record})

    def post(self, request, pk):
        record = self.get_object("delete")
        records.delete_records([record], user=request.user)
        messages.success(request, gettext("Deleted the record."))
        return HttpResponseRedirect(
            self.return_url(reverse("plans:record_list") + f"?unit={record.unit.code}")
        )


class RecordGridView(generic.ScopedView):
    """A shift's figures for one unit on a phone: one row per metric, or per person."""

    queryset = Record.objects.all()
    template_name = "plans/record_grid.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require_anywhere("add")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        data = request.GET if request.GET.get("unit") else None
        head = forms.GridForm(data, user=request.user, initial=self.initial())
        context = {"head": head}
        if data is not None and head.is_valid():
            context.update(self.grid(head.cleaned_data))
        return render(request, self.template_name, context)

    def initial(self):
        from gexin.org.backends import own_person

        person = own_person(self.request.user)
        initial = {"day": datetime.date.today(), "shift": Shift.FIRST}
        if person is not None:
            initial["unit"] = person.unit.code
        return initial

    def metrics_for(self, unit):
        """Quantity metrics the unit plans or has recorded; all of them for a new unit."""
        planned = PlanTarget.objects.filter(plan__unit=unit).values_list("metric", flat=True)
        recorded = Record.objects.filter(unit=unit).values_list("metric", flat=True)[:1000]
        ids = set(planned) | set(recorded)
        quantity = Metric.objects.filter(kind=MetricKind.QUANTITY)
        chosen = list(quantity.filter(pk__in=ids)) if ids else []
        return chosen or list(quantity)

    def grid(self, head):
        unit, day, shift = head["unit"], head["day"], head["shift"]
        by_person = self.request.GET.get("by") == "person"
        metrics = self.metrics_for(unit)
        existing = {
            (record.metric_id, record.person_id): record.value
            for record in Record.objects.filter(unit=unit, day=day, shift=shift)
        }
        rows = []
        if by_person:
            metric = next(
                (m for m in metrics if m.code == self.request.GET.get("metric")),
                metrics[0] if metrics else None,
            )
            if metric is None:
                raise Http404
            people = Person.objects.filter(unit=unit, is_active=True).order_by("name")
            for person in people:
                rows.append(
                    {
                        "name": f"p{person.pk}_{metric.code}",
                        "label": person.display_name,
                        "hint": person.employee_number,
                        "unit_of_measure": metric.display_unit,
                        "value": plain(existing.get((metric.pk, person.pk))),
                    }
                )
            context_metric = metric
        else:
            for metric in metrics:
                rows.append(
                    {
                        "name": f"m_{metric.code}",
                        "label": metric.display_name,
                        "hint": metric.code,
                        "unit_of_measure": metric.display_unit,
                        "value": plain(existing.get((metric.pk, None))),
                    }
                )
            context_metric = None
        return {
            "unit": unit,
            "day": day,
            "shift": shift,
            "rows": rows,
            "by_person": by_person,
            "metric": context_metric,
            "metrics": metrics,
            "fulfilment_url": reverse("plans:unit_fulfilment", args=[unit.pk]),
            "token": shift_token(unit, day, shift),
        }

    def post(self, request):
        head = forms.GridForm(request.POST, user=request.user)
        if not head.is_valid():
            return render(request, self.template_name, {"head": head}, status=400)
        unit, day, shift = (head.cleaned_data[k] for k in ("unit", "day", "shift"))
        if request.POST.get("token") and request.POST["token"] != shift_token(unit, day, shift):
            messages.error(request, STALE_MESSAGE)
            context = {"head": head, **self.grid(head.cleaned_data)}
            return render(request, self.template_name, context, status=409)
        metrics = {metric.code: metric for metric in self.metrics_for(unit)}
        people = {p.pk: p for p in Person.objects.filter(unit=unit)}
        rows, cleared = [], []
        for name, value in request.POST.items():
            if name.startswith("m_") and name[2:] in metrics:
                metric, person = metrics[name[2:]], None
            elif name.startswith("p") and "_" in name:
                person_id, _sep, code = name[1:].partition("_")
                if not is_number(person_id) or int(person_id) not in people or code not in metrics:
                    continue
                metric, person = metrics[code], people[int(person_id)]
            else:
                continue
            if value.strip() == "":
                cleared.append((metric, person))
                continue
            rows.append(
                {
                    "unit": unit.code,
                    "day": day.isoformat(),
                    "shift": str(shift),
                    "metric": metric.code,
                    "person": person.employee_number if person else "",
                    "value": value,
                    "label": person.display_name if person else metric.display_name,
                }
            )
        numbered = list(enumerate(rows, 1))
        try:
            with transaction.atomic():
                created = updated = 0
                if numbered:  # only cleared figures: no batch of new ones
                    result = records.import_rows(
                        numbered, user=request.user, source=ImportSource.GRID
                    )
                    created, updated = result.created, result.updated
                stale = Record.objects.filter(unit=unit, day=day, shift=shift)
                to_delete = [
                    record
                    for record in stale
                    if any(
                        record.metric_id == metric.pk
                        and record.person_id == (person.pk if person else None)
                        for metric, person in cleared
                    )
                ]
                if to_delete:
                    records.delete_records(to_delete, user=request.user)
        except records.RecordsRejected as rejected:
            labels = {number: row["label"] for number, row in numbered}
            for error in rejected.errors:
                messages.error(
                    request, f"{labels.get(error.row, '')}: {error.reason} ({error.value})"
                )
            context = {"head": head, **self.grid(head.cleaned_data)}
            posted = request.POST
            for row in context["rows"]:
                row["value"] = posted.get(row["name"], row["value"])
            return render(request, self.template_name, context, status=400)
        messages.success(
            request,
            gettext(
                "Saved the figures of %(unit)s for %(day)s, %(shift)s: "
                "%(created)s new, %(updated)s changed, %(deleted)s cleared."
            )
            % {
                "unit": unit.display_name,
                "day": day.isoformat(),
                "shift": Shift(shift).label,
                "created": created,
                "updated": updated,
                "deleted": len(to_delete),
            },
        )
        query = f"?unit={unit.code}&day={day.isoformat()}&shift={shift}"
        if request.GET.get("by") == "person" or request.POST.get("by") == "person":
            query += "&by=person&metric=" + request.POST.get("metric", "")
        return HttpResponseRedirect(reverse("plans:record_grid") + query)


class RecordImportView(generic.ScopedView):
    """Upload a CSV or XLSX of records: all rows are written, or none and every error shown."""

    queryset = Record.objects.all()
    template_name = "plans/record_import.html"

    def get(self, request):
        self.require_anywhere("add")
        if request.GET.get("template"):
            response = HttpResponse(importing.write_template(), content_type="text/csv")
            response["Content-Disposition"] = 'attachment; filename="gexin-records.csv"'
            return response
        return render(request, self.template_name, {"form": forms.ImportForm()})

    def post(self, request):
        self.require_anywhere("add")
        form = forms.ImportForm(request.POST, request.FILES)
        context = {"form": form}
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > importing.max_bytes():
                    importing.too_large(upload.name)
                rows = importing.read(upload.name, upload.read())
                result = records.import_rows(
                    rows, user=request.user, source=ImportSource.FILE, file_name=upload.name
                )
            except records.RecordsRejected as rejected:
                context["errors"] = rejected.errors
                context["error_limit"] = records.MAX_ERRORS
                return render(request, self.template_name, context, status=400)
            messages.success(
                request,
                gettext(
                    "Imported %(rows)s rows from %(file)s: %(created)s new, %(updated)s changed, "
                    "%(unchanged)s unchanged."
                )
                % {
                    "rows": result.rows,
                    "file": upload.name,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
            )
            return HttpResponseRedirect(result.batch.get_absolute_url())
        return render(request, self.template_name, context, status=400)


class RequiresRecords:
    """Batches are shared, but only with those who may see some records."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_action_anywhere(request.user, Record, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ImportBatchListView(RequiresRecords, generic.ObjectListView):
    queryset = ImportBatch.objects.select_related("user")
    filterset_class = filtersets.ImportBatchFilterSet
    table_class = tables.ImportBatchTable
    template_name = "plans/importbatch_list.html"
    select_filters = ()
    sort_fields = {"created": ["created"]}
    default_sort = "-created"


class ImportBatchDetailView(RequiresRecords, generic.ObjectDetailView):
    queryset = ImportBatch.objects.select_related("user")
    body_template = "plans/_importbatch_body.html"

    def extra_context(self, batch):
        visible = Record.objects.restrict(self.request.user, "view").filter(batch=batch)
        return {
            "records_table": tables.RecordTable(
                visible.select_related("unit", "metric", "person").order_by("day", "shift")[:50]
            ),
            "visible_count": visible.count(),
        }
