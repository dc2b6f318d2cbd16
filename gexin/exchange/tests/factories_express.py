"""Test objects of express reports and subscriptions: one of each inside plant A, and
plant B twins.

Plant A's machine shop has a published report and its turning group a draft; plant B's
rolling workshop has one of each. A published report travels between plants: plant B's
worker opens plant A's (SHARED_ROUTES) but changes none of it. Plant A subscribes to
plant B's reports and plant B to plant A's.
"""

import datetime

from gexin.exchange.models import ExpressReport, Subscription

# {route name (UI "exchange:x_detail" or API "x-detail"): key into examples(world)}
ROUTES = {
    "exchange:expressreport_detail": "report",
    "exchange:expressreport_history": "report",
    # Plant B's worker is refused a change of the published report with 403 (tested in
    # test_express_pages); the walker checks the draft, which does not exist for them.
    "exchange:expressreport_edit": "draft",
    "exchange:expressreport_delete": "draft",
    "exchange:expressreport_publish": "draft",
    "exchange:expressreport_feed": "feed",
    "exchange:subscription_delete": "subscription",
    "expressreport-detail": "report",
    "expressreport-publish": "draft",
    "subscription-detail": "subscription",
}

# Routes whose (plant A) object plant B's worker may open: the published report and the
# plant's feed.
SHARED_ROUTES = {
    "exchange:expressreport_detail",
    "exchange:expressreport_history",
    "exchange:expressreport_feed",
    "expressreport-detail",
}

PUBLISHED = datetime.datetime(1958, 8, 27, 8, 0, tzinfo=datetime.UTC)


def clerk_of_plant_a(world):
    """A member of plant A itself, with no role: sees what plant A subscribes to."""
    from gexin.org.tests.factories import PersonFactory, UserFactory

    if "clerk_a" not in world.users:
        person = PersonFactory(
            unit=world.units["plant-a"],
            employee_number="A-300",
            user=UserFactory(username="clerk_a"),
        )
        world.users["clerk_a"] = person.user
        world.people["clerk_a"] = person
    return world.users["clerk_a"]


def make_report(unit, title="Lifting table ends the injuries", published_at=None, **fields):
    fields.setdefault(
        "body",
        "The blooming mill's crew built a lifting table that turns the plates; since it "
        "came into use no roller has been hurt.",
    )
    return ExpressReport.objects.create(unit=unit, title=title, published_at=published_at, **fields)


def examples(world):
    """One of each object of this area in plant A, and plant B twins; made once per world."""
    cached = getattr(world, "_express_examples", None)
    if cached is not None:
        return cached
    machine, rolling = world.units["plant-a-machine"], world.units["plant-b-rolling"]
    a, b = world.units["plant-a"], world.units["plant-b"]
    found = {
        "report": make_report(machine, author=world.users["manager_a"], published_at=PUBLISHED),
        "draft": make_report(
            world.units["plant-a-turning"], title="Roll sets assembled beforehand"
        ),
        "b_report": make_report(
            rolling, title="Coal saved at the soaking pits", published_at=PUBLISHED
        ),
        "b_draft": make_report(rolling, title="A draft of plant B"),
        "subscription": Subscription.objects.create(unit=a, plant=b),
        "b_subscription": Subscription.objects.create(unit=b, plant=a, by_email=False),
        "feed": {"code": "plant-a"},
    }
    world._express_examples = found
    return found
