"""A campaign's figures are counted from the rows and their dates (gexin.innovation.dashboard).

The campaign below runs 1-10 March 2024 in plant A; every number asserted is counted by
hand from the rows made here.
"""

import datetime

import pytest

from gexin.innovation import dashboard
from gexin.innovation.choices import (
    AttackMethod,
    KeyIssueStatus,
    ProblemStatus,
    VersionStatus,
)
from gexin.innovation.models import (
    Campaign,
    KeyIssue,
    Problem,
    Regulation,
    RegulationVersion,
    ResearchTeam,
)

D = datetime.date
LATER = D(2030, 1, 1)  # "today", long after the campaign


def problem(campaign, unit, posted_on, author, **fields):
    row = Problem.objects.create(
        campaign=campaign,
        unit=unit,
        title=f"problem of {posted_on}",
        description="…",
        posted_on=posted_on,
        **fields,
    )
    row.authors.add(author)
    return row


def key_issue(campaign, unit, ranked_on, method, status=KeyIssueStatus.OPEN, **fields):
    return KeyIssue.objects.create(
        campaign=campaign,
        unit=unit,
        title=f"key issue of {ranked_on} ({method})",
        ranked_on=ranked_on,
        method=method,
        status=status,
        **fields,
    )


def version(regulation, number, status, campaign=None, approved_on=None):
    return RegulationVersion.objects.create(
        regulation=regulation,
        number=number,
        status=status,
        campaign=campaign,
        approved_on=approved_on,
        reason="…",
    )


@pytest.fixture
def campaign(world):
    """Plant A's campaign with problems, key issues, teams and revisions around it."""
    plant, machine, turning = (
        world.units[code] for code in ("plant-a", "plant-a-machine", "plant-a-turning")
    )
    author = world.people["worker_a"]
    campaign = Campaign.objects.create(
        unit=plant, title="March", starts_on=D(2024, 3, 1), ends_on=D(2024, 3, 10)
    )
    other = Campaign.objects.create(
        unit=plant, title="April", starts_on=D(2024, 4, 1), ends_on=D(2024, 4, 30)
    )
    problem(campaign, turning, D(2024, 2, 28), author)  # posted before the start
    original = problem(campaign, turning, D(2024, 3, 1), author)
    problem(campaign, machine, D(2024, 3, 2), author)
    problem(campaign, plant, D(2024, 3, 3), author)
    problem(campaign, turning, D(2024, 3, 8), author)
    problem(
        campaign,
        turning,
        D(2024, 3, 5),
        author,
        status=ProblemStatus.MERGED,
        merged_into=original,
    )
    problem(other, turning, D(2024, 3, 4), author)
    problem(None, turning, D(2024, 3, 4), author)

    team = ResearchTeam.objects.create(campaign=campaign, unit=turning, name="Lathe team")
    ResearchTeam.objects.create(campaign=campaign, unit=machine, name="Idle team")
    key_issue(
        campaign,
        turning,
        D(2024, 3, 2),
        AttackMethod.RESEARCH,
        KeyIssueStatus.SOLVED,
        owner_team=team,
        solved_on=D(2024, 3, 4),
    )
    key_issue(
        campaign,
        machine,
        D(2024, 3, 3),
        AttackMethod.UNIT,
        KeyIssueStatus.VERIFIED,
        owner_unit=machine,
        solved_on=D(2024, 3, 5),
        verified_on=D(2024, 3, 6),
    )
    key_issue(
        campaign,
        plant,
        D(2024, 3, 4),
        AttackMethod.FORTRESS,
        KeyIssueStatus.UNDER_ATTACK,
        due_on=D(2024, 3, 6),
        is_fortress=True,
    )
    # Solved once, then its check failed: not solved.
    key_issue(
        campaign,
        turning,
        D(2024, 3, 6),
        AttackMethod.GROUP,
        KeyIssueStatus.REOPENED,
        solved_on=D(2024, 3, 7),
        due_on=D(2024, 3, 20),
    )
    key_issue(campaign, plant, D(2024, 3, 8), AttackMethod.COMMITTEE)  # no due day
    key_issue(other, turning, D(2024, 4, 2), AttackMethod.UNIT, KeyIssueStatus.SOLVED)

    revised = Regulation.objects.create(unit=machine, title="Lathe rules")
    version(revised, 1, VersionStatus.SUPERSEDED)
    version(revised, 2, VersionStatus.APPROVED, campaign, D(2024, 3, 6))
    twice = Regulation.objects.create(unit=turning, title="Tool rules")
    version(twice, 1, VersionStatus.SUPERSEDED)
    version(twice, 2, VersionStatus.SUPERSEDED, campaign, D(2024, 3, 4))
    version(twice, 3, VersionStatus.APPROVED, campaign, D(2024, 3, 9))
    drafted = Regulation.objects.create(unit=turning, title="Draft only")
    version(drafted, 1, VersionStatus.APPROVED)
    version(drafted, 2, VersionStatus.DRAFT, campaign)
    first_only = Regulation.objects.create(unit=turning, title="New rules")
    version(first_only, 1, VersionStatus.APPROVED, campaign, D(2024, 3, 2))
    elsewhere = Regulation.objects.create(unit=turning, title="April rules")
    version(elsewhere, 1, VersionStatus.SUPERSEDED)
    version(elsewhere, 2, VersionStatus.APPROVED, other, D(2024, 4, 3))
    return campaign


