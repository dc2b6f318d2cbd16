"""Loads the demo labour competitions of seeds 000, 001 and 002 (see demo_data.py).

Runs after the organisation, plans, meetings and innovation steps of `gexin demo`. It
first adds what the competitions need and the earlier steps lack: three metrics of
roll changes, and the blooming workshop's shifts B and C when the innovation step has
not added them (same rows, created only when missing, through the organisation's
services). Then, for each competition, it writes the records and plans (the Huaxin
workers' records are the plans demo's: only their monthly pledges are added), the
competition with its participants, conditions, eligibility conditions and handovers,
and one evaluation per month with records: each is computed by the scoring engine
and all but the latest published, so the banner has a history and the latest month
waits for the committee. In the Shanghai competition the committee adjusts one score,
with its reason, before publishing.

Nothing here notifies anyone: the scoring engine's compute, adjust and publish send no
messages, and the rest is written directly. Records go through gexin.plans.records (so
the daily and monthly totals are kept as for any import) and pledges are bulk-created;
the few rows a reader opens for their history (competitions, participants,
conditions, evaluations, scores, pairings, help cases) are saved one by one and so
audited. Generated figures come from a random generator with a fixed seed: two loads
of an empty database give the same rows.
"""

import calendar
import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gexin.competitions import demo_data as data
from gexin.competitions import laggards, scoring
from gexin.competitions.choices import (
    Frequency,
    GateOperator,
    HelpCause,
    HelpOutcome,
    HelpReason,
    ParticipantKind,
    Scoring,
)
from gexin.competitions.models import (
    Competition,
    Criterion,
    EligibilityGate,
    Evaluation,
    Handover,
    HelpCase,
    Pairing,
    Participant,
)
from gexin.core import versioning
from gexin.core.audit import audit_context
from gexin.org import services as org_services
from gexin.org.models import Person, Unit, WorkType
from gexin.plans import records
from gexin.plans.choices import Direction, ImportSource, MetricKind, PeriodKind, PlanStatus
from gexin.plans.models import MILLI, Metric, Plan, PlanTarget, Pledge, PledgeTarget

D = datetime.date
TENTH = MILLI // 10  # tonnes are generated in tenths


def is_loaded():
    """True when the demo competitions are already in the database."""
    return Competition.objects.filter(
        unit__code=data.NORTH_EAST["unit"], title=data.NORTH_EAST["title"]
    ).exists()


@transaction.atomic
def load(stdout=None):
    """Create the demo competitions; return {kind of row: rows written}.

    Does nothing (and returns {}) when the demo competitions are there already.
    """
    if is_loaded():
        return {}
    with audit_context(reason="demo labour competitions reconstructed from seeds 000-002"):
        loader = _Loader()
        loader.metrics()
        loader.organisation()
        loader.north_east()
        loader.shanghai()
        loader.huaxin()
        versioning.bump()
    if stdout is not None:
        stdout.write(
            "  " + ", ".join(f"{count} {label}" for label, count in loader.written.items())
        )
    return loader.written


# Helpers


def days(first, last):
    """Every day from `first` to `last`, both included."""
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


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


