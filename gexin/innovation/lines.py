"""Production lines: every change of a line's stations, and the history it leaves.

A station changes through `save_station`, `add_stations`, `delete_station`,
`move_station` or `recalculate` only (the pages, the API and the demo all call them).
Each runs in one transaction that locks the line, so two edits of the same line cannot
interleave, and compares the line's chain of bottlenecks before and after: when the
limiting stations or the line's output changed, it writes a BottleneckRecord (since
today), which is how the line keeps the history of which station was its bottleneck when.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from gexin.innovation.bottlenecks import best_day, derivation_window
from gexin.innovation.models import BottleneckRecord, ProductionLine, Station
from gexin.plans.models import DailyTotal

NAMES_LENGTH = BottleneckRecord._meta.get_field("station_names").max_length


def figure(value):
    """A capacity as people write it: 120, 12.5 (no trailing zeros), or "—" when unknown."""
    if value is None:
        return "—"
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def joined(names):
    text = ", ".join(names)
    return text if len(text) <= NAMES_LENGTH else text[: NAMES_LENGTH - 1] + "…"


def derive_capacity(station, today):
    """(capacity, best day, first day, last day) from the unit's daily totals of the metric.

    The capacity is the best day's output in the DERIVE_DAYS days up to `today`
    (gexin.innovation.bottlenecks says why the best and not the mean); None when the
    unit recorded nothing of the metric in those days. Totals are kept in thousandths.
    """
    start, end = derivation_window(today)
    totals = DailyTotal.objects.filter(
        unit_id=station.unit_id, metric_id=station.metric_id, day__range=(start, end)
    ).values_list("day", "value_milli")
    best = best_day(totals)
    if best is None:
        return None, None, start, end
    return Decimal(best[1]) / 1000, best[0], start, end


def apply_derivation(station, today):
    """Set a derived station's capacity and its source days from the records.

    An entered station keeps its capacity and loses any source days it had.
    """
    if station.is_derived:
        capacity, day, start, end = derive_capacity(station, today)
        station.capacity, station.best_day = capacity, day
        station.records_from, station.records_to = start, end
    else:
        station.best_day = station.records_from = station.records_to = None


def _lock(line):
    """The line, locked until the end of the transaction, and its chain as it stands."""
    line = ProductionLine.objects.select_for_update().get(pk=line.pk)
    return line, line.chain(list(line.stations.all()))


def _renumber(line, station=None, position=None):
    """Positions 1, 2, 3… in the line's order, with `station` put at `position`.

    The other stations that move are saved here (their history shows the move);
    `station` itself is left for the caller to save.
    """
    stations = [s for s in line.stations.order_by("position", "pk") if s.pk != station_pk(station)]
    if station is not None:
        index = min(max((position or len(stations) + 1) - 1, 0), len(stations))
        stations.insert(index, station)
    for number, each in enumerate(stations, 1):
        if each.position != number:
            each.position = number
            if each is not station:
                each.save()


def station_pk(station):
    return station.pk if station is not None else None


def record_if_changed(line, before, note="", today=None):
    """Write a BottleneckRecord when the chain changed from `before`; return it or None.

    Changed means: other limiting stations, or another output. A line's first chain
    with an output is recorded too, and so is an output that differs from the last
    record (the stations were changed some other way, e.g. by an import).
    """
    after = line.chain(list(line.stations.all()))
    if not after.has_output:
        return None
    last = line.bottleneck_history.order_by("-since", "-pk").first()
    changed = (
        not before.has_output
        or before.limiting_keys() != after.limiting_keys()
        or before.output != after.output
        or last is None
        or last.throughput != after.output
    )
    if not changed:
        return None
    return BottleneckRecord.objects.create(
        line=line,
        since=today or datetime.date.today(),
        station_names=joined(after.limiting_names),
        throughput=after.output,
        next_names=joined(after.next_names),
        note=note,
    )


def capacity_note(name, old, new):
    return _("%(station)s: %(old)s → %(new)s") % {
        "station": name,
        "old": figure(old),
        "new": figure(new),
    }


def save_station(station, *, note="", position=None, today=None):
    """Add or change a station, deriving its capacity if it is taken from records.

    `position` places it in the line (others move along; by default a new station
    goes last and a changed one stays where its own position says). Returns the
    BottleneckRecord written, or None when the bottleneck and output did not change.
    """
    today = today or datetime.date.today()
    with transaction.atomic():
        line, before = _lock(station.line)
        old = Station.objects.filter(pk=station.pk).first() if station.pk else None
        apply_derivation(station, today)
        station.full_clean(exclude=["line", "position"])
        if position is None and old is None:
            position = line.stations.count() + 1
        _renumber(line, station, position if position is not None else station.position)
        station.save()
        if not note:
            if old is None:
                note = _("Added %(station)s (%(capacity)s).") % {
                    "station": station.name,
                    "capacity": figure(station.capacity),
                }
            elif old.capacity != station.capacity:
                note = capacity_note(station.name, old.capacity, station.capacity)
        return record_if_changed(line, before, note, today)


def add_stations(line, stations, *, note="", today=None):
    """Add several stations at the end of a line at once, e.g. when the line is described.

    `stations` are unsaved Station objects of the line, in order. The line's history gets
    one record for the result, not one for each station on the way.
    """
    today = today or datetime.date.today()
    with transaction.atomic():
        line, before = _lock(line)
        position = line.stations.count()
        for station in stations:
            station.line = line
            apply_derivation(station, today)
            station.full_clean(exclude=["line", "position"])
            position += 1
            station.position = position
            station.save()
        return record_if_changed(line, before, note, today)


def delete_station(station, *, note="", today=None):
    """Remove a station from its line; returns the BottleneckRecord written, or None."""
    with transaction.atomic():
        line, before = _lock(station.line)
        name = station.name
        station.delete()
        _renumber(line)
        return record_if_changed(
            line, before, note or _("Removed %(station)s.") % {"station": name}, today
        )


def move_station(station, offset):
    """Move a station `offset` places along its line (-1: one up, 1: one down)."""
    with transaction.atomic():
        line, _before = _lock(station.line)
        order = list(line.stations.order_by("position", "pk"))
        index = next(i for i, each in enumerate(order) if each.pk == station.pk)
        target = min(max(index + offset, 0), len(order) - 1)
        # A serial line's output does not depend on the order, so no record is due.
        moved = order[index]
        _renumber(line, moved, target + 1)
        moved.save()


def recalculate(line, *, note="", today=None):
    """Derive again every station that takes its capacity from the records.

    Returns (the stations whose capacity changed, the BottleneckRecord written or None).
    """
    today = today or datetime.date.today()
    with transaction.atomic():
        line, before = _lock(line)
        changed, notes = [], []
        for station in line.stations.order_by("position", "pk"):
            if not station.is_derived:
                continue
            old = (station.capacity, station.best_day, station.records_from, station.records_to)
            apply_derivation(station, today)
            new = (station.capacity, station.best_day, station.records_from, station.records_to)
            if new != old:
                station.save()
            if new[0] != old[0]:
                changed.append(station)
                notes.append(capacity_note(station.name, old[0], new[0]))
        if not note:
            note = _("Recalculated from the records.")
            if notes:
                note = " ".join([note, *notes])
        return changed, record_if_changed(line, before, note, today)
