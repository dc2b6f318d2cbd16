"""The chain of bottlenecks on hand-checked lines (pure: no database)."""

import datetime
from decimal import Decimal

from gexin.innovation.bottlenecks import Link, analyse, best_day, derivation_window


def line(*stations):
    """Links numbered 1, 2, 3… from (name, capacity) pairs; capacity None is unknown."""
    return [
        Link(number, name, None if capacity is None else Decimal(capacity))
        for number, (name, capacity) in enumerate(stations, 1)
    ]


def test_a_four_station_line_is_limited_by_its_slowest_station():
    chain = analyse(line(("melting", 180), ("casting", 150), ("rolling", 90), ("finishing", 130)))
    assert chain.limiting_names == ["rolling"]
    assert chain.output == Decimal(90)
    # Rolling raised to 130 makes finishing the limit: the line gains 40, not 90.
    assert chain.gain == Decimal(40)
    assert chain.gain_alone == Decimal(40)
    assert chain.next_names == ["finishing"]
    assert chain.next_capacity == Decimal(130)
    assert not chain.is_tie and not chain.all_equal and chain.is_complete


def test_the_order_of_the_stations_does_not_change_a_serial_line():
    stations = [("a", 5), ("b", 3), ("c", 4)]
    forward = analyse(line(*stations))
    backward = analyse(line(*reversed(stations)))
    assert (forward.limiting_names, forward.output, forward.gain, forward.next_names) == (
        backward.limiting_names,
        backward.output,
        backward.gain,
        backward.next_names,
    )


def test_tied_stations_are_all_named_and_must_be_raised_together():
    chain = analyse(line(("heating", 100), ("forging", 100), ("tongs", 140), ("cutting", 160)))
    assert chain.limiting_names == ["heating", "forging"]
    assert chain.is_tie
    assert chain.output == Decimal(100)
    # Raising one of the two alone leaves the other at 100: nothing is gained.
    assert chain.gain_alone == Decimal(0)
    # Raising both together up to the tongs' 140 gains 40.
    assert chain.gain == Decimal(40)
    assert chain.next_names == ["tongs"]


def test_two_stations_may_tie_as_the_next_limit():
    chain = analyse(line(("a", 50), ("b", 80), ("c", 80)))
    assert chain.limiting_names == ["a"]
    assert chain.gain == Decimal(30)
    assert chain.next_names == ["b", "c"]


def test_when_all_stations_are_equal_none_limits_next():
    chain = analyse(line(("a", 60), ("b", 60), ("c", 60)))
    assert chain.limiting_names == ["a", "b", "c"]
    assert chain.output == Decimal(60)
    assert chain.all_equal and chain.is_tie
    assert chain.next_names == []
    assert chain.gain is None  # no other station would stop a joint rise
    assert chain.gain_alone == Decimal(0)


def test_a_single_station_limits_alone_with_nothing_next():
    chain = analyse(line(("press", 12)))
    assert chain.limiting_names == ["press"]
    assert not chain.is_tie
    assert chain.all_equal
    assert chain.gain is None and chain.gain_alone is None


def test_a_station_with_no_known_capacity_is_reported_not_guessed():
    chain = analyse(line(("heating", 120), ("forging", None), ("tongs", 140)))
    assert chain.unknown_names == ["forging"]
    assert not chain.is_complete
    # Not zero: the line is not said to stop. Not infinite: it is not left out silently.
    assert chain.output == Decimal(120)
    assert chain.limiting_names == ["heating"]
    assert chain.next_names == ["tongs"]
    assert chain.gain == Decimal(20)


def test_a_line_with_no_known_capacity_has_no_output():
    chain = analyse(line(("a", None), ("b", None)))
    assert chain.output is None
    assert chain.limiting_names == []
    assert chain.unknown_names == ["a", "b"]
    assert chain.gain is None and chain.gain_alone is None
    assert not chain.all_equal


def test_an_empty_line_has_no_output():
    chain = analyse([])
    assert chain.output is None and chain.limiting == () and chain.unknown == ()


def test_a_stopped_station_stops_the_line():
    chain = analyse(line(("a", 0), ("b", 10)))
    assert chain.output == Decimal(0)
    assert chain.limiting_names == ["a"]
    assert chain.gain == Decimal(10)


def test_taiyuan_steel_chain_of_bottlenecks_ring_within_ring():
    """Seed 001: faster forging exposed the heating furnace; the furnace's extension
    exposed the next link, the tongs held by hand (figures in t/day, for illustration)."""
    heating, forging, tongs = Decimal(120), Decimal(100), Decimal(140)

    before = analyse(line(("heating furnace", heating), ("forging", forging), ("tongs", tongs)))
    assert before.limiting_names == ["forging"]
    assert before.output == Decimal(100)
    assert before.gain == Decimal(20)
    assert before.next_names == ["heating furnace"]

    # The double-groove arc anvil raises forging by half: 100 → 150.
    forging = forging * Decimal("1.5")
    after_forging = analyse(
        line(("heating furnace", heating), ("forging", forging), ("tongs", tongs))
    )
    assert after_forging.limiting_names == ["heating furnace"]
    assert after_forging.output == Decimal(120)
    assert after_forging.gain == Decimal(20)  # up to the tongs' 140
    assert after_forging.next_names == ["tongs"]

    # Furnace no. 1 is extended: heating up by 40 %, 120 → 168.
    heating = heating * Decimal("1.4")
    after_furnace = analyse(
        line(("heating furnace", heating), ("forging", forging), ("tongs", tongs))
    )
    assert after_furnace.limiting_names == ["tongs"]
    assert after_furnace.output == Decimal(140)
    assert after_furnace.gain == Decimal(10)  # up to forging's 150
    assert after_furnace.next_names == ["forging"]


def test_the_derivation_window_is_thirty_days_up_to_today():
    start, end = derivation_window(datetime.date(1958, 3, 31))
    assert (start, end) == (datetime.date(1958, 3, 2), datetime.date(1958, 3, 31))
    assert (end - start).days + 1 == 30


def test_the_best_day_is_the_highest_and_the_earliest_of_equals():
    days = [
        (datetime.date(1958, 3, 3), 90),
        (datetime.date(1958, 3, 1), 120),
        (datetime.date(1958, 3, 2), 120),
    ]
    assert best_day(days) == (datetime.date(1958, 3, 1), 120)
    assert best_day([]) is None
