"""Walks every route of the site and the API as every kind of user.

For each route: anonymous users are sent to sign in (401 in the API); another plant's
worker finds plant A's objects do not exist (404); a signed-in user without a person or
a role is refused; and plant A's own users (worker_a, leader_a, manager_a, admin_a) get
what the role table says. The right a route needs is its action on its model (`_edit`
is "change"; an API object's PATCH too, its DELETE "delete"), held on the example
object's unit: every one of them who lacks it is refused with 403 (404 where they cannot
even see the object), and the least privileged one who holds it gets through, for GET
and for the writes (an empty POST, PUT, PATCH, DELETE), which must not answer 500.

Each app's `tests/routes.py` names what the routes' names do not tell: the action of a
workflow step (ACTIONS), the changes a plain worker may make and why (WORKER_MAY), and
moves refused with their reason after reading the input (REFUSED_WITH_REASON). A new
route fails `test_every_route_is_classified` until it is named there (unless its name
tells) and `test_every_route_with_arguments_has_an_example` until it has an example.

All routes of one area share one world; each route runs in a transaction rolled back
afterwards, so what one user's request changes never reaches the next route.
"""

from functools import partial

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gexin.competitions.tests import routes as competitions_routes
from gexin.competitions.tests.routes import route_examples as competitions_route_examples
from gexin.core.permissions import has_action_anywhere, is_path_in_scope
from gexin.core.tests import routes as core_routes
from gexin.exchange.tests import routes as exchange_routes
from gexin.exchange.tests.routes import route_examples as exchange_route_examples
from gexin.exchange.tests.routes import shared_change_routes as exchange_shared_change_routes
from gexin.exchange.tests.routes import shared_routes as exchange_shared_routes
from gexin.innovation.tests import routes as innovation_routes
from gexin.innovation.tests.routes import route_examples as innovation_route_examples
from gexin.meetings.tests import routes as meetings_routes
from gexin.meetings.tests.factories import examples as meetings_examples
from gexin.national.tests import routes as national_routes
from gexin.national.tests.routes import catalogue_routes as national_catalogue_routes
from gexin.national.tests.routes import route_examples as national_route_examples
from gexin.org.tests import routes as org_routes
from gexin.people.tests import routes as people_routes
from gexin.people.tests.routes import catalogue_routes as people_catalogue_routes
from gexin.people.tests.routes import route_examples as people_route_examples
from gexin.plans.tests import routes as plans_routes
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
    "plans:plan_breakdown": lambda w: workshop_plan(w),
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


def workshop_plan(world):
    """A plan of plant A's machine shop, to be broken down among the groups below it."""
    import datetime

    from gexin.plans.tests.factories import make_plan

    unit = world.units["plant-a-machine"]
    return make_plan(unit, "month", datetime.date(1959, 3, 1), {"pieces_produced": 9000})


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

# Pages every signed-in user has, whatever they hold.
EVERYONE_SIGNED_IN = {
    "home",
    "notification_list",
    "password_change",
    "password_change_done",
    "org:worktype_list",
    "plans:metric_list",
    "national:productstandard_list",
    *core_routes.EVERYONE_SIGNED_IN,
}

# Each app's tables: the actions its routes need, the changes a plain worker may make,
# and the code's exceptions to the role table (see gexin/<app>/tests/routes.py).
APP_TABLES = (
    core_routes,
    org_routes,
    plans_routes,
    meetings_routes,
    innovation_routes,
    competitions_routes,
    exchange_routes,
    national_routes,
    people_routes,
)


def merged(name):
    result = {}
    for module in APP_TABLES:
        result.update(getattr(module, name, {}))
    return result


ACTIONS = merged("ACTIONS")
REFUSED_WITH_REASON = merged("REFUSED_WITH_REASON")
WORKER_MAY = merged("WORKER_MAY")

# The in-scope users of plant A, from the least to the most privileged; the
# administrator of the ministry comes last and may do everything in the tree.
IN_SCOPE = ("worker_a", "leader_a", "manager_a", "admin_a")
TOP = "admin"

