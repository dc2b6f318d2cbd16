"""Demo meetings, minutes, action items and proposals reconstructed from the seeds.

The Huaxin turning group's June 1953 meetings follow the report of its union group
leader Chen Xianfang, 我们是如何提高产品质量的 (seed 000 p.10): the first discussion
of the quality quota, at which nobody spoke; the core group's meetings that found out
why; the group meeting on the third day that adopted the quota and formed the two
technical mutual-aid groups; and the weekend meeting that spread Shi Guoqiang's and
Zhang Sen's tool-angle and coolant method (100 cooling-machine pipes in 7.5 hours
instead of 12). The seed gives no dates beyond "June" and "the third day": every day
and hour is illustrative, and so is everything a meeting record holds that the seed
does not say (attendance, action items and their dates, the later meetings).

The daily meetings of the Shashi oil mill boiler room (June 1953) and of the Beijing
Special Steel Plant's converter workshop (19 January to 14 February 1959) are
illustrative, written around the published figures and set in periods that have
records in the plans demo, so a meeting's agenda shows the fulfilment it looks back on.

Language: what the meetings' own people wrote (minutes, action items, proposals) is
in Simplified Chinese, the demo's first language, quoting the seed where it can;
titles carry an English gloss after " / " so that lists read in both interfaces; the
`source` notes are in English like those of the org and plans demo data.

Shapes (read by gexin.meetings.demo):

- a meeting: dict(key, kind, day, time, title, place, chair, attendees (None = every
  active person of the unit), invitees, absent {employee number: reason}, summary,
  agenda [dict(title, presenter, notes, outcome, entries)], actions, illustrative,
  source); an entry is (kind, employee number or None, text[, typical]);
- an action: dict(text, owner, due, status, closed, outcome);
- a daily series: dict(unit, chair, first, last, time, place, agenda, routine, days,
  source); a meeting is held every day but Sunday, `routine` lines rotate, `days`
  adds the day's own title, entries, actions and absences;
- a proposal: dict(unit, authors, title, problem, suggestion, submitted, meeting,
  steps [(step, day, details)], illustrative, source).
"""

from __future__ import annotations

from datetime import date

# ruff: noqa: C408, E501 - dict(...) rows and long Chinese lines read better unwrapped
# fmt: off

SEED_000_P10 = "seed 000 p.10 (report of Chen Xianfang, 我们是如何提高产品质量的)"


# --- Huaxin Cement Plant, machine shop, turning union group, May-July 1953 ---

HUAXIN_UNIT = "huaxin-machine-turning"
HUAXIN_WORKSHOP = "huaxin-machine"
HUAXIN_PLANT = "huaxin"
HUAXIN_PLACE = "机务车间车工组"
HUAXIN_CHAIR = "HX-0001"  # 陈贤芳, union group leader (login chenxf)
# The core group of five: leader, deputy leader, team leader, production and culture
# officers (seed 000 p.10; org demo ROLES).
HUAXIN_CORE = ["HX-0001", "HX-0006", "HX-0002", "HX-0008", "HX-0011"]

# The meeting that marks the meetings demo as loaded (gexin.meetings.demo.is_loaded).
MARKER_MEETING = "quota-first"

# Days a unit has to dispose of a proposal (illustrative). Seed 000, summary report
# (pp.1-9): what the group can solve it solves at once, what needs the upper level
# goes up at once, and what cannot be done is explained to the masses.
PROPOSAL_DEADLINES = [
    ("huaxin", 10),
    ("huaxin-machine-turning", 3),
    ("shashi-oil-boiler-group", 3),
    ("beijing-special-steel-converter", 5),
]

