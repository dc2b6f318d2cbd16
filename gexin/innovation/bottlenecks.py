"""The chain of bottlenecks of a serial production line (seed 001, Taiyuan Steel).

Every piece passes every station in turn, so the line turns out no more than its
slowest station: the line's output is the lowest capacity. Raising that station
helps only until the next-lowest one limits the line; then that one is the weak
link, and so on, "ring within ring". When two or more stations share the lowest
capacity, raising one of them alone gains nothing: they must be raised together.

A station whose capacity is not known is reported as such. It is neither taken as
zero (which would stop the line on paper) nor as unlimited (which would hide what may
be the real bottleneck): the figures are then "as far as the known capacities show".

Everything here is pure: plain values in, plain values out, no database.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

# A station's capacity derived from production records is its best day within this many
# days up to the day of the calculation: what the station has shown it can turn out.
# The best day rather than the mean, because a mean counts the days the station waited
# for the one before it (a starved station looks slow) and the days it stood idle.
DERIVE_DAYS = 30


@dataclass(frozen=True)
class Link:
    """One station as the analysis sees it: an identity, a name and a capacity (or None)."""

    key: object
    name: str
    capacity: Decimal | None

    @property
    def is_known(self):
        return self.capacity is not None


@dataclass(frozen=True)
class Chain:
    """What limits a serial line now, what raising it gains, and what limits next.

    `limiting`: the stations at the lowest known capacity (all of them when they tie);
    `output`: that capacity, the line's output (None when no capacity is known);
    `next_limit`: the stations at the next-lowest capacity, which limit the line once the
    limiting ones are raised (empty when every known station has the same capacity);
    `unknown`: stations whose capacity is not known.
    """

    links: tuple
    limiting: tuple
    output: Decimal | None
    next_limit: tuple
    next_capacity: Decimal | None
    unknown: tuple

    @property
    def known(self):
        return tuple(link for link in self.links if link.is_known)

    @property
    def has_output(self):
        return self.output is not None

    @property
    def is_tie(self):
        """Two or more stations share the lowest capacity."""
        return len(self.limiting) > 1

    @property
    def all_equal(self):
        """Every station with a known capacity limits the line: none limits it next."""
        return self.has_output and not self.next_limit

    @property
    def is_complete(self):
        """Every station's capacity is known, so the figures are exact."""
        return not self.unknown

    @property
    def gain(self):
        """What the line gains when the limiting stations (together, if tied) are raised
        up to the next-lowest capacity; None when no other known station would limit it."""
        if self.output is None or self.next_capacity is None:
            return None
        return self.next_capacity - self.output

    @property
    def gain_alone(self):
        """What raising one limiting station alone gains: nothing when others tie with it."""
        if self.is_tie:
            return Decimal(0)
        return self.gain

    @property
    def limiting_names(self):
        return [link.name for link in self.limiting]

    @property
    def next_names(self):
        return [link.name for link in self.next_limit]

    @property
    def unknown_names(self):
        return [link.name for link in self.unknown]

    def limiting_keys(self):
        return frozenset(link.key for link in self.limiting)


def analyse(links):
    """The chain of a serial line whose stations, in order, are `links` (Link objects).

    >>> chain = analyse([Link(1, "heating", Decimal(120)), Link(2, "forging", Decimal(100))])
    >>> chain.limiting_names, chain.output, chain.gain, chain.next_names
    (['forging'], Decimal('100'), Decimal('20'), ['heating'])
    """
    links = tuple(links)
    known = [link for link in links if link.is_known]
    unknown = tuple(link for link in links if not link.is_known)
    if not known:
        return Chain(links, (), None, (), None, unknown)
    output = min(link.capacity for link in known)
    limiting = tuple(link for link in known if link.capacity == output)
    higher = [link.capacity for link in known if link.capacity > output]
    next_capacity = min(higher) if higher else None
    next_limit = tuple(link for link in known if link.capacity == next_capacity)
    return Chain(links, limiting, output, next_limit, next_capacity, unknown)


def derivation_window(today, days=DERIVE_DAYS):
    """The first and last day read to derive a capacity: `days` days up to `today`."""
    return today - datetime.timedelta(days=days - 1), today


def best_day(daily_values):
    """The day of the highest output and that output, from (day, value) pairs.

    On equal values the earliest day is named. None when there are no values.
    """
    best = None
    for day, value in daily_values:
        if best is None or value > best[1] or (value == best[1] and day < best[0]):
            best = (day, value)
    return best
