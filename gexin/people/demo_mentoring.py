"""Demo of master and apprentice: the Huaxin turning group's masters and their apprentices
and young workers from 1 July 1953 (seed 000 p.10: "提倡技术高的对技术低的，师傅带徒弟").

From the seed: the group of twenty with "few masters, many young workers" (grade 6 ×3,
grade 5 ×3, ten apprentices), the two young workers Yu Zengxi and Chen Taorong who looked
down on the old masters or feared the quota, Ruan Guanrong who watched Yu turn the spring
sleeves wrongly, Zhang Sen who helped Shi Guoqiang with the tool angle and coolant on the
cooler pipes, Shi Guoxiang's 20 spoilt fine-thread screws in 100, and the mutual-aid groups
that gave "the masters a clear duty to teach and the young workers someone to rely on".

Illustrative, and marked so on every row: which master teaches which apprentice beyond the
four pairings of the competitions demo (Ruan and Yu Zengxi, Luo Fuduan and Chen Taorong,
Zhang Sen and Shi Guoqiang, Zhang Sen and Shi Guoxiang, all from 1 July 1953, with the same
aims), every goal and due day, and every check. The goals follow the skills demo's levels:
a goal is marked reached only where a recorded level (or the meetings' minutes) bear it out.
Checks of 4 July, 19 September and 3 October 1953 are linked to the group's weekly meetings
of those days (meetings and competitions demos); the rest stand alone.

The apprentices' figures come from the plans demo's person records (January-September
1953): in September 1953 Shi Guoxiang (HX-0012) qualified fewer pieces than the group's per
head and lost a larger share of what he started (see the demo test).
"""

import datetime

from django.utils import timezone

from gexin.competitions import demo_data as competitions_data
from gexin.core.permissions import enclosing_paths
from gexin.meetings.choices import MeetingKind, MeetingStatus
from gexin.meetings.models import Meeting
from gexin.org.models import Person, Unit
from gexin.people.models.mentoring import Apprenticeship, ApprenticeshipGoal, ProgressCheck
from gexin.people.models.skills import Skill

D = datetime.date
UNIT = "huaxin-machine-turning"
STARTED = D(1953, 7, 1)
MARKER_APPRENTICE = "HX-0012"
SEED = "seed 000 p.10 (report of Chen Xianfang, turning group, Huaxin Cement Plant)"
SOURCE_PAIRED = (
    SEED + ": the people; the pairing, its day and aim as in the competitions demo's "
    "one-helps-one pairing; goals and checks illustrative"
)
SOURCE_OTHER = SEED + ": few masters, many apprentices; the pairing, goals and checks illustrative"
CODES = (
    "outer-turning",
    "thread-cutting",
    "fine-thread",
    "boring",
    "tool-grinding",
    "cooler-pipes",
    "spring-sleeves",
)

# The aims of the four pairings the competitions demo made one-helps-one.
PAIRED_AIMS = {
    (master, young): goal for master, young, _since, goal in competitions_data.HUAXIN_PAIRINGS
}

