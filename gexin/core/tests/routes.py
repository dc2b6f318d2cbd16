"""The site's own routes, for the route-walking permission test (test_route_coverage.py).

A notification belongs to its recipient alone: no role reaches another's, so its route
is checked here rather than through the role table.
"""


def check_notification_open(walk, name, url):
    """The administrator's notification: everyone else finds it does not exist."""
    for username in ("worker_a", "leader_a", "manager_a", "admin_a"):
        for method in ("GET", "POST"):
            status = walk.request(username, method, url, api=False).status_code
            if status != 404:
                walk.fail(name, f"{username} {method} of another's notification answered {status}")
    walk.expect_in(name, "admin GET", walk.clients["admin"].get(url), (302,))


# Routes checked by a function of their own: {name: check(walk, name, url)}.
OWN_ROUTES = {"notification_open": check_notification_open}

# Every signed-in user marks their own notifications read.
EVERYONE_SIGNED_IN = {"notification_read_all"}
