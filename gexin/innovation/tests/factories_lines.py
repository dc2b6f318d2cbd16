"""Test objects of this area: one of each inside plant A, and its plant B twins."""

import datetime
from decimal import Decimal

from gexin.innovation import lines
from gexin.innovation.choices import FieldEntryKind
from gexin.innovation.models import ExperimentalField, FieldLogEntry, ProductionLine, Station

# {route name (UI "innovation:x_detail" or API "x-detail"): key into examples(world)}
ROUTES = {
    **{
        f"innovation:productionline_{action}": "line"
        for action in ("detail", "edit", "delete", "history", "recalculate")
    },
    **{
        f"innovation:station_{action}": "station"
        for action in ("edit", "delete", "move", "history")
    },
    **{
        f"innovation:experimentalfield_{action}": "field"
        for action in ("detail", "edit", "delete", "history")
    },
    **{f"innovation:fieldlogentry_{action}": "entry" for action in ("edit", "delete", "history")},
    "productionline-detail": "line",
    "productionline-recalculate": "line",
    "station-detail": "station",
    "bottleneckrecord-detail": "record",
    "experimentalfield-detail": "field",
    "fieldlogentry-detail": "entry",
}


def make_line(unit, stations, name="Forging line", **fields):
    """A line with stations from (name, capacity) pairs, described at once."""
    line = ProductionLine.objects.create(unit=unit, name=name, **fields)
    lines.add_stations(
        line,
        [
            Station(name=station_name, capacity=None if capacity is None else Decimal(capacity))
            for station_name, capacity in stations
        ],
    )
    return line


def make_field(unit, leader, days_ago=10, **fields):
    starts_on = datetime.date.today() - datetime.timedelta(days=days_ago)
    return ExperimentalField.objects.create(
        unit=unit,
        leader=leader,
        starts_on=starts_on,
        aim=fields.pop("aim", "Learn the work"),
        **fields,
    )


TAIYUAN = [("Heating furnace", 120), ("Forging", 100), ("Tongs", 140)]


def examples(world):
    """One of each object of this area in plant A (plant-a-turning), made once per world."""
    cached = getattr(world, "_lines_examples", None)
    if cached is not None:
        return cached
    unit = world.units["plant-a-turning"]
    b_unit = world.units["plant-b-shift-1"]
    line = make_line(unit, TAIYUAN)
    b_line = make_line(b_unit, [("Roughing stand", 80), ("Finishing stand", 60)], name="Mill B")
    field = make_field(unit, world.people["manager_a"])
    b_field = make_field(b_unit, world.people["roller_b"])
    world._lines_examples = {
        "line": line,
        "station": line.stations.get(name="Forging"),
        "record": line.bottleneck_history.first(),
        "field": field,
        "entry": FieldLogEntry.objects.create(
            field=field, kind=FieldEntryKind.FOUND, text="The lathe chuck slips"
        ),
        "b_line": b_line,
        "b_station": b_line.stations.first(),
        "b_record": b_line.bottleneck_history.first(),
        "b_field": b_field,
        "b_entry": FieldLogEntry.objects.create(field=b_field, text="Rolls wear unevenly"),
        "unit": unit,
    }
    return world._lines_examples
