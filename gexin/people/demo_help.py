"""Demo of the help area: the Huaxin turning group's young and new workers (seed 000
p.10), one worker held back by illness, and the weekly meetings' reviews of their help.

Seed 000 p.10 gives Yu Zengxi (HX-0007), the young worker who thought his skill had
risen, looked down on the old masters and called Ruan's ways "the old routine", and Ruan
who watched him turn the spring sleeves wrongly without a word. The two apprentices
taken on in March 1953 (HX-0020, HX-0021) and Liu Changfu's illness (HX-0017) are
illustrative, and so is every cause's detail, the help and the reviews: each row is
marked `is_illustrative`. The cases of those who kept missing their pledge, and their
reviews in September and October 1953, are the competitions demo's; they are "often
misses the quota" cases (HelpReason.MISSES_QUOTA).

The reviews are at the group's weekly meetings of 1953: those of June and July from the
meetings demo, those of 19 September and 3 October from the competitions demo.
"""

import datetime

from django.utils import timezone

from gexin.competitions.choices import HelpCause, HelpOutcome, HelpReason
from gexin.competitions.models import HelpCase

D = datetime.date
UNIT = "huaxin-machine-turning"
# The day the board test looks at: after the reviews of 3 October 1953.
BOARD_DAY = D(1953, 10, 10)
SOURCE_YU = (
    "seed 000 p.10: Yu Zengxi looked down on the old masters; illustrative: the case, the "
    "help and the reviews"
)
SOURCE_NEW = "illustrative: a new apprentice of March 1953 (org demo), his help and its reviews"
SOURCE_ILL = "illustrative: an apprentice's illness, the help the group arranged and its reviews"

# ruff: noqa: C408, E501 - dict(...) rows and long Chinese lines read better as they are
# fmt: off
CASES = [
    dict(
        person="HX-0007", reason=HelpReason.YOUNG_WORKER, cause=HelpCause.ATTITUDE,
        opened_on=D(1953, 6, 12), source=SOURCE_YU,
        cause_note="认为自己技术提高了，看不起老师傅，说阮师傅“老一套”；阮师傅看到他车冷却机弹簧套筒方法不对也"
                   "不吭气。/ Holds that his skill has risen and looks down on the old masters, calling "
                   "Ruan's ways the old routine; Ruan saw him turn the cooling-machine spring sleeves "
                   "the wrong way and said nothing.",
        help_arranged="组长和他谈尊重老师傅、学好技术的道理；七月一日起阮师傅一帮一教他车弹簧套筒，操作不对当场"
                      "指出。/ The group leader talks with him about respecting the old masters and "
                      "learning the skill well; from 1 July Ruan teaches him the spring sleeves "
                      "one-helps-one and points out a wrong method at once.",
        reviews=[
            (D(1953, 6, 20), HelpOutcome.CONTINUE,
             "谈过一次，他答应向老师傅请教。/ Talked with him once; he promised to ask the masters."),
            (D(1953, 6, 27), HelpOutcome.CONTINUE,
             "小组决定七月一日起阮师傅和他一帮一。/ The group decided that Ruan pairs with him from 1 July."),
            (D(1953, 7, 4), HelpOutcome.CONTINUE,
             "第一周：阮师傅当场指出他的操作，没有反工废活。/ First week: Ruan points out his method on "
             "the spot; no rework this week."),
            (D(1953, 9, 19), HelpOutcome.CONTINUE,
             "尊重老师傅，有问题先请教；九月上半月出品率在保证条件以上。/ Respects the masters and asks them "
             "first; his yield in the first half of September is above his pledge."),
            (D(1953, 10, 3), HelpOutcome.RESOLVED,
             "阮师傅说他已经能独立车好弹簧套筒；帮助结束，一帮一照旧。/ Ruan says he now turns the spring "
             "sleeves well on his own; the case is closed, the pairing goes on."),
        ],
    ),
    dict(
        person="HX-0020", reason=HelpReason.NEW_WORKER, cause=HelpCause.SKILL,
        opened_on=D(1953, 6, 11), source=SOURCE_NEW,
        cause_note="三月进厂的新学徒，还看不懂图样，怕达不到品质定额。/ A new apprentice since March; cannot "
                   "yet read drawings and fears the quality quota.",
        help_arranged="在长白班、早班互助组里由张森教他看图和用量具；每周末会上检查。/ In the long-day and early "
                      "shift mutual-aid group Zhang Sen teaches him drawings and gauges; checked at each "
                      "weekend meeting.",
        reviews=[
            (D(1953, 6, 20), HelpOutcome.CONTINUE, "会看简单的图样了。/ Reads simple drawings now."),
            (D(1953, 6, 27), HelpOutcome.CONTINUE,
             "量具还用不熟，继续学。/ Not yet sure with the gauges; goes on learning."),
            (D(1953, 9, 19), HelpOutcome.CONTINUE,
             "六月到八月都完成了保证条件；还要学车螺纹。/ Fulfilled his pledge from June to August; still "
             "to learn thread cutting."),
        ],
    ),
    dict(
        person="HX-0021", reason=HelpReason.NEW_WORKER, cause=HelpCause.SKILL,
        opened_on=D(1953, 6, 11), source=SOURCE_NEW,
        cause_note="三月进厂的新学徒，还不会磨刀。/ A new apprentice since March; cannot yet grind his tools.",
        help_arranged="汪永福教他按新角度磨刀，每天第一件由师傅检查。/ Wang Yongfu teaches him to grind to the "
                      "new angle; the master checks his first piece each day.",
        reviews=[
            (D(1953, 6, 20), HelpOutcome.CONTINUE, "磨刀学会了一半。/ Halfway there with the grinding."),
            (D(1953, 6, 27), HelpOutcome.RESOLVED,
             "能自己按新角度磨刀，第一件连续两周合格。/ Grinds to the new angle on his own; his first piece "
             "passed two weeks running."),
        ],
    ),
    dict(
        person="HX-0017", reason=HelpReason.OTHER, cause=HelpCause.HEALTH,
        opened_on=D(1953, 9, 14), source=SOURCE_ILL,
        cause_note="胃病，九月上旬请病假一周；医生嘱咐少站、多休息。/ Stomach ulcer; off sick a week in early "
                   "September; the doctor advises less standing and more rest.",
        help_arranged="生活干事安排他在保健食堂吃病号饭；班长暂时给他坐着能做的轻活；小组同志轮流去看他。/ The "
                      "welfare officer arranges diet meals at the clinic canteen; the team leader gives "
                      "him light work he can do sitting for now; the members take turns visiting him.",
        reviews=[
            (D(1953, 9, 19), HelpOutcome.CONTINUE,
             "回厂上班，病号饭吃了一周，胃痛少了。/ Back at work after a week of diet meals; less pain."),
            (D(1953, 10, 3), HelpOutcome.CONTINUE,
             "医生说还要一个月轻活。/ The doctor says a month more of light work."),
        ],
    ),
]
# fmt: on
MARKER = ("HX-0020", HelpReason.NEW_WORKER)


