"""Factories and route examples of the members area: membership events, dues rates and
payments, welfare cases with help, activities; in plant A's turning group and, out of
plant A's people's scope, in plant B's shift."""

import datetime
from decimal import Decimal

from gexin.people import dues, membership
from gexin.people.models.members import (
    Activity,
    ActivityKind,
    DuesPayment,
    DuesRate,
    MembershipEvent,
    MembershipKind,
    WelfareCase,
    WelfareHelp,
    WelfareHelpKind,
    WelfareKind,
)

D = datetime.date

# {route name: key in examples(world)} for every route of the area that takes an id.
ROUTES = {
    **{
        f"people:{model}_{action}": key
        for model, key in (
            ("membershipevent", "event"),
            ("duesrate", "rate"),
            ("duespayment", "payment"),
            ("welfarecase", "case"),
            ("activity", "activity"),
        )
        for action in ("detail", "edit", "delete", "history")
    },
    "people:activity_attendance": "activity",
    "people:welfarehelp_edit": "help",
    "people:welfarehelp_delete": "help",
    "people:person_membership": "person",
    "people:person_membership_panel": "person",
    "membershipevent-detail": "event",
    "duesrate-detail": "rate",
    "duespayment-detail": "payment",
    "welfarecase-detail": "case",
    "welfarehelp-detail": "help",
    "activity-detail": "activity",
}

HEALTH = "Pleurisy; two weeks' sick leave from the plant clinic"


def event(person, kind, day, **extra):
    """A membership event recorded through the service (checked, flag kept in step)."""
    return membership.record(MembershipEvent(person=person, kind=kind, day=day, **extra))


def rate(person, from_month, amount, **extra):
    return DuesRate.objects.create(
        person=person, from_month=from_month, amount=Decimal(str(amount)), **extra
    )


def pay(person, month, amount, paid_on=None, **extra):
    """A payment recorded through the service (refused when not due or overpaying)."""
    return dues.record_payment(
        DuesPayment(
            person=person,
            month=month,
            amount=Decimal(str(amount)),
            paid_on=paid_on or month + datetime.timedelta(days=19),
            **extra,
        )
    )


def case(person, kind=WelfareKind.ILLNESS, health=HEALTH, **extra):
    extra.setdefault("opened_on", D(1953, 9, 7))
    extra.setdefault("summary", "Ill at home; the group visits him")
    return WelfareCase.objects.create(person=person, kind=kind, health_details=health, **extra)


READING_DAY = D(1953, 10, 6)


def activity(unit, kind=ActivityKind.NEWSPAPER_READING, held_on=READING_DAY, **extra):
    extra.setdefault("title", "Reading the Workers' Daily")
    return Activity.objects.create(unit=unit, kind=kind, held_on=held_on, **extra)


def examples(world):
    """{key: object} in plant A's turning group (world.unit("plant-a-turning")), and the
    same kinds in plant B ("…_b"). Made once per world."""
    found = getattr(world, "_members_examples", None)
    if found is not None:
        return found
    turner, roller = world.people["turner_a"], world.people["roller_b"]
    found = {"person": turner, "person_b": roller}
    for suffix, person, unit in (
        ("", turner, world.unit("plant-a-turning")),
        ("_b", roller, world.unit("plant-b-shift-1")),
    ):
        found["event" + suffix] = event(person, MembershipKind.JOINED, D(1950, 3, 1))
        found["rate" + suffix] = rate(person, D(1953, 6, 1), "5000.00")
        found["payment" + suffix] = pay(person, D(1953, 6, 1), "5000.00")
        found["case" + suffix] = case(person)
        found["help" + suffix] = WelfareHelp.objects.create(
            case=found["case" + suffix],
            day=D(1953, 9, 9),
            kind=WelfareHelpKind.VISIT,
            given_by="the union group",
        )
        found["activity" + suffix] = activity(unit)
    world._members_examples = found
    return found
