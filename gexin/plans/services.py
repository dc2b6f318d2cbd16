"""Changes to plans and pledges, each in one transaction with its audit trail."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from gexin.core.concurrency import lock, touch
from gexin.core.permissions import under
from gexin.org.models import Unit
from gexin.plans import periods
from gexin.plans.choices import MetricKind, PlanStatus
from gexin.plans.models import Metric, Plan, PlanTarget, PledgeTarget, Record, from_milli


def clean_period(unit, period_kind, start, plan=None):
    """The period's first day; refuses a second plan of the same unit and period."""
    start = periods.period_start(period_kind, start)
    clash = Plan.objects.filter(unit=unit, period_kind=period_kind, start=start)
    if plan is not None and plan.pk:
        clash = clash.exclude(pk=plan.pk)
    if clash.exists():
        raise ValidationError(
            _("%(unit)s already has a plan for %(period)s.")
            % {"unit": unit.display_name, "period": periods.period_label(period_kind, start)}
        )
    return start


@transaction.atomic
def set_targets(plan, values, *, revision_note="", today=None):
    """Set the plan's targets from {metric: Decimal or None}.

    While the plan is a draft a change replaces the target. Once adopted, a change is
    a revision (a leap plan): the original target stays beside the new one, and the
    reason is required. None removes a target (drafts only).
    """
    today = today or datetime.date.today()
    # Locked and read again: whether the plan is adopted decides what a change means.
    lock(plan)
    existing = {target.metric_id: target for target in plan.targets.all()}
    changed = []
    for metric, value in values.items():
        target = existing.get(metric.pk)
        if value is None:
            if target is not None:
                if plan.is_adopted:
                    raise ValidationError(
                        _("An adopted plan's target cannot be removed; revise it instead.")
                    )
                target.delete()
                changed.append(metric)
            continue
        if target is None:
            PlanTarget.objects.create(plan=plan, metric=metric, original=value, value=value)
            changed.append(metric)
        elif target.value != value:
            if plan.is_adopted:
                if not revision_note.strip():
                    raise ValidationError(
                        _("Give the reason for revising an adopted plan's targets.")
                    )
                target.value = value
                target.revised_on = today
                target.revision_note = revision_note.strip()[:300]
            else:
                target.original = target.value = value
            target.save()
            changed.append(metric)
    if changed:
        touch(plan)  # the targets are part of the plan's version
    return changed


@transaction.atomic
def adopt(plan, adopted_on, note=""):
    lock(plan)  # never save back fields someone changed since the plan was read
    if not plan.targets.exists():
        raise ValidationError(_("A plan without targets cannot be adopted."))
    plan.status = PlanStatus.ADOPTED
    plan.adopted_on = adopted_on
    plan.adoption_note = note
    plan.save()
    return plan


@transaction.atomic
def assemble(plan):
    """Set a draft plan's quantity targets to the sum of its members' pledges.

    Ratios are not summed: the group sets those itself.
    """
    if plan.is_adopted:
        raise ValidationError(_("The plan is adopted; revise its targets instead."))
    sums = (
        PledgeTarget.objects.filter(pledge__plan=plan, metric__kind=MetricKind.QUANTITY)
        .values("metric")
        .annotate(total=Sum("value"))
    )
    metrics = Metric.objects.in_bulk([row["metric"] for row in sums])
    values = {metrics[row["metric"]]: row["total"] for row in sums}
    if not values:
        raise ValidationError(_("No pledge has a quantity target to add up yet."))
    set_targets(plan, values)
    return values


def child_plans(plan):
    """The plans of the unit's direct children for the same period, by child unit."""
    children = list(Unit.objects.filter(parent=plan.unit).order_by("path"))
    plans = {
        child_plan.unit_id: child_plan
        for child_plan in Plan.objects.filter(
            unit__in=children, period_kind=plan.period_kind, start=plan.start
        ).prefetch_related("targets")
    }
    return children, plans