def test_it_counts_the_campaign_as_it_stands(campaign):
    figures = dashboard.summary(campaign, today=LATER)
    assert figures["problems"] == 5  # the merged duplicate and other campaigns' not counted
    assert figures["key_issues"] == 5
    assert figures["solved"] == 2  # solved or verified; the reopened one is not
    assert figures["verified"] == 1
    # Approved revisions (number > 1) citing the campaign, each regulation once; one
    # since replaced still counts, a draft and a first version do not.
    assert figures["rules_revised"] == 2
    assert figures["overdue"] == 2  # the fortress and the reopened one; no due day: never


def test_it_counts_every_method_and_team(campaign):
    figures = dashboard.summary(campaign, today=LATER)
    assert figures["by_method"] == {
        AttackMethod.UNIT: {"key_issues": 1, "solved": 1},
        AttackMethod.GROUP: {"key_issues": 1, "solved": 0},
        AttackMethod.RESEARCH: {"key_issues": 1, "solved": 1},
        AttackMethod.FORTRESS: {"key_issues": 1, "solved": 0},
        AttackMethod.COMMITTEE: {"key_issues": 1, "solved": 0},
    }
    assert figures["by_team"] == {
        "Idle team": {"key_issues": 0, "solved": 0},
        "Lathe team": {"key_issues": 1, "solved": 1},
    }


def test_it_rolls_units_up_to_those_below_the_campaigns_unit(campaign, world):
    by_unit = dashboard.summary(campaign, today=LATER)["by_unit"]
    assert set(by_unit) == {"plant-a", "plant-a-machine"}
    # The turning group's rows count in the machine shop that holds it.
    machine = by_unit["plant-a-machine"]
    assert (machine["problems"], machine["key_issues"], machine["solved"]) == (4, 3, 2)
    plant = by_unit["plant-a"]
    assert (plant["problems"], plant["key_issues"], plant["solved"]) == (1, 2, 0)
    assert machine["name"] == world.units["plant-a-machine"].display_name


def test_it_counts_up_to_a_day(campaign):
    figures = dashboard.summary(campaign, as_of=D(2024, 3, 5))
    assert figures["problems"] == 4
    assert figures["key_issues"] == 3
    assert figures["solved"] == 2
    assert figures["verified"] == 0  # verified on the 6th
    assert figures["rules_revised"] == 1  # the tool rules' version 2, of the 4th
    assert figures["overdue"] == 0  # the fortress is due on the 6th
    assert dashboard.summary(campaign, as_of=D(2024, 3, 7))["overdue"] == 1
    assert dashboard.summary(campaign, as_of=D(2024, 3, 1))["key_issues"] == 0


@pytest.mark.parametrize(
    ("username", "problems", "key_issues"),
    [("manager_a", 5, 5), ("worker_b", 0, 0)],
)
def test_it_restricts_to_the_users_scope(campaign, world, username, problems, key_issues):
    figures = dashboard.summary(campaign, user=world.users[username], today=LATER)
    assert (figures["problems"], figures["key_issues"]) == (problems, key_issues)


def test_the_burn_up_runs_day_by_day_to_today(campaign):
    series = dashboard.burnup(campaign, today=D(2024, 3, 5))
    assert series["days"] == [D(2024, 3, day) for day in range(1, 6)]
    assert series["problems"] == [2, 3, 4, 4, 4]  # the one of 28 February counts on day one
    assert series["key_issues"] == [0, 1, 2, 3, 3]
    assert series["solved"] == [0, 0, 0, 1, 2]
    assert series["verified"] == [0, 0, 0, 0, 0]


def test_the_burn_up_stops_at_the_end(campaign):
    series = dashboard.burnup(campaign, today=LATER)
    assert series["days"][0] == D(2024, 3, 1) and series["days"][-1] == D(2024, 3, 10)
    assert len(series["days"]) == 10
    last = {name: values[-1] for name, values in series.items() if name != "days"}
    assert last == {"problems": 5, "key_issues": 5, "solved": 2, "verified": 1}


def test_the_burn_up_is_empty_before_the_start(campaign):
    series = dashboard.burnup(campaign, today=D(2024, 2, 29))
    assert series == {"days": [], "problems": [], "key_issues": [], "solved": [], "verified": []}
