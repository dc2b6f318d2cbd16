"""The demo meetings and proposals tell seed 000's story of the Huaxin turning group."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test import override_settings

from gexin.core import demo_steps
from gexin.core.models import Notification
from gexin.meetings import demo, demo_data, services
from gexin.meetings.choices import (
    OPEN_ACTION_STATUSES,
    AttendanceStatus,
    DispositionKind,
    EntryKind,
    MeetingKind,
    MeetingStatus,
    ProposalStatus,
)
from gexin.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Disposition,
    Meeting,
    MinuteEntry,
    Proposal,
)
from gexin.org import demo as org_demo
from gexin.org.models import Unit
from gexin.plans import demo as plans_demo

D = datetime.date
TURNING = "huaxin-machine-turning"
MODELS = (Meeting, AgendaItem, Attendance, MinuteEntry, ActionItem, Proposal, Disposition)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The org, plans and meetings demo steps, loaded once for the module."""
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


@pytest.fixture
def admin(demo_db):
    return get_user_model().objects.get(username="admin")


def huaxin_meeting(key):
    spec = next(spec for spec in demo_data.HUAXIN_MEETINGS if spec["key"] == key)
    return Meeting.objects.get(unit__code=TURNING, title=spec["title"])


def proposal(key):
    spec = next(
        spec
        for spec in [*demo_data.HUAXIN_PROPOSALS, *demo_data.OTHER_PROPOSALS]
        if spec["key"] == key
    )
    return Proposal.objects.get(title=spec["title"])


def test_the_first_quota_meeting_records_that_nobody_spoke(demo_db):
    meeting = huaxin_meeting("quota-first")
    assert meeting.kind == MeetingKind.WEEKLY
    assert meeting.day == D(1953, 6, 9)
    assert "不发言" in meeting.summary
    assert meeting.entries.filter(kind=EntryKind.DISCUSSION, text__contains="不发言").exists()
    assert meeting.chair.name == "陈贤芳"
    assert meeting.status == MeetingStatus.SIGNED_OFF
    assert meeting.signed_off_by.username == "chenxf"
    assert meeting.signed_off_at > meeting.scheduled_at > meeting.agenda_published_at


def test_the_core_group_found_the_reasons_and_the_third_day_meeting_adopted_the_quota(demo_db):
    first = huaxin_meeting("quota-first")
    core = list(Meeting.objects.filter(unit__code=TURNING, kind=MeetingKind.CORE_GROUP))
    assert len(core) == 2
    assert all(meeting.attendances.count() >= 5 for meeting in core)
    reasons = MinuteEntry.objects.filter(meeting__in=core).values_list("text", flat=True)
    text = "".join(reasons)
    assert "师傅们嫌千分之一高，我们学徒更达不到" in text
    assert "又要马儿好，又要马儿不吃草" in text
    assert "师傅少、青工多" in text

    adopted = huaxin_meeting("quota-adopted")
    assert adopted.day == first.day + datetime.timedelta(days=2)  # "the third day"
    decisions = adopted.entries.filter(kind=EntryKind.DECISION)
    assert decisions.filter(text__contains="通过车间下达的品质定额").exists()
    mutual_aid = decisions.get(text__contains="成立技术互助组")
    assert "十六部车床分为两组" in mutual_aid.text
    assert "陈贤芳" in mutual_aid.text and "汪永福" in mutual_aid.text
    assert "{" not in mutual_aid.text  # the members were filled in
    absent = adopted.attendances.filter(status=AttendanceStatus.ABSENT)
    assert absent.count() == 2
    assert all(attendance.reason for attendance in absent)
    assert adopted.attendances.count() == Unit.objects.get(code=TURNING).people.count()


def test_the_tool_angle_proposal_cut_twelve_hours_to_seven_and_a_half(demo_db):
    found = proposal("tool-angle")
    assert "锋钢刀" in found.title and "冷却液" in found.title
    assert {person.name for person in found.authors.all()} == {"石国强", "张森"}
    assert found.submitted_on == D(1953, 6, 16)
    assert found.status == ProposalStatus.AWARDED
    assert found.benefit_before == Decimal("12")
    assert found.benefit_after == Decimal("7.5")
    assert found.benefit_unit == "hours per 100 pipes"
    assert found.benefit_percent == Decimal("-37.5")
    assert found.submitted_on <= found.implemented_on <= found.measured_on <= found.awarded_on
    assert found.award and found.award_amount is None
    assert found.is_illustrative and "seed 000 p.10" in found.source
    (disposition,) = found.dispositions.all()
    assert disposition.kind == DispositionKind.SOLVED
    assert disposition.unit.code == TURNING and disposition.is_on_time
    assert disposition.decided_by.username == "chenxf"


