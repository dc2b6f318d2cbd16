"""The moves of an assistance card and of a cooperation request: open → matched →
delivered → confirmed, or withdrawn while open or matched.

One set of moves serves both. Who may make each move:

- **match**: a card is taken up by a unit of *another plant*, by someone who posts cards
  for that unit; a cooperation is accepted by the partner unit's organisers, or, when the
  partner is an outside enterprise, recorded by the requesting unit.
- **deliver** (with a note of what was delivered): the giving side, i.e. the poster of an
  offer or the taker of a request; for a cooperation, the partner side (the requesting
  unit when the partner is outside gexin).
- **confirm** (an optional note): the receiving side.
- **withdraw** (with the reason): the posting side, while open or matched.

Each move locks the row, checks the state and the user's side, saves through the
audited model (so the history keeps it) and tells the other side's organisers.
A refused move raises a ValidationError that says why.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from gexin.core import audit
from gexin.core.notify import notify, recipients_of
from gexin.core.permissions import has_action_anywhere, is_path_in_scope, scope_paths, under
from gexin.exchange.choices import ExchangeStatus, Flow
from gexin.exchange.models import AssistanceCard, CooperationItem, plant_of
from gexin.exchange.permissions import ORGANISERS
from gexin.org.models import Person

MATCH, DELIVER, CONFIRM, WITHDRAW = "match", "deliver", "confirm", "withdraw"
MOVES = (MATCH, DELIVER, CONFIRM, WITHDRAW)
# Neither confirmed nor withdrawn: still being worked on.
UNDER_WAY = (ExchangeStatus.OPEN, ExchangeStatus.MATCHED, ExchangeStatus.DELIVERED)

# The states each move starts from, and the state it leads to.
STARTS_FROM = {
    MATCH: {ExchangeStatus.OPEN},
    DELIVER: {ExchangeStatus.MATCHED},
    CONFIRM: {ExchangeStatus.DELIVERED},
    WITHDRAW: {ExchangeStatus.OPEN, ExchangeStatus.MATCHED},
}
LEADS_TO = {
    MATCH: ExchangeStatus.MATCHED,
    DELIVER: ExchangeStatus.DELIVERED,
    CONFIRM: ExchangeStatus.CONFIRMED,
    WITHDRAW: ExchangeStatus.WITHDRAWN,
}

NOT_FROM_HERE = {
    MATCH: _("Only an open one can be taken up; this one is %(status)s."),
    DELIVER: _("Only a matched one can be delivered; this one is %(status)s."),
    CONFIRM: _("Only a delivered one can be confirmed; this one is %(status)s."),
    WITHDRAW: _("Only an open or matched one can be withdrawn; this one is %(status)s."),
}

AUDIT_REASONS = {
    MATCH: _("Taken up by %(unit)s"),
    DELIVER: _("Delivered: %(note)s"),
    CONFIRM: _("Receipt confirmed"),
    WITHDRAW: _("Withdrawn: %(reason)s"),
}

CARD_MESSAGES = {
    MATCH: (
        _("Card taken up: %(title)s"),
        _("%(unit)s took up your card “%(title)s”. Agree with them on what is to be done."),
    ),
    DELIVER: (
        _("Card delivered: %(title)s"),
        _(
            "%(unit)s delivered on the card “%(title)s”: %(note)s\n"
            "Please confirm once you have received it."
        ),
    ),
    CONFIRM: (
        _("Card confirmed: %(title)s"),
        _("%(unit)s confirmed receiving the help of the card “%(title)s”. %(note)s"),
    ),
    WITHDRAW: (
        _("Card withdrawn: %(title)s"),
        _("%(unit)s withdrew the card “%(title)s”: %(reason)s"),
    ),
}

COOPERATION_MESSAGES = {
    MATCH: (
        _("Cooperation accepted: %(title)s"),
        _("%(unit)s accepted the cooperation “%(title)s”."),
    ),
    DELIVER: (
        _("Cooperation delivered: %(title)s"),
        _(
            "%(unit)s delivered on the cooperation “%(title)s”: %(note)s\n"
            "Please confirm once you have received it."
        ),
    ),
    CONFIRM: (
        _("Cooperation confirmed: %(title)s"),
        _("%(unit)s confirmed receiving what was agreed in “%(title)s”. %(note)s"),
    ),
    WITHDRAW: (
        _("Cooperation withdrawn: %(title)s"),
        _("%(unit)s withdrew the cooperation “%(title)s”: %(reason)s"),
    ),
}


def is_card(obj):
    return isinstance(obj, AssistanceCard)


def holds(user, model, action, unit):
    """True when the user holds `exchange.<action>_<model>` over the unit."""
    return unit is not None and is_path_in_scope(user, model, action, unit.path)


def is_outside(cooperation):
    """True when the partner is an outside enterprise that does not use gexin."""
    return cooperation.partner_id is None


# Sides


def may_take_up_for(user, card, unit):
    """None when the user may take up the card for `unit`, else why not."""
    if unit is None:
        return _("Name the unit that takes up the card.")
    own_plant = plant_of(card.unit)
    if plant_of(unit) == own_plant or own_plant.path.startswith(unit.path):
        return _(
            "A card is taken up by a unit of another plant; %(unit)s is not outside %(plant)s."
        ) % {"unit": unit, "plant": own_plant}
    if not (
        holds(user, AssistanceCard, "add", unit) or holds(user, AssistanceCard, "change", unit)
    ):
        return _("You may take up a card only for a unit whose cards you answer for.")
    return None


def acting_unit(obj, move):
    """The unit in whose name the user makes the move (for the messages)."""
    if is_card(obj):
        return {
            MATCH: obj.counterpart,
            DELIVER: obj.giver,
            CONFIRM: obj.receiver,
            WITHDRAW: obj.unit,
        }[move]
    if move in (MATCH, DELIVER) and not is_outside(obj):
        return obj.partner
    return obj.unit


def lazystr_of(make):
    """A text made by `make()` only when it is read."""
    return lazy(lambda: str(make()), str)()


def may_move_at_all(user, obj):
    """True when the user answers for the cards (or cooperations) of some unit; anyone
    else is refused outright (403), before any question of state or side."""
    model = type(obj)
    return has_action_anywhere(user, model, "change") or has_action_anywhere(user, model, "add")


def refusal(obj, move, user, unit=None, *, may_take_up=None):
    """None when the user may make the move now, else the reason it is refused.

    `may_take_up`: whether the user may take the card up for some unit of theirs, when
    already read for many cards at once (see `takeable`)."""
    if obj.status not in STARTS_FROM[move]:
        return NOT_FROM_HERE[move] % {"status": ExchangeStatus(obj.status).label}
    model = type(obj)
    if is_card(obj):
        if move == MATCH:
            if unit is None:
                # Asked whether the user could take it up at all: for some unit of theirs.
                if may_take_up is None:
                    may_take_up = takeable(user, [obj])[obj.pk]
                if may_take_up:
                    return None
                # Worded only when shown: a list asking for the moves reads no plant.
                return lazystr_of(
                    lambda: (
                        _(
                            "You may take up a card only for a unit whose cards you answer for, "
                            "outside %(plant)s."
                        )
                        % {"plant": plant_of(obj.unit)}
                    )
                )
            return may_take_up_for(user, obj, unit)
        side = {DELIVER: obj.giver, CONFIRM: obj.receiver, WITHDRAW: obj.unit}[move]
        if not holds(user, model, "change", side):
            return {
                DELIVER: _("Only the giving side (%(unit)s) records the delivery."),
                CONFIRM: _("Only the receiving side (%(unit)s) confirms."),
                WITHDRAW: _("Only the posting side (%(unit)s) withdraws the card."),
            }[move] % {"unit": side}
        return None
    # A cooperation: the partner acts for the giving side, unless it is outside gexin.
    if move in (MATCH, DELIVER) and not is_outside(obj):
        if unit is not None and unit != obj.partner:
            return _("A cooperation is accepted by its partner, %(unit)s.") % {"unit": obj.partner}
        if not holds(user, model, "change", obj.partner):
            return {
                MATCH: _("Only the partner (%(unit)s) accepts the cooperation."),
                DELIVER: _("Only the partner (%(unit)s) records the delivery."),
            }[move] % {"unit": obj.partner}
        return None
    if unit is not None and unit != obj.unit:
        return _("The requesting unit, %(unit)s, records the outside enterprise's answer.") % {
            "unit": obj.unit
        }
    if not holds(user, model, "change", obj.unit):
        return {
            MATCH: _("Only the requesting unit (%(unit)s) records the agreement."),
            DELIVER: _("Only the requesting unit (%(unit)s) records the delivery."),
            CONFIRM: _("Only the requesting unit (%(unit)s) confirms."),
            WITHDRAW: _("Only the requesting unit (%(unit)s) withdraws the cooperation."),
        }[move] % {"unit": obj.unit}
    return None


def allowed_moves(obj, user, *, takeable=None):
    """The moves the user may make on the object now. `takeable`: {card pk: whether the
    user may take it up}, read once for a whole list (see `takeable`)."""
    may_take_up = None if takeable is None else takeable.get(obj.pk)
    return {move for move in MOVES if refusal(obj, move, user, may_take_up=may_take_up) is None}


def takers(user, card):
    """The units the user may take up the card for: outside the poster's plant."""
    from gexin.org.models import Unit

    own_plant = plant_of(card.unit)
    units = Unit.objects.where_user_holds(user, "exchange.add_assistancecard") | (
        Unit.objects.where_user_holds(user, "exchange.change_assistancecard")
    )
    return (
        units.exclude(under("path", own_plant.path))
        .exclude(path__in=own_plant.ancestor_paths())
        .distinct()
    )