def breakdown(plan):
    """How the plan is split among the units below: rows, sums and mismatches per metric.

    Returns (metrics, rows, sums, mismatches): rows are (child, child plan or None,
    {metric_id: target}); quantities only, since ratios do not add up.
    """
    metrics = [
        target.metric
        for target in plan.targets.select_related("metric")
        if target.metric.kind == MetricKind.QUANTITY
    ]
    parent_values = {target.metric_id: target.value for target in plan.targets.all()}
    children, plans = child_plans(plan)
    rows = []
    sums = {metric.pk: Decimal(0) for metric in metrics}
    counted = {metric.pk: 0 for metric in metrics}
    for child in children:
        child_plan = plans.get(child.pk)
        values = {}
        if child_plan is not None:
            values = {target.metric_id: target.value for target in child_plan.targets.all()}
        for metric in metrics:
            if metric.pk in values:
                sums[metric.pk] += values[metric.pk]
                counted[metric.pk] += 1
        rows.append((child, child_plan, values))
    mismatches = {
        metric.pk: sums[metric.pk] - parent_values[metric.pk]
        for metric in metrics
        if counted[metric.pk] and sums[metric.pk] != parent_values[metric.pk]
    }
    return metrics, rows, sums, mismatches


@transaction.atomic
def save_breakdown(plan, values_by_child, *, revision_note=""):
    """Create or update the children's plans from {child unit: {metric: value}}."""
    children, plans = child_plans(plan)
    allowed = {child.pk for child in children}
    for child, values in values_by_child.items():
        if child.pk not in allowed:
            raise ValidationError(
                _("%(unit)s is not directly below this plan's unit.") % {"unit": child.display_name}
            )
        if not any(value is not None for value in values.values()) and child.pk not in plans:
            continue
        child_plan = plans.get(child.pk)
        if child_plan is None:
            child_plan = Plan.objects.create(
                unit=child, period_kind=plan.period_kind, start=plan.start, title=plan.title
            )
        set_targets(child_plan, values, revision_note=revision_note)


def pledge_fulfilment(plan):
    """Per pledge and metric: (target, actual, percent) from the person's own records."""
    pledges = list(
        plan.pledges.select_related("person").prefetch_related("targets__metric", "conditions")
    )
    if not pledges:
        return []
    people = [pledge.person_id for pledge in pledges]
    sums = {}
    for person_id, metric_id, total in (
        Record.objects.filter(
            under("unit__path", plan.unit.path),
            person_id__in=people,
            day__gte=plan.start,
            day__lte=plan.end,
        )
        .values_list("person_id", "metric_id")
        .annotate(total=Sum("value_milli"))
    ):
        sums.setdefault(person_id, {})[metric_id] = total
    result = []
    for pledge in pledges:
        own = sums.get(pledge.person_id, {})
        lines = []
        for target in pledge.targets.all():
            actual = _value_of(target.metric, own)
            percent = None
            if actual is not None and target.value:
                if target.metric.lower_is_better:
                    percent = target.value / actual * 100 if actual else None
                else:
                    percent = actual / target.value * 100
            lines.append((target, actual, percent))
        result.append((pledge, lines))
    return result


def _value_of(metric, sums):
    if metric.kind == MetricKind.QUANTITY:
        return from_milli(sums[metric.pk]) if metric.pk in sums else None
    numerator = sums.get(metric.numerator_id)
    denominator = sums.get(metric.denominator_id)
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator) * metric.factor


@transaction.atomic
def save_pledge(pledge, values):
    """Save a pledge and its targets from {metric: Decimal or None}."""
    pledge.save()
    existing = {target.metric_id: target for target in pledge.targets.all()}
    for metric, value in values.items():
        target = existing.get(metric.pk)
        if value is None:
            if target is not None:
                target.delete()
        elif target is None:
            PledgeTarget.objects.create(pledge=pledge, metric=metric, value=value)
        elif target.value != value:
            target.value = value
            target.save()
    return pledge