HUAXIN_MEETINGS = [
    dict(
        key="activists", kind="activists", day=date(1953, 5, 24), time=(9, 0),
        title="检查过去的工作，小组转向生产 / Reviewing our work: the group turns to production",
        place="车间工会分会办公室", chair="HX-0001",
        attendees=["HX-0001", "HX-0002", "HX-0006", "HX-0008", "HX-0011", "HX-0003",
                   "HX-0004", "HX-0005", "HX-0007"],
        invitees=[], absent={},
        summary=("学习全总执委扩大会议精神、听了郁增喜传达五三厂的经验以后，召开党、团员积极分子"
                 "座谈会。组长和班长先检查过去的缺点，大家提出改进工作的建议，领导与骨干思想初步"
                 "取得一致，形成小组核心。"),
        agenda=[
            dict(title="组长、班长检查过去的工作 / The leader and the team leader review their work",
                 presenter="HX-0001", notes="请大家准备意见，有什么说什么。", outcome="",
                 entries=[
                     ("self_criticism", "HX-0001",
                      "过去对组长该搞什么不明确，只管分房子、要铺板、收会费，单搞福利不问生产；"
                      "生产上的问题都推给班长。"),
                     ("self_criticism", "HX-0002",
                      "联系群众不够，每周布置生产凭自己估工分配，不切合实际。五月阮观荣师傅的泥浆泵"
                      "布套筒长短不一致，为了面子、怕阮师傅难看验收了，结果不能使用退回加工，两人一个"
                      "多星期不说话。"),
                     ("criticism", "HX-0002",
                      "大家提出：班长布置工作计划性差，大车床做小活；估工不正确；工作时缺原料，浪费"
                      "时间。罗福端师傅车磨坊挂斗心子，任务下来没有图样，找了几小时，又没有材料，有了"
                      "材料又没人抬，浪费了一个工。"),
                 ]),
            dict(title="今后怎样布置和讨论生产任务 / How work is to be handed out from now on",
                 presenter="HX-0002", notes="", outcome="班长表示：今后任务下来先一起研究。",
                 entries=[
                     ("decision", None,
                      "任务下来先在骨干中研究；布置后在小组讨论，不再只凭估工分配。"),
                     ("decision", None,
                      "由组长、副组长、班长、生产干事、文教干事五人组成小组核心：接受任务前或遇到困难"
                      "问题时，先在核心中研究，统一认识，分头工作。"),
                 ]),
        ],
        actions=[
            dict(text="下周起布置任务后先拿到小组讨论 / From next week, discuss each week's work in the group once it is handed out",
                 owner="HX-0002", due=date(1953, 5, 30), status="done", closed=date(1953, 5, 30),
                 outcome="5月30日第一次在小组会上讨论了下周的任务。"),
        ],
        illustrative=False,
        source=(SEED_000_P10 + ": the activists' meeting after the May study; the date and "
                "attendance are illustrative"),
    ),
    dict(
        key="quota-first", kind="weekly", day=date(1953, 6, 9), time=(17, 0),
        title="讨论品质定额 / Discussing the quality quota",
        place=HUAXIN_PLACE, chair="HX-0001", attendees=None, invitees=[],
        absent={"HX-0019": "事假（家中有事，已向班长请假）"},
        summary=("讨论车间下达的品质定额。会上大家不发言；过了一会儿有人说：“可得！照这样就是了。”"
                 "这样解决不了问题。定额没有通过，会后组长马上召集骨干碰头研究。"),
        agenda=[
            dict(title="品质定额 / The quality quota",
                 presenter="HX-0002",
                 notes="车间下达的品质定额表贴在工具箱旁，请大家会前看一看，想一想自己做得到做不到。",
                 outcome="没有人发言，定额没有通过。",
                 entries=[
                     ("discussion", "HX-0002",
                      "班长说明：车工组的生产关键是质量，给主要车间配修的机件不好，停工一分钟要损失"
                      "四十万元（旧币）。"),
                     ("discussion", None,
                      "请大家讨论，大家不发言。过了一会儿有人说：“可得！照这样就是了。”没有人提困难，"
                      "也没有人提办法。"),
                     ("decision", None,
                      "定额暂不表决；核心组先了解大家不发言的原因，三天内再开小组会讨论。"),
                 ]),
        ],
        actions=[],
        illustrative=False,
        source=SEED_000_P10 + ": the first discussion of the quality quota in June 1953; the day is illustrative",
    ),
    dict(
        key="core-why", kind="core_group", day=date(1953, 6, 9), time=(19, 30), notice_hours=1,
        title="骨干碰头：大家为什么不发言 / Core group: why did nobody speak?",
        place=HUAXIN_PLACE, chair="HX-0001", attendees=HUAXIN_CORE, invitees=[], absent={},
        summary="小组会后马上召集骨干碰头研究。骨干先摆认识，再按青老工人的特点分工了解情况。",
        agenda=[
            dict(title="各人掌握的情况 / What each of us knows",
                 presenter="HX-0001", notes="", outcome="",
                 entries=[
                     ("discussion", None,
                      "骨干先摆了自己的认识，并反映：郁增喜粗心，又说自己车床不好；陈桃荣顾虑自己技术"
                      "低，怕达不到定额。组长表示这些问题要适当解决。"),
                     ("decision", None,
                      "根据青老工人的特点分工了解情况：组长、生产干事找青工和学徒，班长、副组长找老"
                      "师傅，文教干事了解车床情况；明天晚上再碰头。"),
                 ]),
        ],
        actions=[
            dict(text="分头了解大家不发言的原因，明晚碰头汇报 / Find out, each among our own people, why nobody spoke; report tomorrow evening",
                 owner="HX-0001", due=date(1953, 6, 10), status="done", closed=date(1953, 6, 10),
                 outcome="五个人都谈了话，原因归为三条（见6月10日核心组会议）。"),
        ],
        illustrative=False,
        source=SEED_000_P10 + ": the core group met at once after the silent meeting; date illustrative",
    ),
    dict(
        key="core-how", kind="core_group", day=date(1953, 6, 10), time=(19, 30),
        title="研究不发言的原因和解决办法 / Core group: the reasons, and what to do",
        place=HUAXIN_PLACE, chair="HX-0001", attendees=[*HUAXIN_CORE, "HX-0004", "HX-0005"],
        invitees=[], absent={},
        summary=("汇总了解的情况，找出不发言的三条原因；关键问题是技术和车床。张森提出修理车床，"
                 "组长提出成立技术互助组，骨干意见统一，明天提交小组会。"),
        agenda=[
            dict(title="不发言的原因 / Why nobody spoke",
                 presenter="HX-0001", notes="", outcome="关键问题是技术和车床问题。",
                 entries=[
                     ("discussion", "HX-0012",
                      "一、认为车床有毛病，技术有高低（有四部车床不好），怕达不到标准。石国祥说：“师傅们"
                      "嫌千分之一高，我们学徒更达不到。”阮观荣说：“先订计划，又订质量，一步紧一步。”"),
                     ("discussion", None, "二、怕订了计划完不成受处分，怕坐牢。"),
                     ("discussion", "HX-0010",
                      "三、有的认为技术提高了还不升级。胡茂坤说：“又要马儿好，又要马儿不吃草。”"),
                 ]),
            dict(title="怎样解决 / What to do about it",
                 presenter="HX-0001", notes="", outcome="明天的小组会上先请大家提困难，再把办法提出来讨论。",
                 entries=[
                     ("discussion", "HX-0004", "张森提出把有毛病的车床排除修理，大家都同意。"),
                     ("discussion", "HX-0005",
                      "青工技术问题讨论好久解决不了。罗福端师傅说：“师傅少、青工多，教不过来还影响工作。”"),
                     ("decision", "HX-0001",
                      "组长建议成立技术互助组，由班长、组长、生产干事分工负责；骨干意见统一了。"
                      "订了计划完不成不受处分，升级的问题由组长向工会分会反映。"),
                 ]),
        ],
        actions=[
            dict(text="把互助组的分组办法和车床修理办法写好，提交明天的小组会 / Write up the mutual-aid groups and the lathe repairs for tomorrow's group meeting",
                 owner="HX-0008", due=date(1953, 6, 11), status="done", closed=date(1953, 6, 11),
                 outcome="在6月11日小组会上提出。"),
        ],
        illustrative=False,
        source=(SEED_000_P10 + ": the reasons found and the remedies agreed by the core "
                "group with Zhang Sen and Luo Fuduan; the day is illustrative"),
    ),
    dict(
        key="quota-adopted", kind="weekly", day=date(1953, 6, 11), time=(17, 0),
        title="通过品质定额，成立技术互助组 / Adopting the quality quota; two technical mutual-aid groups",
        place=HUAXIN_PLACE, chair="HX-0001", attendees=None, invitees=[],
        absent={"HX-0014": "病假（发烧）",
                "HX-0015": "随师傅到烧成车间抢修，经班长同意"},
        summary=("第三天开小组会讨论。先叫大家提困难，提的困难也是核心组了解的两个问题；后来把核心组"
                 "研究的办法提出讨论，大家很满意，顺利通过了定额，成立两个技术互助组。"),
        agenda=[
            dict(title="大家提困难 / Our difficulties",
                 presenter="HX-0001", notes="有什么困难都提出来，不追究。",
                 outcome="困难集中在车床和技术两个问题上。",
                 entries=[
                     ("discussion", None, "大家提的困难集中在两条：四部车床有毛病；青工、学徒技术低。"),
                     ("self_criticism", "HX-0012",
                      "石国祥检查：车细牙螺丝一百根有二十根不能使用，过去认为“车这么多螺丝，反工废活"
                      "是要有点犯的”，自己是三等学徒，做废活不是啥了不起的事。这种想法不对。"),
                 ]),
            dict(title="核心组提出的办法；通过品质定额 / The core group's remedies; adopting the quota",
                 presenter="HX-0002", notes="", outcome="大家很满意，顺利通过了定额。",
                 entries=[
                     ("decision", None, "通过车间下达的品质定额。"),
                     ("decision", None,
                      "成立技术互助组，由班长统一领导，以班长、组长、生产干事为核心。全班十六部车床分为"
                      "两组：长白班、早班为一组，由工会小组长陈贤芳具体负责；中班为一组，由生产干事汪永福"
                      "领导。任务是研究解决生产中临时发生的具体问题，培养和提高青工的技术水平，使师傅教"
                      "技术有专责，青工学技术有依靠。{mutual_aid_members}"),
                     ("decision", "HX-0004",
                      "有毛病的四部车床由张森排查：小组能修的马上修，修不了的报车间。"),
                     ("praise", "HX-0004", "张森主动提出修理车床，并愿意在互助组里带学徒。"),
                 ]),
        ],
        actions=[
            dict(text="排查四部坏车床的毛病，开出修理单 / List the faults of the four bad lathes",
                 owner="HX-0004", due=date(1953, 6, 13), status="done", closed=date(1953, 6, 12),
                 outcome="3号、11号车床小组能修；7号、14号主轴轴承磨损、床身导轨要刮研，小组修不了。"),
            dict(text="修好3号、11号车床 / Repair lathes 3 and 11 in the group",
                 owner="HX-0004", due=date(1953, 6, 20), status="done", closed=date(1953, 6, 19),
                 outcome="6月19日修好交付使用。"),
            dict(text="督促车间机修组大修7号、14号车床（小组修不了）/ See that the workshop's maintenance crew overhauls lathes 7 and 14",
                 owner="HX-0004", due=date(1953, 6, 30), status="in_progress", closed=None,
                 outcome="已作为合理化建议报车间，车间同意列入七月份检修计划。"),
            dict(text="两个互助组本周内各开第一次会 / Each mutual-aid group holds its first meeting this week",
                 owner="HX-0008", due=date(1953, 6, 13), status="done", closed=date(1953, 6, 13),
                 outcome="长白班、早班组6月12日，中班组6月13日开了第一次会。"),
            dict(text="每周收集完成生产的典型材料，投黑板报和工人报 / Each week, send typical cases to the blackboard and the workers' paper",
                 owner="HX-0011", due=date(1953, 6, 20), status="done", closed=date(1953, 6, 20),
                 outcome="第一期黑板报6月20日出刊。"),
        ],
        illustrative=False,
        source=(SEED_000_P10 + ": on the third day the group meeting adopted the quota; the "
                "two mutual-aid groups. The day, the absences and the action items are illustrative"),
    ),
    dict(
        key="weekend-experience", kind="weekly", day=date(1953, 6, 20), time=(17, 0),
        title="周末会：推广石国强车冷却机管子的经验 / Weekend meeting: spreading Shi Guoqiang's pipe-turning method",
        place=HUAXIN_PLACE, chair="HX-0001", attendees=None, invitees=[],
        absent={"HX-0021": "上中班，由汪永福会后传达"},
        summary=("周末会学习推广互助组里出现的先进经验：石国强在张森帮助下改进锋钢刀角度并使用"
                 "冷却液，一百个冷却机管子由规定的十二小时缩短到七个半小时。"),
        agenda=[
            dict(title="先进经验：改进锋钢刀角度并使用冷却液 / Advanced experience: a new tool angle and coolant",
                 presenter="HX-0013", notes="张森、石国强会上示范磨刀。",
                 outcome="大家都喜欢用新的操作方法。",
                 entries=[
                     ("experience", "HX-0013",
                      "石国强车冷却机管子，规定一百个十二小时完成。互助组张森帮助他研究，改进了锋钢刀"
                      "的角度，并使用冷却液降低温度，只用七个半小时就完成了任务。", True),
                     ("praise", "HX-0004", "张森在互助组里耐心帮助学徒研究刀具，表扬。"),
                     ("praise", "HX-0013", "石国强肯动脑筋，敢试新方法，表扬。"),
                     ("decision", None,
                      "车同类管子和套筒的都按新的角度磨刀并加冷却液；张森在两个互助组各示范一次。"),
                 ]),
            dict(title="车床修理情况 / The lathe repairs",
                 presenter="HX-0004", notes="", outcome="",
                 entries=[
                     ("discussion", "HX-0004",
                      "3号、11号车床已修好；7号、14号小组修不了，已报车间，车间答复列入七月份检修计划。"),
                 ]),
        ],
        actions=[
            dict(text="在长白班、早班互助组示范新的磨刀角度和冷却办法 / Show the new tool angle and coolant to the long-day and early shift group",
                 owner="HX-0004", due=date(1953, 6, 24), status="done", closed=date(1953, 6, 23),
                 outcome="6月23日示范，熊德明、石国祥当场学会磨刀。"),
            dict(text="把新方法写成操作要点贴在车床旁 / Post the method as a card beside the lathes",
                 owner="HX-0008", due=date(1953, 6, 22), status="done", closed=date(1953, 6, 22),
                 outcome=""),
        ],
        illustrative=False,
        source=(SEED_000_P10 + ": the experience was spread at the weekend meeting; the day, "
                "the absence and the action items are illustrative"),
    ),
    dict(
        key="june-review", kind="weekly", day=date(1953, 6, 27), time=(17, 0),
        title="六月份小结 / June review",
        place=HUAXIN_PLACE, chair="HX-0001", attendees=None, invitees=[], absent={},
        summary="总结六月份的生产和质量，评出六月份的好人好事，检查验收制度。",
        agenda=[
            dict(title="六月份的产量和质量 / Output and quality in June",
                 presenter="HX-0008", notes="生产干事会前把全月出品率算出来。",
                 outcome="",
                 entries=[
                     ("discussion", "HX-0008",
                      "全组六月份平均出品率比五月份下降0.12个百分点；定额通过以后返工废活逐周减少。"),
                     ("praise", "HX-0013",
                      "石国强改进锋钢刀角度并使用冷却液的建议经测定有效，记入小组六月份光荣榜，黑板报表扬。",
                      True),
                 ]),
            dict(title="验收和师徒关系 / Acceptance and masters and young workers",
                 presenter="HX-0001", notes="", outcome="",
                 entries=[
                     ("self_criticism", "HX-0007",
                      "郁增喜检查：过去认为自己技术提高了，看不起老师傅，说阮师傅老一套。"),
                     ("self_criticism", "HX-0003",
                      "阮观荣检查：看到郁增喜车冷却机弹簧套筒操作方法不对也不吭气，让他反工废活。"),
                     ("decision", "HX-0002",
                      "班长验收按图样逐件量，不合格当场退回，不讲面子。"),
                 ]),
        ],
        actions=[
            dict(text="验收时按图样逐件量，不合格当场退回 / Measure every piece against its drawing on acceptance; refuse bad work at once",
                 owner="HX-0002", due=date(1953, 6, 30), status="done", closed=date(1953, 6, 29),
                 outcome=""),
        ],
        illustrative=True,
        source=("illustrative: a weekly meeting built on " + SEED_000_P10 + " (June yield rate "
                "0.12 points below May; Yu Zengxi and Ruan Guanrong; the culture officer's "
                "weekly typical cases)"),
    ),
    dict(
        key="july-first", kind="weekly", day=date(1953, 7, 4), time=(17, 0),
        title="七月份第一周 / First week of July",
        place=HUAXIN_PLACE, chair="HX-0001", attendees=None, invitees=["HX-0023"],
        absent={"HX-0017": "病假"},
        summary="检查上周的生产和遗留事项；7号、14号车床还在等车间检修，请车间主任黄德胜列席。",
        agenda=[
            dict(title="上周生产和遗留事项 / Last week, and what is still open",
                 presenter="HX-0002", notes="", outcome="",
                 entries=[
                     ("discussion", "HX-0004",
                      "7号、14号车床车间已列入七月份检修计划，还没有排上日子；张森再去找车间机修组。"),
                     ("discussion", "HX-0023", "车间主任黄德胜答复：机修组七月中旬排上，先修14号。"),
                     ("praise", "HX-0014", "熊德明学会新的磨刀角度，一周没有出废活。"),
                 ]),
        ],
        actions=[],
        illustrative=True,
        source=("illustrative: a weekly meeting after " + SEED_000_P10 + "; the open lathe repair "
                "carries forward and the shop director is invited"),
    ),
]

