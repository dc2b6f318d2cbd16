"""The unit tree as nested HTML lists, drawn in Python.

A tree page holds dozens of nodes, each a link, a badge and a count; drawing them
through nested template includes took most of the page's time.
"""

import html

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gexin.core.urls import object_url


def unit_label(unit):
    """Link, kind badge, work type and head count of one unit."""
    parts = [
        f'<a href="{unit.get_absolute_url()}">{html.escape(unit.display_name)}</a> '
        f'<span class="badge kind-{unit.kind}">{html.escape(str(unit.kind_label))}</span>'
    ]
    if unit.work_type_id:
        parts.append(f' <span class="muted">{html.escape(unit.work_type.display_name)}</span>')
    count = getattr(unit, "people_count", 0)
    if count:
        text = ngettext("%(counter)s person", "%(counter)s people", count) % {"counter": count}
        parts.append(f' <span class="muted">· {html.escape(text)}</span>')
    return "".join(parts)


def tree_nodes(nodes, open_nodes=False):
    """`<li>` items for units; `open_nodes` shows their `loaded_children` already open.

    A closed node with children loads them (HTMX) the first time it is opened.
    """
    loading = html.escape(_("Loading…"))
    items = []
    for node in nodes:
        label = unit_label(node)
        if not node.numchild:
            items.append(f'<li class="tree-node"><span class="leaf">{label}</span></li>')
            continue
        if open_nodes:
            inner = tree_nodes(getattr(node, "loaded_children", ()))
            items.append(
                f'<li class="tree-node"><details open><summary>{label}</summary>'
                f'<ul class="tree">{inner}</ul></details></li>'
            )
        else:
            url = object_url("org:unit_children", node.pk)
            items.append(
                f'<li class="tree-node"><details><summary>{label}</summary>'
                f'<ul class="tree" hx-get="{url}" hx-trigger="toggle once from:closest details" '
                f'hx-swap="innerHTML"><li class="loading">{loading}</li></ul></details></li>'
            )
    return SafeString("".join(items))


def unit_list_items(units):
    """`<li>` items with each unit's label, for plain lists of units."""
    return SafeString("".join(f"<li>{unit_label(unit)}</li>" for unit in units))
