"""Master and apprentice: the goals' state and the apprentice's figures against the group's.

`figures(apprenticeship)` reads the person records of `gexin.plans` (`plans.Record` with a
person) month by month, from the month before the apprenticeship started to its end:

- output: pieces qualified (`pieces_qualified`);
- scrap: pieces scrapped (`pieces_scrapped`) where recorded; for a person and month with
  none recorded, pieces started less pieces qualified, which is what the yield rate counts
  as lost (spoilt on the machine or refused at acceptance), marked as derived;
- the yield rate (`yield_rate`, 出品率): pieces qualified over pieces started, a ratio of
  the month's sums, never an average of daily rates.

Each month is set against the group's per-head figure: the person records of everyone in
the apprenticeship's unit and its subtree summed, divided by the number of people with
records that month (the apprentice included); the group's yield rate is its summed
pieces qualified over its summed pieces started. Three queries whatever the length.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gexin.core.permissions import under
from gexin.plans import periods
from gexin.plans.models import Metric, Record, from_milli

OUTPUT = "pieces_qualified"
SCRAP = "pieces_scrapped"
STARTED = "pieces_started"
YIELD = "yield_rate"
HUNDRED = Decimal(100)
PER_HEAD_PLACES = Decimal("0.1")
RATE_PLACES = Decimal("0.01")


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value


def _rate(qualified, started):
    if qualified is None or not started:
        return None
    return (qualified / started * HUNDRED).quantize(RATE_PLACES, ROUND_HALF_UP)


def _text(value):
    return None if value is None else str(value)


@dataclass
class PersonMonth:
    """One person's sums of one month (pieces; None where nothing was recorded)."""

    output: Decimal | None = None
    recorded_scrap: Decimal | None = None
    started: Decimal | None = None

    @property
    def scrap(self):
        if self.recorded_scrap is not None:
            return self.recorded_scrap
        if self.started is not None and self.output is not None:
            return max(self.started - self.output, Decimal(0))
        return None

    @property
    def scrap_is_derived(self):
        return self.recorded_scrap is None and self.scrap is not None

    @property
    def has_records(self):
        return any(v is not None for v in (self.output, self.recorded_scrap, self.started))

    @property
    def yield_rate(self):
        return _rate(self.output, self.started)


@dataclass
class GroupMonth:
    """The group's person records of one month, summed, and the people who have them."""

    people: int = 0
    output: Decimal = Decimal(0)
    scrap: Decimal = Decimal(0)
    qualified_of_started: Decimal = Decimal(0)
    started: Decimal = Decimal(0)

    def per_head(self, total):
        if not self.people:
            return None
        return (total / self.people).quantize(PER_HEAD_PLACES, ROUND_HALF_UP)

    @property
    def output_per_head(self):
        return self.per_head(self.output)

    @property
    def scrap_per_head(self):
        return self.per_head(self.scrap)

    @property
    def yield_rate(self):
        return _rate(self.qualified_of_started, self.started)


@dataclass
class MonthRow:
    month: datetime.date
    own: PersonMonth
    group: GroupMonth
    is_before: bool = False

    def as_dict(self):
        return {
            "month": self.month.strftime("%Y-%m"),
            "is_before_start": self.is_before,
            "output": _text(self.own.output),
            "scrap": _text(self.own.scrap),
            "scrap_is_derived": self.own.scrap_is_derived,
            "started": _text(self.own.started),
            "yield_rate": _text(self.own.yield_rate),
            "group": {
                "people": self.group.people,
                "output": _text(self.group.output if self.group.people else None),
                "scrap": _text(self.group.scrap if self.group.people else None),
                "started": _text(self.group.started if self.group.people else None),
                "output_per_head": _text(self.group.output_per_head),
                "scrap_per_head": _text(self.group.scrap_per_head),
                "yield_rate": _text(self.group.yield_rate),
            },
        }


