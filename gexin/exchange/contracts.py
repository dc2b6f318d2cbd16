"""Technical assistance contracts: the rules of their items and their fulfilment.

Contract management lies with the workshops (seed 002): the organisers of the workshop
that owns an item move it (planned → in progress → done, or cancelled with a note);
the terms of an item — what, by whom, for whom, by when — are set by the management of
the unit keeping the contract or of the obliged unit. A conference held among the
contract's parties judges it item by item (`evaluate`, the conference locked meanwhile);
`fulfilment` sums up those verdicts.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gexin.core.notify import notify
from gexin.core.permissions import is_path_in_scope
from gexin.exchange.choices import VERDICT_POINTS, ItemStatus, Verdict
from gexin.exchange.models import (
    PLANT_KINDS,
    Conference,
    Contract,
    ContractItem,
    ItemEvaluation,
    plant_of,
    sides_q,
)

# The moves of an item's status; a done item may be reopened, a cancelled one stays so.
ITEM_MOVES = {
    ItemStatus.PLANNED: {ItemStatus.IN_PROGRESS, ItemStatus.DONE, ItemStatus.CANCELLED},
    ItemStatus.IN_PROGRESS: {ItemStatus.DONE, ItemStatus.CANCELLED},
    ItemStatus.DONE: {ItemStatus.IN_PROGRESS},
    ItemStatus.CANCELLED: set(),
}
# What management sets; the owning workshop moves the rest.
ITEM_TERMS = ("contract", "kind", "description", "obliged_unit", "beneficiary", "due_on")
# What the owning workshop moves.
ITEM_MOVES_FIELDS = ("status", "done_on", "note")

FIRST_YEAR, LAST_YEAR = 1900, 2199
YEAR_OUT_OF_RANGE = _("Give a date between 1900 and 2199.")


def is_inside(unit, ancestor):
    """True when `unit` is `ancestor` or lies below it."""
    return unit.path.startswith(ancestor.path)


def party_of(unit, parties):
    """The party (a plant) that `unit` lies in, or None."""
    for party in parties:
        if is_inside(unit, party):
            return party
    return None


def check_years(**days):
    """Every day given lies between 1900 and 2199 (a year mistyped is refused)."""
    errors = {
        name: YEAR_OUT_OF_RANGE
        for name, day in days.items()
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR
    }
    if errors:
        raise ValidationError(errors)


def check_contract_dates(signed_on=None, starts_on=None, ends_on=None):
    """The contract's days lie between 1900 and 2199 and it is not signed after its term
    has ended. (That it does not end before it starts is the model's own rule.) A
    contract may be signed a few days after the day it takes effect from."""
    check_years(signed_on=signed_on, starts_on=starts_on, ends_on=ends_on)
    if signed_on is not None and ends_on is not None and signed_on > ends_on:
        raise ValidationError(
            {"signed_on": _("A contract cannot be signed after the day it ends.")}
        )


def check_contract(unit, parties):
    """A contract binds at least two plants and is kept by one of them or a unit above all."""
    errors = {}
    parties = list(parties)
    if len(parties) < 2:
        errors["parties"] = _("A contract binds at least two plants.")
    elif any(party.kind not in PLANT_KINDS for party in parties):
        errors["parties"] = _("The parties of a contract are plants or enterprises.")
    elif (
        unit is not None
        and unit not in parties
        and not all(is_inside(party, unit) for party in parties)
    ):
        errors["unit"] = _("The contract is kept by one of its parties or by a unit above them.")
    if errors:
        raise ValidationError(errors)


def check_item(item, parties, previous_status=None, today=None):
    """The rules of an item, as it would be saved; `previous_status` is the stored one
    (None for a new item). Raises a ValidationError naming the fields at fault."""
    today = today or datetime.date.today()
    errors = {}
    parties = list(parties)
    owning_plant = None
    if item.obliged_unit_id:
        owning_plant = party_of(item.obliged_unit, parties)
        if owning_plant is None or item.obliged_unit == owning_plant:
            errors["obliged_unit"] = _(
                "The owning unit is a workshop (or a unit) inside one of the contract's plants."
            )
    if item.beneficiary_id:
        receiving = party_of(item.beneficiary, parties)
        if receiving is None:
            errors["beneficiary"] = _(
                "The beneficiary is one of the contract's plants or a unit inside one."
            )
        elif owning_plant is not None and receiving == owning_plant:
            errors["beneficiary"] = _(
                "The help goes to another plant of the contract, not to the owning plant."
            )
    if item.status == ItemStatus.DONE:
        if item.done_on is None:
            errors["done_on"] = _("Give the day the item was done.")
        elif item.done_on > today:
            errors["done_on"] = _("The item cannot be done on a day still to come.")
    elif item.done_on is not None:
        errors["done_on"] = _("Only a done item has a done date.")
    if item.status == ItemStatus.CANCELLED and not (item.note or "").strip():
        errors["note"] = _("Say in the note why the item is cancelled.")
    if (
        previous_status is not None
        and item.status != previous_status
        and item.status not in ITEM_MOVES[ItemStatus(previous_status)]
    ):
        errors["status"] = _("An item cannot move from “%(old)s” to “%(new)s”.") % {
            "old": ItemStatus(previous_status).label,
            "new": ItemStatus(item.status).label,
        }
    if errors:
        raise ValidationError(errors)


def above_a_party(unit, parties):
    """True when `unit` is one of `parties` or lies above one of them."""
    return any(is_inside(party, unit) for party in parties)


def check_conference(unit, participants, contract):
    """A conference that judges a contract is held among its parties: the host and every
    participating plant is one of the contract's parties or a unit above one of them,
    so that everyone at it sees the contract it judges."""
    if contract is None:
        return
    parties = list(contract.parties.all())
    errors = {}
    if unit is not None and not above_a_party(unit, parties):
        errors["unit"] = _(
            "A conference that judges a contract is hosted by one of the contract's parties "
            "or by a unit above them."
        )
    strangers = [each for each in participants or () if not above_a_party(each, parties)]
    if strangers:
        errors["participants"] = _(
            "Only the contract's parties (or units above them) take part in a conference "
            "that judges it, not %(units)s."
        ) % {"units": ", ".join(str(unit) for unit in strangers)}
    if errors:
        raise ValidationError(errors)


def contract_visible(user, conference):
    """True when the conference judges a contract and the user may see that contract."""
    if conference.contract_id is None:
        return False
    known = getattr(conference, "contract_visible", None)
    if known is not None:
        return bool(known)
    return Contract.objects.restrict(user, "view").filter(pk=conference.contract_id).exists()


def may_manage_item(user, contract, obliged_unit=None, action="add"):
    """True when the user may set the terms of (or add, or delete) an item of the
    contract: the action held on the keeping unit or on the obliged unit."""
    if is_path_in_scope(user, ContractItem, action, contract.unit.path):
        return True
    return obliged_unit is not None and is_path_in_scope(
        user, ContractItem, action, obliged_unit.path
    )


def may_move_item(user, item):
    """True when the user may move the item (its status, done date and note): the
    organisers of the owning workshop, or anyone holding the right above it."""
    return is_path_in_scope(user, ContractItem, "change", item.obliged_unit.path)


def items_for(user, action):
    """The items on which the user holds `action`. Adding and deleting is also open to
    the management of the unit keeping the contract, and so is changing, but only the
    terms (`may_move_item` says who moves an item)."""
    items = ContractItem.objects.restrict(user, action)
    if action == "change":
        kept = Contract.objects.restrict(user, "change")
    elif action in ("add", "delete"):
        kept = Contract.objects.where_user_holds(user, f"exchange.{action}_contractitem")
    else:
        return items
    return ContractItem.objects.filter(
        Q(pk__in=items.values("pk")) | Q(contract__in=kept.values("pk"))
    )


def contracts_open_to_items(user):
    """The contracts the user may add items to: kept within the user's scope for
    `add_contractitem`, or with a party that overlaps it (a workshop's management adds
    the items its workshop owes)."""
    perm = "exchange.add_contractitem"
    contracts = Contract.objects.restrict(user, "view")
    sides = sides_q(contracts, user, perm, ("parties__path",))
    if sides is None:
        return contracts.none()
    kept = Contract.objects.where_user_holds(user, perm)
    overlapping = Contract.objects.filter(sides)
    return contracts.filter(Q(pk__in=kept.values("pk")) | Q(pk__in=overlapping.values("pk")))


def role_holders(unit):
    """The active accounts of the people holding any role on `unit` itself."""
    from gexin.core.notify import recipients_of
    from gexin.org.models import RoleAssignment

    people = [
        assignment.person
        for assignment in RoleAssignment.objects.filter(unit=unit).select_related("person__user")
    ]
    return recipients_of(people)


def told_of_help(unit):
    """Who hears of help received by `unit`: the role holders of the unit, or of the
    nearest unit above it within its plant when it has none."""
    candidates = [unit]
    if unit.kind not in PLANT_KINDS:
        for ancestor in reversed(unit.lineage()):
            candidates.append(ancestor)
            if ancestor.kind in PLANT_KINDS:
                break
    for candidate in candidates:
        found = role_holders(candidate)
        if found:
            return found
    return []


def save_item(item, *, user, previous_status=None):
    """Save an item (in a transaction); when it has just been done, tell the beneficiary."""
    with transaction.atomic():
        item.save()
        if item.status == ItemStatus.DONE and previous_status != ItemStatus.DONE:
            recipients = [
                u for u in told_of_help(item.beneficiary) if u.pk != getattr(user, "pk", None)
            ]
            notify(
                recipients,
                _("Contract item done for %(unit)s: %(item)s"),
                _(
                    "%(owner)s has done this item of the contract “%(contract)s” on "
                    "%(day)s: %(item)s"
                ),
                url=item.get_absolute_url(),
                params={
                    "unit": item.beneficiary,
                    "item": item,
                    "owner": item.obliged_unit,
                    "contract": item.contract,
                    "day": item.done_on.isoformat() if item.done_on else "",
                },
            )
    return item


# Fulfilment


@dataclass
class Tally:
    """The verdicts on a set of items; postponed items are left out of the score."""

    plant: object = None
    fulfilled: int = 0
    partly: int = 0
    not_fulfilled: int = 0
    postponed: int = 0
    unevaluated: int = 0

    def add(self, verdict):
        if verdict is None:
            self.unevaluated += 1
        else:
            setattr(self, Verdict(verdict).value, getattr(self, Verdict(verdict).value) + 1)

    @property
    def counted(self):
        """The items that count towards the score (postponed ones by agreement do not)."""
        return self.fulfilled + self.partly + self.not_fulfilled

    @property
    def evaluated(self):
        return self.counted + self.postponed

    @property
    def points(self):
        return (
            Decimal(str(VERDICT_POINTS[Verdict.FULFILLED])) * self.fulfilled
            + Decimal(str(VERDICT_POINTS[Verdict.PARTLY])) * self.partly
            + Decimal(str(VERDICT_POINTS[Verdict.NOT_FULFILLED])) * self.not_fulfilled
        )

    @property
    def score(self):
        """Points over the counted items, in per cent (one decimal); None with none counted."""
        if not self.counted:
            return None
        return (self.points / self.counted * 100).quantize(Decimal("0.1"))

    def as_dict(self):
        return {
            "plant": self.plant.code if self.plant is not None else None,
            "fulfilled": self.fulfilled,
            "partly": self.partly,
            "not_fulfilled": self.not_fulfilled,
            "postponed": self.postponed,
            "unevaluated": self.unevaluated,
            "score": None if self.score is None else str(self.score),
        }


@dataclass
class ConferenceResult:
    """One conference's evaluation of the contract: in all and per obliged plant."""

    conference: object
    total: Tally
    plants: list = field(default_factory=list)

    def as_dict(self):
        return {
            "conference": self.conference.pk,
            "title": self.conference.title,
            "held_on": self.conference.held_on.isoformat(),
            **{key: value for key, value in self.total.as_dict().items() if key != "plant"},
            "plants": [tally.as_dict() for tally in self.plants],
        }


@dataclass
class Fulfilment:
    """Items done out of the items owed (cancelled ones are not owed), and what each
    conference that evaluated the contract found."""

    total: int = 0
    done: int = 0
    cancelled: int = 0
    overdue: int = 0
    conferences: list = field(default_factory=list)

    @property
    def done_share(self):
        if not self.total:
            return None
        return (Decimal(self.done) / self.total * 100).quantize(Decimal("0.1"))

    def as_dict(self):
        return {
            "total": self.total,
            "done": self.done,
            "cancelled": self.cancelled,
            "overdue": self.overdue,
            "done_share": None if self.done_share is None else str(self.done_share),
            "conferences": [result.as_dict() for result in self.conferences],
        }


def fulfilment(contract, conference=None, today=None):
    """The contract's fulfilment: items done / owed, and for each conference that
    evaluated it (or only `conference`) the verdicts counted, in all and per obliged
    plant, with a score: fulfilled 1, partly ½, not fulfilled 0 (VERDICT_POINTS) over the
    items judged, leaving out those postponed by agreement."""
    today = today or datetime.date.today()
    parties = list(contract.parties.all())
    items = list(contract.items.select_related("obliged_unit"))
    result = Fulfilment()
    plant_by_item = {}
    for item in items:
        plant_by_item[item.pk] = party_of(item.obliged_unit, parties) or plant_of(item.obliged_unit)
        if item.status == ItemStatus.CANCELLED:
            result.cancelled += 1
            continue
        result.total += 1
        if item.status == ItemStatus.DONE:
            result.done += 1
        elif item.is_overdue(today):
            result.overdue += 1
    if conference is not None:
        conferences = [conference]
    else:
        conferences = list(
            contract.conferences.filter(evaluations__isnull=False)
            .distinct()
            .order_by("held_on", "pk")
        )
    verdicts = {}
    for evaluation in ItemEvaluation.objects.filter(
        conference__in=[c.pk for c in conferences], item__contract=contract
    ).values("conference_id", "item_id", "verdict"):
        verdicts[(evaluation["conference_id"], evaluation["item_id"])] = evaluation["verdict"]
    for each in conferences:
        total = Tally()
        per_plant = {}
        for item in items:
            verdict = verdicts.get((each.pk, item.pk))
            if verdict is None and item.status == ItemStatus.CANCELLED:
                continue  # a cancelled item nobody judged is no longer owed
            total.add(verdict)
            plant = plant_by_item[item.pk]
            per_plant.setdefault(plant.pk, Tally(plant=plant)).add(verdict)
        plants = sorted(per_plant.values(), key=lambda tally: tally.plant.path)
        result.conferences.append(ConferenceResult(conference=each, total=total, plants=plants))
    return result


# The conference's evaluation sheet


SHEET_CHANGED = _(
    "Someone else saved verdicts on this sheet after you opened it. Nothing of yours was "
    "saved: reload the sheet to see the current verdicts, then enter yours again."
)


class SheetChanged(ValidationError):
    """The conference's verdicts changed after the sheet was opened."""

    def __init__(self):
        super().__init__(SHEET_CHANGED, code="changed")


def may_evaluate(user, conference):
    """The conference's host (its management) records the verdicts, on a contract it sees."""
    if not is_path_in_scope(user, ItemEvaluation, "add", conference.unit.path):
        return False
    return conference.contract_id is None or contract_visible(user, conference)


def sheet_version(evaluations):
    """A short token of the verdicts stored for a conference (ItemEvaluation objects),
    carried by the evaluation sheet so that a save over someone else's is refused."""
    rows = sorted((e.item_id, e.verdict, e.note) for e in evaluations)
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def evaluate(conference, rows, version=None):
    """Record the conference's verdicts in one transaction: `rows` are (item, verdict,
    note); an empty verdict removes the item's verdict. Every item must belong to the
    conference's contract, else nothing is saved. The conference is locked while its
    verdicts are saved; with `version` (the `sheet_version` the sheet was opened on), a
    sheet saved meanwhile by someone else refuses the save (SheetChanged). Returns the
    evaluations kept."""
    kept = []
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        if locked.contract_id is None:
            raise ValidationError(
                _("The conference judges no contract: choose its contract first.")
            )
        judged = [item.pk for item, _verdict, _note in rows]
        if len(set(judged)) != len(judged):
            raise ValidationError(_("Each item is judged once on a sheet; remove the repeats."))
        foreign = [item for item, _verdict, _note in rows if item.contract_id != locked.contract_id]
        if foreign:
            raise ValidationError(
                _("Only the items of the conference's contract are judged at it: %(items)s")
                % {"items": "; ".join(str(item) for item in foreign)}
            )
        stored = list(ItemEvaluation.objects.select_for_update().filter(conference=locked))
        if version and version != sheet_version(stored):
            raise SheetChanged()
        judged = {item.pk for item, _v, _n in rows}
        existing = {
            evaluation.item_id: evaluation for evaluation in stored if evaluation.item_id in judged
        }
        for item, verdict, note in rows:
            current = existing.get(item.pk)
            if not verdict:
                if current is not None:
                    current.delete()
                continue
            if current is None:
                current = ItemEvaluation(conference=locked, item=item)
            elif current.verdict == verdict and current.note == (note or ""):
                kept.append(current)
                continue
            current.verdict = Verdict(verdict)
            current.note = note or ""
            current.save()
            kept.append(current)
    return kept
