"""Scoring an evaluation from the records, with expectations computed by hand.

March 1959 (steel output fulfilment × 2, coal per tonne rank × 1, qualified rate rank × 1):

    participant  steel/target  points   coal kg/t      rank pts   qualified   rank pts   total
    p1 group 1   120/100       80       500            3  33.333  196/200 98  2  66.667  65.000
    p2 group 2    90/100       60       450            1 100      99/100  99   1 100     80.000
    p3 group 3   150/100      100       600            4   0      285/300 95   3  33.333  58.333
    p4 section   110/100       73.333   52000/110      2  66.667  190/200 95   3  33.333  61.667
                                        = 472.727

The section's qualified rate is 190/200 = 95 % (tying with group 3), not the mean of its
two groups' 100 % and 94.74 %. Group 2 had an accident: first in the standings, but the
banner goes to group 1. April: group 3 first with 100, the banner moves to it.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gexin.competitions import scoring
from gexin.competitions.choices import Frequency, GateOperator, ParticipantKind, Scoring
from gexin.competitions.models import BannerHolding, Participant, Score
from gexin.competitions.tests.factories_evaluations import (
    APRIL,
    MARCH,
    add_criterion,
    add_gate,
    make_competition,
    scenario,
)
from gexin.core.models import ChangeRecord
from gexin.plans.models import Metric, Plan, Pledge, PledgeTarget
from gexin.plans.tests.factories import put

pytestmark = pytest.mark.django_db


def scores_of(evaluation, world_scenario):
    names = {world_scenario[f"p{i}"].pk: f"p{i}" for i in range(1, 5)}
    return {names[s.participant_id]: s for s in evaluation.scores.all()}


def test_a_monthly_evaluation_ranks_on_weighted_direction_aware_ratio_correct_criteria(world):
    found = scenario(world)
    march = scoring.evaluate(found["competition"], datetime.date(1959, 3, 15))
    assert (march.period_start, march.period_end) == (MARCH, datetime.date(1959, 3, 31))
    scores = scores_of(march, found)
    totals = {name: score.total for name, score in scores.items()}
    assert totals == {
        "p1": Decimal("65.000"),
        "p2": Decimal("80.000"),
        "p3": Decimal("58.333"),
        "p4": Decimal("61.667"),
    }
    assert {name: score.rank for name, score in scores.items()} == {
        "p2": 1,
        "p1": 2,
        "p4": 3,
        "p3": 4,
    }
    section = scores["p4"].criteria
    coal, quality, output = (section[str(found[key].pk)] for key in ("coal", "quality", "output"))
    assert quality["value"] == 95.0  # 190 / 200, not the mean 97.37
    assert quality["rank"] == 3 and scores["p3"].criteria[str(found["quality"].pk)]["rank"] == 3
    assert coal["value"] == pytest.approx(472.7273)
    assert (coal["rank"], coal["points"]) == (2, 66.667)
    assert (output["target"], output["percent"], output["points"]) == (100.0, 110.0, 73.333)
    # Lower coal per tonne ranks higher: group 2 (450) first, group 3 (600) last.
    assert scores["p2"].criteria[str(found["coal"].pk)]["points"] == 100.0
    assert scores["p3"].criteria[str(found["coal"].pk)]["points"] == 0.0


def test_a_failed_gate_keeps_the_place_but_not_the_banner(world):
    found = scenario(world)
    march = scoring.evaluate(found["competition"], datetime.date(1959, 3, 15))
    scores = scores_of(march, found)
    assert scores["p2"].rank == 1
    assert scores["p2"].is_eligible is False
    assert scores["p2"].reason == "No serious accident: 1 (must be at most 0)"
    assert all(scores[name].is_eligible for name in ("p1", "p3", "p4"))
    scoring.publish(march, world.users["manager_a"])
    holding = BannerHolding.objects.get(evaluation=march)
    assert holding.participant == found["p1"]
    assert (holding.since, holding.until) == (datetime.date(1959, 3, 31), None)


def test_the_banner_moves_to_the_next_winner_and_the_history_is_kept(world):
    found = scenario(world)
    competition = found["competition"]
    scoring.publish(scoring.evaluate(competition, MARCH), world.users["manager_a"])
    april = scoring.evaluate(competition, APRIL)
    scores = scores_of(april, found)
    assert {name: score.total for name, score in scores.items()} == {
        "p1": Decimal("66.667"),
        "p2": Decimal("35.000"),
        "p3": Decimal("100.000"),
        "p4": Decimal("46.667"),
    }
    assert {name: (score.rank, score.change) for name, score in scores.items()} == {
        "p3": (1, 3),
        "p1": (2, 0),
        "p4": (3, 0),
        "p2": (4, -3),
    }
    # Group 1 and the section tie on coal per tonne (500 kg/t) and share second place.
    coal = str(found["coal"].pk)
    assert scores["p1"].criteria[coal]["rank"] == scores["p4"].criteria[coal]["rank"] == 2
    scoring.publish(april, world.users["manager_a"])
    holdings = list(BannerHolding.objects.filter(competition=competition).order_by("since"))
    assert [(h.participant, h.since, h.until) for h in holdings] == [
        (found["p1"], datetime.date(1959, 3, 31), datetime.date(1959, 4, 30)),
        (found["p3"], datetime.date(1959, 4, 30), None),
    ]
    assert list(found["p1"].banner_holdings.all()) == [holdings[0]]


def test_the_gap_between_top_and_bottom_quarter_and_its_widening(world):
    found = scenario(world)
    march = scoring.evaluate(found["competition"], MARCH)
    assert march.findings["gap"] == 21.667  # 80.000 − 58.333
    assert march.findings["quarter_size"] == 1
    assert march.findings["gap_previous"] is None
    assert march.findings["widening"] is False
    april = scoring.evaluate(found["competition"], APRIL)
    assert april.findings["gap"] == 65.0  # 100.000 − 35.000
    assert april.findings["gap_previous"] == 21.667
    assert april.findings["widening"] is True
    trend = scoring.gap_trend(found["competition"])
    assert [(start, gap, widening) for start, _end, gap, widening in trend] == [
        (MARCH, 21.667, False),
        (APRIL, 65.0, True),
    ]


def test_a_quarter_of_seven_is_two_participants():
    finals = [Decimal(v) for v in (90, 80, 70, 60, 50, 40, 30)]
    findings = scoring.gap_findings(finals, None)
    assert findings["quarter_size"] == 2
    assert findings["gap"] == 50.0  # (90 + 80) / 2 − (40 + 30) / 2


def test_the_best_lever_is_the_criterion_lifting_the_total_most(world):
    found = scenario(world)
    march = scoring.evaluate(found["competition"], MARCH)
    lever = scoring.best_lever(scores_of(march, found)["p1"])
    # Output 80 → 100 lifts 2 × 20 / 4 = 10; coal 33.333 → 100 lifts 16.667;
    # qualified rate 66.667 → 100 lifts 8.333.
    assert lever == {
        "criterion": found["coal"].pk,
        "metric": "coal_per_tonne_steel",
        "points": 33.333,
        "best": 100.0,
        "lift": 16.667,
    }


def test_the_best_on_every_criterion_has_no_lever(world):
    found = scenario(world)
    april = scoring.evaluate(found["competition"], APRIL)
    assert scoring.best_lever(scores_of(april, found)["p3"]) is None


def test_an_adjustment_needs_a_reason_and_is_kept_in_the_history(world):
    found = scenario(world)
    march = scoring.evaluate(found["competition"], MARCH)
    score = scores_of(march, found)["p3"]
    with pytest.raises(ValidationError) as refused:
        scoring.adjust(score, Decimal("90"), "  ", world.users["manager_a"])
    assert "reason" in refused.value.message_dict
    assert Score.objects.get(pk=score.pk).adjusted_total is None
    reason = "Coal figure of the 10th was booked to the wrong group (minutes of 2 April)"
    adjusted = scoring.adjust(score, Decimal("90"), reason, world.users["manager_a"])
    assert (adjusted.final, adjusted.total, adjusted.rank) == (
        Decimal("90.000"),
        Decimal("58.333"),
        1,
    )
    assert adjusted.adjustment_reason == reason
    assert scores_of(march, found)["p2"].rank == 2
    record = next(r for r in ChangeRecord.for_object(score) if "adjusted_total" in r.changes)
    assert record.reason == reason
    assert record.actor == world.users["manager_a"]
    assert record.changes["adjusted_total"] == [None, "90.000"]
    # The gap follows the final scores: 90 − 61.667.
    march.refresh_from_db()
    assert march.findings["gap"] == 28.333


def test_a_recomputation_keeps_the_committees_adjustment(world):
    found = scenario(world)
    march = scoring.evaluate(found["competition"], MARCH)
    score = scores_of(march, found)["p3"]
    scoring.adjust(score, Decimal("90"), "Booked to the wrong group", world.users["manager_a"])
    scoring.compute(march)
    score.refresh_from_db()
    assert (score.total, score.adjusted_total, score.rank) == (
        Decimal("58.333"),
        Decimal("90.000"),
        1,
    )


def test_a_published_evaluation_is_locked(world):
    found = scenario(world)
    march = scoring.evaluate(found["competition"], MARCH)
    scoring.publish(march, world.users["manager_a"])
    score = scores_of(march, found)["p1"]
    for attempt in (
        lambda: scoring.compute(march),
        lambda: scoring.evaluate(found["competition"], MARCH),
        lambda: scoring.adjust(score, Decimal("99"), "A late correction", None),
        lambda: scoring.publish(march),
        lambda: Score.objects.get(pk=score.pk).save(),
        lambda: march.delete(),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert "published and locked" in " ".join(refused.value.messages)
    score.refresh_from_db()
    assert score.adjusted_total is None


def test_publishing_needs_scores_and_keeps_the_order_of_periods(world):
    found = scenario(world)
    competition = found["competition"]
    empty = competition.evaluations.create(
        period_start=datetime.date(1959, 5, 1), period_end=datetime.date(1959, 5, 31)
    )
    with pytest.raises(ValidationError, match="Compute the evaluation"):
        scoring.publish(empty)
    march = scoring.evaluate(competition, MARCH)
    scoring.publish(scoring.evaluate(competition, APRIL))
    with pytest.raises(ValidationError, match="later evaluation"):
        scoring.publish(march)


def test_a_day_outside_the_competition_is_refused(world):
    found = scenario(world)
    with pytest.raises(ValidationError, match="outside the competition"):
        scoring.evaluate(found["competition"], datetime.date(1959, 7, 1))


def test_periods_follow_the_frequency_and_are_clipped(world):
    unit = world.units["plant-a"]
    weekly = make_competition(
        unit,
        frequency=Frequency.WEEKLY,
        starts_on=datetime.date(1959, 3, 4),  # a Wednesday
        ends_on=datetime.date(1959, 3, 20),
    )
    assert scoring.periods(weekly) == [
        (datetime.date(1959, 3, 4), datetime.date(1959, 3, 8)),
        (datetime.date(1959, 3, 9), datetime.date(1959, 3, 15)),
        (datetime.date(1959, 3, 16), datetime.date(1959, 3, 20)),
    ]
    quarterly = make_competition(
        unit,
        frequency=Frequency.QUARTERLY,
        starts_on=datetime.date(1959, 2, 15),
        ends_on=datetime.date(1959, 12, 31),
    )
    assert [start for start, _end in scoring.periods(quarterly)] == [
        datetime.date(1959, 2, 15),
        datetime.date(1959, 4, 1),
        datetime.date(1959, 7, 1),
        datetime.date(1959, 10, 1),
    ]


def test_improvement_is_measured_against_the_participants_own_baseline(world):
    unit = world.units["plant-a-turning"]
    competition = make_competition(world.units["plant-a"])
    steel = add_criterion(
        competition,
        "steel_output",
        1,
        Scoring.IMPROVEMENT,
        baseline_start=datetime.date(1959, 2, 1),
        baseline_end=datetime.date(1959, 2, 28),
    )
    coal = add_criterion(
        competition,
        "coal_per_tonne_steel",
        1,
        Scoring.IMPROVEMENT,
        baseline_start=datetime.date(1959, 2, 1),
        baseline_end=datetime.date(1959, 2, 28),
    )
    Participant.objects.create(competition=competition, unit=unit)
    put(
        [
            ("plant-a-turning", "1959-02-10", "0", "steel_output", "", "100"),
            ("plant-a-turning", "1959-02-10", "0", "coal_used", "", "50000"),
            ("plant-a-turning", "1959-03-10", "0", "steel_output", "", "104"),
            ("plant-a-turning", "1959-03-10", "0", "coal_used", "", "49400"),
        ]
    )
    score = scoring.evaluate(competition, MARCH).scores.get()
    # Steel +4 % → 50 + 5 × 4 = 70; coal 500 → 475 kg/t is 5 % better → 75.
    assert score.criteria[str(steel.pk)]["change"] == 4.0
    assert score.criteria[str(steel.pk)]["points"] == 70.0
    assert score.criteria[str(coal.pk)]["baseline"] == 500.0
    assert score.criteria[str(coal.pk)]["points"] == 75.0
    assert score.total == Decimal("72.500")


def test_a_criterion_without_target_is_not_scored_and_says_why(world):
    competition = make_competition(world.units["plant-a"])
    output = add_criterion(competition, "steel_output", 3)
    quality = add_criterion(competition, "qualified_rate", 1, Scoring.RANK)
    Participant.objects.create(competition=competition, unit=world.units["plant-a-turning"])
    put(
        [
            ("plant-a-turning", "1959-03-10", "0", "pieces_produced", "", "50"),
            ("plant-a-turning", "1959-03-10", "0", "pieces_qualified", "", "49"),
        ]
    )
    score = scoring.evaluate(competition, MARCH).scores.get()
    assert score.criteria[str(output.pk)]["points"] is None
    assert score.criteria[str(output.pk)]["missing"] == scoring.NO_TARGET
    # Only the qualified rate counts: a lone participant ranks first, 100 points.
    assert score.criteria[str(quality.pk)]["points"] == 100.0
    assert score.total == Decimal("100.000")


def test_a_persons_figures_are_their_own_records_and_targets_their_pledges(world):
    competition = make_competition(
        world.units["plant-a-turning"], participant_kind=ParticipantKind.PERSON
    )
    output = add_criterion(competition, "pieces_produced", 1)
    add_gate(
        competition, "Qualified rate not below 98", "qualified_rate", GateOperator.AT_LEAST, 98
    )
    turner, leader = world.people["turner_a"], world.people["leader_a"]
    for person in (turner, leader):
        Participant.objects.create(competition=competition, person=person)
    # The group's plan for the quarter; each worker's pledge is pro-rated to March.
    plan = Plan.objects.create(
        unit=world.units["plant-a-turning"], period_kind="quarter", start=datetime.date(1959, 1, 1)
    )
    pieces = Metric.objects.get(code="pieces_produced")
    for person, pledged in ((turner, 900), (leader, 450)):
        pledge = Pledge.objects.create(plan=plan, person=person)
        PledgeTarget.objects.create(pledge=pledge, metric=pieces, value=Decimal(pledged))
    put(
        [
            ("plant-a-turning", "1959-03-10", "1", "pieces_produced", "A-003", "310"),
            ("plant-a-turning", "1959-03-10", "1", "pieces_qualified", "A-003", "300"),
            ("plant-a-turning", "1959-03-10", "1", "pieces_produced", "A-001", "155"),
            ("plant-a-turning", "1959-03-10", "1", "pieces_qualified", "A-001", "155"),
            # A figure for the whole group counts for neither person.
            ("plant-a-turning", "1959-03-11", "0", "pieces_produced", "", "1000"),
        ]
    )
    evaluation = scoring.evaluate(competition, MARCH)
    by_person = {s.participant.person_id: s for s in evaluation.scores.all()}
    turner_entry = by_person[turner.pk].criteria[str(output.pk)]
    # 900 over 90 days, 31 of them in March: 310 pieces; all of it made.
    assert turner_entry["target"] == 310.0
    assert turner_entry["percent"] == 100.0
    assert by_person[leader.pk].criteria[str(output.pk)]["target"] == 155.0
    # 300 / 310 = 96.77 % qualified: below the floor.
    assert by_person[turner.pk].is_eligible is False
    assert by_person[turner.pk].reason == (
        "Qualified rate not below 98: 96.77 (must be at least 98)"
    )
    assert by_person[leader.pk].is_eligible is True


def test_standings_rows_of_the_period_holding_the_day(world):
    found = scenario(world)
    competition = found["competition"]
    scoring.evaluate(competition, MARCH)
    scoring.evaluate(competition, APRIL)
    rows = scoring.standings_rows(competition, datetime.date(1959, 3, 20))
    assert [row["participant"]["id"] for row in rows] == [
        found[name].pk for name in ("p2", "p1", "p4", "p3")
    ]
    first = rows[0]
    assert (first["score"], first["rank"], first["eligible"]) == (80.0, 1, False)
    assert first["reason"] == "No serious accident: 1 (must be at most 0)"
    assert first["criteria"][str(found["coal"].pk)]["points"] == 100.0
    # After the last evaluation, the latest stands.
    later = scoring.standings_rows(competition, datetime.date(1959, 6, 1))
    assert later[0]["participant"]["id"] == found["p3"].pk
    assert later[0]["change"] == 3
    assert scoring.standings_rows(competition, datetime.date(1959, 2, 1)) == []