@dataclass
class Figures:
    """The apprentice's months against the group's, first month first."""

    apprenticeship: object
    start: datetime.date
    end: datetime.date
    rows: list = field(default_factory=list)

    @property
    def has_records(self):
        return any(row.own.has_records or row.group.people for row in self.rows)

    @property
    def has_derived_scrap(self):
        return any(row.own.scrap_is_derived for row in self.rows)

    def row(self, year, month):
        wanted = datetime.date(year, month, 1)
        return next((row for row in self.rows if row.month == wanted), None)

    def as_dict(self):
        apprenticeship = self.apprenticeship
        return {
            "apprenticeship": apprenticeship.pk,
            "apprentice": apprenticeship.apprentice.employee_number,
            "unit": apprenticeship.unit.code,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "months": [row.as_dict() for row in self.rows],
        }


def metric_ids():
    """{code: id} of the three quantity metrics read (one query)."""
    return dict(Metric.objects.filter(code__in=(OUTPUT, SCRAP, STARTED)).values_list("code", "pk"))


# The figures run through at most this many years after the start.
FIGURES_YEARS = 10


def latest_through(apprenticeship):
    """The last day the figures may run through: ten years after the start."""
    started = apprenticeship.started_on
    try:
        return started.replace(year=started.year + FIGURES_YEARS)
    except ValueError:  # 29 February
        return started.replace(year=started.year + FIGURES_YEARS, day=28)


def period_of(apprenticeship, through=None, today=None):
    """(first day, last day): from the first of the month before the start to `through`,
    the day it ended, or today."""
    today = today or datetime.date.today()
    start = periods.add_months(apprenticeship.started_on, -1)
    end = through or apprenticeship.ended_on or today
    return start, max(end, start)


def _months(start, end):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = periods.add_months(month, 1)


def figures(apprenticeship, *, through=None, today=None):
    """The apprentice's output, scrap and yield rate per month against the group's per
    head, from the month before the start to the end (or `through`). Without `through`,
    an apprenticeship still active is shown up to its last month with records.
    `through` goes at most ten years after the start (`latest_through`)."""
    if through is not None:
        through = min(through, latest_through(apprenticeship))
    start, end = period_of(apprenticeship, through, today)
    ids = metric_ids()
    by_id = {pk: code for code, pk in ids.items()}
    result = Figures(apprenticeship, start, end)
    if not ids:
        return result
    base = Record.objects.filter(
        person__isnull=False, day__gte=start, day__lte=end, metric_id__in=list(by_id)
    ).order_by()

    own = defaultdict(PersonMonth)
    for month, metric_id, total in (
        base.filter(person_id=apprenticeship.apprentice_id)
        .annotate(month=TruncMonth("day"))
        .values_list("month", "metric_id")
        .annotate(total=Sum("value_milli"))
    ):
        _put(own[_as_date(month)], by_id[metric_id], total)

    people = defaultdict(lambda: defaultdict(PersonMonth))
    for month, person_id, metric_id, total in (
        base.filter(under("unit__path", apprenticeship.unit.path))
        .annotate(month=TruncMonth("day"))
        .values_list("month", "person_id", "metric_id")
        .annotate(total=Sum("value_milli"))
    ):
        _put(people[_as_date(month)][person_id], by_id[metric_id], total)

    for month in _months(start, end):
        group = GroupMonth()
        for sums in people.get(month, {}).values():
            if not sums.has_records:
                continue
            group.people += 1
            group.output += sums.output or 0
            group.scrap += sums.scrap or 0
            # The yield rate is read only from people with both of its figures.
            if sums.started:
                group.started += sums.started
                group.qualified_of_started += sums.output or 0
        result.rows.append(
            MonthRow(
                month,
                own.get(month, PersonMonth()),
                group,
                is_before=month < apprenticeship.started_on.replace(day=1),
            )
        )
    if through is None and apprenticeship.ended_on is None:
        while len(result.rows) > 1 and not (
            result.rows[-1].own.has_records or result.rows[-1].group.people
        ):
            result.rows.pop()
        if result.rows:
            result.end = min(end, periods.month_end(result.rows[-1].month))
    return result


def _put(sums, code, total):
    value = from_milli(total)
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))  # whole pieces read "412", not "412.000"
    if code == OUTPUT:
        sums.output = value
    elif code == SCRAP:
        sums.recorded_scrap = value
    elif code == STARTED:
        sums.started = value


