"""Loads the demo technical assistance between plants of seeds 002 and 001 (see demo_data.py).

Runs after the organisation, plans, meetings, innovation and competitions steps of `gexin
demo`. It first adds what the story needs and the earlier steps lack: the maintenance
work type, a demo login for Dalian's rolling workshops, and the roll-change records of
Dalian's small-section mill (through gexin.plans.records, as any import). Then it writes
the four north-east plants' 1958 contract with its items, the fifth conference with the
56 experiences exchanged there and its verdict on each item, the spread of the lifting
table and of the fast roll change, express reports and subscriptions, assistance cards
and Taiyuan Steel's cooperations, and rebuilds the search index.

Dalian's figures before and after the fast roll change are read from the records (the
competitions demo's for the medium-section mill), as the comparison page reads them.

Nothing here notifies anyone: the services that push experiences, record adoptions,
publish reports and move cards tell people what happened, which a demo of 1958 must not
do; so their rows are written directly, with the same fields, after the same checks
(gexin.exchange.contracts and gexin.exchange.spread). Rows are saved one by one and so
audited. Every row is fixed by demo_data.py, and the small mill's daily records come
from a random generator with a fixed seed: two loads of an empty database give the same
rows.
"""

import calendar
import datetime
import importlib.util
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gexin.core import versioning
from gexin.core.audit import audit_context
from gexin.exchange import contracts, spread
from gexin.exchange import demo_data as data
from gexin.exchange.choices import (
    AdoptionStatus,
    CardKind,
    ContractStatus,
    CooperationKind,
    ExchangeStatus,
    Flow,
    ItemKind,
    ItemStatus,
    Language,
    Verdict,
)
from gexin.exchange.models import (
    Adoption,
    AssistanceCard,
    Conference,
    Contract,
    ContractItem,
    Cooperation,
    CooperationItem,
    Experience,
    ExpressReport,
    ItemEvaluation,
    Subscription,
    plant_of,
)
from gexin.org.models import Person, RoleAssignment, Unit, WorkType
from gexin.plans import fulfilment, records
from gexin.plans.choices import Direction, ImportSource
from gexin.plans.models import MILLI, Metric, Record

D = datetime.date
ROLL_CHANGE = "roll_change_time"


def is_loaded():
    """True when the demo's fifth conference is already in the database."""
    return Conference.objects.filter(
        unit__code=data.CONFERENCE["unit"], number=data.CONFERENCE["number"]
    ).exists()


@transaction.atomic
def load(stdout=None):
    """Create the demo technical assistance; return {kind of row: rows written}.

    Does nothing (and returns {}) when the demo conference is there already.
    """
    if is_loaded():
        return {}
    with audit_context(reason="demo technical assistance reconstructed from seeds 001 and 002"):
        loader = _Loader()
        loader.organisation()
        loader.small_mill_records()
        loader.experiences()
        loader.contract()
        loader.conference()
        loader.adoptions()
        loader.express_reports()
        loader.cards()
        loader.cooperations()
        loader.search_index()
        versioning.bump()
    if stdout is not None:
        stdout.write(
            "  " + ", ".join(f"{count} {label}" for label, count in loader.written.items())
        )
    return loader.written


# Helpers


def month_days(year, month):
    last = calendar.monthrange(year, month)[1]
    return [D(year, month, day) for day in range(1, last + 1)]


