"""Steps of `gexin demo`. Each app registers a step that loads its part of the demo.

A step is (order, label, is_loaded(), load()); steps run in order, and a step whose
data is already present is skipped, so `gexin demo` can be run again safely.
"""

_steps = []


def register(order, label, is_loaded, load):
    if all(step[1] != label for step in _steps):
        _steps.append((order, label, is_loaded, load))
        _steps.sort(key=lambda step: step[0])


def steps():
    return list(_steps)