# "{mutual_aid_members}" in a minutes entry is replaced by the members of the two
# groups, taken from the org demo's HUAXIN_TURNING_MUTUAL_AID_GROUPS (membership
# beyond the two leaders is illustrative there).
MUTUAL_AID_PLACEHOLDER = "{mutual_aid_members}"

HUAXIN_PROPOSALS = [
    dict(
        key="tool-angle", unit=HUAXIN_UNIT, authors=["HX-0013", "HX-0004"],
        title="改进锋钢刀角度并使用冷却液 / Change the high-speed-steel tool angle and use coolant",
        problem="车冷却机管子，规定一百个十二小时完成；刀具发热快，磨刀次数多。",
        suggestion="改进锋钢刀的角度，车削时使用冷却液降低温度。",
        expected_benefit="一百个管子少用几个小时", expected_value=None,
        expected_unit="hours per 100 pipes",
        submitted=date(1953, 6, 16), meeting=None,
        steps=[
            ("solved", date(1953, 6, 16), dict(
                note="小组采纳：张森与石国强按新角度磨刀、加冷却液试车，效果好即在两个互助组推广。",
                by="HX-0001")),
            ("implemented", date(1953, 6, 17), dict(
                note="6月17日石国强按改进后的锋钢刀角度、加冷却液车完一百个冷却机管子。")),
            ("measured", date(1953, 6, 17), dict(
                before="12", after="7.5", unit="hours per 100 pipes",
                note="规定一百个十二小时完成；改进后七个半小时完成，省四个半小时。")),
            ("awarded", date(1953, 6, 27), dict(
                award="黑板报表扬，记入小组六月份光荣榜（荣誉奖）/ Praised on the blackboard; on the group's roll of honour for June",
                amount=None)),
        ],
        illustrative=True,
        source=(SEED_000_P10 + ": Shi Guoqiang, helped by Zhang Sen, 100 pipes in 7.5 h instead "
                "of 12 h. Illustrative: the proposal form, its dates, the disposition and the award"),
    ),
    dict(
        key="lathe-repair", unit=HUAXIN_UNIT, authors=["HX-0004"],
        title="大修7号、14号车床 / Overhaul lathes 7 and 14",
        problem="全班十六部车床有四部不好；7号、14号主轴轴承磨损、床身导轨不平，车出的活不合格，小组修不了。",
        suggestion="请车间机修组大修7号、14号车床：换主轴轴承，刮研床身导轨。",
        expected_benefit="四部车床都能做精活，达到品质定额", expected_value=None, expected_unit="",
        submitted=date(1953, 6, 11), meeting="quota-adopted",
        steps=[
            ("escalated", date(1953, 6, 12), dict(
                note="换轴承、刮研导轨小组没有工具和备件，报车间。", to="huaxin-machine", by="HX-0001")),
            ("solved", date(1953, 6, 19), dict(
                note="车间采纳：列入七月份设备检修计划，由机修组大修。", by=None)),
        ],
        illustrative=True,
        source=(SEED_000_P10 + ": four of the 16 lathes were faulty and Zhang Sen proposed "
                "repairing them. Illustrative: which lathes, the escalation and the workshop's answer"),
    ),
    dict(
        key="apprentice-exemption", unit=HUAXIN_UNIT, authors=["HX-0009"],
        title="学徒暂缓执行品质定额 / Exempt apprentices from the quality quota for now",
        problem="学徒和青工技术低，怕达不到品质定额受处分。",
        suggestion="学徒和三级以下青工三个月内暂不执行品质定额。",
        expected_benefit="", expected_value=None, expected_unit="",
        submitted=date(1953, 6, 10), meeting=None,
        steps=[
            ("not_adopted", date(1953, 6, 11), dict(
                note=("不采纳。定额是按青老工人的不同情况讨论的；学徒有互助组的师傅专门负责教，达不到"
                      "定额不受处分。不执行定额解决不了返工废活的问题。小组会上已向陈桃荣讲清楚，"
                      "他表示同意。"),
                by="HX-0001")),
        ],
        illustrative=True,
        source=(SEED_000_P10 + ": Chen Taorong feared he could not reach the quota; the "
                "proposal and its answer are illustrative (seed 000 summary report: explain what cannot be done)"),
    ),
    dict(
        key="sleeve-fixture", unit=HUAXIN_UNIT, authors=["HX-0007"],
        title="车冷却机弹簧套筒做一副专用夹具 / A fixture for turning cooling-machine spring sleeves",
        problem="冷却机弹簧套筒薄，卡盘夹紧就变形，车出来长短、圆度不一致，容易返工。",
        suggestion="请车间钳工做一副弹簧套筒专用夹具，装卡不变形，长度一次定好。",
        expected_benefit="弹簧套筒不再因装卡变形返工", expected_value=None, expected_unit="",
        submitted=date(1953, 6, 27), meeting="june-review",
        steps=[
            ("escalated", date(1953, 6, 29), dict(
                note="夹具要钳工做，要用车间的材料，小组解决不了，报车间。", to="huaxin-machine",
                by="HX-0001")),
        ],
        illustrative=True,
        source=("illustrative: a proposal after " + SEED_000_P10 + " (Yu Zengxi's cooling-machine "
                "spring sleeves), left awaiting the workshop's disposition past its deadline"),
    ),
]


