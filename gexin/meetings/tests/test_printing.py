"""Printed minutes and blackboards: Chinese text survives, labels follow the language,
the blackboard keeps to one page, and the command refuses what it cannot find."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from pypdf import PdfReader

from gexin.meetings import services
from gexin.meetings.choices import AttendanceStatus, EntryKind, MeetingStatus
from gexin.meetings.models import ActionItem, Attendance, MinuteEntry
from gexin.meetings.printing import blackboard_pdf, minutes_pdf
from gexin.meetings.tests.factories import examples, make_meeting, make_proposal
from gexin.plans.tests.factories import make_plan, put

TOOL_ANGLE = "改进锋钢刀的角度"
ABSENCE = "去乙厂交流先进经验"
SUMMARY = "本周完成计划，质量良好"
WEEK = datetime.date(1959, 3, 4)  # a Wednesday; its Monday is 2 March 1959


def text_of(pdf):
    """The PDF's text with all white space removed, so wrapped lines still match."""
    reader = PdfReader(io.BytesIO(pdf))
    return "".join("".join(page.extract_text() for page in reader.pages).split())


def pages_of(pdf):
    return len(PdfReader(io.BytesIO(pdf)).pages)


def squeeze(text):
    return "".join(text.split())


@pytest.fixture
def meeting(world):
    """The example meeting of plant-a-turning, held with Chinese minutes."""
    meeting = examples(world)["meeting"]
    Attendance.objects.create(
        meeting=meeting,
        person=world.people["turner_a"],
        status=AttendanceStatus.ABSENT,
        reason=ABSENCE,
    )
    MinuteEntry.objects.create(meeting=meeting, kind=EntryKind.DECISION, text=TOOL_ANGLE)
    meeting.agenda_items.update(outcome="讨论了车床的保养")
    make_proposal(meeting.unit, [world.people["worker_a"]], title="冷却液循环使用", meeting=meeting)
    earlier = make_meeting(meeting.unit, meeting.day - datetime.timedelta(days=7))
    ActionItem.objects.create(unit=meeting.unit, meeting=earlier, text="修好四号车床的卡盘")
    meeting.summary = SUMMARY
    meeting.status = MeetingStatus.HELD
    meeting.save()
    return meeting


def test_it_prints_chinese_minutes_with_english_labels(meeting, world):
    with translation.override("en"):
        pdf = minutes_pdf(meeting)
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    for expected in (TOOL_ANGLE, ABSENCE, SUMMARY, "讨论了车床的保养", "冷却液循环使用"):
        assert expected in text
    assert "修好四号车床的卡盘" in text  # carried forward from the week before
    assert squeeze("Repair lathe 4") in text  # raised at this meeting
    assert squeeze("Turning group A") in text
    assert squeeze(world.people["turner_a"].name_latin) in text
    for label in ("Attendance", "Agenda", "Decisions", "Praise", "Summary"):
        assert label in text
    assert squeeze("Action items carried forward") in text
    assert squeeze("weekly production meeting") in text


def test_it_prints_names_in_chinese_when_chinese_is_active(meeting, world):
    with translation.override("zh-hans"):
        pdf = minutes_pdf(meeting)
    text = text_of(pdf)
    assert "甲厂车工组" in text
    assert world.people["leader_a"].name in text  # the chair, by the Chinese name alone
    assert TOOL_ANGLE in text and ABSENCE in text
    assert "Turning group A" not in text
    assert world.people["turner_a"].name_latin not in text


def test_the_command_writes_the_minutes_to_a_file(meeting, tmp_path):
    path = tmp_path / "out.pdf"
    call_command(
        "print",
        "minutes",
        str(meeting.pk),
        "-o",
        str(path),
        "--language",
        "zh-hans",
        stdout=io.StringIO(),
    )
    text = text_of(path.read_bytes())
    assert "甲厂车工组" in text and TOOL_ANGLE in text and ABSENCE in text


def test_the_command_names_the_file_after_the_meeting(meeting, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command("print", "minutes", str(meeting.pk), stdout=io.StringIO())
    assert TOOL_ANGLE in text_of((tmp_path / f"minutes-{meeting.pk}.pdf").read_bytes())


def test_the_command_writes_to_standard_output(meeting):
    out = io.BytesIO()
    call_command("print", "minutes", str(meeting.pk), "-o", "-", stdout=out)
    assert TOOL_ANGLE in text_of(out.getvalue())


def test_the_command_refuses_an_unknown_meeting(world):
    with pytest.raises(CommandError, match="No meeting #999999"):
        call_command("print", "minutes", "999999", "-o", "-")


def test_the_command_refuses_a_meeting_the_user_may_not_see(meeting):
    with pytest.raises(CommandError, match=f"No meeting #{meeting.pk} visible to worker_b"):
        call_command("print", "minutes", str(meeting.pk), "--user", "worker_b", "-o", "-")


def test_the_command_refuses_an_unknown_unit(world):
    with pytest.raises(CommandError, match="No unit with the code 'nowhere'"):
        call_command("print", "blackboard", "nowhere", "-o", "-")


@pytest.fixture
def crowded_board(world):
    """A week of plant-a-turning with 200 praise entries, criticism and figures."""
    unit = world.units["plant-a-turning"]
    make_plan(unit, "month", datetime.date(1959, 3, 1), {"pieces_produced": 3000})
    put([("plant-a-turning", "1959-03-02", "1", "pieces_produced", "", "100")])
    meeting = make_meeting(unit, WEEK)
    MinuteEntry.objects.bulk_create(
        MinuteEntry(
            meeting=meeting,
            kind=EntryKind.PRAISE,
            text=f"第{number}号表扬：{TOOL_ANGLE}，" + "提前完成任务，" * 8,
            person=world.people["worker_a"],
        )
        for number in range(200)
    )
    MinuteEntry.objects.create(
        meeting=meeting, kind=EntryKind.CRITICISM, text="没有按时保养车床", is_typical=True
    )
    return unit


def test_the_blackboard_fits_one_page_however_long_its_lists(crowded_board, world):
    board = services.blackboard(crowded_board, WEEK, world.user("admin"))
    assert len(board["praise"]) == 200
    with translation.override("en"):
        pdf = blackboard_pdf(board)
    assert pages_of(pdf) == 1
    text = text_of(pdf)
    assert "没有按时保养车床" in text
    assert "第0号表扬" in text
    assert "第199号表扬" not in text
    assert re.search(r"and1\d\dmore", text)  # "and 185 more" under the cut list


def test_the_command_prints_the_blackboard_of_a_week(crowded_board, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    call_command(
        "print",
        "blackboard",
        "plant-a-turning",
        "--week",
        "1959-03-04",
        "--language",
        "zh-hans",
        stdout=io.StringIO(),
    )
    pdf = (tmp_path / "blackboard-plant-a-turning-1959-03-02.pdf").read_bytes()
    assert pages_of(pdf) == 1
    assert "甲厂车工组" in text_of(pdf)
