"""The bottleneck history: every change of a station goes through gexin.innovation.lines,
which records when the limiting stations or the line's output change, and only then."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gexin.innovation import lines
from gexin.innovation.models import BottleneckRecord, Station
from gexin.innovation.tests.factories_lines import TAIYUAN, make_line
from gexin.plans.tests.factories import metric, put

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def history(line):
    """(bottleneck, output, next limit) of each record, oldest first."""
    return [
        (record.station_names, record.throughput, record.next_names)
        for record in line.bottleneck_history.order_by("since", "pk")
    ]


def raise_capacity(line, name, capacity, note=""):
    station = line.stations.get(name=name)
    station.capacity = Decimal(capacity)
    return lines.save_station(station, note=note)


def test_taiyuan_steels_line_records_each_weak_link_in_turn(world):
    line = make_line(world.units["plant-a-turning"], TAIYUAN)
    assert history(line) == [("Forging", Decimal(100), "Heating furnace")]

    record = raise_capacity(line, "Forging", "150", note="Double-groove arc anvils")
    assert (record.station_names, record.throughput, record.next_names) == (
        "Heating furnace",
        Decimal(120),
        "Tongs",
    )
    assert record.note == "Double-groove arc anvils"
    assert record.since == TODAY

    record = raise_capacity(line, "Heating furnace", "168")
    assert record.note == "Heating furnace: 120 → 168"
    assert history(line) == [
        ("Forging", Decimal(100), "Heating furnace"),
        ("Heating furnace", Decimal(120), "Tongs"),
        ("Tongs", Decimal(140), "Forging"),
    ]


def test_a_change_that_moves_neither_bottleneck_nor_output_is_not_recorded(world):
    line = make_line(world.units["plant-a-turning"], TAIYUAN)
    assert raise_capacity(line, "Tongs", "200") is None
    station = line.stations.get(name="Heating furnace")
    station.name = "Furnace no. 1"
    assert lines.save_station(station) is None
    assert len(history(line)) == 1


def test_raising_one_of_two_tied_stations_changes_the_bottleneck_but_not_the_output(world):
    line = make_line(world.units["plant-a-turning"], [("Heating", 100), ("Forging", 100)])
    assert history(line) == [("Heating, Forging", Decimal(100), "")]
    record = raise_capacity(line, "Heating", "130")
    # The output stays at 100: forging alone limits now, and heating would limit next.
    assert (record.station_names, record.throughput, record.next_names) == (
        "Forging",
        Decimal(100),
        "Heating",
    )
    assert line.chain().gain == Decimal(30)


def test_a_line_is_recorded_once_a_capacity_is_known(world):
    line = make_line(world.units["plant-a-turning"], [("Heating", None), ("Forging", None)])
    assert history(line) == []
    record = raise_capacity(line, "Forging", "90")
    assert record.station_names == "Forging"
    chain = line.chain()
    assert chain.unknown_names == ["Heating"]


def test_removing_the_bottleneck_records_the_next_station(world):
    line = make_line(world.units["plant-a-turning"], TAIYUAN)
    record = lines.delete_station(line.stations.get(name="Forging"))
    assert (record.station_names, record.throughput) == ("Heating furnace", Decimal(120))
    assert record.note == "Removed Forging."
    assert list(line.stations.values_list("position", flat=True)) == [1, 2]


def test_a_refused_change_leaves_neither_station_nor_record(world):
    line = make_line(world.units["plant-a-turning"], TAIYUAN)
    station = line.stations.get(name="Forging")
    station.capacity = Decimal(500)
    station.unit = world.units["plant-a-turning"]  # a unit without a metric
    with pytest.raises(ValidationError):
        lines.save_station(station)
    assert Station.objects.get(pk=station.pk).capacity == Decimal(100)
    assert len(history(line)) == 1


def test_moving_a_station_keeps_the_line_and_its_history(world):
    line = make_line(world.units["plant-a-turning"], TAIYUAN)
    lines.move_station(line.stations.get(name="Tongs"), -2)
    assert list(line.stations.values_list("name", flat=True)) == [
        "Tongs",
        "Heating furnace",
        "Forging",
    ]
    assert len(history(line)) == 1


def record_output(unit, day, value):
    put([(unit.code, day.isoformat(), "1", "pieces_produced", "", str(value))])


def test_a_derived_capacity_is_the_best_day_of_the_last_thirty(world):
    unit = world.units["plant-a-turning"]
    record_output(unit, TODAY - datetime.timedelta(days=3), "80")
    record_output(unit, TODAY - datetime.timedelta(days=10), "95.5")
    # Older than 30 days: not read.
    record_output(unit, TODAY - datetime.timedelta(days=40), "300")
    line = make_line(unit, [("Heating", 120)])
    station = Station(line=line, name="Turning", unit=unit, metric=metric("pieces_produced"))
    record = lines.save_station(station)
    station.refresh_from_db()
    assert station.capacity == Decimal("95.5")
    assert station.best_day == TODAY - datetime.timedelta(days=10)
    assert station.records_from == TODAY - datetime.timedelta(days=29)
    assert station.records_to == TODAY
    assert (record.station_names, record.throughput) == ("Turning", Decimal("95.5"))


def test_recalculating_records_only_a_change(world):
    unit = world.units["plant-a-turning"]
    record_output(unit, TODAY - datetime.timedelta(days=2), "90")
    line = make_line(unit, [("Heating", 120)])
    lines.save_station(
        Station(line=line, name="Turning", unit=unit, metric=metric("pieces_produced"))
    )
    assert lines.recalculate(line) == ([], None)

    record_output(unit, TODAY - datetime.timedelta(days=1), "130")
    changed, record = lines.recalculate(line)
    assert [station.name for station in changed] == ["Turning"]
    assert (record.station_names, record.throughput, record.next_names) == (
        "Heating",
        Decimal(120),
        "Turning",
    )
    assert record.note == "Recalculated from the records. Turning: 90 → 130"


def test_a_derived_station_without_records_is_unknown_not_zero(world):
    unit = world.units["plant-a-turning"]
    line = make_line(unit, [("Heating", 120)])
    station = Station(line=line, name="Turning", unit=unit, metric=metric("pieces_produced"))
    lines.save_station(station)
    chain = line.chain()
    assert chain.unknown_names == ["Turning"]
    assert chain.output == Decimal(120)


def test_the_recalculate_button_updates_the_page_and_its_history(world, client_for):
    unit = world.units["plant-a-turning"]
    record_output(unit, TODAY - datetime.timedelta(days=2), "90")
    line = make_line(unit, [("Heating", 120)])
    lines.save_station(
        Station(line=line, name="Turning", unit=unit, metric=metric("pieces_produced"))
    )
    page = client_for("leader_a").get(line.get_absolute_url()).content.decode()
    assert "Recalculate from the records" in page
    assert (TODAY - datetime.timedelta(days=2)).isoformat() in page  # the best day is shown

    record_output(unit, TODAY - datetime.timedelta(days=1), "150")
    url = reverse("innovation:productionline_recalculate", args=[line.pk])
    assert client_for("worker_a").post(url).status_code == 403
    response = client_for("leader_a").post(url, follow=True)
    assert "The bottleneck is now Heating" in response.content.decode()
    assert history(line)[-1] == ("Heating", Decimal(120), "Turning")


def test_the_line_page_shows_the_history_newest_first(world, client_for):
    line = make_line(world.units["plant-a-turning"], TAIYUAN)
    raise_capacity(line, "Forging", "150")
    page = client_for("worker_a").get(line.get_absolute_url()).content.decode()
    section = page[page.index('id="bottleneck-history"') :]
    assert section.index("Heating furnace") < section.index("<strong>Forging</strong>")
    assert BottleneckRecord.objects.filter(line=line).count() == 2


def test_a_tie_is_said_in_words(world, client_for):
    line = make_line(world.units["plant-a-turning"], [("Heating", 100), ("Forging", 100)])
    lines.save_station(Station(line=line, name="Tongs", capacity=Decimal(140)))
    page = client_for("worker_a").get(line.get_absolute_url()).content.decode()
    assert "<strong>Heating, Forging</strong> tie at 100 t/day" in page
    assert "Raising one of them alone gains nothing: they must be raised together." in page
    assert "they give the line 40 t/day more" in page


def test_equal_stations_are_said_in_words(world, client_for):
    line = make_line(world.units["plant-a-turning"], [("A", 60), ("B", 60)])
    page = client_for("worker_a").get(line.get_absolute_url()).content.decode()
    assert "the line gains only when all of them are raised together" in page


def test_an_unknown_capacity_is_said_in_words(world, client_for):
    line = make_line(world.units["plant-a-turning"], [("A", 60), ("B", None)])
    page = client_for("worker_a").get(line.get_absolute_url()).content.decode()
    assert "Capacity not known for: B." in page