# --- Daily meetings of other demo units ---

SHASHI_DAILY = dict(
    unit="shashi-oil-boiler-group", chair="SS-0002",
    first=date(1953, 6, 1), last=date(1953, 6, 27), time=(7, 30), place="锅炉房",
    title="班前会 / Pre-shift meeting",
    agenda=["昨天的用煤和汽压 / Yesterday's coal and steam pressure",
            "今天的安排 / Today's work"],
    routine=[
        ("discussion", None, "对照黑板上昨天三个班的过磅用煤数和汽压记录，找多用煤的原因。"),
        ("discussion", None, "检查加煤方法：勤加、少加、匀加，火层不超过规定厚度。"),
        ("discussion", None, "检查炉膛、烟道积灰，停炉间隙清扫。"),
        ("discussion", None, "检查汽门、疏水器有没有漏汽。"),
        ("discussion", None, "看烟色调风门：不冒黑烟，也不放过多的冷风进炉膛。"),
        ("discussion", None, "交接班时把火床整理好，给下一班留一个好火。"),
    ],
    days={
        date(1953, 6, 1): dict(
            title="六月份怎样降低煤耗 / Cutting coal in June",
            entries=[
                ("discussion", "SS-0002",
                 "五月份每天平均用煤五吨左右，比年初的七吨多少了两吨，离每天两吨左右的目标还远。"),
                ("decision", None, "每班用煤过磅登记，数字每天写在黑板上，三个班比一比。"),
            ],
            actions=[
                dict(text="煤场放一台磅秤，每班用煤过磅登记 / Put a scale at the coal heap; weigh each shift's coal",
                     owner="SS-0004", due=date(1953, 6, 3), status="done", closed=date(1953, 6, 3),
                     outcome="向仓库借来一台磅秤。"),
            ]),
        date(1953, 6, 3): dict(
            entries=[("discussion", "SS-0003", "二号炉主汽门和两个疏水器漏汽，白白跑掉不少汽。")],
            actions=[
                dict(text="修好二号炉主汽门和两个疏水器 / Stop the leaks at boiler 2's main valve and two steam traps",
                     owner="SS-0003", due=date(1953, 6, 6), status="done", closed=date(1953, 6, 5),
                     outcome=""),
            ]),
        date(1953, 6, 6): dict(
            entries=[("praise", "SS-0006", "龚海林主动把炉渣过筛，拣出煤核回炉再烧。", True)]),
        date(1953, 6, 9): dict(
            entries=[("self_criticism", "SS-0004",
                      "杜长发检查：前天夜班加煤太厚，把火压死了，汽压掉下来又猛加煤，多用了煤。")]),
        date(1953, 6, 12): dict(
            entries=[("decision", None, "压榨车间的回水接到给水箱，给水先预热再进锅炉。")],
            actions=[
                dict(text="把压榨车间的回水接到给水箱 / Bring the press room's condensate back to the feed tank",
                     owner="SS-0005", due=date(1953, 6, 20), status="done", closed=date(1953, 6, 22),
                     outcome="管子到货晚了两天，6月22日接通。"),
            ]),
        date(1953, 6, 15): dict(
            entries=[("discussion", "SS-0002", "上周每天的用煤比五月份又少了；过磅登记三个班都坚持了。")]),
        date(1953, 6, 18): dict(
            actions=[
                dict(text="给通往压榨车间的蒸汽管包保温层 / Lag the steam pipe to the press room",
                     owner="SS-0005", due=date(1953, 6, 27), status="in_progress", closed=None,
                     outcome="已包好一半，石棉不够，正在找供应科。"),
            ]),
        date(1953, 6, 20): dict(
            entries=[("praise", "SS-0003", "黄金贵看烟色调风门，一个班没冒黑烟。")]),
        date(1953, 6, 24): dict(absent={"SS-0006": "病假"}),
        date(1953, 6, 27): dict(
            title="六月份小结 / June review",
            entries=[
                ("discussion", "SS-0002", "六月份每天用煤比五月份少了一千多公斤。"),
                ("decision", None, "七月份继续这些办法，争取每天用煤降到三吨以下。"),
            ]),
    },
    source=("illustrative: daily meetings built on seed 000 (summary report: the Shashi oil mill "
            "boiler room's coal fell from over 7 t to about 2 t; report of Zhou Lianke, p.38)"),
)

