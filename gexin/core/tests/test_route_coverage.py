"""Walks every route of the site and the API as anonymous, out-of-scope and in-scope users.

A new route with URL arguments fails this test until an example object is named for
it in ROUTE_EXAMPLES, so no page or endpoint goes unchecked. No route may answer 500.
"""

from functools import partial

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gexin.competitions.tests.routes import route_examples as competitions_route_examples
from gexin.exchange.tests.routes import route_examples as exchange_route_examples
from gexin.exchange.tests.routes import shared_change_routes as exchange_shared_change_routes
from gexin.exchange.tests.routes import shared_routes as exchange_shared_routes
from gexin.innovation.tests.routes import route_examples as innovation_route_examples
from gexin.meetings.tests.factories import examples as meetings_examples
from gexin.national.tests.routes import catalogue_routes as national_catalogue_routes
from gexin.national.tests.routes import route_examples as national_route_examples
from gexin.people.tests.routes import catalogue_routes as people_catalogue_routes
from gexin.people.tests.routes import route_examples as people_route_examples
from gexin.plans.tests.factories import examples as plans_examples


def plans_example(key, world):
    return plans_examples(world)[key]


def meetings_example(key, world):
    return meetings_examples(world)[key]


pytestmark = pytest.mark.django_db

# Routes anyone may open, signed in or not.
PUBLIC = {
    "healthz",
    "login",
    "api_schema",
    "api_docs",
    "api_redoc",
    "api_token",
    "set_language",
    "logout",
}

# For routes with arguments: the example object, all inside plant A.
ROUTE_EXAMPLES = {
    "org:unit_detail": lambda w: w.units["plant-a-turning"],
    "org:unit_children": lambda w: w.units["plant-a-machine"],
    "org:unit_edit": lambda w: w.units["plant-a-turning"],
    "org:unit_delete": lambda w: w.units["plant-a-turning"],
    "org:unit_history": lambda w: w.units["plant-a-turning"],
    "org:unit_by_code": lambda w: {"code": "plant-a-turning"},
    "org:person_detail": lambda w: w.people["turner_a"],
    "org:person_edit": lambda w: w.people["turner_a"],
    "org:person_delete": lambda w: w.people["turner_a"],
    "org:person_history": lambda w: w.people["turner_a"],
    "org:person_account": lambda w: w.people["turner_a"],
    "org:roleassignment_detail": lambda w: w.roles["leader_a"],
    "org:roleassignment_edit": lambda w: w.roles["leader_a"],
    "org:roleassignment_delete": lambda w: w.roles["leader_a"],
    "org:roleassignment_history": lambda w: w.roles["leader_a"],
    "org:worktype_detail": lambda w: w.work_types["machining"],
    "org:worktype_edit": lambda w: w.work_types["machining"],
    "org:worktype_delete": lambda w: w.work_types["machining"],
    "org:worktype_history": lambda w: w.work_types["machining"],
    "unit-detail": lambda w: w.units["plant-a-turning"],
    "person-detail": lambda w: w.people["turner_a"],
    "roleassignment-detail": lambda w: w.roles["leader_a"],
    "worktype-detail": lambda w: w.work_types["machining"],
    **{
        f"plans:{name}": partial(plans_example, key)
        for name, key in {
            "metric_detail": "metric",
            "metric_edit": "metric",
            "metric_delete": "metric",
            "metric_history": "metric",
            "plan_detail": "plan",
            "plan_edit": "plan",
            "plan_delete": "plan",
            "plan_history": "plan",
            "plan_targets": "plan",
            "plan_adopt": "plan",
            "plan_assemble": "plan",
            "plan_breakdown": "plan",
            "pledge_detail": "pledge",
            "pledge_edit": "pledge",
            "pledge_delete": "pledge",
            "pledge_history": "pledge",
            "condition_edit": "condition",
            "condition_delete": "condition",
            "record_delete": "record",
            "importbatch_detail": "batch",
        }.items()
    },
    "metric-detail": lambda w: plans_examples(w)["metric"],
    "plan-detail": lambda w: plans_examples(w)["plan"],
    "plan-adopt": lambda w: plans_examples(w)["plan"],
    "pledge-detail": lambda w: plans_examples(w)["pledge"],
    "record-detail": lambda w: plans_examples(w)["record"],
    **{
        f"meetings:{name}": partial(meetings_example, key)
        for name, key in {
            "meeting_detail": "meeting",
            "meeting_edit": "meeting",
            "meeting_delete": "meeting",
            "meeting_history": "meeting",
            "meeting_publish": "meeting",
            "meeting_held": "meeting",
            "meeting_sign_off": "meeting",
            "meeting_cancel": "meeting",
            "meeting_minutes": "meeting",
            "meeting_pdf": "meeting",
            "agendaitem_edit": "agendaitem",
            "agendaitem_delete": "agendaitem",
            "minuteentry_edit": "entry",
            "minuteentry_delete": "entry",
            "attendance_delete": "attendance",
            "actionitem_detail": "action",
            "actionitem_edit": "action",
            "actionitem_delete": "action",
            "actionitem_history": "action",
            "proposal_detail": "proposal",
            "proposal_edit": "proposal",
            "proposal_delete": "proposal",
            "proposal_history": "proposal",
            "proposal_dispose": "proposal",
            "proposal_implement": "proposal",
            "proposal_measure": "proposal",
            "proposal_award": "proposal",
            "proposaldeadline_detail": "deadline",
            "proposaldeadline_edit": "deadline",
            "proposaldeadline_delete": "deadline",
            "proposaldeadline_history": "deadline",
            "unit_panel": "unit",
            "unit_blackboard": "unit",
            "unit_blackboard_pdf": "unit",
        }.items()
    },
    **{
        name: partial(meetings_example, key)
        for name, key in {
            "meeting-detail": "meeting",
            "meeting-agenda": "meeting",
            "meeting-publish": "meeting",
            "meeting-held": "meeting",
            "meeting-sign-off": "meeting",
            "meeting-cancel": "meeting",
            "agendaitem-detail": "agendaitem",
            "attendance-detail": "attendance",
            "minuteentry-detail": "entry",
            "actionitem-detail": "action",
            "proposal-detail": "proposal",
            "proposal-dispose": "proposal",
            "proposal-implement": "proposal",
            "proposal-measure": "proposal",
            "proposal-award": "proposal",
            "proposaldeadline-detail": "deadline",
        }.items()
    },
    "notification_open": lambda w: notification_for_admin(w),
    "plans:unit_fulfilment": lambda w: w.units["plant-a-turning"],
    "plans:unit_fulfilment_panel": lambda w: w.units["plant-a-turning"],
    **innovation_route_examples(),
    **competitions_route_examples(),
    **exchange_route_examples(),
    **national_route_examples(),
    **people_route_examples(),
}

