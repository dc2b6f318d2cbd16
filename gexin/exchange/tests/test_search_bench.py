"""`gexin bench search` runs small on the test database (its figures are not checked)."""

import pytest

from gexin.exchange import bench

pytestmark = pytest.mark.django_db


def test_the_benchmark_indexes_and_queries(world):
    lines = []
    report = bench.run(lines.append, experiences=40, repeat=1)
    assert report["documents"] == 40
    assert report["terms"] > 40
    assert {row["query"] for row in report["queries"]} >= {"换辊时间", "roll change"}
    assert all(row["hits"] > 0 for row in report["queries"])
    assert any("Indexed 40 documents" in line for line in lines)


def test_the_table_lines_up_chinese_and_english():
    assert len(bench.padded("换辊", 6)) == 4
    assert len(bench.padded("roll", 6)) == 6