BEIJING_DAILY = dict(
    unit="beijing-special-steel-converter", chair="BT-0002",
    first=date(1959, 1, 19), last=date(1959, 2, 14), time=(8, 0), place="转炉车间调度室",
    title="每日生产会 / Daily production meeting",
    agenda=["昨天的炉数、产量和钢锭合格率 / Yesterday's heats, output and ingot quality",
            "今天的措施 / Today's measures"],
    routine=[
        ("discussion", None, "调度报告昨天的炉数、钢锭产量和合格率，对照日产水平找差距。"),
        ("discussion", None, "检查铁水供应：把等铁水的时间记下来，找化铁炉工段对表。"),
        ("discussion", None, "检查炉衬侵蚀情况，安排补炉。"),
        ("discussion", None, "检查钢锭模清理和涂料，不合格的钢锭模不准用。"),
        ("discussion", None, "检查出钢到浇注的钢水温度，太冷太热都出废品。"),
        ("discussion", None, "安全：出钢时炉口和吊车下不准站人。"),
    ],
    days={
        date(1959, 1, 19): dict(
            title="赶上日产水平 / Catching up with the daily level",
            entries=[
                ("discussion", "BT-0002", "一月上半月每天炼九到十二炉，离第一季度计划要求的日产水平还差一截。"),
                ("decision", None, "把两炉之间的时间压到最短：出钢后马上补炉、装铁。"),
            ],
            actions=[
                dict(text="备好热补炉用的耐火材料，每炉出钢后就补 / Keep refractory ready to repair the lining hot after every heat",
                     owner="BT-0005", due=date(1959, 1, 21), status="done", closed=date(1959, 1, 21),
                     outcome=""),
            ]),
        date(1959, 1, 21): dict(
            entries=[("criticism", None, "昨天有四支钢锭因钢锭模没清理干净，表面结疤判废。")],
            actions=[
                dict(text="组织钢锭模清理小组，每个模子用前清理、涂料 / Set up a mould crew: every mould cleaned and coated before use",
                     owner="BT-0004", due=date(1959, 1, 24), status="done", closed=date(1959, 1, 24),
                     outcome="三个班各抽一人，1月24日起按班清模。"),
            ]),
        date(1959, 1, 27): dict(
            entries=[("praise", "BT-0006", "李淑珍炉前取样及时，分析快，少等了时间。")]),
        date(1959, 1, 29): dict(
            entries=[("decision", "BT-0003", "试行快速补炉：出钢后不等炉子冷下来，马上补炉衬。")]),
        date(1959, 1, 31): dict(
            title="二月份的目标 / February's aims",
            entries=[("decision", None, "二月份争取单炉一天十三炉以上，钢锭合格率百分之九十六以上。")]),
        date(1959, 2, 2): dict(
            entries=[("decision", None, "铁水、补炉材料、钢锭模今天都提前准备好，争取多炼几炉。")]),
        date(1959, 2, 3): dict(
            title="总结二月二日单炉十四炉的经验 / The 14-heat record of 2 February",
            entries=[
                ("experience", "BT-0003",
                 "二月二日单炉炼了十四炉，创造新纪录，钢锭合格率达到百分之九十六点六。做法：出钢后"
                 "立即热补炉衬；铁水提前在化铁炉准备好；钢锭模提前清好、涂好；两炉之间的时间大大缩短。",
                 True),
                ("praise", "BT-0003", "刘宝山带领全班创造单炉十四炉的新纪录。"),
            ],
            actions=[
                dict(text="把快速补炉和两炉衔接的做法写成操作要点，贴在炉前 / Write up the quick lining repair and heat-to-heat routine; post it at the furnace",
                     owner="BT-0003", due=date(1959, 2, 5), status="done", closed=date(1959, 2, 5),
                     outcome=""),
            ]),
        date(1959, 2, 9): dict(absent={"BT-0007": "回家过春节，经车间批准"}),
        date(1959, 2, 11): dict(
            entries=[("discussion", "BT-0007", "有两炉等铁水等了二十多分钟，化铁炉出铁时间不固定。")],
            actions=[
                dict(text="与化铁炉工段约定铁水供应时间表 / Agree a timetable for molten iron with the cupola section",
                     owner="BT-0007", due=date(1959, 2, 16), status="open", closed=None, outcome=""),
            ]),
        date(1959, 2, 14): dict(
            title="二月上半月小结 / First half of February",
            entries=[("discussion", "BT-0002", "二月上半月钢锭合格率达到百分之九十六点六。")]),
    },
    source=("illustrative: daily meetings built on seed 004 (14 heats in one converter on "
            "2 February 1959; ingot qualified rate 96.6%; leaders to grasp the daily "
            "production level)"),
)