def taker_scopes(user):
    """The paths of the subtrees in which the user answers for cards (posts or changes
    them): the units `takers` offers lie there. Every root for a superuser."""
    from gexin.org.models import Unit

    found = set()
    for perm in ("exchange.add_assistancecard", "exchange.change_assistancecard"):
        paths = scope_paths(user, perm)
        if paths is None:
            return set(Unit.get_root_nodes().values_list("path", flat=True))
        found.update(paths)
    return found


def takeable(user, cards):
    """{card pk: True when the user may take the card up for some unit of theirs}, what
    `takers(user, card).exists()` answers for one card, for many cards in at most three
    queries whatever their number.

    A unit the user answers for is outside the card's plant when its path and the
    plant's lie on different branches. A subtree of the user's on another branch holds
    one; a subtree above the plant (a province's, the ministry's) holds one exactly when
    a unit on the way down to the plant has a child off that way."""
    from gexin.exchange.comparison import plants_of
    from gexin.org.models import Unit

    cards = list(cards)
    if not cards:
        return {}
    scopes = taker_scopes(user)
    if not scopes:
        return {card.pk: False for card in cards}
    plants = plants_of([card.unit for card in cards])
    step = Unit.steplen
    found, ways = {}, {}
    for card in cards:
        plant = plants[card.unit_id].path
        if any(not plant.startswith(s) and not s.startswith(plant) for s in scopes):
            found[card.pk] = True
            continue
        # The units from each of the user's subtrees above the plant down to its parent.
        way = {
            plant[:end]
            for s in scopes
            if plant != s and plant.startswith(s)
            for end in range(len(s), len(plant), step)
        }
        ways[card.pk] = (plant, way)
        found[card.pk] = False
    nodes = set().union(*(way for _plant, way in ways.values()))
    children = {}
    if nodes:
        query = Q()
        for node in nodes:
            query |= under("path", node) & Q(depth=len(node) // step + 1)
        for path in Unit.objects.filter(query).values_list("path", flat=True):
            children.setdefault(path[:-step], set()).add(path)
    for pk, (plant, way) in ways.items():
        found[pk] = any(children.get(node, set()) - {plant[: len(node) + step]} for node in way)
    return found


# The moves


def match(obj, *, user, unit=None, today=None):
    """Take up an open card for `unit` (of another plant), or accept a cooperation."""
    if is_card(obj) and unit is None:
        raise ValidationError({"unit": _("Name the unit that takes up the card.")})
    return _move(obj, MATCH, user, today, unit=unit)


def deliver(obj, *, user, note, today=None):
    """Record what the giving side delivered."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what was delivered.")})
    return _move(obj, DELIVER, user, today, note=note)


def confirm(obj, *, user, note="", today=None):
    """The receiving side confirms it received the help."""
    return _move(obj, CONFIRM, user, today, note=(note or "").strip())


def withdraw(obj, *, user, reason, today=None):
    """The posting side withdraws the card or cooperation, giving the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing.")})
    return _move(obj, WITHDRAW, user, today, reason=reason)


def _move(obj, move, user, today, *, unit=None, note="", reason=""):
    today = today or datetime.date.today()
    with transaction.atomic():
        current = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
        why = refusal(current, move, user, unit)
        if why is not None:
            raise ValidationError(str(why))
        if move == MATCH:
            if is_card(current):
                current.counterpart = unit
            current.matched_on, current.matched_by = today, user
        elif move == DELIVER:
            current.delivered_on, current.delivered_by = today, user
            current.delivery_note = note
        elif move == CONFIRM:
            current.confirmed_on, current.confirmed_by = today, user
            current.confirmation_note = note
        else:
            current.withdrawn_on, current.withdrawn_reason = today, reason
        # Who is told: the side that did not move (read before the status changes).
        other = other_side(current, move)
        current.status = LEADS_TO[move]
        actor = acting_unit(current, move)
        params = {
            "unit": actor,
            "title": current.title,
            "note": note,
            "reason": reason,
        }
        audit_text = str(AUDIT_REASONS[move] % params)[:500]
        with _audited(user, audit_text):
            current.save()
        _tell(current, move, other, user, params)
    obj.refresh_from_db()
    return obj


def _audited(user, reason):
    """The move's reason in the history; the user as actor when no request names one."""
    if audit.current_context().actor is None:
        return audit.audit_context(actor=user, reason=reason)
    return audit.audit_reason(reason)


def other_side(obj, move):
    """The unit whose organisers learn of the move (None: nobody in gexin to tell)."""
    if is_card(obj):
        return {
            MATCH: obj.unit,
            DELIVER: obj.receiver,
            CONFIRM: obj.giver,
            WITHDRAW: obj.counterpart,
        }[move]
    if is_outside(obj):
        return None
    return obj.unit if move in (MATCH, DELIVER) else obj.partner


def organisers_of(unit):
    """The people who answer for the unit's exchanges: those holding an organising role
    on it, or, when it has none, on its nearest ancestor that has."""
    holders = Person.objects.filter(
        roles__role__in=ORGANISERS,
        is_active=True,
        roles__unit__path__in=[*unit.ancestor_paths(), unit.path],
    ).values_list("pk", "roles__unit__depth")
    if not holders:
        return Person.objects.none()
    nearest = max(depth for _pk, depth in holders)
    chosen = {pk for pk, depth in holders if depth == nearest}
    return Person.objects.filter(pk__in=chosen).select_related("user")


def _tell(obj, move, unit, user, params):
    if unit is None:
        return
    users = [person for person in recipients_of(organisers_of(unit)) if person != user]
    messages = CARD_MESSAGES if is_card(obj) else COOPERATION_MESSAGES
    subject, body = messages[move]
    notify(users, subject, body, obj.get_absolute_url(), params)


def timeline(obj):
    """The object's steps so far, oldest first: (step, day, by, note)."""
    steps = [(_("posted"), obj.posted_on, obj.posted_by, "")]
    if obj.matched_on:
        label = _("taken up") if is_card(obj) else _("accepted")
        steps.append((label, obj.matched_on, obj.matched_by, ""))
    if obj.delivered_on:
        steps.append((_("delivered"), obj.delivered_on, obj.delivered_by, obj.delivery_note))
    if obj.confirmed_on:
        steps.append((_("confirmed"), obj.confirmed_on, obj.confirmed_by, obj.confirmation_note))
    if obj.withdrawn_on:
        steps.append((_("withdrawn"), obj.withdrawn_on, None, obj.withdrawn_reason))
    return steps


def is_editable(obj):
    """A card or cooperation is changed only while it is open."""
    return obj.status == ExchangeStatus.OPEN


EDIT_REFUSED = _("It can be changed only while it is open.")
DELETE_REFUSED = _("Only an open one that nobody has taken up can be deleted; withdraw it instead.")


def check_editable(obj):
    if not is_editable(obj):
        raise ValidationError(str(EDIT_REFUSED))


def check_deletable(obj):
    if obj.status != ExchangeStatus.OPEN or obj.matched_on is not None:
        raise ValidationError(str(DELETE_REFUSED))


# What was given and received in a cooperation, and who may record it


def item_refusal(cooperation, user, action):
    """None when the user may add (change, delete) items of the cooperation, else why not.

    Either side records what went each way, until the receipt is confirmed."""
    if cooperation.status in (ExchangeStatus.CONFIRMED, ExchangeStatus.WITHDRAWN):
        return _("What was given and received is fixed once the cooperation is %(status)s.") % {
            "status": ExchangeStatus(cooperation.status).label
        }
    sides = [cooperation.unit, cooperation.partner]
    if not any(holds(user, CooperationItem, action, unit) for unit in sides):
        return _("Only the two sides of the cooperation record what was given and received.")
    return None


def items_for(user, action):
    """The cooperation items on which the user holds `action` through either side."""
    from gexin.org.models import Unit

    perm = f"exchange.{action}_cooperationitem"
    units = Unit.objects.where_user_holds(user, perm)
    return CooperationItem.objects.filter(
        Q(cooperation__unit__in=units) | Q(cooperation__partner__in=units)
    )


@dataclass
class Flowing:
    """The items of one direction, with their totals per unit of measure."""

    flow: str
    label: str
    items: list = field(default_factory=list)
    totals: list = field(default_factory=list)


def given_and_received(cooperation, items=None):
    """(given, received): the items of each flow and their totals per unit of measure
    (items without a quantity are listed but not totalled)."""
    items = list(cooperation.items.all()) if items is None else items
    found = []
    for flow in (Flow.GIVEN, Flow.RECEIVED):
        mine = [item for item in items if item.flow == flow]
        for item in mine:
            item.amount = tidy(item.quantity)
        sums = {}
        for item in mine:
            if item.quantity is not None:
                key = item.unit_of_measure.strip()
                sums[key] = sums.get(key, Decimal(0)) + item.quantity
        totals = [(measure, tidy(total)) for measure, total in sorted(sums.items())]
        found.append(Flowing(flow=flow, label=Flow(flow).label, items=mine, totals=totals))
    return found[0], found[1]


def tidy(value):
    """A quantity without trailing zeros: 240.0000 → 240, 12.5000 → 12.5."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