# What a UI route's name says it needs.
UI_SUFFIX_ACTIONS = {
    "list": "view",
    "detail": "view",
    "history": "view",
    "panel": "view",
    "add": "add",
    "edit": "change",
    "delete": "delete",
}
# The API's methods on a list and on an object.
API_LIST_ACTIONS = {"GET": "view", "POST": "add"}
API_DETAIL_ACTIONS = {"GET": "view", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


def all_routes(resolver=None, namespace=""):
    """(name, argument names, callback) of every named route, namespaced like `org:unit_detail`."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (
                f"{namespace}{entry.name}",
                tuple(sorted(entry.pattern.regex.groupindex)),
                entry.callback,
            )


# Routes that need query parameters to answer 200: {name: "?…" or world → "?…"}.
ROUTE_QUERIES = {
    "api_fulfilment": "?unit=plant-a-turning&start=1959-03-01&end=1959-03-31",
    **merged("ROUTE_QUERIES"),
}


def url_for(name, args, world, example=None):
    if not args:
        query = ROUTE_QUERIES.get(name, "")
        return reverse(name) + (query(world) if callable(query) else query)
    if args == ("format",):
        return reverse(name, kwargs={"format": "json"})
    if example is None:
        example = ROUTE_EXAMPLES[name](world)
    kwargs = dict(example) if isinstance(example, dict) else {"pk": example.pk}
    if "format" in args:
        kwargs["format"] = "json"
    return reverse(name, kwargs=kwargs)


def routes():
    """(name, argument names) of every route, each once."""
    return sorted({(name, args) for name, args, _callback in all_routes()})


def callbacks():
    """{name: callback} of every route (the one without a format suffix)."""
    found = {}
    for name, args, callback in all_routes():
        if "format" not in args:
            found[name] = callback
    return found


def view_class(callback):
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def parse_need(spec, model):
    """(model, action) from "action" (on the route's model) or "app.action_model"."""
    if "." not in spec:
        return model, spec
    from django.apps import apps

    app_label, codename = spec.split(".")
    action, _sep, model_name = codename.partition("_")
    return apps.get_model(app_label, model_name), action


def route_model(callback):
    """The model of the view's queryset, or None."""
    queryset = getattr(view_class(callback), "queryset", None)
    return None if queryset is None else queryset.model


def route_needs(name, callback):
    """{HTTP method: (model, action)} the route needs, or None when it cannot be told.

    A route's name tells (`_list` is "view", `_edit` "change"…; an API list or object
    by the method), else ACTIONS does: an action on the view's model, or a whole
    permission ("innovation.add_problemcomment"), or a pair (for GET, for POST).
    """
    model = route_model(callback)
    api_actions = getattr(callback, "actions", None)
    declared = ACTIONS.get(name)
    if api_actions is not None and name.endswith(("-list", "-detail")) and declared is None:
        specs = API_LIST_ACTIONS if name.endswith("-list") else API_DETAIL_ACTIONS
    elif api_actions is not None:
        if declared is None:
            return None
        get, post = declared if isinstance(declared, tuple) else ("view", declared)
        specs = {
            method.upper(): (get if method == "get" else post)
            for method in api_actions
            if method not in ("head", "options")
        }
    elif declared is not None:
        get, post = declared if isinstance(declared, tuple) else (declared, declared)
        specs = {"GET": get, "POST": post}
    else:
        short = name.split(":")[-1]
        action = UI_SUFFIX_ACTIONS.get(short.rsplit("_", 1)[-1]) if "_" in short else None
        if action is None:
            return None
        specs = {"GET": action, "POST": action}
    needs = {method: parse_need(spec, model) for method, spec in specs.items()}
    if any(needed_model is None for needed_model, _action in needs.values()):
        return None
    return needs


def unclassified():
    """Routes whose needs cannot be told: no action, or no model to hold it on."""
    missing = []
    for name, callback in sorted(callbacks().items()):
        if name in PUBLIC or name in EVERYONE_SIGNED_IN or name in core_routes.OWN_ROUTES:
            continue
        if name.split(":")[-1] == "api-root":
            continue
        if route_needs(name, callback) is None:
            missing.append(name)
    return missing


def test_every_route_with_arguments_has_an_example():
    missing = [
        name
        for name, args in routes()
        if args and set(args) != {"format"} and name not in ROUTE_EXAMPLES
    ]
    assert not missing, f"add these routes to ROUTE_EXAMPLES: {missing}"


def test_every_route_is_classified():
    missing = unclassified()
    assert not missing, (
        f"say which action these routes need (ACTIONS in their app's tests/routes.py): {missing}"
    )


def test_the_tables_name_only_real_routes():
    names = set(callbacks())
    for table in ("ACTIONS", "WORKER_MAY", "REFUSED_WITH_REASON", "ROUTE_QUERIES"):
        for key in merged(table):
            route = key[0] if isinstance(key, tuple) else key
            assert route in names, f"{table} names {route}, which is no route"


def area_of(name, callback):
    """The group of routes checked together, on one world: the app, UI and API apart."""
    if getattr(callback, "cls", None) is not None:
        needs = route_needs(name, callback)
        model = next(iter(needs.values()))[0] if needs else None
        return f"api-{model._meta.app_label if model is not None else 'site'}"
    if ":" in name:
        return name.split(":")[0]
    return "site"


def areas():
    found = {}
    for name, args, callback in all_routes():
        found.setdefault(area_of(name, callback), set()).add((name, args))
    return {area: sorted(names) for area, names in sorted(found.items())}


AREAS = areas()


def prepare_examples(world, names):
    """Make, once, the example objects an area's routes share (an app area's `examples`).

    Each route then runs on them in a transaction of its own, rolled back afterwards.
    """
    made = set()
    for name in names:
        make = ROUTE_EXAMPLES.get(name)
        if isinstance(make, partial) and make.func.__name__ == "_example":
            module = make.args[0]
            if module not in made:
                made.add(module)
                module.examples(world)
        elif isinstance(make, partial):
            make(world)


class Walk:
    """One area's routes, checked for every kind of user on one shared world."""

    def __init__(self, world, names=()):
        from rest_framework.authtoken.models import Token
        from rest_framework.test import APIClient

        self.world = world
        prepare_examples(world, names)
        self.problems = []
        self.callbacks = callbacks()
        self.clients = {None: APIClient()}
        for username in (*IN_SCOPE, TOP, "worker_b", "stranger"):
            client = APIClient()
            client.force_login(world.users[username])
            self.clients[username] = client
        self.tokens = {}
        for username in (*IN_SCOPE, TOP):
            token, _created = Token.objects.get_or_create(user=world.users[username])
            api = APIClient()
            api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
            self.tokens[username] = api
        self.snapshot = {
            key: dict(value) if isinstance(value, dict) else value
            for key, value in vars(world).items()
        }

    def restore(self):
        """Put the world back as it was before the route (its rows were rolled back)."""
        for key in list(vars(self.world)):
            if key not in self.snapshot:
                delattr(self.world, key)
        for key, value in self.snapshot.items():
            setattr(self.world, key, dict(value) if isinstance(value, dict) else value)
        for collection in (self.world.units, self.world.people, self.world.users):
            for obj in collection.values():
                obj.refresh_from_db()
        cache.clear()

    def fail(self, name, message):
        self.problems.append(f"{name}: {message}")

    def run(self, name, args):
        with transaction.atomic():
            try:
                self.check(name, args)
            finally:
                transaction.set_rollback(True)
        self.restore()

    def check(self, name, args):
        object_args = set(args) - {"format"}
        example = ROUTE_EXAMPLES[name](self.world) if object_args else None
        url = url_for(name, args, self.world, example)
        if "format" in args:
            # The same view as the route without the suffix: signing in is enough to tell.
            if name not in PUBLIC:
                status = self.clients[None].get(url).status_code
                if status != 401:
                    self.fail(name, f"anonymous GET {url} answered {status}, not 401")
            return
        callback = self.callbacks[name]
        api = url.startswith("/api/v1/")
        self.check_anonymous(name, url, api)
        self.check_other_plant(name, url, bool(object_args))
        self.check_stranger(name, url, api, bool(object_args))
        if name in PUBLIC or name in EVERYONE_SIGNED_IN or name.split(":")[-1] == "api-root":
            self.expect_in(name, "admin GET", self.clients[TOP].get(url), (200, 302, 405))
            return
        if name in core_routes.OWN_ROUTES:
            core_routes.OWN_ROUTES[name](self, name, url)
            return
        self.check_in_scope(name, url, api, callback, example)

    def check_anonymous(self, name, url, api):
        client = self.clients[None]
        got = client.get(url)
        posted = client.post(url, {})
        for method, response in (("GET", got), ("POST", posted)):
            if response.status_code >= 500:
                self.fail(name, f"anonymous {method} answered {response.status_code}")
        if name in PUBLIC or name.split(":")[-1] == "api-root":
            return
        for method, response in (("GET", got), ("POST", posted)):
            status = response.status_code
            if api:
                if status not in (401, 405):
                    self.fail(name, f"anonymous {method} answered {status}, not 401")
            elif status == 302:
                if not response["Location"].startswith(reverse("login")):
                    self.fail(name, f"anonymous {method} sent to {response['Location']}")
            elif status not in (403, 405):
                self.fail(name, f"anonymous {method} answered {status}")

    def check_other_plant(self, name, url, has_object):
        """worker_b belongs to plant B: plant A's objects do not exist for them."""
        client = self.clients["worker_b"]
        got = client.get(url).status_code
        if got >= 500:
            self.fail(name, f"worker_b GET answered {got}")
        if name in CATALOGUE_ROUTES and name.endswith(("_edit", "_delete")) and got != 403:
            self.fail(name, f"worker_b GET of a catalogue change answered {got}, not 403")
        if name in SHARED_ROUTES:
            posted = client.post(url, {}).status_code
            if got not in (200, 302):
                self.fail(name, f"worker_b GET of a shared object answered {got}")
            if posted not in (403, 404, 405):
                self.fail(name, f"worker_b POST to a shared object answered {posted}")
        elif name in SHARED_CHANGE_ROUTES:
            posted = client.post(url, {}).status_code
            if got not in (403, 405) or posted not in (403, 405):
                self.fail(name, f"worker_b changing a shared object: GET {got}, POST {posted}")
        elif has_object and name not in CATALOGUE_ROUTES and name != "org:unit_by_code":
            posted = client.post(url, {}).status_code
            if got != 404 or posted not in (404, 405):
                self.fail(name, f"worker_b reached plant A's object: GET {got}, POST {posted}")

    def check_stranger(self, name, url, api, has_object):
        """stranger is signed in but holds nothing."""
        status = self.clients["stranger"].get(url).status_code
        if status >= 500:
            self.fail(name, f"stranger GET answered {status}")
        if (
            name not in PUBLIC
            and not api
            and not has_object
            and name not in EVERYONE_SIGNED_IN
            and status not in (403, 405)
        ):
            self.fail(name, f"stranger GET answered {status}, not 403")

    def check_in_scope(self, name, url, api, callback, example):
        """Plant A's users, by the role table: the right lets through, its absence refuses.

        For each method, every user of plant A who lacks the right is refused, and the
        least privileged one who holds it (of plant A's, else the ministry's administrator)
        gets through; where nobody holds it, the administrator is refused too.
        """
        steps = []  # (username, method, holds the right, model, action)
        worker_changes = set()
        for method, (model, action) in route_needs(name, callback).items():
            holders = [user for user in (*IN_SCOPE, TOP) if self.may(user, model, action, example)]
            # Where nobody holds the right (scores are written by computing them, not
            # through their endpoint), the ministry's administrator is refused too.
            asked = IN_SCOPE if holders else (*IN_SCOPE, TOP)
            lacking = [user for user in asked if user not in holders]
            steps += [(user, method, False, model, action) for user in lacking]
            steps += [(user, method, True, model, action) for user in holders[:1]]
            if action != "view" and "worker_a" in holders:
                worker_changes.add(action)
        if worker_changes and name not in WORKER_MAY:
            self.fail(
                name,
                f"a plain worker (worker_a) may {'/'.join(sorted(worker_changes))} here: give "
                "the reason in WORKER_MAY, or take the right away",
            )
        if name in WORKER_MAY and not worker_changes:
            self.fail(name, "WORKER_MAY names it, but a plain worker changes nothing here")
        self.expect_in(name, "admin GET", self.clients[TOP].get(url), (200, 302, 405))
        # The refusals first, then the writes of those who may; deletions at the very end.
        order = {"GET": 0, "POST": 1, "PUT": 1, "PATCH": 1, "DELETE": 2}
        steps.sort(key=lambda step: (step[2], order[step[1]]))
        for username, method, holds, model, action in steps:
            response = self.request(username, method, url, api)
            status = response.status_code
            label = f"{username} {method} ({'holds' if holds else 'lacks'} {action})"
            if status >= 500:
                self.fail(name, f"{label} answered {status}")
            elif holds and method == "GET":
                self.expect_in(name, label, response, (200, 302, 405))
            elif holds and status in (401, 403, 404):
                self.fail(name, f"{label} was refused with {status}")
            elif not holds:
                sees = example is None or self.may(username, model, "view", example)
                expected = (403, 405) if sees else (403, 404, 405)
                if name in REFUSED_WITH_REASON and method != "GET":
                    expected = (*expected, 400)
                if status not in expected:
                    self.fail(name, f"{label} answered {status}, not {expected}")

    def request(self, username, method, url, api):
        client = self.tokens[username] if api else self.clients[username]
        if method == "GET":
            return client.get(url)
        if api:
            return getattr(client, method.lower())(url, {}, format="json")
        return getattr(client, method.lower())(url, {})

    def may(self, username, model, action, example):
        """Whether the role table lets the user act on the example (or anywhere)."""
        user = self.world.users[username]
        if example is None or isinstance(example, dict):
            return has_action_anywhere(user, model, action)
        if isinstance(example, model):
            return model._default_manager.restrict(user, action).filter(pk=example.pk).exists()
        return is_path_in_scope(user, model, action, example.scope_path())

    def expect_in(self, name, label, response, statuses):
        status = response.status_code
        if status not in statuses:
            self.fail(name, f"{label} answered {status}, not one of {statuses}")
        elif status == 302 and response["Location"].startswith(reverse("login")):
            self.fail(name, f"{label} was sent to sign in")


@pytest.mark.parametrize("area", sorted(AREAS))
def test_routes_answer_each_kind_of_user_correctly(area, world):
    walk = Walk(world, [name for name, _args in AREAS[area]])
    for name, args in AREAS[area]:
        walk.run(name, args)
    if walk.problems:
        pytest.fail("\n".join(walk.problems), pytrace=False)
