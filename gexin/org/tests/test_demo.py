"""The demo organisation reconstructed from the seeds, and the `gexin demo` command."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import authenticate

from gexin.org import demo, demo_data
from gexin.org.choices import Role, UnitKind
from gexin.org.models import Person, RoleAssignment, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    return demo.load()


def test_the_demo_tree_follows_the_seeds(loaded):
    assert Unit.objects.get(code="mmi").kind == UnitKind.MINISTRY
    turning = Unit.objects.get(code="huaxin-machine-turning")
    assert turning.kind == UnitKind.UNION_GROUP
    assert [u.code for u in turning.lineage()][:2] == ["mmi", "hubei"]
    assert 18 <= Person.objects.filter(unit=turning).count() <= 24
    leader = RoleAssignment.objects.get(unit=turning, role=Role.GROUP_LEADER).person
    assert leader.name == "陈贤芳"
    grades = set(Person.objects.filter(unit=turning).values_list("skill_grade", flat=True))
    assert 0 in grades and 6 in grades


def test_same_type_workshops_can_be_compared_across_plants(loaded):
    rolling = Unit.objects.filter(work_type__code="rolling", kind=UnitKind.WORKSHOP)
    plants = {unit.lineage()[2].code for unit in rolling}
    assert len(plants) >= 4


def test_every_kind_sits_below_its_parent(loaded):
    for unit in Unit.objects.exclude(parent=None).select_related("parent"):
        assert unit.rank > unit.parent.rank, unit.code
        assert unit.path.startswith(unit.parent.path)


def test_invented_entries_are_marked_illustrative(loaded):
    invented = {row["code"] for row in demo_data.UNITS if row.get("illustrative")}
    assert set(Unit.objects.filter(is_illustrative=True).values_list("code", flat=True)) == invented
    assert Person.objects.filter(is_illustrative=True).exists()


def test_demo_logins_work(loaded, rf):
    for username in loaded:
        request = rf.post("/accounts/login/")
        user = authenticate(request=request, username=username, password=demo.DEMO_PASSWORD)
        assert user is not None, username
    assert demo.is_loaded()


def test_the_demo_command_keeps_its_data_when_run_again(tmp_path):
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GEXIN_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment["GEXIN_DATA_DIR"] = str(tmp_path)
    first = subprocess.run(
        [sys.executable, "-m", "gexin", "demo", "--no-serve"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    assert "Loading the demo organisation" in first.stdout
    assert "http://127.0.0.1:8000/" in first.stdout
    assert (tmp_path / "gexin.sqlite3").exists()
    second = subprocess.run(
        [sys.executable, "-m", "gexin", "demo", "--no-serve", "--port", "8123"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    assert second.returncode == 0, second.stderr
    assert "already present; keeping it" in second.stdout
    assert "http://127.0.0.1:8123/" in second.stdout