def is_loaded():
    number, reason = MARKER
    return HelpCase.objects.filter(person__employee_number=number, reason=reason).exists()


def weekly_meetings():
    """{day: meeting} of the turning group's held weekly meetings of 1953."""
    from gexin.competitions.demo import huaxin_review_meetings
    from gexin.meetings.choices import MeetingKind, MeetingStatus
    from gexin.meetings.models import Meeting

    huaxin_review_meetings()  # September and October's, when an older database lacks them
    found = {}
    for meeting in Meeting.objects.filter(
        unit__code=UNIT,
        kind=MeetingKind.WEEKLY,
        status__in=(MeetingStatus.HELD, MeetingStatus.SIGNED_OFF),
    ):
        found[timezone.localtime(meeting.scheduled_at).date()] = meeting
    return found


def load():
    """Write the area's demo rows; return {kind of row: rows written}."""
    from gexin.org.models import Person

    meetings = weekly_meetings()
    needed = {day for spec in CASES for day, _outcome, _note in spec["reviews"]}
    missing = sorted(day.isoformat() for day in needed - set(meetings))
    if missing:
        raise ValueError(f"the turning group's weekly meetings of {missing} are not loaded")
    people = {
        person.employee_number: person
        for person in Person.objects.filter(employee_number__in=[spec["person"] for spec in CASES])
    }
    cases = reviews = 0
    for spec in CASES:
        case = HelpCase(
            person=people[spec["person"]],
            reason=spec["reason"],
            cause=spec["cause"],
            cause_note=spec["cause_note"],
            help_arranged=spec["help_arranged"],
            opened_on=spec["opened_on"],
            is_illustrative=True,
            source=spec["source"],
        )
        case.full_clean()
        case.save()
        cases += 1
        for day, outcome, note in spec["reviews"]:
            case.review(meetings[day], note, outcome, is_illustrative=True)
            reviews += 1
    return {"help cases (young, new, ill)": cases, "help case reviews": reviews}