# Objects that travel between plants (an experience, a published express report, an
# open card): plant B's people may open them, but not change them.
SHARED_ROUTES = exchange_shared_routes()
# Their changes: plant B's people see the object, so they are refused with 403.
SHARED_CHANGE_ROUTES = exchange_shared_change_routes()


def notification_for_admin(world):
    """A notification of the administrator's: for everyone else it does not exist."""
    from gexin.core.notify import notify

    return notify([world.users["admin"]], "Route check")[0]


# Shared catalogues are visible to everyone signed in, so "out of scope" does not apply.
CATALOGUE_ROUTES = {
    "org:worktype_detail",
    "org:worktype_history",
    "org:worktype_edit",
    "org:worktype_delete",
    "worktype-detail",
    "plans:metric_detail",
    "plans:metric_history",
    "plans:metric_edit",
    "plans:metric_delete",
    "plans:importbatch_detail",
    "metric-detail",
    *national_catalogue_routes(),
    *people_catalogue_routes(),
}


def all_routes(resolver=None, namespace=""):
    """(name, argument names) of every named route, namespaced like `org:unit_detail`."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", tuple(sorted(entry.pattern.regex.groupindex))


# Routes that need query parameters to answer 200.
ROUTE_QUERIES = {
    "api_fulfilment": "?unit=plant-a&start=1959-03-01&end=1959-03-31",
}


def url_for(name, args, world):
    if not args:
        return reverse(name) + ROUTE_QUERIES.get(name, "")
    if args == ("format",):
        return reverse(name, kwargs={"format": "json"})
    example = ROUTE_EXAMPLES[name](world)
    kwargs = example if isinstance(example, dict) else {"pk": example.pk}
    if "format" in args:
        kwargs["format"] = "json"
    return reverse(name, kwargs=kwargs)


def routes():
    return sorted(set(all_routes()))


def test_every_route_with_arguments_has_an_example():
    missing = [
        name
        for name, args in routes()
        if args and set(args) != {"format"} and name not in ROUTE_EXAMPLES
    ]
    assert not missing, f"add these routes to ROUTE_EXAMPLES: {missing}"


@pytest.mark.parametrize("name,args", routes(), ids=[name for name, _ in routes()])
def test_route_answers_each_kind_of_user_correctly(name, args, world, client_for):
    url = url_for(name, args, world)
    object_args = set(args) - {"format"}
    is_api = url.startswith("/api/v1/")

    anonymous = client_for(None).get(url)
    assert anonymous.status_code < 500, url
    if name not in PUBLIC and name.split(":")[-1] != "api-root":
        if is_api:
            assert anonymous.status_code == 401, url
        else:
            assert anonymous.status_code in (302, 405), url
            if anonymous.status_code == 302:
                assert anonymous["Location"].startswith(reverse("login")), url
    posted = client_for(None).post(url, {})
    assert posted.status_code < 500, url

    # worker_b belongs to plant B: plant A's objects do not exist for them.
    outsider = client_for("worker_b").get(url)
    assert outsider.status_code < 500, url
    if name in CATALOGUE_ROUTES and name.endswith(("_edit", "_delete")):
        assert outsider.status_code == 403, url
    if name in SHARED_ROUTES:
        assert outsider.status_code in (200, 302), url
        assert client_for("worker_b").post(url, {}).status_code in (403, 404, 405), url
    elif name in SHARED_CHANGE_ROUTES:
        assert outsider.status_code in (403, 405), url
        assert client_for("worker_b").post(url, {}).status_code in (403, 405), url
    elif object_args and name not in CATALOGUE_ROUTES and name != "org:unit_by_code":
        assert outsider.status_code == 404, url
        assert client_for("worker_b").post(url, {}).status_code in (404, 405), url

    # stranger is signed in but holds nothing.
    stranger = client_for("stranger").get(url)
    assert stranger.status_code < 500, url
    if (
        name not in PUBLIC
        and not is_api
        and not object_args
        and name
        not in {
            "home",
            "notification_list",
            "password_change",
            "password_change_done",
            "org:worktype_list",
            "plans:metric_list",
            "national:productstandard_list",
        }
    ):
        assert stranger.status_code in (403, 405), url

    # The ministry administrator may open everything.
    insider = client_for("admin").get(url)
    assert insider.status_code in (200, 302, 405), (url, insider.status_code)
