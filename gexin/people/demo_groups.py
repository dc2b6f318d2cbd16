"""Demo of the groups area: the Huaxin turning group's two technical mutual-aid groups
(seed 000 p.10).

The seed: on 11 June 1953 the group meeting that adopted the quality quota set up two
technical mutual-aid groups under the team leader Wang Xiyuan, the sixteen lathes split
in two: the long-day and early shifts led by the union group leader Chen Xianfang, the
middle shift by the production officer (Wang Yongfu in the demo). Their task: solve the
problems arising in production and raise the young workers' skill, so that masters have
a clear duty to teach and apprentices someone to rely on. In the group Zhang Sen helped
Shi Guoqiang change the tool angle and use coolant: 100 cooler pipes in 7.5 hours
instead of 12; the experience was spread at the weekend meeting.

Illustrative, and marked so: who of the twenty is in which group beyond the two leaders
(the org demo's HUAXIN_TURNING_MUTUAL_AID_GROUPS, which the minutes of 11 June name too),
the roles (grades 5-6 masters, apprentices learners, the others members), every session
and its attendance, the days of the solved problem and of the demonstrations. The team
leader heads both groups and is a member of neither (a person is in one mutual-aid group
of a unit at a time).
"""

import datetime

from gexin.meetings import demo_data as meetings_data
from gexin.meetings.choices import AttendanceStatus
from gexin.meetings.models import Meeting, Proposal
from gexin.org import demo_data as org_data
from gexin.org.models import Person, Unit
from gexin.people import groups as services
from gexin.people.models.groups import (
    Demonstration,
    SolvedProblem,
    StudyGroup,
    StudyGroupKind,
    StudyGroupMember,
    StudyGroupRole,
    StudySession,
)

D = datetime.date
UNIT = "huaxin-machine-turning"
FORMED = D(1953, 6, 11)
SEED = "seed 000 p.10 (report of Chen Xianfang, 我们是如何提高产品质量的)"
PLACE = meetings_data.HUAXIN_PLACE
EARLY, MIDDLE = (group["name"] for group in org_data.HUAXIN_TURNING_MUTUAL_AID_GROUPS)

FOCUS = (
    "研究解决生产中临时发生的具体问题，培养和提高青工的技术水平，使师傅教技术有专责，青工学技术"
    "有依靠。由班长王喜元统一领导，以班长、组长、生产干事为核心。 / Solve the problems that "
    "arise in production and raise the young workers' skill: masters have a clear duty to "
    "teach, apprentices someone to rely on. Headed, with the other group, by the team "
    "leader Wang Xiyuan."
)
GROUPS = {
    EARLY: {
        "meets": "长白班、早班（十六部车床的一半） / Long-day and early shifts (half the lathes)",
        "source": (
            SEED + ": the long-day and early shift group, led by the union group leader, formed "
            "at the meeting of 11 June 1953. Illustrative: the members beyond the leader and "
            "their roles"
        ),
    },
    MIDDLE: {
        "meets": "中班（十六部车床的另一半） / Middle shift (the other half of the 16 lathes)",
        "source": (
            SEED + ": the middle-shift group, led by the production officer, formed at the "
            "meeting of 11 June 1953. Illustrative: the officer's name, the members beyond "
            "the leader and their roles"
        ),
    },
}

# (group, day, topic, notes, absent: {employee number: why}); all illustrative.
SESSIONS = [
    (
        EARLY,
        D(1953, 6, 12),
        "第一次会：师傅和学徒分工包教 / First meeting: each master takes on his apprentices",
        "阮观荣、罗福端、陈贤芳各包两三个学徒；郁增喜、陈桃荣跟阮师傅学看图。",
        {"HX-0014": "病假（发烧）"},
    ),
    (
        EARLY,
        D(1953, 6, 19),
        "车细牙螺丝怎样不出废活 / Fine-thread screws without scrap",
        "石国祥车细牙螺丝一百根有二十根不能用；阮师傅讲对刀和测量，当场车了十根，全部合格。",
        {},
    ),
    (
        EARLY,
        D(1953, 6, 26),
        "泥浆泵布套筒长短一致 / Mud-pump sleeves of even length",
        "按图样逐件量，车前先对好挡块。",
        {"HX-0020": "随师傅到烧成车间抢修"},
    ),
    (
        MIDDLE,
        D(1953, 6, 13),
        "第一次会：师傅和学徒分工包教 / First meeting: each master takes on his apprentices",
        "张森、柯义和各包学徒；石国强跟张森学磨刀。",
        {},
    ),
    (
        MIDDLE,
        D(1953, 6, 16),
        "车冷却机管子的刀具 / The tool for turning cooler pipes",
        "规定一百个十二小时完成，刀具发热快。张森和石国强研究锋钢刀角度，决定加冷却液试车。",
        {"HX-0017": "病假"},
    ),
    (
        MIDDLE,
        D(1953, 6, 24),
        "冷却机弹簧套筒装卡变形 / Cooler spring sleeves deform in the chuck",
        "薄套筒一夹就变形；先垫开口套试车，夹具另提建议。",
        {"HX-0021": "上早班顶班"},
    ),
]
SESSION_SOURCE = "illustrative: a session of the mutual-aid group after " + SEED

TOOL_ANGLE = "tool-angle"
WEEKEND = "weekend-experience"


def person(number):
    return Person.objects.get(employee_number=number)


