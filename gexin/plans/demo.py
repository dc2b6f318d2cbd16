"""Loads the demo plans, pledges and records (see demo_data.py) into the demo organisation.

Runs after the organisation step of `gexin demo`. Records go through
gexin.plans.records (checked, then loaded with the source "demo"), so the daily and
monthly totals are kept exactly as for any other import. Every figure between the
published ones is generated from demo_data with a fixed random seed per block, so
two loads give the same database.
"""

import calendar
import datetime
import random
from decimal import Decimal

from django.db import transaction

from gexin.core.audit import audit_context
from gexin.org.models import Person, Unit
from gexin.plans import demo_data as data
from gexin.plans import records
from gexin.plans.choices import ImportSource, PlanStatus
from gexin.plans.models import (
    MILLI,
    Condition,
    ImportBatch,
    Metric,
    Plan,
    PlanTarget,
    Pledge,
    PledgeTarget,
)

D = datetime.date
DAY = datetime.timedelta(days=1)
TENTH = MILLI // 10  # tonnes are generated in tenths


def is_loaded():
    """True when the demo records are already in the database."""
    return ImportBatch.objects.filter(source=ImportSource.DEMO).exists()


@transaction.atomic
def load():
    """Create the demo plans, pledges and records; return {label: records written}."""
    with audit_context(reason="demo plans and records reconstructed from the seeds"):
        loader = _Loader()
        loader.huaxin()
        loader.shashi()
        loader.shanghai()
        loader.chongqing()
        loader.national()
        loader.beijing()
    return loader.written


# Helpers


def days(first, last):
    """Every day from `first` to `last`, both included."""
    return [first + DAY * n for n in range((last - first).days + 1)]


def month_days(year, month):
    return days(D(year, month, 1), D(year, month, calendar.monthrange(year, month)[1]))


