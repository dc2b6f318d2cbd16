"""The search at scale (`gexin bench search`).

Writes N synthetic advanced experiences (10,000 by default), half in Chinese and half
in English, some mixed, over four plants of five workshops; times `reindex_all()`;
then times Chinese and English queries (the 20 best, and every candidate with the
first page's objects and excerpts, as the search page draws them) and the similar
experiences of a problem's text: median and 95th percentile of repeated runs. It runs
in a throwaway database beside the configured one (SQLite in memory, or
gexin_bench_search on PostgreSQL).
"""

import random
import statistics
import time
import unicodedata

from django.db import connection

DEFAULT_EXPERIENCES = 10_000
DEFAULT_REPEAT = 30
POSTGRES_TEST_NAME = "gexin_bench_search"

# Goals: a query answers well within a page's time budget.
GOAL_QUERY_P95_MS = 100
GOAL_INDEX_PER_SECOND = 1000  # documents

CHINESE_QUERIES = ("换辊时间", "翻钢升降台", "低硫煤炼焦", "提高钢锭收合率")
ENGLISH_QUERIES = ("roll change", "lifting table", "coke quality", "heating furnace coal")
PROBLEM_TEXT = (
    "轧钢车间换轧辊时间太长，每次停车两个小时，产量上不去。"
    "Changing the rolls stops the mill for two hours each time."
)

# Pieces the synthetic experiences are made of: (Chinese, English) of the same thing.
SUBJECTS = (
    ("换辊", "roll change"),
    ("翻钢升降台", "lifting table for turning steel"),
    ("钢锭帽口加热", "heating the ingot head"),
    ("低硫煤炼焦", "coking with low-sulphur coal"),
    ("平炉出钢", "tapping the open-hearth furnace"),
    ("加热炉", "heating furnace"),
    ("汽锤", "steam hammer"),
    ("开坯机", "blooming mill"),
    ("高炉风口", "blast-furnace tuyere"),
    ("车床刀具", "lathe tools"),
    ("导卫装置", "roll guides"),
    ("冷床", "cooling bed"),
)
EFFECTS = (
    ("时间缩短", "takes less time"),
    ("质量提高", "gives better quality"),
    ("成材率提高", "raises the yield"),
    ("煤耗降低", "uses less coal"),
    ("事故消灭", "ends the accidents"),
    ("产量增加", "raises the output"),
)
METHODS = (
    ("预先组装，分工包干，", "prepared in advance by a team that owns it, "),
    (
        "改进操作规程，经过一周测定，",
        "the operating regulation was revised after a week of trials, ",
    ),
    ("老工人和技术员一起研究，", "veteran workers and technicians worked it out together, "),
    ("学习兄弟厂的先进经验，", "learned from the advanced experience of a sister plant, "),
)


def synthetic_text(rng, index):
    """(title, problem, method, language) of the index-th synthetic experience."""
    subject, effect = rng.choice(SUBJECTS), rng.choice(EFFECTS)
    method, other = rng.choice(METHODS), rng.choice(SUBJECTS)
    number = rng.randint(10, 60)
    if index % 2 == 0:
        title = f"{subject[0]}{effect[0]}（第{index}号）"
        problem = f"{subject[0]}问题多，影响{other[0]}，停车时间长。"
        body = f"{method[0]}{subject[0]}{effect[0]}{number}%。"
        if index % 10 == 0:
            body += f" {subject[1].capitalize()} {effect[1]}."
        return title, problem, body, "zh-hans"
    title = f"{subject[1].capitalize()} {effect[1]} (no. {index})"
    problem = f"The {subject[1]} often failed and held up the {other[1]}."
    body = f"{method[1].capitalize()}and the {subject[1]} {effect[1]} by {number}%."
    return title, problem, body, "en"


