"""Sections of the start page. Apps register a function that returns a section or None.

A section is a dict with a title, a template and its context; the org app puts the
user's own unit first.
"""

_providers = []


def register(provider, order=100):
    """Add a function(request) -> dict | None to the start page."""
    if provider not in [entry[1] for entry in _providers]:
        _providers.append((order, provider))
        _providers.sort(key=lambda entry: entry[0])


def for_request(request):
    sections = []
    for _order, provider in _providers:
        section = provider(request)
        if section:
            sections.append(section)
    return sections