def spread(total, weights):
    """Split the integer `total` in proportion to `weights`; the parts add up exactly."""
    weight_sum = sum(weights)
    exact = [total * weight / weight_sum for weight in weights]
    parts = [int(value) for value in exact]
    short = total - sum(parts)
    by_remainder = sorted(range(len(exact)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[:short]:
        parts[i] += 1
    return parts


def tenths(tonnes):
    return round(Decimal(str(tonnes)) * 10)


def _decimal(value):
    return Decimal(str(value))


class _Loader:
    def __init__(self):
        self.units = {}
        self.metrics = {metric.code: metric for metric in Metric.objects.all()}
        self.written = {}

    def unit(self, code):
        if code not in self.units:
            self.units[code] = Unit.objects.get(code=code)
        return self.units[code]

    def metric_id(self, code):
        return self.metrics[code].pk

    # Writing

    def write(self, label, rows):
        """Check typed rows as an import would and load them as one demo batch."""
        records.Validator(None).check_typed(rows)
        records.load(rows, source=ImportSource.DEMO, file_name=label)
        self.written[label] = len(rows)

    def plan(
        self,
        unit_code,
        period_kind,
        start,
        *,
        title,
        targets,
        adopted_on,
        adoption_note,
        notes,
        revised=None,
    ):
        """An adopted plan with {metric code: target}; `revised` = (factor, day, note)."""
        plan = Plan.objects.create(
            unit=self.unit(unit_code),
            period_kind=period_kind,
            start=start,
            title=title,
            status=PlanStatus.ADOPTED,
            adopted_on=adopted_on,
            adoption_note=adoption_note,
            notes=notes,
        )
        for code, value in targets.items():
            original = _decimal(value)
            target = PlanTarget(
                plan=plan, metric=self.metrics[code], original=original, value=original
            )
            if revised is not None:
                factor, revised_on, note = revised
                target.value = original * _decimal(factor)
                target.revised_on = revised_on
                target.revision_note = note
            target.save()
        return plan

    def plan_from(self, spec):
        plan = self.plan(
            spec["unit"],
            spec["period_kind"],
            spec["start"],
            title=spec["title"],
            targets=spec["targets"],
            adopted_on=spec["adopted_on"],
            adoption_note=spec["adoption_note"],
            notes=spec["notes"],
        )
        for category, text, kept in spec["conditions"]:
            Condition.objects.create(plan=plan, category=category, text=text, kept=kept)
        return plan

    # Huaxin turning group, 1953: yield rates, a group plan and pledges

    def huaxin(self):
        unit = self.unit(data.HUAXIN_UNIT)
        rng = random.Random(data.HUAXIN_RANDOM_SEED)
        people = list(
            Person.objects.filter(unit=unit)
            .order_by("employee_number")
            .values_list("pk", "employee_number", "skill_grade", "date_joined")
        )
        started_id = self.metric_id("pieces_started")
        produced_id = self.metric_id("pieces_produced")
        qualified_id = self.metric_id("pieces_qualified")
        holidays = set(data.HUAXIN_HOLIDAYS)
        rows = []
        for month, started, qualified in data.HUAXIN_MONTHS:
            working = [
                day
                for day in month_days(1953, month)
                if day.weekday() != calendar.SUNDAY and day not in holidays
            ]
            cells = [
                (day, person)
                for day in working
                for person in people
                if person[3] is None or person[3] <= day
            ]
            work = [
                data.HUAXIN_WORK_SHARE.get(person[2] or 0, 1.0)
                * data.HUAXIN_PERSON_WORK_SHARE.get(person[1], 1.0)
                * rng.uniform(0.8, 1.2)
                for _day, person in cells
            ]
            started_parts = spread(started, work)
            losses = spread(
                started - qualified,
                [
                    part * _loss_share(person[2] or 0, month) * rng.uniform(0.4, 1.6)
                    for part, (_day, person) in zip(started_parts, cells, strict=True)
                ],
            )
            for (day, person), made, lost in zip(cells, started_parts, losses, strict=True):
                if lost > made:
                    raise ValueError(f"{day}: more pieces lost than started")
                spoilt = int(lost * data.HUAXIN_SPOILT_ON_MACHINE + rng.random())
                for metric_id, value in (
                    (started_id, made),
                    (produced_id, made - min(spoilt, lost)),
                    (qualified_id, made - lost),
                ):
                    rows.append((unit.pk, day, 0, metric_id, person[0], value * MILLI))
        self.write("demo: Huaxin turning group, January-September 1953 (seed 000)", rows)

        plan = self.plan_from(data.HUAXIN_PLAN)
        numbers = {person[1]: person[0] for person in people}
        for number, made_on, targets, conditions in data.HUAXIN_PLEDGES:
            if number not in numbers:
                continue
            pledge = Pledge.objects.create(
                plan=plan,
                person_id=numbers[number],
                made_on=made_on,
                notes="Illustrative pledge; see the plan's notes for the source.",
            )
            for code, value in targets.items():
                PledgeTarget.objects.create(
                    pledge=pledge, metric=self.metrics[code], value=_decimal(value)
                )
            for category, text, kept in conditions:
                Condition.objects.create(
                    plan=plan, pledge=pledge, category=category, text=text, kept=kept
                )

    # Shashi boiler room, 1953: coal from over 7 t a day to about 2 t

    def shashi(self):
        unit = self.unit(data.SHASHI_UNIT)
        rng = random.Random(data.SHASHI_RANDOM_SEED)
        coal_id = self.metric_id("coal_used")
        levels = dict(data.SHASHI_DAILY_COAL)
        rows = []
        for month, level in data.SHASHI_DAILY_COAL:
            month_length = calendar.monthrange(1953, month)[1]
            for day in month_days(1953, month):
                # Move linearly from the middle of one month to the middle of the next.
                offset = (day.day - 15) / month_length
                neighbour = levels.get(month + 1 if offset > 0 else month - 1, level)
                mean = level + (neighbour - level) * abs(offset)
                kg = round(mean * (1 + rng.uniform(-data.SHASHI_NOISE, data.SHASHI_NOISE)))
                rows.append((unit.pk, day, 0, coal_id, None, kg * MILLI))
        self.write("demo: Shashi oil mill boiler room, January-September 1953 (seed 000)", rows)
        self.plan_from(data.SHASHI_PLAN)

    # Shanghai No. 2 Steel Plant, 1958: the leap plan and the reheating furnaces' coal

    def shanghai(self):
        unit = self.unit(data.SHANGHAI_WIRE_ROD)
        rng = random.Random(data.SHANGHAI_RANDOM_SEED)
        steel_id = self.metric_id("steel_output")
        coal_id = self.metric_id("coal_used")
        rows = []
        for period in data.SHANGHAI_PERIODS:
            period_days = days(period["first"], period["last"])
            swing = period["swing"]
            daily = spread(
                tenths(period["steel"]),
                [1 + rng.uniform(-swing, swing) for _day in period_days],
            )
            low, high = period["coal_per_tonne"]
            for day, day_tenths in zip(period_days, daily, strict=True):
                shifts = spread(day_tenths, [1 + rng.uniform(-0.06, 0.06) for _shift in range(3)])
                for shift, shift_tenths in enumerate(shifts, 1):
                    kg = round(shift_tenths / 10 * rng.uniform(low, high))
                    rows.append((unit.pk, day, shift, steel_id, None, shift_tenths * TENTH))
                    rows.append((unit.pk, day, shift, coal_id, None, kg * MILLI))
        self.write("demo: Shanghai No. 2 wire-rod workshop, February-April 1958 (seed 001)", rows)

        revision = (data.SHANGHAI_LEAP, data.SHANGHAI_REVISED_ON, data.SHANGHAI_REVISION_NOTE)
        for kind, start, title, targets, leap in data.SHANGHAI_PLANS:
            plan = self.plan(
                data.SHANGHAI_PLANT,
                kind,
                start,
                title=title,
                targets=targets,
                adopted_on=D(1958, 1, 10),
                adoption_note="the plant's 1958 plan (date illustrative)",
                notes=data.SHANGHAI_NOTES,
                revised=revision if leap else None,
            )
            if start == D(1958, 4, 1):
                value = _decimal(data.SHANGHAI_APRIL_COAL_PER_TONNE)
                PlanTarget.objects.create(
                    plan=plan,
                    metric=self.metrics["coal_per_tonne_steel"],
                    original=value,
                    value=value,
                )

    # Chongqing Iron and Steel, 1958: October on September

    def chongqing(self):
        rng = random.Random(data.CHONGQING_RANDOM_SEED)
        steel = (self.unit(data.CHONGQING_STEEL_UNIT).pk, self.metric_id("steel_output"))
        products = (
            self.unit(data.CHONGQING_PRODUCTS_UNIT).pk,
            self.metric_id("steel_products_output"),
        )
        september = month_days(1958, 9)
        october = month_days(1958, 10)
        november = days(D(1958, 11, 1), D(1958, 11, 15))
        first_half = data.CHONGQING_NOVEMBER_FIRST_HALF
        # (unit and metric, days, tonnes, growth across the period)
        periods = [
            (steel, september, data.CHONGQING_SEPTEMBER_STEEL, 0.0),
            (steel, october, data.CHONGQING_SEPTEMBER_STEEL * data.CHONGQING_STEEL_RISE, 0.5),
            (steel, november, first_half["steel"], 0.05),
            (products, september, data.CHONGQING_SEPTEMBER_PRODUCTS, 0.0),
            (
                products,
                october,
                data.CHONGQING_SEPTEMBER_PRODUCTS * data.CHONGQING_PRODUCTS_RISE,
                0.15,
            ),
            (products, november, first_half["products"], 0.05),
        ]
        rows = []
        for (unit_id, metric_id), period_days, tonnes, growth in periods:
            last = len(period_days) - 1
            weights = [
                (1 - growth / 2 + growth * i / last) * (1 + rng.uniform(-0.06, 0.06))
                for i in range(len(period_days))
            ]
            for day, part in zip(period_days, spread(tenths(tonnes), weights), strict=True):
                rows.append((unit_id, day, 0, metric_id, None, part * TENTH))
        self.write("demo: Chongqing Iron and Steel, September-November 1958 (seed 003)", rows)
        self.plan_from(data.CHONGQING_PLAN)

    # The 1959 national plan: 18 Mt, its first quarter and the breakdown

    def national(self):
        year = data.NATIONAL_YEAR
        quarter_share = Decimal(data.FIRST_QUARTER_SHARE)

        def year_and_quarter(code, tonnes, notes):
            for kind, value, title in (
                ("year", tonnes, "1959"),
                ("quarter", Decimal(tonnes) * quarter_share, "1959 first quarter"),
            ):
                self.plan(
                    code,
                    kind,
                    year,
                    title=title,
                    targets={"steel_output": value},
                    adopted_on=year,
                    adoption_note=data.NATIONAL_ADOPTION_NOTE,
                    notes=notes,
                )

        year_and_quarter("mmi", data.NATIONAL_STEEL, data.NATIONAL_NOTES)
        for province, plants in data.NATIONAL_BREAKDOWN.items():
            year_and_quarter(province, sum(plants.values()), data.NATIONAL_NOTES)
            for plant, tonnes in plants.items():
                notes = data.NATIONAL_NOTES
                if plant == "taiyuan-steel":
                    notes += "\n" + data.TAIYUAN_NOTE
                year_and_quarter(plant, tonnes, notes)

        year_targets = {
            plant: tonnes
            for plants in data.NATIONAL_BREAKDOWN.values()
            for plant, tonnes in plants.items()
        }
        rng = random.Random(data.NATIONAL_RANDOM_SEED)
        steel_id = self.metric_id("steel_output")
        record_days = days(data.NATIONAL_RECORDS_FIRST, data.NATIONAL_RECORDS_LAST)
        quarter_days = 90
        rows = []
        for plant, unit_code, pace in data.NATIONAL_RECORD_UNITS:
            unit_id = self.unit(unit_code).pk
            daily = year_targets[plant] * float(quarter_share) / quarter_days * pace
            for i, day in enumerate(record_days):
                # A little better each week, as the plants took their measures.
                trend = 0.97 + 0.06 * i / (len(record_days) - 1)
                value = tenths(round(daily * trend * (1 + rng.uniform(-0.05, 0.05)), 1))
                rows.append((unit_id, day, 0, steel_id, None, value * TENTH))
        self.write("demo: steel of the plants, 1 January-14 February 1959 (seed 004)", rows)

    # Beijing Special Steel, converter workshop, 1959: 14 heats, 96.6%

    def beijing(self):
        unit = self.unit(data.BEIJING_CONVERTER)
        rng = random.Random(data.BEIJING_RANDOM_SEED)
        ids = {
            code: self.metric_id(code)
            for code in ("heats", "steel_output", "ingots_produced", "ingots_qualified")
        }
        rate = Decimal(data.BEIJING_QUALIFIED_RATE)
        record_day = data.BEIJING_RECORD_DAY
        february = [
            day for day in days(D(1959, 2, 1), data.NATIONAL_RECORDS_LAST) if day != record_day
        ]
        rows = []
        february_produced = february_qualified = 0
        for day in days(data.NATIONAL_RECORDS_FIRST, data.NATIONAL_RECORDS_LAST):
            if day == record_day:
                heats = data.BEIJING_RECORD_HEATS
                produced = tenths(data.BEIJING_RECORD_DAY_INGOTS) * TENTH
                qualified = round(produced * rate)
            else:
                heats = rng.randint(9, 12) if day.month == 1 else rng.randint(10, 13)
                low, high = data.BEIJING_HEAT_TONNES
                produced = tenths(round(heats * rng.uniform(low, high), 1)) * TENTH
                day_rate = rng.uniform(93.5, 95.5) if day.month == 1 else rng.uniform(96.2, 97.0)
                qualified = round(produced * day_rate / 100)
            if day.month == 2:
                if day == february[-1]:
                    # The first half of February comes to the published 96.6% as well.
                    total = round((february_produced + produced) * rate)
                    qualified = total - february_qualified
                february_produced += produced
                february_qualified += qualified
            rows += [
                (unit.pk, day, 0, ids["heats"], None, heats * MILLI),
                (unit.pk, day, 0, ids["steel_output"], None, produced),
                (unit.pk, day, 0, ids["ingots_produced"], None, produced),
                (unit.pk, day, 0, ids["ingots_qualified"], None, qualified),
            ]
        self.write(
            "demo: Beijing Special Steel converter workshop, 1 January-14 February 1959 (seed 004)",
            rows,
        )
        self.plan_from(data.BEIJING_PLAN)


def _loss_share(grade, month):
    if month < 6 and grade in data.HUAXIN_LOSS_SHARE_BEFORE_JUNE:
        return data.HUAXIN_LOSS_SHARE_BEFORE_JUNE[grade]
    return data.HUAXIN_LOSS_SHARE.get(grade, 1.0)