# ruff: noqa: E501 - long bilingual lines read better as they are
# fmt: off
# (master, apprentice, planned end, aim (None: the pairing's), goals, checks)
# goal: (skill code or None, description, target level, due on, reached on)
# check: (day, rating, note); checked by the master
PAIRS = [
    ("HX-0003", "HX-0007", D(1953, 12, 31), None, [
        ("spring-sleeves", "车冷却机弹簧套筒，方法对，不反工 / Turns the cooler's spring sleeves the right way, no rework", 3, D(1953, 9, 30), None),
        (None, "有问题先请教老师傅，一个月没有因为方法不对而反工 / Asks the masters first; a month with no rework from a wrong method", 3, D(1953, 8, 31), D(1953, 9, 19)),
    ], [
        (D(1953, 7, 4), "on_track", "第一周：阮师傅当场指出他的操作，没有反工废活。/ First week: Ruan points out his method on the spot; no rework."),
        (D(1953, 9, 19), "on_track", "尊重老师傅，有问题先请教；九月上半月出品率在保证条件以上。/ Asks the masters first; his yield in the first half of September is above his pledge."),
        (D(1953, 10, 3), "on_track", "弹簧套筒还要再练，十月由阮师傅再看。/ The spring sleeves need more practice; Ruan looks again in October."),
    ]),
    ("HX-0005", "HX-0009", D(1953, 12, 31), None, [
        ("thread-cutting", "独立车螺纹，达到图样要求 / Cuts threads alone, to drawing", 3, D(1953, 9, 30), None),
        (None, "出品率达到品质定额百分之九十六和自己的保证条件 / Reaches the quality quota of 96% and his pledged yield", 3, D(1953, 9, 30), None),
    ], [
        (D(1953, 7, 4), "behind", "怕达不到定额；罗师傅从车螺纹教起，每天一小时。/ Fears the quota; Luo starts him on thread cutting, an hour a day."),
        (D(1953, 9, 19), "behind", "九月上半月出品率百分之九十七，还差一点。/ 97% yield in the first half of September, still a little short."),
        (D(1953, 10, 3), "behind", "九月还是没有达到保证条件，继续一帮一。/ Still short of his pledge in September; the pairing goes on."),
    ]),
    ("HX-0004", "HX-0013", D(1954, 6, 30), None, [
        ("cooler-pipes", "按新的刀具角度和冷却车冷却机管子 / Turns cooler pipes with the new tool angle and coolant", 2, D(1953, 8, 31), D(1953, 8, 20)),
        ("cooler-pipes", "独立车冷却机管子 / Turns cooler pipes alone", 3, D(1953, 12, 31), None),
        ("tool-grinding", "把新的磨刀角度用到别的活上 / Carries the new tool angle over to other work", 2, D(1953, 10, 31), None),
    ], [
        (D(1953, 7, 4), "on_track", "冷却机管子保持新刀具角度和冷却，一百个七个半小时。/ Keeps the new tool angle and coolant on the cooler pipes: 100 in 7.5 hours."),
        (D(1953, 8, 29), "ahead", "八月二十日冷却机管子考核合格。/ Passed the cooler-pipe assessment on 20 August."),
        (D(1953, 10, 3), "on_track", "开始把新角度用到别的活上。/ Starts to carry the new angle over to other work."),
    ]),
    ("HX-0004", "HX-0012", D(1954, 6, 30), None, [
        ("fine-thread", "车细牙螺丝，一百根废活不超过两根 / Fine-thread screws, no more than 2 in 100 spoilt", 2, D(1953, 9, 30), None),
        (None, "按新的角度磨刀，每天第一件由师傅检查 / Grinds his tools to the new angle; the master checks his first piece each day", 3, D(1953, 8, 31), D(1953, 9, 19)),
    ], [
        (D(1953, 7, 4), "behind", "认为三等学徒做废活不算什么；张森每天检查他的第一件。/ Holds spoilt work is nothing for a third-class apprentice; Zhang Sen checks his first piece each day."),
        (D(1953, 9, 19), "on_track", "按新角度磨刀以后废活少了。/ Since grinding to the new angle he spoils less."),
        (D(1953, 10, 3), "on_track", "九月完成了保证条件，废活不超过百分之二；细牙螺丝再考核一次。/ Fulfilled his September pledge, no more than 2 in 100 spoilt; the fine threads are to be assessed again."),
    ]),
    ("HX-0001", "HX-0014", D(1954, 6, 30), "车外圆、磨刀，一年内独立操作 / Outer turning and tool grinding, alone within a year", [
        (None, "按新的磨刀角度磨刀，一周不出废活 / Grinds to the new tool angle, a week without spoilt work", 3, D(1953, 7, 31), D(1953, 7, 4)),
        ("outer-turning", "独立车外圆 / Turns outer diameters alone", 3, D(1953, 12, 31), None),
    ], [
        (D(1953, 7, 4), "ahead", "学会新的磨刀角度，一周没有出废活。/ Learnt the new tool angle: a week without spoilt work."),
    ]),
    ("HX-0006", "HX-0015", D(1954, 6, 30), "车外圆、镗孔 / Outer turning and boring", [
        ("outer-turning", "独立车外圆 / Turns outer diameters alone", 3, D(1953, 12, 31), None),
        ("boring", "在师傅指导下镗孔 / Bores under the master's eye", 2, D(1954, 3, 31), None),
    ], [
        (D(1953, 9, 19), "on_track", "九月只被叫去抢修一次，自己的活赶上了。/ Called away to repairs only once in September; his own work has caught up."),
        (D(1953, 10, 3), "on_track", "九月完成保证条件。/ Fulfilled his September pledge."),
    ]),
    ("HX-0003", "HX-0016", D(1954, 6, 30), "车外圆、车细牙螺丝 / Outer turning and fine threads", [
        ("outer-turning", "独立车外圆 / Turns outer diameters alone", 3, D(1953, 12, 31), None),
        ("fine-thread", "在师傅指导下车细牙螺丝 / Fine-thread screws under the master's eye", 2, D(1954, 3, 31), None),
    ], [
        (D(1953, 9, 19), "behind", "7号车床还在等轴承，精活改在3号车床上做。/ Lathe 7 still waits for its bearing; his precision work is done on lathe 3."),
        (D(1953, 10, 3), "behind", "7号车床十月中才能修好，九月还是没完成。/ Lathe 7 will be repaired only in mid-October; he missed September too."),
    ]),
    ("HX-0005", "HX-0017", D(1954, 6, 30), "车外圆、镗孔 / Outer turning and boring", [
        ("outer-turning", "在师傅指导下车外圆 / Turns outer diameters under the master's eye", 2, D(1953, 10, 31), None),
        ("boring", "在师傅指导下镗孔 / Bores under the master's eye", 2, D(1954, 3, 31), None),
    ], [
        (D(1953, 7, 4), "behind", "本周病假，罗师傅替他看着车床。/ Off sick this week; Luo keeps an eye on his lathe."),
    ]),
    ("HX-0006", "HX-0018", D(1954, 6, 30), "车外圆、车螺纹 / Outer turning and thread cutting", [
        ("outer-turning", "在师傅指导下车外圆 / Turns outer diameters under the master's eye", 2, D(1953, 10, 31), None),
        ("thread-cutting", "在师傅指导下车螺纹 / Cuts threads under the master's eye", 2, D(1954, 3, 31), None),
    ], [
        (D(1953, 9, 19), "on_track", "14号车床修好了，进刀稳了。/ Lathe 14 is repaired and the feed is steady."),
        (D(1953, 10, 3), "on_track", "在修好的车床上完成了九月的保证条件。/ Fulfilled his September pledge on the repaired lathe."),
    ]),
    ("HX-0002", "HX-0019", D(1954, 6, 30), "车外圆、车螺纹 / Outer turning and thread cutting", [
        ("outer-turning", "在师傅指导下车外圆 / Turns outer diameters under the master's eye", 2, D(1953, 10, 31), None),
        ("thread-cutting", "在师傅指导下车螺纹 / Cuts threads under the master's eye", 2, D(1954, 3, 31), None),
    ], [
        (D(1953, 9, 19), "on_track", "派活以前图样和材料都备好了，没有再等料。/ Drawings and blanks are ready before each job; no more waiting."),
        (D(1953, 10, 3), "on_track", "九月完成了件数。/ Fulfilled his September pieces."),
    ]),
    ("HX-0001", "HX-0020", D(1955, 2, 28), "新学徒：车外圆、磨刀 / A new apprentice: outer turning and tool grinding", [
        ("outer-turning", "在师傅指导下车外圆 / Turns outer diameters under the master's eye", 2, D(1953, 12, 31), None),
        ("tool-grinding", "在师傅指导下磨刀 / Grinds tools under the master's eye", 2, D(1954, 6, 30), None),
    ], [
        (D(1953, 10, 3), "on_track", "会用卡尺量活了。/ Measures his work with the calipers now."),
    ]),
    ("HX-0002", "HX-0021", D(1955, 2, 28), "新学徒：车外圆、磨刀 / A new apprentice: outer turning and tool grinding", [
        ("outer-turning", "在师傅指导下车外圆 / Turns outer diameters under the master's eye", 2, D(1953, 12, 31), None),
        ("tool-grinding", "在师傅指导下磨刀 / Grinds tools under the master's eye", 2, D(1954, 6, 30), None),
    ], [
        (D(1953, 10, 3), "on_track", "跟着师傅学看图样。/ Learns to read drawings with his master."),
    ]),
]
# fmt: on


