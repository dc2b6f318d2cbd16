"""Records and fulfilment at full scale (`gexin bench plans`).

A synthetic group of 1,000 units records one quantity metric (steel output) for
every shift of every day over ten years: 1,000 × 3,652 days × 3 shifts, about
11 million records. The benchmark

1. builds the tree and generates the rows in chunks (never all in memory), each
   chunk checked by `Validator.check_typed` and written by `records.load`;
2. loads the same rows a second time, which must change nothing;
3. times (median of several runs) a whole-tree quarter's fulfilment and the
   10-year monthly series of the whole tree and of one plant;
4. checks that the daily and monthly totals equal a recomputation from the records.

`run_command` does this on a throwaway SQLite file and a freshly created
PostgreSQL database, each in a child process with its own settings, then asks
DuckDB the same questions of the same raw rows (written to a CSV file by the
first child) and compares both the figures and the times. `run_here` is the
measurement on the database Django is connected to; the tests call it small.
"""

import datetime

from gexin.core.bench import BenchError

DEFAULT_UNITS = 1000
DEFAULT_YEARS = 10
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"
POSTGRES_DATABASE = "gexin_bench_plans"
POSTGRES_MARK = "Throwaway database of `gexin bench plans`."
DATABASES = ("sqlite", "postgresql")
FIRST_YEAR = 1950
METRIC_CODE = "steel_output"
SHIFTS = (1, 2, 3)
UNITS_PER_CHUNK = 4  # one load() call per 4 units' rows: about 44,000 rows over 10 years
REPEAT = 7
ROOT_CODE = "bench-plans"

# Targets.
GOAL_LOAD_PER_SECOND = {"postgresql": 200_000, "sqlite": 100_000}
GOAL_QUARTER_MS = 50
GOAL_SERIES_MS = 400

# The tree: ministry → provinces → plants → workshops → sections → shifts → union
# groups; each level has this many children per parent, the last takes the rest.
LEVELS = (
    ("province", 4),
    ("plant", 3),
    ("workshop", 4),
    ("section", 2),
    ("shift", 2),
    ("union_group", None),
)


# Data


def span(years):
    """(first day, last day) of the `years` years the records cover."""
    return datetime.date(FIRST_YEAR, 1, 1), datetime.date(FIRST_YEAR + years - 1, 12, 31)


def build_tree(units):
    """Create `units` units breadth-first under one ministry; returns them in tree order."""
    from gexin.org.choices import UnitKind
    from gexin.org.models import Unit
    from gexin.org.services import bulk_load_tree

    if Unit.objects.exists():
        raise BenchError("The database already holds units; the benchmark needs an empty one.")
    nodes = [(None, Unit(code=ROOT_CODE, kind=UnitKind.MINISTRY, name="Bench ministry"))]
    frontier = [0]
    for kind, fan_out in LEVELS:
        remaining = units - len(nodes)
        if remaining <= 0 or not frontier:
            break
        wanted = remaining if fan_out is None else min(remaining, len(frontier) * fan_out)
        counts = [wanted // len(frontier)] * len(frontier)
        for index in range(wanted % len(frontier)):
            counts[index] += 1
        next_frontier = []
        for parent_index, count in zip(frontier, counts, strict=True):
            parent = nodes[parent_index][1]
            for number in range(1, count + 1):
                code = f"{parent.code}-{number}"
                nodes.append((parent_index, Unit(code=code, kind=kind, name=f"{kind} {code[12:]}")))
                next_frontier.append(len(nodes) - 1)
        frontier = next_frontier
    return bulk_load_tree(nodes)


def value_milli(unit_number, ordinal, shift):
    """A deterministic shift's output in kilograms: 40 to 120 tonnes."""
    return 40_000 + (unit_number * 7_919 + ordinal * 104_729 + shift * 6_151) % 80_000


def chunks(unit_ids, first, last, metric_id, units_per_chunk=UNITS_PER_CHUNK):
    """Yield lists of typed rows (unit_id, day, shift, metric_id, None, value_milli)."""
    days = []
    day = first
    while day <= last:
        days.append((day.toordinal(), day))
        day += datetime.timedelta(days=1)
    for start in range(0, len(unit_ids), units_per_chunk):
        rows = []
        for unit_number, unit_id in enumerate(unit_ids[start : start + units_per_chunk], start):
            base = unit_number * 7_919
            rows.extend(
                (
                    unit_id,
                    day,
                    shift,
                    metric_id,
                    None,
                    40_000 + (base + ordinal * 104_729 + shift * 6_151) % 80_000,
                )
                for ordinal, day in days
                for shift in SHIFTS
            )
        yield rows