def test_the_weekend_meeting_spread_the_experience_on_the_blackboard(demo_db, admin):
    meeting = huaxin_meeting("weekend-experience")
    assert meeting.day.weekday() == 5  # a Saturday
    experience = meeting.entries.get(kind=EntryKind.EXPERIENCE)
    assert experience.is_typical
    assert experience.person.name == "石国强"
    assert "十二小时" in experience.text and "七个半小时" in experience.text
    board = services.blackboard(meeting.unit, meeting.day, admin)
    assert experience in board["typical"]
    assert {entry.person.name for entry in board["praise"]} >= {"张森", "石国强"}


def test_an_open_june_action_item_carries_forward_to_july(demo_db):
    june = huaxin_meeting("quota-adopted")
    items = june.action_items.order_by("due_on", "pk")
    assert items.filter(owner__name="张森").count() == 3
    assert items.exclude(status__in=OPEN_ACTION_STATUSES).filter(closed_on__isnull=False).exists()
    (still_open,) = items.filter(status__in=OPEN_ACTION_STATUSES)
    assert still_open.owner.name == "张森" and "7号、14号车床" in still_open.text
    assert still_open.is_overdue()

    july = huaxin_meeting("july-first")
    assert [person.name for person in july.invitees.all()] == ["黄德胜"]
    assert july.attendances.filter(person__name="黄德胜").exists()
    carried = list(july.carried_action_items())
    assert still_open in carried
    assert all(item.is_open or item.closed_on >= july.day for item in carried)
    repaired = items.get(text__startswith="修好3号、11号车床")
    assert repaired not in carried


def test_proposals_are_escalated_explained_back_or_left_overdue(demo_db):
    repair = proposal("lathe-repair")
    assert repair.meeting == huaxin_meeting("quota-adopted")
    escalated, solved = repair.dispositions.order_by("decided_on")
    assert escalated.kind == DispositionKind.ESCALATED
    assert escalated.unit.code == TURNING and escalated.to_unit.code == "huaxin-machine"
    assert solved.kind == DispositionKind.SOLVED and solved.unit.code == "huaxin-machine"
    assert repair.holder.code == "huaxin-machine"
    assert repair.status == ProposalStatus.ADOPTED

    explained = proposal("apprentice-exemption")
    assert explained.status == ProposalStatus.NOT_ADOPTED
    assert "讲清楚" in explained.dispositions.get().note

    overdue = set(Proposal.objects.overdue())
    assert proposal("sleeve-fixture") in overdue
    assert proposal("mould-coating") in overdue
    assert proposal("sleeve-fixture").holder.code == "huaxin-machine"
    assert repair not in overdue and explained not in overdue


def test_daily_meetings_of_other_units_look_back_on_their_records(demo_db, admin):
    daily = Meeting.objects.filter(kind=MeetingKind.DAILY).exclude(unit__code=TURNING)
    units = set(daily.values_list("unit__code", flat=True))
    assert len(units) >= 2
    for code in units:
        meetings = list(daily.filter(unit__code=code).order_by("scheduled_at"))
        assert (meetings[-1].day - meetings[0].day).days >= 20, code
        assert all(meeting.day.weekday() != 6 for meeting in meetings)
        assert all(meeting.is_illustrative and meeting.source for meeting in meetings)
        assert all(meeting.entries.exists() for meeting in meetings)
        assert ActionItem.objects.filter(meeting__in=meetings).count() >= 3
        agenda = services.agenda(meetings[len(meetings) // 2], admin)
        assert agenda["fulfilment_lines"], code  # the plans demo has records there


def test_every_demo_row_is_valid_and_every_meeting_signed_off(demo_db):
    for model in MODELS:
        for row in model.objects.all():
            row.full_clean()
    for meeting in Meeting.objects.all():
        assert meeting.status == MeetingStatus.SIGNED_OFF
        assert meeting.attendances.exists()
        assert meeting.source


def test_loading_sends_no_notification(demo_db):
    assert not Notification.objects.exists()
    assert not mail.outbox


def test_the_demo_step_is_registered_and_not_loaded_twice(demo_db):
    step = next(step for step in demo_steps.steps() if step[1] == "meetings and proposals")
    assert step[2:] == (demo.is_loaded, demo.load)
    assert demo.is_loaded()
    # The later steps may add meetings of their own (the competitions demo adds the
    # turning group's weekly meetings that review its help cases): load them all first.
    for _order, _label, is_loaded, load in demo_steps.steps():
        if not is_loaded():
            load()
    before = {model: model.objects.count() for model in MODELS}
    # What `gexin demo` does when run again: every step finds its data present.
    for _order, _label, is_loaded, load in demo_steps.steps():
        if not is_loaded():
            load()
    assert {model: model.objects.count() for model in MODELS} == before