def spread_total(total, weights):
    """Split the integer `total` in proportion to `weights`; the parts add up exactly."""
    weight_sum = sum(weights)
    exact = [total * weight / weight_sum for weight in weights]
    parts = [int(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _at(day, hour):
    """An aware time on `day` at `hour`, in the project's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _figure(value):
    """A figure as the texts quote it: 48, 52.5."""
    return f"{value.normalize():f}"


def roll_change_time(unit, start, end):
    """The unit's roll-change time over [start, end] from its records: the sum of the
    minutes over the sum of the changes (a ratio is never averaged)."""
    metric = Metric.objects.get(code=ROLL_CHANGE)
    sums = fulfilment.totals(
        unit.path, start, end, metric_ids=[metric.numerator_id, metric.denominator_id]
    )
    value = fulfilment.metric_values({metric.pk: metric}, sums).get(metric.pk)
    return None if value is None else value.quantize(Decimal("0.1"))


class _Loader:
    def __init__(self):
        self.rng = random.Random(data.RANDOM_SEED)
        self.units = {}
        self.users = {}
        self.experience_by_key = {}
        self.experience_rows = []
        self.items = []
        self.written = {}

    # Look-ups

    def unit(self, code):
        if code not in self.units:
            self.units[code] = Unit.objects.get(code=code)
        return self.units[code]

    def user(self, username):
        if username is None:
            return None
        if username not in self.users:
            self.users[username] = get_user_model().objects.filter(username=username).first()
        return self.users[username]

    def count(self, label, number=1):
        self.written[label] = self.written.get(label, 0) + number

    def save(self, row, label):
        row.full_clean()
        row.save()
        self.count(label)
        return row

    # What the earlier steps lack

    def organisation(self):
        """The maintenance work type and Dalian's login (kept when present)."""
        from gexin.org import demo as org_demo

        for row in data.WORK_TYPES:
            if not WorkType.objects.filter(code=row["code"]).exists():
                self.save(WorkType(**row), "work types")
        User = get_user_model()
        for row in data.PEOPLE:
            if Person.objects.filter(employee_number=row["employee_number"]).exists():
                continue
            user = None
            if not User.objects.filter(username=row["username"]).exists():
                user = User.objects.create_user(
                    row["username"], password=org_demo.DEMO_PASSWORD, first_name=row["name_latin"]
                )
                self.count("logins")
            person = self.save(
                Person(
                    employee_number=row["employee_number"],
                    name=row["name"],
                    name_latin=row["name_latin"],
                    unit=self.unit(row["unit"]),
                    skill_grade=row["skill_grade"],
                    date_joined=datetime.date.fromisoformat(row["date_joined"]),
                    is_illustrative=True,
                    source=row["source"][:300],
                    user=user,
                ),
                "people",
            )
            for code, role in row["roles"]:
                self.save(RoleAssignment(person=person, unit=self.unit(code), role=role), "roles")

    def small_mill_records(self):
        """Roll changes of Dalian's small-section mill, June-December 1958, unless the
        mill has records of them already (illustrative, see demo_data.SMALL_MILL_MONTHS)."""
        unit = self.unit(data.SMALL_MILL)
        metric = Metric.objects.get(code=ROLL_CHANGE)
        changes_id, minutes_id = metric.denominator_id, metric.numerator_id
        if Record.objects.filter(unit=unit, metric_id__in=[changes_id, minutes_id]).exists():
            return
        rows = []
        for month, (changes, minutes_each) in sorted(data.SMALL_MILL_MONTHS.items()):
            days = month_days(1958, month)
            by_day = spread_total(changes, [self.rng.uniform(0.6, 1.4) for _day in days])
            minutes = spread_total(
                changes * minutes_each, [count * self.rng.uniform(0.85, 1.15) for count in by_day]
            )
            for day, changed, stood in zip(days, by_day, minutes, strict=True):
                rows.append((unit.pk, day, 0, changes_id, None, changed * MILLI))
                rows.append((unit.pk, day, 0, minutes_id, None, stood * MILLI))
        records.Validator(None).check_typed(rows)
        records.load(rows, source=ImportSource.DEMO, file_name=data.SMALL_MILL_BATCH)
        self.count("records", len(rows))

    # 2. The 56 experiences exchanged at the fifth conference

    def experiences(self):
        benxi_june = roll_change_time(self.unit("benxi-steel-rolling"), *data.BEFORE_MONTH)
        work_types = {work_type.code: work_type for work_type in WorkType.objects.all()}
        for spec in data.SEED_EXPERIENCES:
            experience = Experience(
                unit=self.unit(spec["unit"]),
                title=spec["title"],
                problem=spec["problem"],
                method=spec["method"],
                work_type=work_types[spec["work_type"]],
                language=Language.CHINESE,
                direction=Direction(spec["direction"]),
                before_value=_decimal(spec["before"]),
                after_value=_decimal(spec["after"]),
                introduced_on=spec["introduced_on"],
                is_illustrative=spec["illustrative"],
                source=spec["source"][:300],
            )
            if spec.get("metric"):
                experience.metric = Metric.objects.get(code=spec["metric"])
                if spec["key"] == "roll-change":
                    experience.after_value = benxi_june
            else:
                experience.figure_label = spec["figure"]
            self.add_experience(spec["key"], experience, spec["people"])
        day = data.INTRODUCED_FROM
        for (
            key,
            code,
            work_type,
            title,
            problem,
            method,
            figure,
            direction,
            before,
            after,
        ) in data.OTHER_EXPERIENCES:
            experience = Experience(
                unit=self.unit(code),
                title=title,
                problem=problem,
                method=method,
                work_type=work_types[work_type],
                language=Language.CHINESE,
                figure_label=figure,
                direction=Direction(direction),
                before_value=_decimal(before),
                after_value=_decimal(after),
                introduced_on=day,
                is_illustrative=True,
                source=data.EXPERIENCES_SOURCE[:300],
            )
            self.add_experience(key, experience, [])
            day += datetime.timedelta(days=data.INTRODUCED_EVERY_DAYS)

    def add_experience(self, key, experience, people):
        self.save(experience, "experiences")
        if people:
            experience.people.set(Person.objects.filter(employee_number__in=people))
        if key:
            self.experience_by_key[key] = experience
        self.experience_rows.append(experience)

    # 1. The contract and its items

    def contract(self):
        spec = data.CONTRACT
        parties = [self.unit(code) for code in spec["parties"]]
        keeper = self.unit(spec["unit"])
        contracts.check_contract(keeper, parties)
        self.the_contract = self.save(
            Contract(
                unit=keeper,
                number=spec["number"],
                title=spec["title"],
                signed_on=spec["signed_on"],
                starts_on=spec["starts_on"],
                ends_on=spec["ends_on"],
                status=ContractStatus(spec["status"]),
                description=spec["description"],
                is_illustrative=spec["illustrative"],
                source=spec["source"][:300],
            ),
            "contracts",
        )
        self.the_contract.parties.set(parties)
        held_on = data.CONFERENCE["held_on"]
        for (
            _key,
            kind,
            owner,
            beneficiary,
            description,
            due_on,
            status,
            done_on,
            verdict,
            verdict_note,
            note,
            experience,
        ) in data.CONTRACT_ITEMS:
            item = ContractItem(
                contract=self.the_contract,
                kind=ItemKind(kind),
                description=description,
                obliged_unit=self.unit(owner),
                beneficiary=self.unit(beneficiary),
                experience=self.experience_by_key.get(experience),
                due_on=due_on,
                status=ItemStatus(status),
                done_on=done_on,
                note=note,
                is_illustrative=True,
            )
            contracts.check_item(item, parties, today=held_on)
            self.save(item, "contract items")
            self.items.append((item, Verdict(verdict), verdict_note))

    # 2. The fifth conference: its experiences and its verdict on each item

    def conference(self):
        spec = data.CONFERENCE
        conference = self.save(
            Conference(
                unit=self.unit(spec["unit"]),
                contract=self.the_contract,
                number=spec["number"],
                title=spec["title"],
                held_on=spec["held_on"],
                place=spec["place"],
                decisions=spec["decisions"],
                is_illustrative=spec["illustrative"],
                source=spec["source"][:300],
            ),
            "conferences",
        )
        conference.participants.set([self.unit(code) for code in spec["participants"]])
        conference.experiences.set(self.experience_rows)
        for item, verdict, note in self.items:
            self.save(
                ItemEvaluation(conference=conference, item=item, verdict=verdict, note=note),
                "item evaluations",
            )

    # 3. Spread and adoption

    def adoptions(self):
        """Benxi's adoption of the lifting table, Dalian's two of the fast roll change
        (their figures from the records) and Fushun's, still unreported. Written as
        gexin.exchange.spread would, after its checks, without telling anyone."""
        for spec in data.ADOPTIONS:
            unit = self.unit(spec["unit"])
            adoption = Adoption(
                experience=self.experience_by_key[spec["experience"]],
                unit=unit,
                pushed_on=spec["pushed_on"],
                pushed_by=self.user(spec["pushed_by"]),
                check_due=spec["check_due"],
                is_illustrative=spec["illustrative"],
                source=spec["source"][:300],
            )
            if spec["adopted_on"] is not None:
                before, after = _decimal(spec["before"]), _decimal(spec["after"])
                result = spec["result"]
                if before is None:
                    before = roll_change_time(unit, *data.BEFORE_MONTH)
                    after = roll_change_time(unit, *data.AFTER_MONTH)
                    cut = (before - after) / before * 100
                    result = data.ROLL_CHANGE_RESULT.format(
                        before=_figure(before), after=_figure(after), cut=f"{cut:.0f}"
                    )
                spread.check_adopted_on(adoption, spec["adopted_on"], today=spec["check_due"])
                spread.check_figures(before, after)
                adoption.status = AdoptionStatus.ADOPTED
                adoption.adopted_on = spec["adopted_on"]
                adoption.how = spec["how"]
                adoption.before_value = before
                adoption.after_value = after
                adoption.result = result
                adoption.recorded_by = self.user(spec["recorded_by"])
            self.save(adoption, "adoptions")

    # 4. Express reports and subscriptions

    def express_reports(self):
        roll_change = self.experience_by_key["roll-change"]
        medium = roll_change.adoptions.get(unit__code=data.MEDIUM_MILL)
        figures = {"before": _figure(medium.before_value), "after": _figure(medium.after_value)}
        for code, day, author, title, body, experience in data.EXPRESS_REPORTS:
            unit = self.unit(code)
            report = ExpressReport(
                unit=unit,
                plant=plant_of(unit),
                title=title,
                body=body.format(**figures),
                language=Language.CHINESE,
                experience=self.experience_by_key.get(experience),
                published_at=_at(day, data.PUBLISHED_AT_HOUR),
                author=self.user(author),
                is_illustrative=True,
                source=data.EXPRESS_SOURCE[:300],
            )
            self.save(report, "express reports")
        for code in data.PLANTS:
            for other in data.PLANTS:
                if other != code:
                    self.save(
                        Subscription(unit=self.unit(code), plant=self.unit(other)),
                        "subscriptions",
                    )

    # 5. Assistance cards

    def cards(self):
        work_types = {work_type.code: work_type for work_type in WorkType.objects.all()}
        for spec in data.CARDS:
            card = AssistanceCard(
                kind=CardKind(spec["kind"]),
                unit=self.unit(spec["unit"]),
                title=spec["title"],
                description=spec["description"],
                work_type=work_types[spec["work_type"]],
                needed_by=spec["needed_by"],
                experience=self.experience_by_key.get(spec["experience"]),
                posted_by=self.user(spec["posted_by"]),
                is_illustrative=True,
                source=data.CARDS_SOURCE[:300],
            )
            if spec.get("counterpart"):
                card.counterpart = self.unit(spec["counterpart"])
            self.steps(card, spec)
            self.save(card, "assistance cards")

    def steps(self, row, spec):
        """Set the dates, people and notes of the moves a card or cooperation made."""
        row.status = ExchangeStatus(spec["status"])
        row.posted_on = spec["posted"]
        if spec.get("matched"):
            row.matched_on, matched_by = spec["matched"]
            row.matched_by = self.user(matched_by)
        if spec.get("delivered"):
            row.delivered_on, delivered_by, row.delivery_note = spec["delivered"]
            row.delivered_by = self.user(delivered_by)
        if spec.get("confirmed"):
            row.confirmed_on, confirmed_by, row.confirmation_note = spec["confirmed"]
            row.confirmed_by = self.user(confirmed_by)
        if spec.get("withdrawn"):
            row.withdrawn_on, row.withdrawn_reason = spec["withdrawn"]

    # 6. Cooperation

    def cooperations(self):
        for spec in data.COOPERATIONS:
            cooperation = Cooperation(
                kind=CooperationKind(spec["kind"]),
                unit=self.unit(spec["unit"]),
                partner=self.unit(spec["partner"]) if spec["partner"] else None,
                partner_name=spec["partner_name"],
                title=spec["title"],
                description=spec["description"],
                needed_by=spec["needed_by"],
                is_illustrative=spec["illustrative"],
                source=spec["source"][:300],
            )
            self.steps(cooperation, spec)
            self.save(cooperation, "cooperations")
            for flow, description, quantity, unit_of_measure in spec["items"]:
                self.save(
                    CooperationItem(
                        cooperation=cooperation,
                        flow=Flow(flow),
                        description=description,
                        quantity=_decimal(quantity),
                        unit_of_measure=unit_of_measure,
                    ),
                    "cooperation items",
                )

    # 7. The search index

    def search_index(self):
        """Rebuild the index once at the end, rather than row by row as the rows came."""
        if importlib.util.find_spec("gexin.exchange.search") is None:
            return
        from gexin.exchange import search

        if hasattr(search, "reindex_all"):
            self.count("search documents", search.reindex_all())
