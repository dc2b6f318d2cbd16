"""Panels an app adds to a person's page, each loaded by HTMX from its own URL.

A provider is a function(person) returning a URL, or None when it has nothing to show
(the org app does not import the apps that add panels). The person page is cached per
scope, so a panel must check permissions in its own view.
"""

_providers = []


def register(provider, order=100):
    if provider not in [entry[1] for entry in _providers]:
        _providers.append((order, provider))
        _providers.sort(key=lambda entry: entry[0])


def urls_for(person):
    return [url for _order, provider in _providers if (url := provider(person))]
