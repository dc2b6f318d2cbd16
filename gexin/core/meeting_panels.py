"""Panels an app adds to a meeting's page, each loaded by HTMX from its own URL.

A provider is a function(meeting) returning a URL, or None when it has nothing to show
for that meeting (the meetings app does not import the apps that add panels). The
meeting page is cached per scope, so a panel must check permissions in its own view.
"""

_providers = []


def register(provider, order=100):
    if provider not in [entry[1] for entry in _providers]:
        _providers.append((order, provider))
        _providers.sort(key=lambda entry: entry[0])


def urls_for(meeting):
    return [url for _order, provider in _providers if (url := provider(meeting))]
