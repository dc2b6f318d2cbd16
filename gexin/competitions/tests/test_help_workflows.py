"""Raising the laggards, read top to bottom: a second person approves an award; a
pairing's progress; the workers who keep missing their quota; advanced producers
suggested from the records; the departmentalism guard on hand-made shift records."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gexin.competitions import guard, laggards
from gexin.competitions.choices import AwardKind, AwardStatus, ParticipantKind, ProducerStatus
from gexin.competitions.models import Award, Handover, HelpCase, Pairing
from gexin.competitions.tests.factories_help import (
    evaluate,
    examples,
    make_competition,
    metric,
    pledge,
    record,
    take_part,
)
from gexin.meetings.choices import MeetingStatus
from gexin.meetings.tests.factories import make_meeting
from gexin.org.choices import UnitKind
from gexin.org.models import Person
from gexin.org.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def month(number):
    return datetime.date(1959, number, 1)


def month_end(number):
    return (month(number + 1) if number < 12 else datetime.date(1960, 1, 1)) - datetime.timedelta(
        days=1
    )


# Awards: a second person approves


def test_an_award_counts_only_once_a_second_person_approves_it(world):
    award = examples(world)["award"]  # proposed by manager_a
    assert not award.counts
    with pytest.raises(ValidationError, match="You proposed this award"):
        award.approve(world.users["manager_a"])
    award.refresh_from_db()
    assert award.status == AwardStatus.PROPOSED

    award.approve(world.users["admin_a"], "As the minutes of 2 April record")
    award.refresh_from_db()
    assert award.counts
    assert award.decided_by == world.users["admin_a"]
    assert award.decided_at is not None


def test_an_award_is_decided_once(world):
    award = examples(world)["award"]
    award.reject(world.users["admin_a"], "Not in the minutes")
    with pytest.raises(ValidationError, match="decided award is not changed"):
        award.approve(world.users["admin"])
    award.refresh_from_db()
    assert award.status == AwardStatus.REJECTED


def test_only_someone_holding_the_approval_right_decides(world):
    award = examples(world)["award"]
    with pytest.raises(ValidationError, match="evaluation committee"):
        award.approve(world.users["leader_a"])
    # Plant B's administrator holds the right, but not over plant A's award.
    with pytest.raises(ValidationError, match="evaluation committee"):
        award.approve(world.users["worker_b"])


def test_a_rejection_gives_its_reason(world):
    award = examples(world)["award"]
    with pytest.raises(ValidationError, match="Say why"):
        award.reject(world.users["admin_a"], "  ")


def test_a_material_award_states_its_amount_and_an_honour_title_none(world):
    found = examples(world)
    award = Award(
        evaluation=found["evaluation"], participant=found["ahead"], kind=AwardKind.MATERIAL
    )
    with pytest.raises(ValidationError) as error:
        award.clean()
    assert "amount" in error.value.message_dict
    award.kind, award.amount = AwardKind.HONOUR, Decimal("10")
    with pytest.raises(ValidationError):
        award.clean()


def test_an_award_goes_to_a_participant_of_the_evaluated_competition(world):
    found = examples(world)
    award = Award(
        evaluation=found["evaluation"],
        participant=found["b_pairing"].advanced,
        kind=AwardKind.HONOUR,
        title="x",
    )
    with pytest.raises(ValidationError) as error:
        award.clean()
    assert "participant" in error.value.message_dict


def test_the_awards_shown_count_only_the_approved(world):
    found = examples(world)
    pending = found["award"]
    approved = Award.objects.create(
        evaluation=found["evaluation"],
        participant=found["ahead"],
        title="Red flag turner",
        proposed_by=world.users["manager_a"],
    )
    approved.approve(world.users["admin_a"])
    shown = laggards.awards_shown(world.user("worker_a"), participant=found["ahead"])
    assert shown["awards_counting"] == [approved]
    assert shown["awards_pending"] == [pending]
    assert laggards.awards_shown(world.user("worker_b"), participant=found["ahead"]) == {
        "awards_can_add": False,
        "awards_counting": [],
        "awards_pending": [],
        "awards_evaluation": None,
        "awards_participant": found["ahead"],
    }


# One-helps-one pairings


def test_a_pairing_tracks_the_laggards_score_and_rank_since_pairing(world):
    competition = make_competition(world.units["plant-a-turning"])
    ahead, behind, other = take_part(
        competition, world.people["worker_a"], world.people["turner_a"], world.people["leader_a"]
    )
    evaluate(
        competition, month(2), month_end(2), {ahead: ("95", 1), other: ("80", 2), behind: ("60", 3)}
    )
    evaluate(
        competition, month(3), month_end(3), {ahead: ("94", 1), other: ("70", 3), behind: ("75", 2)}
    )
    evaluate(
        competition, month(4), month_end(4), {ahead: ("93", 2), other: ("70", 3), behind: ("96", 1)}
    )
    pairing = Pairing.objects.create(
        competition=competition, advanced=ahead, laggard=behind, since=month(3)
    )

    progress = pairing.progress()

    assert progress.message == ""
    assert progress.baseline.score == Decimal("60")
    assert (progress.baseline.rank, progress.baseline.of) == (3, 3)
    assert [row.evaluation.period_start for row in progress.rows] == [month(3), month(4)]
    assert [row.score_change for row in progress.rows] == [Decimal("15"), Decimal("36")]
    assert [row.rank_change for row in progress.rows] == [1, 2]


def test_the_committees_adjusted_score_is_the_one_followed(world):
    competition = make_competition(world.units["plant-a-turning"])
    ahead, behind = take_part(competition, world.people["worker_a"], world.people["turner_a"])
    evaluate(competition, month(2), month_end(2), {ahead: ("90", 1), behind: ("50", 2)})
    march = evaluate(competition, month(3), month_end(3), {ahead: ("90", 1), behind: ("55", 2)})
    march.scores.filter(participant=behind).update(adjusted_total=Decimal("58.5"))
    pairing = Pairing.objects.create(
        competition=competition, advanced=ahead, laggard=behind, since=month(3)
    )
    assert pairing.progress().rows[0].score_change == Decimal("8.5")


def test_a_pairing_says_plainly_when_there_is_nothing_to_compare(world):
    competition = make_competition(world.units["plant-a-turning"])
    ahead, behind = take_part(competition, world.people["worker_a"], world.people["turner_a"])
    pairing = Pairing.objects.create(
        competition=competition, advanced=ahead, laggard=behind, since=month(3)
    )
    assert pairing.progress().message.startswith("No evaluation since the pairing yet")
    evaluate(competition, month(3), month_end(3), {ahead: ("90", 1), behind: ("55", 2)})
    progress = pairing.progress()
    assert progress.message == "No evaluation before the pairing to compare with."
    assert progress.rows[0].score_change is None


def test_partners_come_from_the_same_competition_and_the_advanced_one_is_ahead(world):
    found = examples(world)
    stray = Pairing(
        competition=found["competition"],
        advanced=found["ahead"],
        laggard=found["b_pairing"].laggard,
        since=month(4),
    )
    with pytest.raises(ValidationError) as error:
        stray.clean()
    assert "laggard" in error.value.message_dict
    backwards = Pairing(
        competition=found["competition"],
        advanced=found["behind"],
        laggard=found["third"],
        since=month(4),
    )
    with pytest.raises(ValidationError, match="the advanced partner is the one ahead"):
        backwards.clean()


def test_a_laggard_has_one_helper_at_a_time(world):
    found = examples(world)  # worker_a already helps turner_a
    second = Pairing(
        competition=found["competition"],
        advanced=found["third"],
        laggard=found["behind"],
        since=month(4),
    )
    with pytest.raises(ValidationError, match="already helped by"):
        second.clean()


# The workers who keep missing their quota


def test_the_workers_missing_their_pledge_in_two_of_the_last_three_periods(world):
    unit = world.units["plant-a-turning"]
    turner, worker, leader = (world.people[k] for k in ("turner_a", "worker_a", "leader_a"))
    produced = {
        # month: (turner, worker, leader) pieces produced against a pledge of 100
        1: (70, 100, 90),
        2: (90, 98, 110),
        3: (99, 120, 120),
        4: (120, 97, 120),
    }
    for number, figures in produced.items():
        for person, value in zip((turner, worker, leader), figures, strict=True):
            pledge(person, unit, month(number), {"pieces_produced": 100})
            record(person, unit, month(number), "pieces_produced", value)
    # Coal is a ceiling: using more than pledged misses it.
    pledge(leader, unit, month(5), {"coal_used": 500})
    record(leader, unit, month(5), "coal_used", 520)
    open_case = HelpCase.objects.create(person=worker, periods_missed=2)

    rows = laggards.quota_misses(Person.objects.filter(unit=unit), as_of=datetime.date(1959, 5, 31))

    by_number = {row.person.employee_number: row for row in rows}
    # turner: last three are Apr (met), Mar (99%), Feb (90%) → 2 missed.
    # worker: Apr (97%) and Feb (98%) → 2 missed, and an open case.
    # leader: May (coal 520 of 500) only → 1 missed of the last three.
    assert set(by_number) == {"A-003", "A-002"}
    assert [p.label for p in by_number["A-003"].missed] == ["1959-03", "1959-02"]
    assert by_number["A-003"].considered == 3
    assert by_number["A-002"].missed_labels == "1959-04, 1959-02"
    assert by_number["A-002"].open_case == open_case
    assert by_number["A-003"].open_case is None
    missed_march = by_number["A-003"].missed[0].lines[0]
    assert (missed_march.actual, missed_march.percent) == (Decimal("99.000"), Decimal("99"))


def test_a_pledge_with_nothing_recorded_is_missed_and_a_period_not_ended_is_left_out(world):
    unit = world.units["plant-a-turning"]
    turner = world.people["turner_a"]
    pledge(turner, unit, month(1), {"pieces_produced": 100})
    pledge(turner, unit, month(2), {"pieces_produced": 100})
    assert laggards.quota_misses([turner], as_of=datetime.date(1959, 2, 27)) == []
    rows = laggards.quota_misses([turner], as_of=datetime.date(1959, 2, 28))
    assert rows[0].missed_count == 2


def test_a_ratio_pledge_is_judged_on_summed_quantities(world):
    unit = world.units["plant-a-turning"]
    turner = world.people["turner_a"]
    for number in (1, 2):
        pledge(turner, unit, month(number), {"qualified_rate": 98})
        # Day one 10 of 10 (100%), day two 88 of 90 (97.8%): the mean of the two is
        # 98.9%, the month's rate 98 of 100 = 98.0% is not below the pledge.
        for day, produced, qualified in ((1, 10, 10), (2, 90, 87)):
            when = month(number).replace(day=day)
            record(turner, unit, when, "pieces_produced", produced)
            record(turner, unit, when, "pieces_qualified", qualified)
    rows = laggards.quota_misses([turner], as_of=datetime.date(1959, 3, 1))
    assert rows[0].missed[0].lines[0].actual == Decimal("97")


def test_the_people_of_a_unit_competition_are_everyone_in_its_units(world):
    competition = make_competition(world.units["plant-a"], kind=ParticipantKind.GROUP)
    take_part(competition, world.units["plant-a-turning"])
    people = laggards.people_of(competition=competition, queryset=Person.objects.all())
    assert set(people) == {world.people[k] for k in ("leader_a", "worker_a", "turner_a")}


# Advanced producers


def over_fulfil(person, unit, months, scrap_in=()):
    for number in months:
        pledge(person, unit, month(number), {"pieces_produced": 100})
        record(person, unit, month(number), "pieces_produced", 112)
        if number in scrap_in:
            record(person, unit, month(number).replace(day=2), "pieces_scrapped", 1)


def test_three_consecutive_over_fulfilled_periods_without_scrap_suggest_a_producer(world):
    unit = world.units["plant-a-turning"]
    turner = world.people["turner_a"]
    over_fulfil(turner, unit, (1, 2))
    assert laggards.producer_candidates([turner], as_of=month_end(3)) == []
    over_fulfil(turner, unit, (3,))

    (candidate,) = laggards.producer_candidates([turner], as_of=month_end(3))

    assert candidate.person == turner
    assert [period.label for period in candidate.run] == ["1959-03", "1959-02", "1959-01"]
    assert candidate.evidence.splitlines() == [
        "Over-fulfilled the pledge in 3 consecutive periods with no scrap recorded:",
        "1959-01: Pieces produced 112 of 100 pieces (112.0%)",
        "1959-02: Pieces produced 112 of 100 pieces (112.0%)",
        "1959-03: Pieces produced 112 of 100 pieces (112.0%)",
    ]


def test_a_scrap_breaks_the_run(world):
    unit = world.units["plant-a-turning"]
    turner = world.people["turner_a"]
    over_fulfil(turner, unit, (1, 2, 3), scrap_in=(2,))
    assert laggards.producer_candidates([turner], as_of=month_end(3)) == []
    over_fulfil(turner, unit, (4, 5))
    # Mar, Apr, May: three again since the scrap.
    (candidate,) = laggards.producer_candidates([turner], as_of=month_end(5))
    assert [period.label for period in candidate.run] == ["1959-05", "1959-04", "1959-03"]


def test_a_gap_between_periods_breaks_the_run(world):
    unit = world.units["plant-a-turning"]
    turner = world.people["turner_a"]
    over_fulfil(turner, unit, (1, 2, 4))
    assert laggards.producer_candidates([turner], as_of=month_end(4)) == []


def test_a_meeting_of_the_persons_unit_decides(world):
    producer = examples(world)["producer"]
    b_meeting = make_meeting(world.units["plant-b-shift-1"], month(4), status=MeetingStatus.HELD)
    with pytest.raises(ValidationError, match="must be one of"):
        producer.confirm(b_meeting, "Cools the cut")
    plant_meeting = make_meeting(world.units["plant-a"], month(4), status=MeetingStatus.HELD)
    with pytest.raises(ValidationError, match="Sum up"):
        producer.confirm(plant_meeting, "")
    producer.confirm(plant_meeting, "Cools the cut")
    producer.refresh_from_db()
    assert producer.status == ProducerStatus.CONFIRMED
    with pytest.raises(ValidationError, match="decision stands"):
        producer.decline(plant_meeting, "Changed our minds")


def test_a_decline_says_why(world):
    producer = examples(world)["producer"]
    meeting = make_meeting(
        world.units["plant-a-turning"], month(4), status=MeetingStatus.SIGNED_OFF
    )
    with pytest.raises(ValidationError, match="Say why"):
        producer.decline(meeting, "")
    producer.decline(meeting, "Scrap found at acceptance in April")
    producer.refresh_from_db()
    assert producer.status == ProducerStatus.DECLINED
    assert producer.decision_note == "Scrap found at acceptance in April"


# The departmentalism guard


def shift_competition(world):
    """Two shifts of machine shop A handing over on coal per tonne of steel."""
    workshop = world.units["plant-a-machine"]
    first = UnitFactory(code="plant-a-shift-a", parent=workshop, kind=UnitKind.SHIFT)
    second = UnitFactory(code="plant-a-shift-b", parent=workshop, kind=UnitKind.SHIFT)
    competition = make_competition(workshop, kind=ParticipantKind.SHIFT, title="Shifts")
    giver, taker = take_part(competition, first, second)
    handover = Handover.objects.create(
        competition=competition, giver=giver, taker=taker, metric=metric("coal_per_tonne_steel")
    )
    return competition, handover, first, second


def burn(unit, number, days):
    """Coal used and steel output of the unit on days of month `number`: [(coal, steel)]."""
    for day, (coal, steel) in enumerate(days, 1):
        when = month(number).replace(day=day)
        record(None, unit, when, "coal_used", coal)
        record(None, unit, when, "steel_output", steel)


def test_a_shift_that_leaves_the_coal_to_the_next_is_flagged(world):
    competition, handover, first, second = shift_competition(world)
    burn(first, 2, [(2800, 50), (2800, 50)])  # 56 kg/t
    burn(second, 2, [(2700, 50), (2700, 50)])  # 54 kg/t
    # March: the first shift's 53 kg/t is 5,300 kg over 100 t; the mean of its two days
    # (100 and 47.8) would be 73.9.
    burn(first, 3, [(1000, 10), (4300, 90)])
    burn(second, 3, [(2850, 50), (2850, 50)])  # 57 kg/t

    (flag,) = guard.handover_flags(competition, month(3), month_end(3))

    assert flag["handover"] == handover.pk
    assert (flag["start"], flag["end"]) == ("1959-03-01", "1959-03-31")
    assert (flag["before_start"], flag["before_end"]) == ("1959-02-01", "1959-02-28")
    assert (flag["giver_before"], flag["giver_after"], flag["giver_change"]) == (56.0, 53.0, -3.0)
    assert (flag["taker_before"], flag["taker_after"], flag["taker_change"]) == (54.0, 57.0, 3.0)
    assert flag["giver_moved"] == "better" and flag["taker_moved"] == "worse"
    assert flag["giver_name"] == first.name and flag["metric"] == "coal_per_tonne_steel"


def test_no_flag_when_both_shifts_improve(world):
    competition, _handover, first, second = shift_competition(world)
    burn(first, 2, [(2800, 50), (2800, 50)])
    burn(second, 2, [(2700, 50), (2700, 50)])
    burn(first, 3, [(2650, 50), (2650, 50)])  # 53
    burn(second, 3, [(2600, 50), (2600, 50)])  # 52
    assert guard.handover_flags(competition, month(3), month_end(3)) == []
    row = guard.compare(_handover, month(3), month_end(3))
    assert (row["giver_moved"], row["taker_moved"], row["flagged"]) == ("better", "better", False)


def test_a_higher_is_better_metric_flags_the_other_way(world):
    competition, handover, first, second = shift_competition(world)
    handover.metric = metric("steel_output")
    handover.save()
    burn(first, 2, [(0, 100)])
    burn(second, 2, [(0, 100)])
    burn(first, 3, [(0, 110)])
    burn(second, 3, [(0, 90)])
    (flag,) = guard.handover_flags(competition, month(3), month_end(3))
    assert (flag["giver_change"], flag["taker_change"]) == (10.0, -10.0)


def test_no_flag_without_figures_before(world):
    competition, _handover, first, second = shift_competition(world)
    burn(first, 3, [(2650, 50)])
    burn(second, 3, [(2900, 50)])
    assert guard.handover_flags(competition, month(3), month_end(3)) == []


def test_the_competitions_periods_follow_its_frequency(world):
    competition = make_competition(
        world.units["plant-a-turning"],
        starts_on=datetime.date(1959, 1, 15),
        ends_on=datetime.date(1959, 3, 20),
    )
    assert guard.competition_periods(competition, today=datetime.date(1960, 1, 1)) == [
        (datetime.date(1959, 1, 15), datetime.date(1959, 1, 31)),
        (month(2), month_end(2)),
        (month(3), datetime.date(1959, 3, 20)),
    ]


# The snippets other pages include


def test_the_flags_snippet_draws_the_stored_figures(world):
    from django.template.loader import render_to_string
    from django.utils import translation

    competition, _handover, first, second = shift_competition(world)
    burn(first, 2, [(2800, 50), (2800, 50)])
    burn(second, 2, [(2700, 50), (2700, 50)])
    burn(first, 3, [(1000, 10), (4300, 90)])
    burn(second, 3, [(2850, 50), (2850, 50)])
    flags = guard.handover_flags(competition, month(3), month_end(3))
    html = render_to_string("competitions/_handover_flags.html", {"flags": flags})
    assert "56.0 → <strong>53.0</strong>" in html
    assert "54.0 → <strong>57.0</strong>" in html
    assert "−3.0" in html or "-3.0" in html
    with translation.override("zh-hans"):
        chinese = render_to_string("competitions/_handover_flags.html", {"flags": flags})
    assert "吨钢耗煤" in chinese
    assert "No handover flagged." in render_to_string(
        "competitions/_handover_flags.html", {"flags": []}
    )


def test_the_awards_snippet_separates_what_counts(world):
    from django.template.loader import render_to_string

    found = examples(world)
    counted = Award.objects.create(
        evaluation=found["evaluation"],
        participant=found["ahead"],
        title="Red flag turner",
        proposed_by=world.users["manager_a"],
    )
    counted.approve(world.users["admin_a"])
    context = laggards.awards_shown(world.user("manager_a"), evaluation=found["evaluation"])
    html = render_to_string("competitions/_help_awards.html", context)
    counting, pending = html.split("Awaiting approval")
    assert "Red flag turner" in counting and "Advanced turner of March" not in counting
    assert "Advanced turner of March" in pending
    assert f"?evaluation={found['evaluation'].pk}" in html