def build(experiences, seed=1958):
    """The plants, workshops and synthetic experiences; returns a user holding a role."""
    import datetime

    from django.contrib.auth import get_user_model

    from gexin.core import versioning
    from gexin.exchange.models import Experience
    from gexin.org.choices import Role, UnitKind
    from gexin.org.models import Person, RoleAssignment, Unit, WorkType
    from gexin.org.services import bulk_load_tree

    rng = random.Random(seed)
    rolling = WorkType.objects.get_or_create(code="rolling", defaults={"name": "Rolling"})[0]
    nodes = [(None, Unit(code="bench-search", name="North-east", kind=UnitKind.PROVINCE))]
    for plant in range(4):
        nodes.append(
            (0, Unit(code=f"bench-search-{plant}", name=f"Plant {plant}", kind=UnitKind.PLANT))
        )
        plant_index = len(nodes) - 1
        for shop in range(5):
            code = f"bench-search-{plant}-{shop}"
            unit = Unit(code=code, name=f"Workshop {code}", kind=UnitKind.WORKSHOP)
            unit.work_type = rolling
            nodes.append((plant_index, unit))
    units = bulk_load_tree(nodes)
    workshops = [unit for unit in units if unit.kind == UnitKind.WORKSHOP]
    start = datetime.date(1956, 9, 1)
    rows = []
    for index in range(experiences):
        title, problem, method, language = synthetic_text(rng, index)
        rows.append(
            Experience(
                unit=workshops[index % len(workshops)],
                title=title,
                problem=problem,
                method=method,
                language=language,
                work_type=rolling,
                introduced_on=start + datetime.timedelta(days=rng.randint(0, 900)),
            )
        )
    Experience.objects.bulk_create(rows, batch_size=2000)
    versioning.bump()
    user = get_user_model().objects.create_user("bench-search")
    person = Person.objects.create(
        employee_number="BS-1", name="Bench", unit=workshops[0], user=user
    )
    RoleAssignment.objects.create(person=person, unit=workshops[0], role=Role.GROUP_LEADER)
    return user


def padded(text, width):
    """`text` padded to `width` columns, a Chinese character taking two."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - columns)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function, repeat):
    """(median ms, p95 ms, last result) of `function()` run `repeat` times after one warm-up."""
    result = function()
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations), percentile(durations, 0.95), result


def run(write, experiences=DEFAULT_EXPERIENCES, repeat=DEFAULT_REPEAT):
    """Build, index, measure and report; returns the report as a dict."""
    from gexin.exchange import search
    from gexin.exchange.models import SearchTerm
    from gexin.org.backends import forget

    start = time.perf_counter()
    user = build(experiences)
    write(f"Wrote {experiences:,} experiences in {time.perf_counter() - start:.1f} s.")
    search.segmenter()  # jieba's dictionary loads once per process: not part of the index
    start = time.perf_counter()
    documents = search.reindex_all()
    index_seconds = time.perf_counter() - start
    terms = SearchTerm.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a database in use would have
    write(
        f"Indexed {documents:,} documents ({terms:,} terms) in {index_seconds:.1f} s "
        f"({documents / index_seconds:,.0f} documents/s) on {connection.vendor}."
    )

    def ranked(query):
        def function():
            forget(user)
            return search.search(user, query, limit=20)

        return function

    def first_page(query):
        def function():
            forget(user)
            hits = search.search(user, query)
            for hit in hits[:20]:
                str(hit.snippet)
            return hits

        return function

    def similar():
        forget(user)
        return search.similar_experiences(user, PROBLEM_TEXT)

    rows = []
    for language, queries in (("zh", CHINESE_QUERIES), ("en", ENGLISH_QUERIES)):
        for query in queries:
            for label, function in (("top 20", ranked(query)), ("page", first_page(query))):
                median, p95, hits = timed(function, repeat)
                rows.append(
                    {
                        "query": query,
                        "language": language,
                        "measure": label,
                        "hits": len(hits),
                        "median_ms": round(median, 2),
                        "p95_ms": round(p95, 2),
                        "passed": p95 <= GOAL_QUERY_P95_MS,
                    }
                )
    median, p95, hits = timed(similar, repeat)
    rows.append(
        {
            "query": "similar experiences of a problem",
            "language": "zh+en",
            "measure": "top 5",
            "hits": len(hits),
            "median_ms": round(median, 2),
            "p95_ms": round(p95, 2),
            "passed": p95 <= GOAL_QUERY_P95_MS,
        }
    )
    write("")
    write(f"{'query':<34} {'measure':<9} {'hits':>5} {'median ms':>10} {'p95 ms':>8}")
    for row in rows:
        write(
            f"{padded(row['query'], 34)} {row['measure']:<9} {row['hits']:>5} "
            f"{row['median_ms']:>10.2f} {row['p95_ms']:>8.2f}  "
            f"{'PASS' if row['passed'] else 'MISS'}"
        )
    return {
        "database": connection.vendor,
        "experiences": experiences,
        "documents": documents,
        "terms": terms,
        "index_seconds": round(index_seconds, 2),
        "index_passed": documents / index_seconds >= GOAL_INDEX_PER_SECOND,
        "repeat": repeat,
        "queries": rows,
    }


def run_in_throwaway_database(write, experiences=DEFAULT_EXPERIENCES, repeat=DEFAULT_REPEAT):
    """Create a test database beside the configured one, run, and drop it again."""
    if connection.vendor == "postgresql":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = POSTGRES_TEST_NAME
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        return run(write, experiences=experiences, repeat=repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