def _at(day, hour):
    """An aware time on `day` at `hour`, in the project's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _Loader:
    def __init__(self):
        self.rng = random.Random(data.RANDOM_SEED)
        self.units = {}
        self.people = {}
        self.metric_by_code = {}
        self.written = {}

    # Look-ups

    def unit(self, code):
        if code not in self.units:
            self.units[code] = Unit.objects.get(code=code)
        return self.units[code]

    def person(self, number):
        if number not in self.people:
            self.people[number] = Person.objects.get(employee_number=number)
        return self.people[number]

    def metric(self, code):
        if code not in self.metric_by_code:
            self.metric_by_code[code] = Metric.objects.get(code=code)
        return self.metric_by_code[code]

    def user(self, username):
        return get_user_model().objects.filter(username=username).first()

    def count(self, label, number):
        self.written[label] = self.written.get(label, 0) + number

    # What the earlier steps lack

    def metrics(self):
        """The roll-change metrics, as the catalogue would install them (kept if present)."""
        for (
            code,
            name,
            name_zh,
            unit,
            unit_zh,
            kind,
            direction,
            numerator,
            denominator,
            factor,
            decimals,
            description,
        ) in data.METRICS:
            if Metric.objects.filter(code=code).exists():
                continue
            metric = Metric(
                code=code,
                name=name,
                name_zh=name_zh,
                unit_of_measure=unit,
                unit_of_measure_zh=unit_zh,
                kind=MetricKind(kind),
                direction=Direction(direction),
                numerator=self.metric(numerator) if numerator else None,
                denominator=self.metric(denominator) if denominator else None,
                factor=_decimal(factor),
                decimals=decimals,
                description=description,
            )
            metric.full_clean()
            metric.save()
            self.count("metrics", 1)

    def organisation(self):
        work_types = {work_type.code: work_type for work_type in WorkType.objects.all()}
        for row in data.UNITS:
            if Unit.objects.filter(code=row["code"]).exists():
                continue
            self.units[row["code"]] = org_services.create_unit(
                self.unit(row["parent"]),
                code=row["code"],
                kind=row["kind"],
                work_type=work_types.get(row["work_type"]),
                name=row["name"],
                name_zh=row["name_zh"],
                is_illustrative=row["illustrative"],
                source=row["source"][:300],
            )
            self.count("units", 1)

    # Writing records and plans

    def write(self, label, rows):
        """Check typed rows as an import would and load them as one demo batch."""
        records.Validator(None).check_typed(rows)
        records.load(rows, source=ImportSource.DEMO, file_name=label)
        self.count("records", len(rows))

    def plan(self, unit, start, *, title, targets, adopted_on, adoption_note, notes, leap=None):
        """An adopted month plan with {metric code: target}.

        `leap` = (factor, day, note, metric codes): a leap revision of those targets,
        the original kept beside the revised value.
        """
        plan = Plan.objects.create(
            unit=unit,
            period_kind=PeriodKind.MONTH,
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
                plan=plan, metric=self.metric(code), original=original, value=original
            )
            if leap is not None and code in leap[3]:
                factor, revised_on, note, _revised_codes = leap
                target.value = original * _decimal(factor)
                target.revised_on = revised_on
                target.revision_note = note
            target.save()
        self.count("plans", 1)
        return plan

    # The competition and its evaluations

    def competition(self, spec, *, participants, criteria, gates, joined_on, baseline=None):
        """The competition of `spec` with its participants ({key: unit or person}),
        criteria and eligibility conditions; returns (competition, {key: participant})."""
        competition = Competition(
            unit=self.unit(spec["unit"]),
            title=spec["title"],
            description=spec["description"],
            starts_on=spec["starts_on"],
            ends_on=spec["ends_on"],
            frequency=Frequency(spec["frequency"]),
            participant_kind=ParticipantKind(spec["participant_kind"]),
            work_type=WorkType.objects.get(code=spec["work_type"]) if spec["work_type"] else None,
            banner_name=spec["banner_name"],
            is_illustrative=spec["illustrative"],
            source=spec["source"][:300],
        )
        competition.full_clean()
        competition.save()
        entries = {}
        for key, subject in participants.items():
            entry = Participant(competition=competition, joined_on=joined_on)
            if isinstance(subject, Person):
                entry.person = subject
            else:
                entry.unit = subject
            entry.full_clean()
            entry.save()
            entries[key] = entry
        for position, (code, weight, scoring_kind, note) in enumerate(criteria, 1):
            criterion = Criterion(
                competition=competition,
                position=position,
                metric=self.metric(code),
                weight=_decimal(weight),
                scoring=Scoring(scoring_kind),
                note=note,
            )
            if criterion.scoring == Scoring.IMPROVEMENT:
                criterion.baseline_start, criterion.baseline_end = baseline
            criterion.full_clean()
            criterion.save()
        for label, code, operator, threshold in gates:
            gate = EligibilityGate(
                competition=competition,
                label=label,
                metric=self.metric(code),
                operator=GateOperator(operator),
                threshold=_decimal(threshold),
            )
            gate.full_clean()
            gate.save()
        self.count("competitions", 1)
        self.count("participants", len(entries))
        self.count("conditions", len(criteria) + len(gates))
        return competition, entries

    def evaluations(self, competition, last_day, committee, adjust=None):
        """One evaluation per period up to `last_day`, computed in order; all but the
        latest published by `committee`. `adjust(evaluation, by)` runs on each before
        it is published. Their times are set to a few days after each period."""
        by = self.user(committee)
        found = [(start, end) for start, end in scoring.periods(competition) if end <= last_day]
        for index, (start, end) in enumerate(found):
            evaluation = Evaluation.objects.create(
                competition=competition, period_start=start, period_end=end
            )
            scoring.compute(evaluation)
            if adjust is not None:
                adjust(evaluation, by)
            computed_at = _at(end + datetime.timedelta(days=data.COMPUTED_AFTER_DAYS), 9)
            stamps = {"computed_at": computed_at}
            if index < len(found) - 1:
                scoring.publish(evaluation, by=by)
                stamps["published_at"] = _at(
                    end + datetime.timedelta(days=data.PUBLISHED_AFTER_DAYS), 15
                )
            # Bulk update: the engine stamps the load's own time, not the period's.
            Evaluation.objects.filter(pk=evaluation.pk).update(**stamps)
        self.count("evaluations", len(found))

    # 1. The four north-east plants' same-type rolling workshops (seed 002)

    def north_east(self):
        ids = {
            code: self.metric(code).pk
            for code in (
                "steel_products_output",
                "steel_charged",
                "roll_changes",
                "roll_change_minutes",
                "accidents",
            )
        }
        first, last = data.NORTH_EAST_RECORDS
        rows = []
        for code in data.NORTH_EAST_WORKSHOPS:
            unit_id = self.unit(code).pk
            for month, (products, rate, changes, minutes_each) in sorted(
                data.NORTH_EAST_MONTHS[code].items()
            ):
                month_list = month_days(first.year, month)
                weights = [self.rng.uniform(0.9, 1.1) for _day in month_list]
                products_tenths = tenths(products)
                charged_tenths = round(products_tenths * 100 / _decimal(rate))
                changes_by_day = spread(
                    changes, [self.rng.uniform(0.6, 1.4) for _day in month_list]
                )
                minutes_by_day = spread(
                    round(changes * _decimal(minutes_each)),
                    [count * self.rng.uniform(0.85, 1.15) for count in changes_by_day],
                )
                for day, made, charged, changed, minutes in zip(
                    month_list,
                    spread(products_tenths, weights),
                    spread(charged_tenths, weights),
                    changes_by_day,
                    minutes_by_day,
                    strict=True,
                ):
                    rows += [
                        (unit_id, day, 0, ids["steel_products_output"], None, made * TENTH),
                        (unit_id, day, 0, ids["steel_charged"], None, charged * TENTH),
                        (unit_id, day, 0, ids["roll_changes"], None, changed * MILLI),
                        (unit_id, day, 0, ids["roll_change_minutes"], None, minutes * MILLI),
                    ]
        for code, day, count in data.NORTH_EAST_ACCIDENTS:
            rows.append((self.unit(code).pk, day, 0, ids["accidents"], None, count * MILLI))
        self.write("demo: four north-east plants' rolling workshops, June-December 1958", rows)

        spec = data.NORTH_EAST
        for code in data.NORTH_EAST_WORKSHOPS:
            for month in range(spec["starts_on"].month, spec["ends_on"].month + 1):
                start = D(spec["starts_on"].year, month, 1)
                self.plan(
                    self.unit(code),
                    start,
                    title=f"{start:%Y-%m}",
                    targets=data.NORTH_EAST_TARGETS[code],
                    adopted_on=start - datetime.timedelta(days=3),
                    adoption_note="workshop meeting (date illustrative)",
                    notes=data.NORTH_EAST_PLAN_NOTES,
                )
        competition, _entries = self.competition(
            spec,
            participants={code: self.unit(code) for code in data.NORTH_EAST_WORKSHOPS},
            criteria=data.NORTH_EAST_CRITERIA,
            gates=data.NORTH_EAST_GATES,
            joined_on=data.NORTH_EAST_JOINED,
            baseline=data.NORTH_EAST_BASELINE,
        )
        self.evaluations(competition, last, data.NORTH_EAST_COMMITTEE)

    # 2. Shanghai No. 2 Steel, blooming workshop shifts (seed 001)

    def shanghai(self):
        steel_id = self.metric("steel_output").pk
        coal_id = self.metric("coal_used").pk
        year = data.SHANGHAI["starts_on"].year
        leap = _decimal(data.SHANGHAI_LEAP)
        special = {data.SHANGHAI_RECORD_DAY: _decimal(data.SHANGHAI_RECORD_OVER)}
        special.update({day: _decimal(share) for day, share in data.SHANGHAI_SHORT_DAYS})
        rows = []
        for month, shifts in sorted(data.SHANGHAI_MONTHS.items()):
            month_list = month_days(year, month)
            for index, (steel, coal_per_tonne) in enumerate(shifts):
                unit_id = self.unit(data.SHANGHAI_SHIFTS[index]).pk
                total = tenths(steel)
                fixed = {}
                if index == 0 and month == data.SHANGHAI_RECORD_DAY.month:
                    # Shift A's record and the three short days after it, against the leap
                    # plan's daily level of the month.
                    level = data.SHANGHAI_STEEL_ORIGINAL * leap * 10 / len(month_list)
                    fixed = {day: round(level * share) for day, share in special.items()}
                free = [day for day in month_list if day not in fixed]
                parts = dict(
                    zip(
                        free,
                        spread(
                            total - sum(fixed.values()),
                            [self.rng.uniform(0.94, 1.06) for _day in free],
                        ),
                        strict=True,
                    )
                )
                parts.update(fixed)
                daily = [parts[day] for day in month_list]
                coal = spread(
                    round(_decimal(steel) * _decimal(coal_per_tonne)),
                    [made * self.rng.uniform(0.97, 1.03) for made in daily],
                )
                for day, made, kg in zip(month_list, daily, coal, strict=True):
                    rows.append((unit_id, day, 0, steel_id, None, made * TENTH))
                    rows.append((unit_id, day, 0, coal_id, None, kg * MILLI))
        self.write("demo: Shanghai No. 2 blooming workshop shifts, February-May 1958", rows)

        revision = (data.SHANGHAI_LEAP, data.SHANGHAI_LEAP_FROM, data.SHANGHAI_LEAP_NOTE)
        for code in data.SHANGHAI_SHIFTS:
            for month, allowed in sorted(data.SHANGHAI_COAL_ALLOWED.items()):
                start = D(year, month, 1)
                is_leap = start >= data.SHANGHAI_LEAP_FROM
                self.plan(
                    self.unit(code),
                    start,
                    title=f"{start:%Y-%m}",
                    targets={
                        "steel_output": data.SHANGHAI_STEEL_ORIGINAL,
                        "coal_per_tonne_steel": allowed,
                    },
                    adopted_on=D(1958, 1, 10),
                    adoption_note="the plant's 1958 plan (date illustrative)",
                    notes=data.SHANGHAI_PLAN_NOTES,
                    leap=(*revision, {"steel_output"}) if is_leap else None,
                )

        competition, entries = self.competition(
            data.SHANGHAI,
            participants={
                index: self.unit(code) for index, code in enumerate(data.SHANGHAI_SHIFTS)
            },
            criteria=data.SHANGHAI_CRITERIA,
            gates=data.SHANGHAI_GATES,
            joined_on=data.SHANGHAI_JOINED,
        )
        metric = self.metric(data.SHANGHAI_HANDOVER_METRIC)
        for giver, taker in data.SHANGHAI_HANDOVERS:
            handover = Handover(
                competition=competition, giver=entries[giver], taker=entries[taker], metric=metric
            )
            handover.full_clean()
            handover.save()
        self.count("handovers", len(data.SHANGHAI_HANDOVERS))

        def adjust(evaluation, by):
            spec = data.SHANGHAI_ADJUSTMENT
            if evaluation.period_start.month != spec["month"]:
                return
            giver = entries[spec["shift"]]
            taker = next(entries[t] for g, t in data.SHANGHAI_HANDOVERS if g == spec["shift"])
            scoring.adjust(
                evaluation.scores.get(participant=giver),
                self.combined_coal_total(evaluation, giver, taker, metric),
                spec["reason"],
                by=by,
            )

        self.evaluations(competition, data.SHANGHAI_RECORDS_LAST, data.SHANGHAI_COMMITTEE, adjust)

    def combined_coal_total(self, evaluation, giver, taker, metric):
        """The giver's total with its coal condition scored on giver and taker together:
        their coal over their steel, sum over sum, against the giver's allowance."""
        score = evaluation.scores.get(participant=giver)
        start, end = evaluation.period_start, evaluation.period_end
        coal, steel = self.metric("coal_used"), self.metric("steel_output")
        coal_used = sum((scoring.figure(side, coal, start, end) for side in (giver, taker)), 0)
        steel_made = sum((scoring.figure(side, steel, start, end) for side in (giver, taker)), 0)
        both = coal_used / steel_made
        weighted = Decimal(0)
        weights = Decimal(0)
        for criterion in evaluation.competition.criteria.all():
            entry = score.criteria[str(criterion.pk)]
            points = entry["points"]
            if criterion.metric_id == metric.pk:
                target = scoring.targets_of(giver, start, end)[metric.pk]
                points, _percent = scoring.fulfilment_points(both, target, metric)
            if points is None:
                continue
            weighted += criterion.weight * Decimal(str(points))
            weights += criterion.weight
        return weighted / weights

    # 3. Huaxin Cement, the turning group's workers (seed 000)

    def huaxin(self):
        unit = self.unit(data.HUAXIN_UNIT)
        workers = list(Person.objects.filter(unit=unit, is_active=True).order_by("employee_number"))
        plans = []
        for month, title, adopted_on, note, targets in data.HUAXIN_PLANS:
            plans.append(
                (
                    month,
                    self.plan(
                        unit,
                        D(1953, month, 1),
                        title=title,
                        targets=targets,
                        adopted_on=adopted_on,
                        adoption_note=note,
                        notes=data.HUAXIN_PLAN_NOTES,
                    ),
                )
            )
        september = Plan.objects.filter(
            unit=unit, period_kind=PeriodKind.MONTH, start=data.HUAXIN_SEPTEMBER
        ).first()
        if september is None:
            september = self.plan(
                unit,
                data.HUAXIN_SEPTEMBER,
                title="Group plan for September 1953",
                targets={},
                adopted_on=D(1953, 8, 29),
                adoption_note="group meeting of 29 August 1953 (date illustrative)",
                notes=data.HUAXIN_PLAN_NOTES,
            )
        plans.append((data.HUAXIN_SEPTEMBER.month, september))
        self.pledges(plans, workers)

        spec = data.HUAXIN
        competition, entries = self.competition(
            spec,
            participants={worker.employee_number: worker for worker in workers},
            criteria=data.HUAXIN_CRITERIA,
            gates=data.HUAXIN_GATES,
            joined_on=data.HUAXIN_JOINED,
        )
        for master, young, since, goal in data.HUAXIN_PAIRINGS:
            pairing = Pairing(
                competition=competition,
                advanced=entries[master],
                laggard=entries[young],
                since=since,
                goal=goal,
            )
            pairing.full_clean()
            pairing.save()
        self.count("pairings", len(data.HUAXIN_PAIRINGS))
        self.help_cases(competition, workers)
        last = max(september.end, *(plan.end for _month, plan in plans))
        self.evaluations(competition, last, data.HUAXIN_COMMITTEE)

    def pledges(self, plans, workers):
        """Every worker's pledge for each month plan, unless already pledged (bulk)."""
        metrics = [self.metric("pieces_qualified"), self.metric("yield_rate")]
        pledged = set(
            Pledge.objects.filter(plan__in=[plan for _month, plan in plans]).values_list(
                "plan_id", "person_id"
            )
        )
        new = []
        for month, plan in plans:
            for worker in workers:
                if (plan.pk, worker.pk) in pledged:
                    continue
                if worker.date_joined and worker.date_joined > plan.start:
                    continue
                override = data.HUAXIN_PLEDGE_OVERRIDES.get(worker.employee_number, {})
                values = override.get(month) or data.HUAXIN_PLEDGE_BY_GRADE[worker.skill_grade or 0]
                new.append(
                    (
                        Pledge(
                            plan=plan,
                            person=worker,
                            made_on=data.HUAXIN_PLEDGED_ON[month],
                            notes=data.HUAXIN_PLEDGE_NOTE,
                        ),
                        values,
                    )
                )
        Pledge.objects.bulk_create([pledge for pledge, _values in new])
        PledgeTarget.objects.bulk_create(
            [
                PledgeTarget(pledge=pledge, metric=metric, value=_decimal(value))
                for pledge, values in new
                for metric, value in zip(metrics, values, strict=True)
            ]
        )
        self.count("pledges", len(new))

    def help_cases(self, competition, workers):
        """A help case for each worker who kept missing the pledge by the end of August,
        reviewed at the group's weekly meetings of September and October 1953; those who
        fulfilled September's pledge are resolved by the review of 3 October."""
        found = laggards.quota_misses(workers, as_of=data.HUAXIN_HELP_AS_OF)
        numbers = {row.person.employee_number for row in found}
        if numbers != set(data.HUAXIN_HELP_CASES):
            raise ValueError(
                f"workers missing their pledge {sorted(numbers)} differ from the demo's "
                f"help cases {sorted(data.HUAXIN_HELP_CASES)}"
            )
        meetings = huaxin_review_meetings()
        reviews = 0
        for row in found:
            number = row.person.employee_number
            spec = data.HUAXIN_HELP_CASES[number]
            case = HelpCase(
                competition=competition,
                person=row.person,
                reason=HelpReason(data.HUAXIN_HELP_REASON),
                periods_missed=row.missed_count,
                cause=HelpCause(spec["cause"]),
                cause_note=spec["cause_note"],
                help_arranged=spec["help_arranged"],
                opened_on=data.HUAXIN_HELP_OPENED,
                is_illustrative=True,
                source=data.HUAXIN_HELP_SOURCE,
            )
            case.full_clean()
            case.save()
            steps = data.HUAXIN_REVIEWS[number]
            for position, (day, note) in enumerate(steps, 1):
                last = position == len(steps)
                resolves = last and spec["is_resolved"]
                case.review(
                    meetings[day],
                    note,
                    HelpOutcome.RESOLVED if resolves else HelpOutcome.CONTINUE,
                    is_illustrative=True,
                )
                reviews += 1
            if spec["is_resolved"] and case.resolved_on != data.HUAXIN_HELP_RESOLVED:
                raise ValueError(f"{number}: resolved on {case.resolved_on}")
        self.count("help cases", len(found))
        self.count("help case reviews", reviews)


