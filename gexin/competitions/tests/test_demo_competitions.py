"""The demo competitions tell seeds 002, 001 and 000: the four north-east plants' rolling
workshops, the Shanghai blooming shifts' coal handover, and the Huaxin turning group's
masters helping the young workers."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.db.models import Sum
from django.test import Client, override_settings

from gexin.competitions import demo, demo_data, laggards, scoring
from gexin.competitions.choices import (
    EvaluationStatus,
    HelpCause,
    HelpOutcome,
    HelpReason,
    ParticipantKind,
)
from gexin.competitions.models import (
    BannerHolding,
    Competition,
    Criterion,
    EligibilityGate,
    Evaluation,
    Handover,
    HelpCase,
    HelpReview,
    Pairing,
    Participant,
    Score,
)
from gexin.core import demo_steps
from gexin.core.models import ChangeRecord, Notification
from gexin.org import demo as org_demo
from gexin.org.models import Person, Unit
from gexin.plans import demo as plans_demo
from gexin.plans.models import Metric, Plan, Pledge, Record

D = datetime.date
MODELS = (
    Competition,
    Participant,
    Criterion,
    EligibilityGate,
    Evaluation,
    Score,
    BannerHolding,
    Pairing,
    HelpCase,
    HelpReview,
    Handover,
    Plan,
    Pledge,
    Record,
    Metric,
    Unit,
    Person,
    ChangeRecord,
)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The org, plans and competitions demo steps, loaded once for the module."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        org_demo.load()
        plans_demo.load()
        assert not demo.is_loaded()
        written = demo.load()
        yield written
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(loaded, db):
    return loaded


def competition_of(spec):
    return Competition.objects.get(unit__code=spec["unit"], title=spec["title"])


def evaluations_of(competition):
    return list(competition.evaluations.order_by("period_start"))


def participant(competition, code):
    return competition.participants.get(unit__code=code)


def worker(competition, number):
    return competition.participants.get(person__employee_number=number)


# Loading


def test_it_is_the_demo_step_after_innovation(demo_db):
    step = next(step for step in demo_steps.steps() if step[1] == "labour competitions")
    assert step[0] == 50 and step[2:] == (demo.is_loaded, demo.load)
    # It needs the organisation, the plans' records and innovation's blooming shifts first.
    before = {label for order, label, *_rest in demo_steps.steps() if order < step[0]}
    assert {"organisation", "plans and records", "technical innovation"} <= before


def test_it_writes_three_competitions_evaluated_every_month(demo_db):
    assert demo_db["competitions"] == 3
    kinds = {
        competition_of(spec).participant_kind
        for spec in (demo_data.NORTH_EAST, demo_data.SHANGHAI, demo_data.HUAXIN)
    }
    assert kinds == {ParticipantKind.WORKSHOP, ParticipantKind.SHIFT, ParticipantKind.PERSON}
    for spec, months in (
        (demo_data.NORTH_EAST, [9, 10, 11, 12]),
        (demo_data.SHANGHAI, [2, 3, 4, 5]),
        (demo_data.HUAXIN, [6, 7, 8, 9]),
    ):
        evaluations = evaluations_of(competition_of(spec))
        assert [evaluation.period_start.month for evaluation in evaluations] == months
        # All but the latest are published; the latest waits for the committee.
        statuses = [evaluation.status for evaluation in evaluations]
        assert statuses == [EvaluationStatus.PUBLISHED] * 3 + [EvaluationStatus.COMPUTED]
        for evaluation in evaluations:
            assert evaluation.scores.count() == competition_of(spec).participants.count()
            assert evaluation.computed_at.date() > evaluation.period_end
        for evaluation in evaluations[:-1]:
            assert evaluation.published_by is not None
            assert (
                evaluation.period_end
                < evaluation.published_at.date()
                < D(evaluation.period_end.year + 1, 1, 31)
            )


def test_loading_sends_no_notification(demo_db):
    assert not Notification.objects.exists()
    assert not mail.outbox


def test_every_demo_row_is_valid(demo_db):
    for model in (Competition, Participant, Criterion, EligibilityGate, Handover, Pairing):
        for row in model.objects.all():
            row.full_clean()
    for case in HelpCase.objects.all():
        case.full_clean()
    for review in HelpReview.objects.select_related("help_case__person__unit", "meeting__unit"):
        review.full_clean()


def test_loading_twice_changes_nothing(demo_db):
    assert demo.is_loaded()
    before = {model: model.objects.count() for model in MODELS}
    assert demo.load() == {}
    assert {model: model.objects.count() for model in MODELS} == before


# 1. The four north-east plants' same-type rolling workshops (seed 002)


def test_the_rolling_workshops_of_the_four_plants_take_part(demo_db):
    competition = competition_of(demo_data.NORTH_EAST)
    workshops = list(competition.participants.select_related("unit__work_type", "unit__parent"))
    assert len(workshops) == 4
    assert {entry.unit.work_type.code for entry in workshops} == {"rolling"}
    plants = {entry.unit.parent.code for entry in workshops}
    assert plants == {"dalian-steel", "benxi-steel", "fushun-steel", "beiman-steel"}
    # The organiser lies above all four.
    assert all(entry.unit.path.startswith(competition.unit.path) for entry in workshops)
    assert competition.work_type.code == "rolling"


def test_dalian_halved_its_roll_change_time_after_learning_from_benxi(demo_db):
    competition = competition_of(demo_data.NORTH_EAST)
    roll_change = Metric.objects.get(code="roll_change_time")
    assert roll_change.is_ratio and roll_change.lower_is_better
    dalian = participant(competition, "dalian-steel-medium-rolling")
    benxi = participant(competition, "benxi-steel-rolling")
    june = scoring.figure(dalian, roll_change, D(1958, 6, 1), D(1958, 6, 30))
    september = scoring.figure(dalian, roll_change, D(1958, 9, 1), D(1958, 9, 30))
    assert september / june == Decimal("0.5")
    # Benxi's roll changes stay the shortest.
    assert scoring.figure(benxi, roll_change, D(1958, 9, 1), D(1958, 9, 30)) < september


def test_the_roll_change_condition_scores_the_improvement_over_june(demo_db):
    competition = competition_of(demo_data.NORTH_EAST)
    criterion = competition.criteria.get(metric__code="roll_change_time")
    assert (criterion.baseline_start, criterion.baseline_end) == demo_data.NORTH_EAST_BASELINE
    september = evaluations_of(competition)[0]
    dalian = september.scores.get(participant__unit__code="dalian-steel-medium-rolling")
    entry = dalian.criteria[str(criterion.pk)]
    assert (entry["baseline"], entry["value"], entry["change"]) == (96.0, 48.0, 50.0)
    assert entry["points"] == 100.0


def test_the_yield_is_the_sum_of_products_over_the_sum_of_steel_charged(demo_db):
    competition = competition_of(demo_data.NORTH_EAST)
    criterion = competition.criteria.get(metric__code="rolling_yield")
    november = evaluations_of(competition)[2]
    for score in november.scores.select_related("participant__unit"):
        sums = dict(
            Record.objects.filter(
                unit=score.participant.unit, day__gte=D(1958, 11, 1), day__lte=D(1958, 11, 30)
            )
            .values_list("metric__code")
            .annotate(total=Sum("value_milli"))
        )
        expected = Decimal(sums["steel_products_output"]) / sums["steel_charged"] * 100
        assert score.criteria[str(criterion.pk)]["value"] == pytest.approx(
            float(expected), abs=1e-4
        )
        # Output and yield are scored against the workshop's own monthly plan.
        assert score.criteria[str(criterion.pk)]["target"] is not None


def test_the_latest_published_evaluation_ranks_the_four_and_gives_the_banner_to_the_top_eligible(
    demo_db,
):
    competition = competition_of(demo_data.NORTH_EAST)
    latest = (
        competition.evaluations.filter(status=EvaluationStatus.PUBLISHED)
        .order_by("-period_start")
        .first()
    )
    assert latest.period_start == D(1958, 11, 1)
    scores = list(latest.scores.order_by("rank").select_related("participant__unit"))
    assert [score.rank for score in scores] == [1, 2, 3, 4]
    finals = [score.final for score in scores]
    assert finals == sorted(finals, reverse=True)
    # Fushun scored highest in November but had an injury at the mill.
    top = scores[0]
    assert top.participant.unit.code == "fushun-steel-rolling"
    assert not top.is_eligible and "1" in top.reason
    assert demo_data.NORTH_EAST_GATES[0][0] in top.reason
    eligible = [score for score in scores if score.is_eligible]
    holding = latest.banner_holding
    assert holding.participant == eligible[0].participant
    assert holding.participant.unit.code == "dalian-steel-medium-rolling"
    assert holding.until is None and holding.since == latest.period_end


def test_the_banner_passed_between_the_workshops(demo_db):
    competition = competition_of(demo_data.NORTH_EAST)
    holdings = list(competition.banner_holdings.order_by("since").select_related("participant"))
    assert [holding.participant.unit.code for holding in holdings] == [
        "dalian-steel-medium-rolling",
        "benxi-steel-rolling",
        "dalian-steel-medium-rolling",
    ]
    for earlier, later in zip(holdings, holdings[1:], strict=False):
        assert earlier.until == later.since
    # The open December evaluation holds no banner yet.
    assert not BannerHolding.objects.filter(evaluation__period_start=D(1958, 12, 1)).exists()


def test_the_gap_between_the_top_and_bottom_quarter_narrows(demo_db):
    trend = scoring.gap_trend(competition_of(demo_data.NORTH_EAST))
    gaps = [gap for _start, _end, gap, _widening in trend]
    assert len(gaps) == 4 and all(gap is not None for gap in gaps)
    assert gaps[-1] < gaps[0]


# 2. Shanghai No. 2 Steel: the blooming shifts and the coal handover (seed 001)


def test_the_three_shifts_hand_over_in_turn_on_coal_per_tonne(demo_db):
    competition = competition_of(demo_data.SHANGHAI)
    pairs = [
        (handover.giver.unit.code, handover.taker.unit.code, handover.metric.code)
        for handover in competition.handovers.select_related("giver__unit", "taker__unit", "metric")
    ]
    a, b, c = demo_data.SHANGHAI_SHIFTS
    assert pairs == [
        (a, b, "coal_per_tonne_steel"),
        (b, c, "coal_per_tonne_steel"),
        (c, a, "coal_per_tonne_steel"),
    ]
    assert Unit.objects.get(code=b).kind == "shift"


def test_the_handover_flag_marks_march_when_a_gained_at_bs_cost(demo_db):
    competition = competition_of(demo_data.SHANGHAI)
    flagged = {
        evaluation.period_start: evaluation.findings.get("handover_flags")
        for evaluation in evaluations_of(competition)
    }
    assert [day for day, flags in flagged.items() if flags] == [D(1958, 3, 1)]
    (flag,) = flagged[D(1958, 3, 1)]
    assert flag["giver_name"] == "Shift A" and flag["taker_name"] == "Shift B"
    assert flag["giver_name_zh"] == "甲班" and flag["taker_name_zh"] == "乙班"
    # Shift A's coal per tonne fell while shift B's, taking over from it, rose.
    assert (flag["giver_before"], flag["giver_after"]) == (56.6, 54.1)
    assert (flag["taker_before"], flag["taker_after"]) == (56.4, 59.6)
    assert flag["giver_moved"] == "better" and flag["taker_moved"] == "worse"


def test_after_the_new_compact_every_shift_burns_53_to_54_kg(demo_db):
    competition = competition_of(demo_data.SHANGHAI)
    coal = Metric.objects.get(code="coal_per_tonne_steel")
    for entry in competition.participants.all():
        figure = scoring.figure(entry, coal, D(1958, 4, 1), D(1958, 4, 30))
        assert Decimal(53) <= figure <= Decimal(54)


def test_shift_a_beat_the_leap_target_on_17_march_then_fell_short_three_days(demo_db):
    shift_a = Unit.objects.get(code=demo_data.SHANGHAI_SHIFTS[0])
    steel = Metric.objects.get(code="steel_output")
    by_day = dict(
        Record.objects.filter(
            unit=shift_a, metric=steel, day__gte=D(1958, 3, 16), day__lte=D(1958, 3, 20)
        ).values_list("day", "value_milli")
    )
    daily_level = Decimal(3000) * Decimal("1.47") / 31 * 1000
    assert float(by_day[D(1958, 3, 17)] / daily_level) == pytest.approx(1.095, abs=0.001)
    assert all(by_day[D(1958, 3, day)] < daily_level for day in (18, 19, 20))


def test_the_committee_scored_shift_a_with_a_reason_and_the_banner_went_to_shift_c(demo_db):
    competition = competition_of(demo_data.SHANGHAI)
    march = competition.evaluations.get(period_start=D(1958, 3, 1))
    score = march.scores.get(participant__unit__code=demo_data.SHANGHAI_SHIFTS[0])
    assert score.adjusted_total is not None and score.adjusted_total < score.total
    assert score.adjustment_reason == demo_data.SHANGHAI_ADJUSTMENT["reason"]
    history = ChangeRecord.for_object(score)
    assert any(
        record.reason == demo_data.SHANGHAI_ADJUSTMENT["reason"]
        and "adjusted_total" in record.changes
        for record in history
    )
    # Without the adjustment shift A would have led March on the coal it left to shift B.
    assert score.total > max(other.total for other in march.scores.exclude(pk=score.pk))
    assert march.banner_holding.participant.unit.code == demo_data.SHANGHAI_SHIFTS[2]


# 3. Huaxin Cement: the turning group's workers (seed 000)


def test_every_worker_of_the_turning_group_competes_on_his_pledge(demo_db):
    competition = competition_of(demo_data.HUAXIN)
    workers = Person.objects.filter(unit__code=demo_data.HUAXIN_UNIT, is_active=True)
    assert competition.participants.count() == workers.count() == 21
    for person in workers:
        months = set(
            Pledge.objects.filter(person=person, plan__start__year=1953).values_list(
                "plan__start__month", flat=True
            )
        )
        assert months == {6, 7, 8, 9}, person
    june = evaluations_of(competition)[0]
    for score in june.scores.all():
        assert all(entry["target"] is not None for entry in score.criteria.values())


def test_masters_are_paired_with_the_young_workers_and_their_progress_shows(demo_db):
    competition = competition_of(demo_data.HUAXIN)
    pairings = list(
        competition.pairings.select_related("advanced__person", "laggard__person").order_by("pk")
    )
    assert [(p.advanced.person.name, p.laggard.person.name) for p in pairings] == [
        ("阮观荣", "郁增喜"),
        ("罗福端", "陈桃荣"),
        ("张森", "石国强"),
        ("张森", "石国祥"),
    ]
    june = competition.evaluations.get(period_start=D(1953, 6, 1))
    for pairing in pairings:
        progress = laggards.pairing_progress(pairing)
        assert progress.baseline.evaluation == june
        assert [row.evaluation.period_start.month for row in progress.rows] == [7, 8, 9]
        assert all(row.score_change is not None for row in progress.rows)
        assert progress.rows[-1].score > progress.baseline.score
        assert not progress.message


def test_those_who_kept_missing_their_pledge_have_a_cause_and_help(demo_db):
    competition = competition_of(demo_data.HUAXIN)
    cases = {case.person.employee_number: case for case in competition.help_cases.all()}
    assert set(cases) == set(demo_data.HUAXIN_HELP_CASES)
    assert {HelpCause.MACHINE, HelpCause.SKILL} <= {case.cause for case in cases.values()}
    assert cases["HX-0009"].cause == HelpCause.SKILL  # Chen Taorong feared for the quota
    assert cases["HX-0012"].cause == HelpCause.SKILL  # Shi Guoxiang's spoilt screws
    people = competition.participants.values_list("person", flat=True)
    found = laggards.quota_misses(
        Person.objects.filter(pk__in=people), as_of=demo_data.HUAXIN_HELP_AS_OF
    )
    assert {row.person.employee_number: row.missed_count for row in found} == {
        number: case.periods_missed for number, case in cases.items()
    }
    assert all(case.periods_missed >= 2 and case.help_arranged for case in cases.values())
    # At the end of September those still missing are the ones whose cases are open.
    still = laggards.quota_misses(Person.objects.filter(pk__in=people), as_of=D(1953, 9, 30))
    assert {row.person.employee_number for row in still} == {
        number for number, case in cases.items() if case.resolved_on is None
    }
    assert all(row.open_case is not None for row in still)


def test_the_weekly_meetings_review_the_cases_until_september_is_fulfilled(demo_db):
    competition = competition_of(demo_data.HUAXIN)
    cases = {case.person.employee_number: case for case in competition.help_cases.all()}
    assert {case.reason for case in cases.values()} == {HelpReason.MISSES_QUOTA}
    for number, case in cases.items():
        reviews = list(case.reviews.select_related("meeting").order_by("meeting__scheduled_at"))
        assert [review.meeting.day for review in reviews] == [D(1953, 9, 19), D(1953, 10, 3)]
        assert all(review.meeting.is_illustrative and review.is_illustrative for review in reviews)
        # Held and signed off like the group's other weekly meetings, the group present.
        assert all(review.meeting.is_signed_off for review in reviews)
        assert all(
            review.meeting.attendances.filter(person=case.person).exists() for review in reviews
        )
        resolved = demo_data.HUAXIN_HELP_CASES[number]["is_resolved"]
        assert [review.outcome for review in reviews] == [
            HelpOutcome.CONTINUE,
            HelpOutcome.RESOLVED if resolved else HelpOutcome.CONTINUE,
        ]
        # Resolved by the review of 3 October, on the meeting's day.
        assert case.resolved_on == (demo_data.HUAXIN_HELP_RESOLVED if resolved else None)
    assert sum(case.resolved_on is not None for case in cases.values()) == 4
    # On 10 October no open case is due: the meeting of 3 October reviewed each.
    states = laggards.review_states(
        HelpCase.objects.select_related("person").filter(competition=competition),
        as_of=D(1953, 10, 10),
    )
    assert not any(state.is_due for state in states.values())


def test_no_one_below_the_quality_quota_holds_the_banner(demo_db):
    competition = competition_of(demo_data.HUAXIN)
    quota = competition.gates.get()
    assert quota.metric.code == "yield_rate" and quota.threshold == 96
    for holding in competition.banner_holdings.select_related("evaluation"):
        score = holding.evaluation.scores.get(participant=holding.participant)
        assert score.is_eligible
        assert score.rank == min(s.rank for s in holding.evaluation.scores.all() if s.is_eligible)
    assert Score.objects.filter(evaluation__competition=competition, is_eligible=False).exists()


# The demo on its pages


def test_the_march_evaluation_page_shows_the_handover_flag_and_the_widening_gap(demo_db):
    client = Client()
    client.force_login(get_user_model().objects.get(username=demo_data.SHANGHAI_COMMITTEE))
    march = competition_of(demo_data.SHANGHAI).evaluations.get(period_start=D(1958, 3, 1))
    page = client.get(march.get_absolute_url()).content.decode()
    flags = page[page.index('id="handover-flags"') :]
    assert "Shift A" in flags and "Shift B" in flags
    assert "54.1" in flags and "59.6" in flags
    assert 'id="gap-widening"' in page
    april = competition_of(demo_data.SHANGHAI).evaluations.get(period_start=D(1958, 4, 1))
    assert 'id="gap-widening"' not in client.get(april.get_absolute_url()).content.decode()
