"""The board's part of the national demo: the key steel enterprises (seed 004).

Seed 004 names the heads of "the key steel enterprises" (各重点钢铁企业) among those at
the Ministry's telephone conference of 14 February 1959, but not which they were. The
demo tree holds only the steel plants of the seeds (Anshan and Wuhan are not in it), so
each plant of the plans demo's national breakdown is marked key for steel from the first
day of 1959; the board needs no records of its own, it reads the plans demo's daily
records of 1 January-14 February 1959.
"""

import datetime

from gexin.national.models import KeyEnterprise
from gexin.org.models import Unit
from gexin.plans import demo_data
from gexin.plans.models import Metric

SINCE = datetime.date(1959, 1, 1)
SOURCE = (
    "seed 004: the heads of the key steel enterprises attended the telephone conference "
    "of 14 February 1959; which plants were key is illustrative"
)


def plants():
    """The plant codes of the national breakdown, province by province."""
    return [plant for plants in demo_data.NATIONAL_BREAKDOWN.values() for plant in plants]


def is_loaded():
    return KeyEnterprise.objects.filter(source=SOURCE).exists()


def load():
    """Mark the demo's steel plants as key enterprises for steel; return {kind: rows}."""
    steel = Metric.objects.get(code="steel_output")
    units = Unit.objects.in_bulk(plants(), field_name="code")
    marks = [
        KeyEnterprise(
            unit=units[code],
            metric=steel,
            since=SINCE,
            note="key steel enterprise (重点钢铁企业)",
            is_illustrative=True,
            source=SOURCE,
        )
        for code in plants()
        if code in units
    ]
    for mark in marks:
        mark.save()
    return {"key enterprises": len(marks)}