def huaxin_review_meetings():
    """{day: meeting} of the turning group's weekly meetings that review the help cases,
    made (held and signed off, illustrative) when they are not there yet."""
    from gexin.meetings.choices import AttendanceStatus, MeetingKind, MeetingStatus
    from gexin.meetings.models import AgendaItem, Attendance, Meeting

    unit = Unit.objects.get(code=data.HUAXIN_UNIT)
    chair = Person.objects.filter(employee_number=data.HUAXIN_REVIEW_CHAIR).first()
    found = {}
    for day, title in data.HUAXIN_REVIEW_MEETINGS:
        at = _at(day, 17)
        meeting = Meeting.objects.filter(
            unit=unit, kind=MeetingKind.WEEKLY, scheduled_at=at
        ).first()
        if meeting is None:
            meeting = Meeting.objects.create(
                unit=unit,
                kind=MeetingKind.WEEKLY,
                title=title,
                scheduled_at=at,
                place=data.HUAXIN_REVIEW_PLACE,
                chair=chair,
                status=MeetingStatus.SIGNED_OFF,
                agenda_published_at=at - datetime.timedelta(days=1),
                signed_off_at=at + datetime.timedelta(hours=3),
                signed_off_by=chair.user if chair is not None else None,
                is_illustrative=True,
                source=data.HUAXIN_REVIEW_SOURCE,
            )
            AgendaItem.objects.create(
                meeting=meeting, position=1, title=data.HUAXIN_REVIEW_AGENDA, presenter=chair
            )
            # The whole group, as at its other weekly meetings (everyone present).
            Attendance.objects.bulk_create(
                Attendance(meeting=meeting, person=person, status=AttendanceStatus.PRESENT)
                for person in Person.objects.filter(unit=unit, is_active=True)
                if person.date_joined is None or person.date_joined <= day
            )
        found[day] = meeting
    return found