def role_for(someone):
    """Illustrative: grades 5 and 6 are masters, apprentices learners, others members."""
    if someone.skill_grade is not None and someone.skill_grade >= 5:
        return StudyGroupRole.MASTER
    if someone.skill_grade == 0:
        return StudyGroupRole.LEARNER
    return StudyGroupRole.MEMBER


def meeting(key):
    spec = next(spec for spec in meetings_data.HUAXIN_MEETINGS if spec["key"] == key)
    return Meeting.objects.filter(unit__code=UNIT, title=spec["title"]).first()


def proposal(key):
    spec = next(spec for spec in meetings_data.HUAXIN_PROPOSALS if spec["key"] == key)
    return Proposal.objects.filter(unit__code=UNIT, title=spec["title"]).first()


def is_loaded():
    return StudyGroup.objects.filter(unit__code=UNIT, name=EARLY).exists()


def load():
    """Write the area's demo rows; return {kind of row: rows written}."""
    unit = Unit.objects.get(code=UNIT)
    groups = {}
    memberships = 0
    for spec in org_data.HUAXIN_TURNING_MUTUAL_AID_GROUPS:
        leader = person(spec["leader"])
        group = services.save_group(
            StudyGroup(
                unit=unit,
                kind=StudyGroupKind.MUTUAL_AID,
                name=spec["name"],
                name_zh=spec["name_zh"],
                leader=leader,
                focus=FOCUS,
                formed_on=FORMED,
                **GROUPS[spec["name"]],
            ),
            role_for(leader),
        )
        memberships += 1
        for number in spec["members"]:
            if number == spec["leader"]:
                continue
            member = person(number)
            services.save_member(
                StudyGroupMember(
                    group=group, person=member, role=role_for(member), joined_on=FORMED
                )
            )
            memberships += 1
        groups[spec["name"]] = group

    for name, day, topic, notes, absent in SESSIONS:
        group = groups[name]
        present = [
            m.person
            for m in services.members_on(group, day)
            if m.person.employee_number not in absent
        ]
        services.save_session(
            StudySession(
                group=group,
                held_on=day,
                topic=topic,
                notes=notes
                + "".join(
                    f" 缺席 / absent: {person(number).name}（{why}）。"
                    for number, why in absent.items()
                ),
                is_illustrative=True,
                source=SESSION_SOURCE,
            ),
            present,
        )

    zhang, shi = person("HX-0004"), person("HX-0013")
    services.save_solved_problem(
        SolvedProblem(
            group=groups[MIDDLE],
            title="车冷却机管子：改进锋钢刀角度，用冷却液 / Cooler pipes: new tool angle, coolant",
            description=(
                "车冷却机管子，规定一百个十二小时完成。互助组张森帮助石国强研究，改进了锋钢刀的角度，"
                "并使用冷却降低温度。 / Turning cooler pipes, 100 were set for 12 hours. In the "
                "mutual-aid group Zhang Sen helped Shi Guoqiang change the angle of the "
                "high-speed-steel tool and cool the cut."
            ),
            solved_on=D(1953, 6, 17),
            result="100 pipes in 7.5 h instead of 12 h / 一百个管子七个半小时完成（规定十二小时）",
            proposal=proposal(TOOL_ANGLE),
            source=(
                SEED + ": 石国强车冷却机管子 … 只七个半小时完成了任务. Illustrative: the day "
                "(the proposal's trial run)"
            ),
        ),
        [zhang, shi],
    )

    weekend = meeting(WEEKEND)
    if weekend is not None:
        watched = [
            a.person
            for a in weekend.attendances.select_related("person__unit")
            if a.status == AttendanceStatus.PRESENT and a.person.unit_path.startswith(unit.path)
        ]
    else:
        watched = [
            p
            for p in Person.objects.filter(unit=unit, is_active=True)
            if p.employee_number != "HX-0021"
        ]
    method = (
        "锋钢刀的前角磨大，车削时浇冷却液降低温度，刀具不再很快发热，少停车磨刀。 / The "
        "high-speed-steel tool is ground to a new angle and the cut is flooded with coolant, "
        "so the tool no longer overheats and is ground less often."
    )
    services.save_demonstration(
        Demonstration(
            unit=unit,
            demonstrator=zhang,
            held_on=D(1953, 6, 20),
            topic="改进锋钢刀角度并使用冷却液 / The new tool angle and coolant",
            method=method,
            place=PLACE,
            meeting=weekend,
            is_illustrative=True,
            source=(
                SEED + ": the experience was spread at the weekend meeting (周末会上学习推广). "
                "Illustrative: that Zhang Sen showed it there, the day, and the attendance "
                "(those present at the demo meeting)"
            ),
        ),
        watched,
    )
    early = groups[EARLY]
    services.save_demonstration(
        Demonstration(
            unit=unit,
            demonstrator=zhang,
            held_on=D(1953, 6, 23),
            topic=(
                "在长白班、早班互助组示范新的磨刀角度和冷却办法 / The new tool angle and "
                "coolant, shown to the long-day and early shift group"
            ),
            method=method,
            place=PLACE,
            is_illustrative=True,
            source=(
                "illustrative: the weekend meeting decided that Zhang Sen show the method in "
                "each mutual-aid group (" + SEED + "); the day and the attendance"
            ),
        ),
        [m.person for m in services.members_on(early, D(1953, 6, 23))],
    )
    return {
        "study groups": len(groups),
        "group memberships": memberships,
        "group sessions": len(SESSIONS),
        "solved problems": 1,
        "demonstrations": 2,
    }
