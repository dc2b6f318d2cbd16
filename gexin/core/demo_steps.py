"""Steps of `gexin demo`. Each app registers a step that loads its part of the demo.

A step is (order, label, is_loaded(), load()); steps run in order, and a step whose
data is already present is skipped, so `gexin demo` can be run again safely.
"""

_steps = []
_logins = []


def register(order, label, is_loaded, load):
    if all(step[1] != label for step in _steps):
        _steps.append((order, label, is_loaded, load))
        _steps.sort(key=lambda step: step[0])


def steps():
    return list(_steps)


def register_login(username, who, what):
    """A demo sign-in added by a later step, for the start-up banner."""
    if all(login[0] != username for login in _logins):
        _logins.append((username, who, what))


def logins():
    return list(_logins)