def chart_data(result, which):
    """What gexin/js/charts.js draws: the apprentice's `which` ("output" or "scrap")
    per month against the group's per head, each month's point in its middle."""

    def point(row, value):
        middle = row.month.replace(day=15)
        return [middle.isoformat(), None if value is None else float(value)]

    if which == "output":
        own = [point(row, row.own.output) for row in result.rows]
        group = [point(row, row.group.output_per_head) for row in result.rows]
    else:
        own = [point(row, row.own.scrap) for row in result.rows]
        group = [point(row, row.group.scrap_per_head) for row in result.rows]
    first = result.rows[0].month if result.rows else result.start
    last = periods.month_end(result.rows[-1].month if result.rows else result.end)
    return {
        "locale": "ZH" if (translation.get_language() or "").startswith("zh") else "EN",
        "kind": "quantity",
        "start": first.isoformat(),
        "end": last.isoformat(),
        "decimals": 1,
        "unit": _("pieces"),
        "series": [
            {
                "name": result.apprenticeship.apprentice.display_name,
                "style": "actual",
                "points": own,
            },
            # Drawn with its points like the apprentice's (a month is one point), in grey.
            {
                "name": _("group, per head"),
                "style": "actual",
                "color": "#5f6368",
                "points": group,
            },
        ],
    }


# Goals


@dataclass
class GoalState:
    """A goal as the apprenticeship's page shows it."""

    goal: object
    state: str  # "reached", "suggested", "overdue" or "due"
    suggested_on: datetime.date | None = None
    level: object = None  # the apprentice's SkillLevel in the goal's skill, if any

    @property
    def label(self):
        return {
            "reached": _("reached"),
            "suggested": _("level reached: confirm"),
            "overdue": _("overdue"),
            "due": pgettext("state of a goal", "due"),
        }[self.state]


def goal_states(apprenticeship, goals, today=None):
    """The state of each goal: reached (its `reached_on` is set); suggested (the
    apprentice's recorded level in its skill is at the target: suggested as reached on
    the day that level was assessed); overdue (past due, not reached); or due. One
    query for the levels."""
    from gexin.people.models.skills import SkillLevel

    today = today or datetime.date.today()
    goals = list(goals)
    skill_ids = {goal.skill_id for goal in goals if goal.skill_id}
    levels = {}
    if skill_ids:
        levels = {
            level.skill_id: level
            for level in SkillLevel.objects.filter(
                person_id=apprenticeship.apprentice_id, skill_id__in=skill_ids
            )
        }
    rows = []
    for goal in goals:
        level = levels.get(goal.skill_id)
        if goal.reached_on is not None:
            rows.append(GoalState(goal, "reached", level=level))
        elif level is not None and level.level >= goal.target_level:
            rows.append(GoalState(goal, "suggested", assessed_on(level), level))
        elif goal.is_overdue(today):
            rows.append(GoalState(goal, "overdue", level=level))
        else:
            rows.append(GoalState(goal, "due", level=level))
    return rows


# The field of `people.SkillLevel` that holds the day the level was assessed.
LEVEL_DATE = "assessed_on"


def assessed_on(level):
    """The day a skill level was assessed."""
    return getattr(level, LEVEL_DATE)


def with_suggested_reached_on(goals):
    """The goals annotated with `suggested_on`: the day the apprentice's recorded level in
    the goal's skill was assessed, when it is at the target or above (one subquery)."""
    from gexin.people.models.skills import SkillLevel

    levels = (
        SkillLevel.objects.filter(
            person_id=OuterRef("apprenticeship__apprentice_id"),
            skill_id=OuterRef("skill_id"),
            level__gte=OuterRef("target_level"),
        )
        .order_by()
        .values(LEVEL_DATE)[:1]
    )
    return goals.annotate(suggested_on=Subquery(levels))


def suggested_reached_on(goal):
    """The day the apprentice's recorded level reached the goal's target, or None."""
    if goal.skill_id is None:
        return None
    states = goal_states(goal.apprenticeship, [goal])
    return states[0].suggested_on