def is_loaded():
    return Apprenticeship.objects.filter(
        unit__code=UNIT, apprentice__employee_number=MARKER_APPRENTICE
    ).exists()


def meetings_by_day(unit):
    """{day: meeting} of the weekly meetings of the group or a unit above it."""
    found = {}
    for meeting in (
        Meeting.objects.filter(unit__path__in=enclosing_paths([unit.path]), kind=MeetingKind.WEEKLY)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("unit")
        .order_by("-unit__path", "scheduled_at")
    ):
        found.setdefault(timezone.localtime(meeting.scheduled_at).date(), meeting)
    return found


def load():
    """Write the area's demo rows; return {kind of row: rows written}."""
    written = {"apprenticeships": 0, "apprenticeship goals": 0, "progress checks": 0}
    unit = Unit.objects.filter(code=UNIT).first()
    if unit is None:
        return written
    people = {person.employee_number: person for person in Person.objects.filter(unit=unit)}
    skills = {skill.code: skill for skill in Skill.objects.filter(unit=unit, code__in=CODES)}
    missing = sorted(set(CODES) - set(skills))
    if missing:
        raise ValueError(f"the skills demo has not made the skills {missing} of {UNIT}")
    meetings = meetings_by_day(unit)
    for master, young, planned_end, aim, goals, checks in PAIRS:
        paired = (master, young) in PAIRED_AIMS
        apprenticeship = Apprenticeship(
            unit=unit,
            master=people[master],
            apprentice=people[young],
            started_on=STARTED,
            planned_end=planned_end,
            goal=PAIRED_AIMS[(master, young)] if aim is None else aim,
            is_illustrative=True,
            source=SOURCE_PAIRED if paired else SOURCE_OTHER,
        )
        apprenticeship.full_clean()
        apprenticeship.save()
        written["apprenticeships"] += 1
        for code, description, target, due_on, reached_on in goals:
            goal = ApprenticeshipGoal(
                apprenticeship=apprenticeship,
                skill=skills[code] if code else None,
                description=description,
                target_level=target,
                due_on=due_on,
                reached_on=reached_on,
            )
            goal.full_clean()
            goal.save()
            written["apprenticeship goals"] += 1
        for day, rating, note in checks:
            check = ProgressCheck(
                apprenticeship=apprenticeship,
                checked_on=day,
                checked_by=people[master],
                rating=rating,
                note=note,
                meeting=meetings.get(day),
            )
            check.full_clean()
            check.save()
            written["progress checks"] += 1
    return written