DAILY_SERIES = [SHASHI_DAILY, BEIJING_DAILY]

OTHER_PROPOSALS = [
    dict(
        key="clinker-sieve", unit="shashi-oil-boiler-group", authors=["SS-0006"],
        title="炉渣过筛回收煤核 / Sieve the ash and burn the unburnt coal again",
        problem="炉渣里夹着不少没烧透的煤核，一起倒掉了。",
        suggestion="出渣后过筛，把煤核拣出来掺在新煤里回炉烧。",
        expected_benefit="每天少用煤", expected_value=None, expected_unit="",
        submitted=date(1953, 6, 6), meeting=None,
        steps=[
            ("solved", date(1953, 6, 8), dict(
                note="小组采纳：做两个筛子，每班出渣后过筛。", by="SS-0002")),
            ("implemented", date(1953, 6, 10), dict(note="6月10日起三个班出渣后都过筛，煤核掺新煤回炉。")),
        ],
        illustrative=True,
        source="illustrative: a proposal built on seed 000 (the Shashi boiler room's coal, summary report and p.38)",
    ),
    dict(
        key="mould-coating", unit="beijing-special-steel-converter", authors=["BT-0004"],
        title="钢锭模涂料改用焦油加石墨粉 / Coat the ingot moulds with tar and graphite",
        problem="现在的涂料涂不匀，钢锭表面常有结疤，判废的多。",
        suggestion="钢锭模涂料改用焦油加石墨粉，模温在一百度左右时涂。",
        expected_benefit="钢锭合格率再提高", expected_value=None, expected_unit="",
        submitted=date(1959, 2, 13), meeting=None, steps=[],
        illustrative=True,
        source="illustrative: a proposal built on seed 004 (ingot qualified rate 96.6%), left awaiting the workshop's disposition",
    ),
]
# fmt: on
