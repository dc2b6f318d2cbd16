"""Demo technical innovation work reconstructed from seed 001.

Seed 001 is 技术革新在工矿, compiled by the Shanxi Party committee's industry and
transport department (Shanxi People's Publishing House, May 1958). Two of its
chapters are reproduced here:

- 车间里的革命——记上钢二厂革新技术的群众运动 (pp.8-15): Shanghai No. 2 Steel Plant's
  campaign of March 1958. The figures it publishes are reproduced exactly: 433
  technical problems found in a few days, 185 key issues ranked, five methods of
  attack, over 14,000 big-character posters, 106 key issues solved by the end of
  March, 17 conservative rules revised, a veterans' vanguard team of ten grade 6-7
  workers that solved 17 key issues, the week of measurement that opened the No. 2
  stand from 12 to 13 passes (and showed 14 or 15 safe, worth over 12,000 t of rolled
  steel a year), the motor alarm moved from 40 A to 45 A with an automatic stop above
  52 A, the one-minute motor start (600 t a year), the reheating furnaces' coal from
  56-57 to 53-54 kg/t and their steel from 1,050 to 1,150 degrees;
- 太原钢铁厂开展技术革新的经验 (pp.1-7): Taiyuan Iron and Steel Works' chain of weak
  links in the forging department (arc tool +30-80%, fast heating +50%, double-groove
  arc tool +50%, No. 1 furnace lengthened +30-50%, tongs semi-mechanised with half the
  crew) and the leaders' experimental fields (the sintering section from 5 March; the
  boiler drums washed with iron pipes; the concrete curing pit: 16 key problems found,
  8 solved within three days).

Dating: the seed tells the Shanghai story in order. The leap plan started in March;
by 15 March the plant was 700 t behind; shift A's record on 17 March was followed by
twelve men falling ill on the 18th and three bad days; only then did the Party
committee turn to the masses to find the problems. The problem hunt is therefore
dated 21-24 March and the campaign 20-31 March (the days are illustrative, their
order is the seed's). The 13-pass trial came before the leap plan and is dated in
February, as the No. 2 stand's standing work, outside the campaign: its revision is
not one of the 17.

Everything the seed does not give (most of the 433 problem texts, the people who
signed them, dates, capacities in tonnes, measured values) is generated or invented
and marked illustrative; every `source` says where a row comes from.
"""

from __future__ import annotations

from datetime import date

# ruff: noqa: C408, E501 - dict(...) rows and long Chinese lines read better as they are
# fmt: off

D = date
SEED_001 = "seed 001 (技术革新在工矿, Shanxi, May 1958)"
SH = SEED_001 + " pp.8-15 车间里的革命——记上钢二厂革新技术的群众运动"
TY = SEED_001 + " pp.1-7 太原钢铁厂开展技术革新的经验"
GENERATED = "illustrative: generated row of the campaign's 433 problems; " + SH

PLANT = "shanghai-steel-2"
WIRE_ROD = "shanghai-steel-2-wire-rod"
STAND_2 = "shanghai-steel-2-wire-rod-stand-2"
STAND_3 = "shanghai-steel-2-wire-rod-stand-3"
COOLING = "shanghai-steel-2-wire-rod-cooling"
WIRE_FURNACE = "shanghai-steel-2-wire-rod-furnace-group"
BLOOMING = "shanghai-steel-2-blooming"
BLOOMING_FURNACE = "shanghai-steel-2-blooming-furnace"
POWER = "shanghai-steel-2-power"

RANDOM_SEED = 19580321

# --- The figures seed 001 publishes (pp.8-15) ---
PROBLEMS_FOUND = 433            # 找出大小技术问题四百三十三个
KEY_ISSUES = 185                # 排出技术关键一百八十五项
SOLVED_BY_END_OF_MARCH = 106    # 到3月底的统计，便攻破解决了一百零六项
RULES_REVISED = 17              # 冲破了十七项保守的技术规章和管理制度
VANGUARD_MEMBERS = 10           # 由十位老工人组织起来
VANGUARD_SOLVED = 17            # 解决了……等十七项技术关键
POSTERS = 14_000                # 贴出技术问题大字报一万四千多张
# 二道车和三道车的增产，引出了全车间四十多项有关设备平衡的关键……也大都得到解决
# ("more than forty", "mostly solved": the two numbers are the demo's reading)
WIRE_ROD_BALANCE_KEY_ISSUES = 43
WIRE_ROD_BALANCE_SOLVED = 32
END_OF_MARCH = D(1958, 3, 31)

# --- Units added to the demo organisation (parents exist in gexin.org.demo_data) ---
UNITS = [
    dict(code="shanghai-steel-2-technical", parent=PLANT, kind="department", work_type=None,
         name="Technical Office", name_zh="技术科", illustrative=True,
         source="illustrative office; " + SH + ": 各科室各车间分工包干负责解决有关问题"),
    dict(code="shanghai-steel-2-production", parent=PLANT, kind="department", work_type=None,
         name="Production Office", name_zh="生产科", illustrative=True,
         source="illustrative office; " + SH + ": 各科室各车间分工包干"),
    dict(code="shanghai-steel-2-mechanical", parent=PLANT, kind="department", work_type=None,
         name="Mechanical Office", name_zh="机动科", illustrative=True,
         source="illustrative office; " + SH + ": 各科室各车间分工包干"),
    dict(code="shanghai-steel-2-supply", parent=PLANT, kind="department", work_type="supply",
         name="Supply Office", name_zh="供应科", illustrative=True,
         source="illustrative office; " + SH + ": 各科室各车间分工包干"),
    dict(code="shanghai-steel-2-labour", parent=PLANT, kind="department", work_type=None,
         name="Labour and Wages Office", name_zh="劳动工资科", illustrative=True,
         source="illustrative office; " + SH + ": 各科室各车间分工包干"),
    dict(code=STAND_2, parent=WIRE_ROD, kind="section", work_type="rolling",
         name="No. 2 Stand", name_zh="二道车", illustrative=False,
         source=SH + ": 第二道轧钢机, 3 grooves (18 passes) by design, limited to 2 grooves "
                     "and 12 passes after the 1956 gear explosion; 'section' level assumed"),
    dict(code=STAND_2 + "-group", parent=STAND_2, kind="union_group", work_type="rolling",
         name="No. 2 stand union group", name_zh="二道车工会小组", illustrative=True,
         source="illustrative: union group of the No. 2 stand crew, whose operators "
                "proposed 13 passes (" + SH + ")"),
    dict(code=STAND_3, parent=WIRE_ROD, kind="section", work_type="rolling",
         name="No. 3 Stand (eight-stand finishing train)", name_zh="三道车（八联细轧）",
         illustrative=False,
         source=SH + ": 八联细轧的三道车, from 2 to 3 grooves, 18-20 passes instead of "
                     "fewer than 16; 'section' level assumed"),
    dict(code=STAND_3 + "-group", parent=STAND_3, kind="union_group", work_type="rolling",
         name="No. 3 stand union group", name_zh="三道车工会小组", illustrative=True,
         source="illustrative: union group of the No. 3 stand crew"),
    dict(code=COOLING, parent=WIRE_ROD, kind="section", work_type="rolling",
         name="Cooling Bed", name_zh="冷却机", illustrative=False,
         source=SH + ": 冷却机平板机加快速度 (solved by the vanguard team); 'section' level "
                     "assumed"),
    dict(code="shanghai-steel-2-blooming-shift-b", parent=BLOOMING, kind="shift",
         work_type="rolling", name="Shift B", name_zh="乙班", illustrative=False,
         source=SH + ": the blooming workshop's three shifts (三个班); name assumed"),
    dict(code="shanghai-steel-2-blooming-shift-b-group",
         parent="shanghai-steel-2-blooming-shift-b", kind="union_group", work_type="rolling",
         name="Shift B union group", name_zh="乙班工会小组", illustrative=True,
         source="illustrative: union group of blooming shift B"),
    dict(code="shanghai-steel-2-blooming-shift-c", parent=BLOOMING, kind="shift",
         work_type="rolling", name="Shift C", name_zh="丙班", illustrative=False,
         source=SH + ": the blooming workshop's three shifts (三个班); name assumed"),
    dict(code="shanghai-steel-2-blooming-shift-c-group",
         parent="shanghai-steel-2-blooming-shift-c", kind="union_group", work_type="rolling",
         name="Shift C union group", name_zh="丙班工会小组", illustrative=True,
         source="illustrative: union group of blooming shift C"),
    dict(code=BLOOMING_FURNACE, parent=BLOOMING, kind="section", work_type="heating",
         name="Reheating Furnace", name_zh="烘炉", illustrative=False,
         source=SH + ": the blooming workshop's furnace could not keep up once both stands "
                     "were faster; double-layer charging solved it; 'section' level assumed"),
    dict(code="taiyuan-steel-construction-curing", parent="taiyuan-steel-construction",
         kind="section", work_type="construction",
         name="Concrete Curing Pit", name_zh="混凝土养生坑", illustrative=False,
         source=TY + ": experimental field of the joint processing plant's technicians and "
                     "leaders: 16 key problems found, 8 solved within three days"),
]

# --- People added to the demo organisation ---
PEOPLE = [
    # The veterans' vanguard team (尖兵组): ten grade 6-7 workers of the wire-rod
    # workshop; 杨关根 (SH-0004) and 忻永林 (SH-0005) are in the org demo.
    dict(employee_number="SH-0014", name="周金海", name_latin="Zhou Jinhai", unit=STAND_2 + "-group",
         skill_grade=7, date_joined="1945-03-01", illustrative=True,
         source="illustrative: grade-7 roller, vanguard team (" + SH + ": 六级七级技工)"),
    dict(employee_number="SH-0015", name="蒋阿根", name_latin="Jiang Agen", unit=WIRE_ROD,
         skill_grade=7, date_joined="1944-08-01", illustrative=True,
         source="illustrative: grade-7 fitter, vanguard team"),
    dict(employee_number="SH-0016", name="王福生", name_latin="Wang Fusheng", unit=WIRE_ROD,
         skill_grade=6, date_joined="1947-05-01", illustrative=True,
         source="illustrative: grade-6 electrician, vanguard team"),
    dict(employee_number="SH-0017", name="李德宝", name_latin="Li Debao", unit=STAND_3 + "-group",
         skill_grade=6, date_joined="1946-10-01", illustrative=True,
         source="illustrative: grade-6 roller, vanguard team"),
    dict(employee_number="SH-0018", name="陈根发", name_latin="Chen Genfa", unit=WIRE_FURNACE,
         skill_grade=7, date_joined="1943-04-01", illustrative=True,
         source="illustrative: grade-7 furnace man, vanguard team"),
    dict(employee_number="SH-0019", name="孙永康", name_latin="Sun Yongkang", unit=WIRE_ROD,
         skill_grade=6, date_joined="1948-02-01", illustrative=True,
         source="illustrative: grade-6 roll turner, vanguard team"),
    dict(employee_number="SH-0020", name="吴金宝", name_latin="Wu Jinbao", unit=COOLING,
         skill_grade=6, date_joined="1947-09-01", illustrative=True,
         source="illustrative: grade-6 cooling-bed operator, vanguard team"),
    dict(employee_number="SH-0021", name="曹阿三", name_latin="Cao Asan", unit=STAND_3 + "-group",
         skill_grade=6, date_joined="1946-06-01", illustrative=True,
         source="illustrative: grade-6 shearman, vanguard team"),
    # The No. 2 stand's operators, who proposed the 13th pass (unnamed in the seed).
    dict(employee_number="SH-0022", name="张国良", name_latin="Zhang Guoliang",
         unit=STAND_2 + "-group", skill_grade=4, date_joined="1951-03-01", illustrative=True,
         source="illustrative: No. 2 stand operator (" + SH + ": 线材车间的操作工人提出……可以走十三道)"),
    dict(employee_number="SH-0023", name="刘小毛", name_latin="Liu Xiaomao",
         unit=STAND_2 + "-group", skill_grade=3, date_joined="1953-06-01", illustrative=True,
         source="illustrative: No. 2 stand operator"),
    dict(employee_number="SH-0024", name="黄阿明", name_latin="Huang Aming",
         unit=STAND_2 + "-group", skill_grade=5, date_joined="1949-04-01", illustrative=True,
         source="illustrative: No. 2 stand operator"),
    dict(employee_number="SH-0025", name="俞根林", name_latin="Yu Genlin", unit=STAND_3 + "-group",
         skill_grade=4, date_joined="1952-02-01", illustrative=True,
         source="illustrative: No. 3 stand roller"),
    dict(employee_number="SH-0026", name="邱桂英", name_latin="Qiu Guiying",
         unit=STAND_3 + "-group", skill_grade=3, date_joined="1954-09-01", illustrative=True,
         source="illustrative: No. 3 stand operator"),
    dict(employee_number="SH-0027", name="许阿龙", name_latin="Xu Along", unit=STAND_3 + "-group",
         skill_grade=2, date_joined="1956-08-01", illustrative=True,
         source="illustrative: tongs boy of the No. 3 stand (" + SH + ": 小钳手操作不熟练)"),
    dict(employee_number="SH-0028", name="马长根", name_latin="Ma Changgen", unit=COOLING,
         skill_grade=4, date_joined="1951-11-01", illustrative=True,
         source="illustrative: cooling-bed operator"),
    dict(employee_number="SH-0029", name="倪福根", name_latin="Ni Fugen",
         unit="shanghai-steel-2-blooming-shift-b-group", skill_grade=6, date_joined="1946-05-01",
         illustrative=True, source="illustrative: union group leader, blooming shift B"),
    dict(employee_number="SH-0030", name="戴小龙", name_latin="Dai Xiaolong",
         unit="shanghai-steel-2-blooming-shift-b-group", skill_grade=3, date_joined="1955-03-01",
         illustrative=True, source="illustrative: young roller, youth shock team"),
    dict(employee_number="SH-0031", name="范阿土", name_latin="Fan Atu",
         unit="shanghai-steel-2-blooming-shift-b-group", skill_grade=5, date_joined="1949-07-01",
         illustrative=True, source="illustrative: roller, blooming shift B"),
    dict(employee_number="SH-0032", name="唐金福", name_latin="Tang Jinfu",
         unit="shanghai-steel-2-blooming-shift-c-group", skill_grade=6, date_joined="1947-01-01",
         illustrative=True, source="illustrative: union group leader, blooming shift C"),
    dict(employee_number="SH-0033", name="姚小弟", name_latin="Yao Xiaodi",
         unit="shanghai-steel-2-blooming-shift-c-group", skill_grade=2, date_joined="1956-09-01",
         illustrative=True, source="illustrative: young roller, youth shock team"),
    dict(employee_number="SH-0034", name="邵建国", name_latin="Shao Jianguo",
         unit="shanghai-steel-2-blooming-shift-c-group", skill_grade=3, date_joined="1954-07-01",
         illustrative=True, source="illustrative: Youth League member, leader of the youth shock team"),
    dict(employee_number="SH-0035", name="严阿大", name_latin="Yan Ada", unit=BLOOMING_FURNACE,
         skill_grade=5, date_joined="1948-10-01", illustrative=True,
         source="illustrative: blooming furnace man"),
    dict(employee_number="SH-0036", name="卢文才", name_latin="Lu Wencai", unit=BLOOMING_FURNACE,
         skill_grade=3, date_joined="1955-05-01", illustrative=True,
         source="illustrative: young furnace man, youth shock team"),
    dict(employee_number="SH-0037", name="方志成", name_latin="Fang Zhicheng", unit=POWER,
         skill_grade=None, date_joined="1950-06-01", illustrative=True,
         source="illustrative: head of the power office (" + SH + ": 动力室的技术人员也检查了自己的'懒汉思想')"),
    dict(employee_number="SH-0038", name="汤建华", name_latin="Tang Jianhua", unit=POWER,
         skill_grade=5, date_joined="1951-04-01", illustrative=True,
         source="illustrative: power office electrician"),
    dict(employee_number="SH-0039", name="顾小林", name_latin="Gu Xiaolin", unit=POWER,
         skill_grade=4, date_joined="1953-08-01", illustrative=True,
         source="illustrative: power office electrician"),
    dict(employee_number="SH-0040", name="吴树德", name_latin="Wu Shude",
         unit="shanghai-steel-2-technical", skill_grade=None, date_joined="1950-05-01",
         illustrative=True, source="illustrative: head of the technical office"),
    dict(employee_number="SH-0041", name="林静", name_latin="Lin Jing",
         unit="shanghai-steel-2-technical", skill_grade=None, date_joined="1955-08-01",
         illustrative=True, source="illustrative: technician who measured the 13th pass"),
    dict(employee_number="SH-0042", name="赵文光", name_latin="Zhao Wenguang",
         unit="shanghai-steel-2-production", skill_grade=None, date_joined="1950-05-01",
         illustrative=True, source="illustrative: head of the production office"),
    dict(employee_number="SH-0043", name="钱国庆", name_latin="Qian Guoqing",
         unit="shanghai-steel-2-mechanical", skill_grade=None, date_joined="1951-01-01",
         illustrative=True, source="illustrative: head of the mechanical office"),
    dict(employee_number="SH-0044", name="孔祥顺", name_latin="Kong Xiangshun",
         unit="shanghai-steel-2-supply", skill_grade=None, date_joined="1950-09-01",
         illustrative=True, source="illustrative: head of the supply office"),
    dict(employee_number="SH-0045", name="任秀英", name_latin="Ren Xiuying",
         unit="shanghai-steel-2-labour", skill_grade=None, date_joined="1952-03-01",
         illustrative=True, source="illustrative: head of the labour and wages office"),
    dict(employee_number="SH-0046", name="宋立平", name_latin="Song Liping", unit=PLANT,
         skill_grade=None, date_joined="1950-05-01", illustrative=True,
         source="illustrative: Party committee secretary (" + SH + ": 党委召开了一次座谈会)"),
    dict(employee_number="TG-0017", name="高志远", name_latin="Gao Zhiyuan",
         unit="taiyuan-steel-construction", skill_grade=None, date_joined="1952-06-01",
         illustrative=True,
         source="illustrative: director of the joint processing plant (" + TY + ": 技术人员和领导干部一起到混凝土养生坑去搞试验田)"),
]

# --- The campaign ---
CAMPAIGN = dict(
    unit=PLANT,
    title="上钢二厂1958年3月技术革新运动",
    goal=(
        "依靠全厂群众，用整风大鸣大放大整大改的方法找问题、排关键、想办法，分五种方法"
        "攻破技术关键，保证提前在3月份开始实施的跃进计划（比原计划提高百分之四十七，"
        "成本下降百分之十八点六）。"
    ),
    starts_on=D(1958, 3, 20),
    ends_on=END_OF_MARCH,
    source=(
        SH + ": 433 problems found in a few days, 185 key issues, five methods, over 14,000 "
        "posters within some ten days, 106 solved by the end of March, 17 rules revised; "
        "days of the campaign illustrative (after 15-21 March, as the seed tells it)"
    ),
)

# The days of the problem hunt (在短短的几天内) with the weight of each in the generated
# problems, and the days key issues were ranked on: illustrative.
PROBLEM_DAYS = [(D(1958, 3, 21), 22), (D(1958, 3, 22), 35), (D(1958, 3, 23), 27),
                (D(1958, 3, 24), 16)]
RANKING_DAYS = [D(1958, 3, 23), D(1958, 3, 24), D(1958, 3, 25)]

# --- Research teams (新的技术研究组织……象雨后春笋一样生长出来) ---
TEAMS = [
    dict(key="vanguard", name="线材车间老工人尖兵组", kind="veterans", unit=WIRE_ROD,
         leader="SH-0004",
         members=["SH-0004", "SH-0005", "SH-0014", "SH-0015", "SH-0016", "SH-0017",
                  "SH-0018", "SH-0019", "SH-0020", "SH-0021"],
         formed_on=D(1958, 3, 23),
         note=("十位车间各工种最有技术的六级七级技工，过去都是“单干户”，现在撇开个人意气，"
               "自动组织起来，推选复员军人电气工人杨关根和六级钳工忻永林领头。杨关根提议："
               "老技工在解决技术问题上应该象作战部队里的尖兵一样，走在战斗的最前面，"
               "就起名叫“尖兵组”。"),
         illustrative=False,
         source=SH + ": ten grade 6-7 veterans led by 杨关根 and 忻永林, 17 key issues solved; "
                     "eight members' names and the day formed illustrative"),
    dict(key="youth", name="开坯车间青年突击组", kind="youth_shock", unit=BLOOMING,
         leader="SH-0034",
         members=["SH-0034", "SH-0009", "SH-0010", "SH-0030", "SH-0033", "SH-0036"],
         formed_on=D(1958, 3, 22),
         note="开坯车间三个班的青年工人组成，专攻劳动强度大、操作不熟练的关键。",
         illustrative=True,
         source="illustrative team; " + SH + ": 青年突击组 among the new research teams"),
    dict(key="stand-2", name="二道车关键小组", kind="key_issue", unit=STAND_2,
         leader="SH-0003",
         members=["SH-0003", "SH-0041", "SH-0022", "SH-0024", "SH-0038"],
         formed_on=D(1958, 3, 24),
         note="副机械师鲁佛祥领头，技术员和二道车老工人一起研究二道车进一步增产的关键。",
         illustrative=True,
         source="illustrative team; " + SH + ": 关键小组 among the new research teams; 鲁佛祥's "
                                              "proposal for the No. 2 stand"),
    dict(key="furnace", name="烘炉关键小组", kind="key_issue", unit=WIRE_FURNACE,
         leader="SH-0011",
         members=["SH-0011", "SH-0012", "SH-0013", "SH-0018", "SH-0040"],
         formed_on=D(1958, 3, 24),
         note="研究烘炉煤耗高、钢温不稳的关键。",
         illustrative=True,
         source="illustrative team; " + SH + ": 关键小组; the reheating furnaces' coal and steel "
                                              "temperature"),
    dict(key="power", name="动力室关键小组", kind="key_issue", unit=POWER,
         leader="SH-0037",
         members=["SH-0037", "SH-0038", "SH-0039", "SH-0016"],
         formed_on=D(1958, 3, 24),
         note="研究马达负荷和设备能力充分发挥的关键。",
         illustrative=True,
         source="illustrative team; " + SH + ": 关键小组; the power office's motors"),
]

# --- Key issues the seed describes, with the problems they were ranked from ---
# status: "solved"/"verified"/"under_attack"/"open"/"reopened"; owner_team is a team
# key, owner_unit a unit code; "regulation" names the revision it led to (below).

NAMED_KEY_ISSUES = [
    dict(key="stand-3-grooves", unit=STAND_3, method="unit", owner_unit=WIRE_ROD, priority=1,
         title="三道车（八联细轧）由两槽改为三槽",
         description="三道车过去两槽走钢，走钢不足十六道，和二道车开放十三道以后的能力不平衡。",
         problems=[dict(title="三道车两槽走钢，不足十六道，跟不上二道车",
                        description="二道车开放十三道以后，八联细轧的三道车仍是两槽走钢，"
                                    "走钢不足十六道，成了线材车间的薄弱环节。",
                        category="equipment", authors=["SH-0017", "SH-0025"], posted_on=D(1958, 3, 21))],
         ranked_on=D(1958, 3, 23), due=D(1958, 3, 31), status="verified", solved_on=D(1958, 3, 27),
         verified_on=D(1958, 3, 29),
         solution="三道车由两槽改为三槽，由过去走钢不足十六道，变成走十八道至二十道；"
                  "只要操作熟练、烘钢能力供得上，很快就可以走足二十四道。",
         regulation="stand-3", illustrative=False,
         source=SH + ": 八联细轧的三道车也由两槽改为三槽……走十八道至二十道; dates illustrative"),
    dict(key="stand-2-coupling", unit=STAND_2, method="committee", owner_unit=PLANT, priority=1,
         title="二道车加“活络梅花头”，走足十八道",
         description="副机械师鲁佛祥建议：只要在齿牙和钢辊之间接上一个“活络梅花头”，就可以"
                     "加强应承能力，二道车就可以返老还童，走足十八道。事关齿轮安全，由厂技术"
                     "委员会专门研究，同时作为技术碉堡向全厂公布。",
         problems=[dict(title="二道车齿轮应承能力弱，只能走两孔两槽",
                        description="二道车原设计三孔三槽、走足十八道，因设备老旧、齿轮承担"
                                    "能力减弱，1956年还爆炸过一次，一直只许走两孔两槽。",
                        category="equipment", authors=["SH-0003"], posted_on=D(1958, 3, 23))],
         ranked_on=D(1958, 3, 25), due=D(1958, 4, 30), status="under_attack", is_fortress=True,
         fortress_solutions=[
             ("SH-0003", "在齿牙和钢辊之间接上一个“活络梅花头”，缓冲冲击，加强应承能力。"),
             ("SH-0015", "梅花头用45号钢锻造，先做一个在二道车试装一个班，看齿轮温度。"),
             ("SH-0041", "按1956年换齿轮后的计算，齿轮可承受走十八道的压力，关键在连接处，"
                         "建议先测定联轴节的受力。"),
             ("SH-0024", "试装时先走十五道，稳定以后再逐步加到十八道。"),
         ],
         illustrative=False,
         source=SH + ": 副机械师鲁佛祥最近提出了一个建议……走足十八道; ranked here as a key issue "
                     "of the technical committee (illustrative), proposed solutions illustrative"),
    dict(key="cooling-speed", unit=COOLING, method="research", owner_team="vanguard", priority=1,
         title="冷却机平板机加快速度",
         description="冷却机平板机速度慢，三道车改三槽以后出钢多了，冷却机接不过来。",
         problems=[dict(title="冷却机平板机速度慢，接不过三道车的钢",
                        description="三道车走钢道数增加，冷却机平板机还按原速度运行，常常堆钢。",
                        category="equipment", authors=["SH-0020", "SH-0028"], posted_on=D(1958, 3, 22))],
         ranked_on=D(1958, 3, 24), due=D(1958, 3, 30), status="verified", solved_on=D(1958, 3, 27),
         verified_on=D(1958, 3, 30),
         solution="尖兵组集体研究，改装平板机传动，加快了冷却机平板机的速度，与三道车出钢"
                  "节奏相配合。",
         regulation="cooling", illustrative=False,
         source=SH + ": 尖兵组……很快便解决了冷却机平板机加快速度……等十七项技术关键; "
                     "details and dates illustrative"),
    dict(key="steel-temperature", unit=WIRE_ROD, method="research", owner_team="vanguard",
         priority=2, title="提高钢温的操作技术",
         description="烘出的钢温度不够、不稳，影响轧钢操作。",
         problems=[dict(title="烘钢温度偏低，轧钢吃力",
                        description="钢温只有一千零五十度左右，又不稳定，轧钢时马达负荷高，"
                                    "容易卡钢。",
                        category="technical", authors=["SH-0014", "SH-0018"], posted_on=D(1958, 3, 21))],
         ranked_on=D(1958, 3, 23), due=D(1958, 3, 31), status="solved", solved_on=D(1958, 3, 28),
         solution="尖兵组总结老烘炉工的操作经验，统一了烧钢、翻钢和出钢的操作方法，"
                  "钢温提高并稳定下来。",
         illustrative=False,
         source=SH + ": 尖兵组解决了……提高钢温的操作技术; details and dates illustrative"),
    dict(key="furnace-output", unit=WIRE_FURNACE, method="research", owner_team="vanguard",
         priority=2, title="提高烘钢产量",
         description="二道车、三道车能力提高以后，烘炉烘钢供不上轧机。",
         problems=[dict(title="烘炉烘钢产量供不上轧机",
                        description="轧机走钢道数增加，烘炉出钢跟不上，轧机常常等钢。",
                        category="equipment", authors=["SH-0018", "SH-0012"], posted_on=D(1958, 3, 22))],
         ranked_on=D(1958, 3, 24), due=D(1958, 3, 31), status="solved", solved_on=D(1958, 3, 29),
         solution="尖兵组研究加料和推钢的方法，缩短了烘钢时间，烘钢产量赶上了轧机。",
         illustrative=False,
         source=SH + ": 尖兵组解决了……提高烘钢产量等十七项技术关键; details and dates illustrative"),
    dict(key="turning-automation", unit=STAND_3, method="research", owner_team="vanguard",
         priority=2, title="三道车翻钢操作自动化",
         description="三道车改走三槽以后翻钢靠人工，劳动强度大，操作跟不上。",
         problems=[dict(title="三道车翻钢全靠人工，劳动强度大",
                        description="三道车改三槽以后，翻钢次数增加，全靠人力，工人十分吃力。",
                        category="safety", authors=["SH-0025", "SH-0026"], posted_on=D(1958, 3, 24))],
         ranked_on=D(1958, 3, 25), due=D(1958, 4, 30), status="under_attack",
         illustrative=False,
         source=SH + ": 他们现在还正在研究三道车翻钢操作自动化的问题; dates illustrative"),
    dict(key="furnace-compact", unit=WIRE_FURNACE, method="group", owner_unit=WIRE_FURNACE,
         priority=1, title="烘炉三班闹本位，煤耗高、钢温不稳",
         description="三班各有本位打算，下班前一二十分钟便不加煤，推给下一班去加；大炉比腰炉"
                     "劳动强度大，一直平均轮换操作，不能适应技术上的需要。",
         problems=[
             dict(title="烘炉交班前不加煤，推给下一班，钢温不稳",
                  description="三班各有本位打算，下班以前一二十分钟便不加煤，推给下一班去加，"
                              "好让本班降低煤耗，这样做便影响了钢温的稳定。",
                  category="cooperation", authors=["SH-0013"], posted_on=D(1958, 3, 21)),
             dict(title="大炉、腰炉平均轮换操作，不适应技术要求",
                  description="大炉比腰炉劳动强度强，过去只从个人利益考虑，一直是平均轮换操作，"
                              "没有从两个炉子技术操作上的要求不同考虑。",
                  category="rules", authors=["SH-0012", "SH-0011"], posted_on=D(1958, 3, 22)),
         ],
         ranked_on=D(1958, 3, 24), due=D(1958, 3, 28), status="verified", solved_on=D(1958, 3, 26),
         verified_on=D(1958, 3, 31),
         solution="讨论中工人说：闹本位，谁也不占便宜，反而使生产受损失。自己订了新规约："
                  "交班前照常加煤，大炉、腰炉按技术要求分工。每吨钢耗煤由五十六至五十七公斤"
                  "降低到五十三至五十四公斤，钢温从一千零五十度上升到一千一百五十度。",
         verification_note="新规约实行以后煤耗和钢温稳定在新的水平。",
         regulation="furnace-compact", illustrative=False,
         source=SH + ": 烘炉……自己订了新规约 (56-57 → 53-54 kg/t, 1,050 → 1,150 °C); "
                     "dates illustrative"),
    dict(key="wire-rod-stoppages", unit=WIRE_ROD, method="unit", owner_unit=WIRE_ROD, priority=1,
         title="线材车间刹车事故增加一倍以上",
         description="跃进开始以后操作有些混乱，刹车事故平均比2月份增加一倍以上，刹车的停车"
                     "时间增加两倍还多。",
         problems=[dict(title="刹车事故比2月份增加一倍以上，停车时间增加两倍多",
                        description="工人劳动热情很高，管理和技术操作却跟不上，操作事故大大增加。",
                        category="safety", authors=["SH-0024", "SH-0016"], posted_on=D(1958, 3, 21))],
         ranked_on=D(1958, 3, 23), due=D(1958, 3, 30), status="solved", solved_on=D(1958, 3, 30),
         solution="车间分工包干，逐项分析事故原因，加强生产准备和交接班，刹车事故下降，"
                  "生产达到新的平衡。",
         illustrative=False,
         source=SH + ": 线材车间的刹车事故平均比2月份增加一倍以上……; solution and dates illustrative"),
    dict(key="blooming-stand-2", unit=BLOOMING, method="group",
         owner_unit="shanghai-steel-2-blooming-shift-a-group", priority=1,
         title="开坯一道车能力强、二道车能力弱",
         description="甲班接受了“一次新纪录，三天完不成任务”的教训，大家一起动脑筋研究，"
                     "原来是一道车能力强二道车能力弱。",
         problems=[dict(title="开坯二道车能力弱，一道车轧出的钢压在二道车前",
                        description="一道车能力强，二道车能力弱，前后不平衡，工人拼命也完不成任务。",
                        category="equipment", authors=["SH-0007", "SH-0006"], posted_on=D(1958, 3, 21))],
         ranked_on=D(1958, 3, 21), due=D(1958, 3, 25), status="verified", solved_on=D(1958, 3, 22),
         verified_on=D(1958, 3, 28),
         solution="老工人想出在二道车增加一副双卷的方法，解决了问题。",
         regulation="blooming-stand-2", illustrative=False,
         source=SH + ": 老工人想出在二道车增加一副双卷的方法; dates illustrative"),
    dict(key="blooming-stand-1", unit=BLOOMING, method="group",
         owner_unit="shanghai-steel-2-blooming-shift-a-group", priority=1,
         title="二道车加快以后一道车能力又弱了",
         description="二道车增加一副双卷以后，一道车的能力又弱了。",
         problems=[dict(title="二道车加双卷以后，一道车反而跟不上",
                        description="这样一来一道车的能力又弱了，生产又出现新的不平衡。",
                        category="equipment", authors=["SH-0008"], posted_on=D(1958, 3, 22))],
         ranked_on=D(1958, 3, 22), due=D(1958, 3, 26), status="verified", solved_on=D(1958, 3, 23),
         verified_on=D(1958, 3, 29),
         solution="大家又研究出适当调整劳动组织的办法，解决了一道车的问题。",
         regulation="blooming-labour", illustrative=False,
         source=SH + ": 大家又研究出适当调整劳动组织的办法; dates illustrative"),
    dict(key="blooming-furnace", unit=BLOOMING_FURNACE, method="unit", owner_unit=BLOOMING,
         priority=1, title="开坯烘炉供不上钢",
         description="一道车二道车的能力提高以后，烘炉供不上钢了。",
         problems=[dict(title="一道车二道车加快以后，烘炉供不上钢",
                        description="两部车的能力提高以后，烘炉出钢跟不上，轧机等钢。",
                        category="equipment", authors=["SH-0035"], posted_on=D(1958, 3, 24))],
         ranked_on=D(1958, 3, 24), due=D(1958, 3, 31), status="verified", solved_on=D(1958, 3, 29),
         verified_on=D(1958, 3, 31),
         solution="推广双层加料的经验，问题顺利解决。三个班的产量都大大提高，日产量平均超过"
                  "跃进指标百分之十七点四。",
         regulation="blooming-charging", illustrative=False,
         source=SH + ": 经推广双层加料的经验，问题也顺利解决 (daily output 17.4% above the leap "
                     "target); dates illustrative"),
    dict(key="blooming-stoppages", unit=BLOOMING, method="unit", owner_unit=BLOOMING, priority=1,
         title="开坯车间刹车事故增加九倍",
         description="开坯车间刹车事故增加了九倍，停车时间增加了十五倍。",
         problems=[dict(title="开坯车间刹车事故增加九倍，停车时间增加十五倍",
                        description="跃进开始以后生产极不均衡，工人操作有些混乱，操作事故大大增加。",
                        category="safety", authors=["SH-0029"], posted_on=D(1958, 3, 21))],
         ranked_on=D(1958, 3, 23), due=D(1958, 3, 30), status="solved", solved_on=D(1958, 3, 30),
         solution="一道车、二道车和烘炉的能力达到新的平衡以后，操作恢复正常，刹车事故大大减少。",
         illustrative=False,
         source=SH + ": 开坯车间更严重，刹车事故增加了九倍，停车时间增加了十五倍; solution and "
                     "dates illustrative"),
    dict(key="shift-a-record", unit="shanghai-steel-2-blooming-shift-a", method="unit",
         owner_unit=BLOOMING, priority=2,
         title="甲班创纪录后十二人病倒，三天完不成任务",
         description="开坯车间甲班轧钢工人3月17日创造了新纪录，超过跃进指标百分之九点五，18日"
                     "就有十二个人病倒，以后一连三天连原任务也完不成了。",
         problems=[dict(title="突击创纪录，第二天十二个人病倒",
                        description="3月17日甲班超过跃进指标百分之九点五，18日就有十二个人病倒，"
                                    "以后一连三天连原任务也完不成。靠拼体力不能持久。",
                        category="safety", authors=["SH-0006"], posted_on=D(1958, 3, 21))],
         ranked_on=D(1958, 3, 23), due=D(1958, 3, 28), status="solved", solved_on=D(1958, 3, 26),
         solution="接受“一次新纪录，三天完不成任务”的教训，不靠拼体力，找出设备不平衡的"
                  "关键，靠技术措施提高产量。",
         illustrative=False,
         source=SH + ": 甲班轧钢工人3月17日创造了新纪录……18日就有十二个人病倒; solution dated "
                     "illustratively"),
    dict(key="motor-alarm", unit=POWER, method="unit", owner_unit=POWER, priority=1,
         title="马达负荷四十安培就鸣铃停车",
         description="英国人留下来的操作规程抹煞了人的主动作用：各车间的马达可以负荷到五十二"
                     "安培，但为了管理方便，负荷上升到四十安培便鸣铃示警要工人停车。",
         problems=[dict(title="马达四十安培就鸣铃停车，一个班鸣铃超过百次",
                        description="马达可以负荷到五十二安培，四十安培就鸣铃要工人停车；"
                                    "生产紧张的时候，一个班鸣铃竟超过百次。",
                        category="rules", authors=["SH-0004", "SH-0039"], posted_on=D(1958, 3, 21))],
         ranked_on=D(1958, 3, 23), due=D(1958, 3, 28), status="verified", solved_on=D(1958, 3, 26),
         verified_on=D(1958, 3, 28),
         solution="改为四十五安培鸣铃，超过五十二安培自动刹车。",
         verification_note="改规以后各车间马达运行正常，没有发生马达事故。",
         regulation="motor-alarm", illustrative=False,
         source=SH + ": 现在已改为四十五安培鸣铃，超过五十二安培自动刹车; dates illustrative"),
    dict(key="bell-bonus", unit=POWER, method="unit", owner_unit="shanghai-steel-2-labour",
         priority=2, title="按鸣铃次数扣超额奖金",
         description="动力室还有每班鸣铃超过一定次数就扣超额奖金的规定，大大限制了设备能力的发挥。",
         problems=[dict(title="鸣铃超过次数就扣超额奖金，工人不敢多轧",
                        description="每班鸣铃超过一定次数就扣超额奖金，工人宁可少轧也不让马达"
                                    "负荷上去。",
                        category="rules", authors=["SH-0016"], posted_on=D(1958, 3, 22))],
         ranked_on=D(1958, 3, 24), due=D(1958, 3, 28), status="verified", solved_on=D(1958, 3, 26),
         verified_on=D(1958, 3, 28),
         solution="取消按鸣铃次数扣超额奖金的规定。",
         regulation="bell-bonus", illustrative=False,
         source=SH + ": 动力室还有每班鸣铃超过一定次数就扣超额奖金的规定; solution and dates "
                     "illustrative"),
    dict(key="motor-start", unit=POWER, method="unit", owner_unit=POWER, priority=2,
         title="马达开动三分钟以后才准开机",
         description="过去规定工人上班要等马达开动三分钟以后才准开机生产，实际只需要一分钟，"
                     "马达的安培表针就可以由摆动转为稳定。",
         problems=[dict(title="马达开动要等三分钟才准开机，一年少产六百多吨",
                        description="工人仔细一算账，一个班每次虽然只耽误几分钟，全厂一年却要"
                                    "少产六百多吨钢材。",
                        category="rules", authors=["SH-0021", "SH-0014"], posted_on=D(1958, 3, 22))],
         ranked_on=D(1958, 3, 24), due=D(1958, 3, 30), status="verified", solved_on=D(1958, 3, 28),
         verified_on=D(1958, 3, 30),
         solution="改为由工人主动掌握，马达安培表针一稳定就轧钢。",
         regulation="motor-start", illustrative=False,
         source=SH + ": 过去规定工人上班要等马达开动三分钟以后，才准开机生产……全厂一年却要少产"
                     "六百多吨钢材; dates illustrative"),
    dict(key="preparation", unit="shanghai-steel-2-production", method="unit",
         owner_unit="shanghai-steel-2-production", priority=1,
         title="生产准备没有跟上跃进",
         description="党委分析：跃进中主要问题之一是生产准备没跟上。",
         problems=[dict(title="跃进开始以后生产准备没有跟上",
                        description="日产量较2月份虽有提高，和跃进指标比仍相差很多，到3月15日"
                                    "就拉下了七百多吨；钢坯、轧辊、导卫准备不足。",
                        category="rules", authors=["SH-0046"], posted_on=D(1958, 3, 21))],
         ranked_on=D(1958, 3, 23), due=D(1958, 3, 31), status="solved", solved_on=D(1958, 3, 31),
         solution="生产科分工包干，按跃进指标排出作业计划，提前一天准备钢坯、轧辊和导卫。",
         illustrative=False,
         source=SH + ": 初步分析，主要问题有三个：生产准备没跟上……; solution and dates illustrative"),
    dict(key="measures", unit="shanghai-steel-2-technical", method="committee", owner_unit=PLANT,
         priority=1, title="技术措施没有实现或没有达到预期效果",
         description="党委分析：技术措施没有实现，或者没有达到预期的效果。",
         problems=[dict(title="跃进计划的技术措施没有实现",
                        description="原订的技术措施有的没有实现，有的没有达到预期的效果，"
                                    "先进和落后的差距也没有缩短。",
                        category="technical", authors=["SH-0046", "SH-0040"], posted_on=D(1958, 3, 21))],
         ranked_on=D(1958, 3, 23), due=D(1958, 4, 15), status="under_attack", is_fortress=False,
         illustrative=False,
         source=SH + ": 技术措施没有实现，或者没有达到预期的效果; dates illustrative"),
]

# The vanguard team's other key issues of the 17 (the seed names three): illustrative.
# (unit, title, problem text, category, authors, solution)
VANGUARD_KEY_ISSUES = [
    (STAND_2, "二道车导卫板磨损快，换一次停车二十分钟", "导卫板用不了几个班就磨坏，每换一次要停车二十分钟左右。", "equipment", ["SH-0014", "SH-0022"], "改用耐磨铸铁导卫板，并事先备好成套导卫，换一次只停车五分钟。"),
    (WIRE_ROD, "活套处常堆钢，卡钢事故多", "二道车到三道车之间活套常常堆钢，一个班卡钢好几次。", "equipment", ["SH-0015"], "加大活套坑，调整两部车的速度配合，卡钢大大减少。"),
    (WIRE_ROD, "卷线机转速与三道车出钢速度不配合", "三道车走钢快了，卷线机转不过来，常常乱线。", "equipment", ["SH-0016", "SH-0019"], "改换卷线机皮带轮，提高转速，与三道车出钢相配合。"),
    (STAND_3, "飞剪剪头不齐，切损大", "飞剪刀片间隙不对，剪头不齐，切头切尾多。", "technical", ["SH-0021"], "重新调整刀片间隙，规定每班检查一次，切损减少。"),
    (COOLING, "冷却机链条常断", "冷却机速度加快以后，链条常常拉断，一断就要停车。", "equipment", ["SH-0020"], "链条改用加厚链板，并加装张紧装置。"),
    (STAND_2, "二道车轧辊轴承发热", "走十三道以后二道车轴承温度高，要常停车浇水。", "equipment", ["SH-0015", "SH-0024"], "改进轴承润滑，加装冷却水管，轴承温度正常。"),
    (STAND_3, "三道车进口导板对不准，咬钢不稳", "三道车改三槽以后进口导板常对不准，咬钢不稳。", "technical", ["SH-0017", "SH-0025"], "做了一套可调导板座，对槽又快又准。"),
    (WIRE_FURNACE, "烘炉推钢机推力不足", "钢坯加长以后推钢机推不动，要几个人帮着撬。", "equipment", ["SH-0018"], "加大推钢机油缸，推力足够，不再用人撬。"),
    (WIRE_ROD, "轧辊车削等待时间长", "轧辊要送机修车间车削，常常等上一两天。", "equipment", ["SH-0019"], "车间自己修复一台旧车床专车轧辊，随坏随车。"),
    (WIRE_ROD, "线材打捆靠人工，速度慢", "线材下线以后全靠人工打捆，跟不上三道车的产量。", "equipment", ["SH-0016"], "自制简易打捆架，打捆速度提高一倍。"),
    (WIRE_ROD, "二道车到三道车之间辊道速度低", "辊道速度低，钢在辊道上降温，三道车吃力。", "equipment", ["SH-0015", "SH-0016"], "更换辊道马达皮带轮，提高辊道速度。"),
    (WIRE_ROD, "马达联轴节常松动", "二道车、三道车马达联轴节常松动，要停车紧固。", "equipment", ["SH-0004"], "改用防松螺栓，每班交接时检查一次。"),
    (STAND_3, "三道车围盘出口挂钢", "围盘出口角度不合适，常挂钢。", "equipment", ["SH-0017"], "重新修整围盘出口，挂钢基本消除。"),
    (WIRE_FURNACE, "烘炉炉门开关费力，热损失大", "炉门靠人力开关，又重又烫，开门时间长，热损失大。", "safety", ["SH-0018", "SH-0005"], "炉门加装平衡锤，开关省力，开门时间缩短。"),
]

# --- Regulations ---
# The 17 revised in the campaign, each as version 1 (in force before, now superseded)
# and version 2 (approved, citing the campaign and its key issue).
REGULATIONS = [
    dict(key="stand-3", unit=STAND_3, code="XC-03", title="三道车（八联细轧）操作规程",
         kind="operating", key_issue="stand-3-grooves", approved_on=D(1958, 3, 29),
         v1_clauses=[("1", "三道车按两槽走钢。")],
         v2_clauses=[("1", "三道车按三槽走钢，走十八道至二十道。")],
         reason="三道车由两槽改为三槽，走钢由不足十六道变成十八道至二十道。",
         evidence_note="改三槽以后实际生产的结果。",
         decision_note="车间主任会同技术科批准。",
         illustrative=False, source=SH + ": 三道车也由两槽改为三槽; clause wording illustrative"),
    dict(key="cooling", unit=COOLING, code="XC-05", title="冷却机操作规程", kind="operating",
         key_issue="cooling-speed", approved_on=D(1958, 3, 30),
         v1_clauses=[("1", "冷却机平板机按原定速度运行。")],
         v2_clauses=[("1", "冷却机平板机加快速度运行，与三道车出钢节奏相配合。")],
         reason="尖兵组解决了冷却机平板机加快速度的关键。",
         evidence_note="平板机加快以后实际运行，冷却机不再堆钢。", decision_note="车间主任批准。",
         illustrative=False, source=SH + ": 冷却机平板机加快速度; clause wording illustrative"),
    dict(key="furnace-compact", unit=WIRE_FURNACE, code="XC-R1", title="烘炉交接班和操作分工规约",
         kind="rule", key_issue="furnace-compact", approved_on=D(1958, 3, 31),
         v1_clauses=[("1", "煤耗按各班分别核算。"), ("2", "大炉、腰炉由各人平均轮换操作。")],
         v2_clauses=[("1", "交班以前照常加煤，不得推给下一班；煤耗按全天合计考核。"),
                     ("2", "大炉、腰炉按两个炉子技术操作的不同要求固定分工。")],
         reason="闹本位，谁也不占便宜，反而使生产受损失。工人自己订了新规约。",
         evidence_note="每吨钢耗煤由五十六至五十七公斤降低到五十三至五十四公斤，钢温从一千零"
                       "五十度上升到一千一百五十度。",
         decision_note="小组讨论通过，车间批准。",
         illustrative=False, source=SH + ": 自己订了新规约，解决了问题; clause wording illustrative"),
    dict(key="blooming-stand-2", unit=BLOOMING, code="KP-02", title="开坯二道车操作规程",
         kind="operating", key_issue="blooming-stand-2", approved_on=D(1958, 3, 28),
         v1_clauses=[("1", "二道车按原有孔型配置轧制。")],
         v2_clauses=[("1", "二道车增加一副双卷。")],
         reason="一道车能力强二道车能力弱，老工人想出在二道车增加一副双卷的方法。",
         evidence_note="增加双卷以后甲班又能完成任务了。", decision_note="车间主任批准。",
         illustrative=False, source=SH + ": 在二道车增加一副双卷; clause wording illustrative"),
    dict(key="blooming-labour", unit=BLOOMING, code="KP-R1", title="开坯车间劳动组织办法",
         kind="rule", key_issue="blooming-stand-1", approved_on=D(1958, 3, 29),
         v1_clauses=[("1", "一道车、二道车按原定人数配备。")],
         v2_clauses=[("1", "适当调整一道车、二道车的劳动组织，一道车增配人手。")],
         reason="二道车加快以后一道车的能力又弱了。",
         evidence_note="调整以后一道车跟上了二道车。", decision_note="车间主任会同劳动工资科批准。",
         illustrative=False, source=SH + ": 适当调整劳动组织的办法; clause wording illustrative"),
    dict(key="blooming-charging", unit=BLOOMING_FURNACE, code="KP-05", title="开坯烘炉加料规程",
         kind="operating", key_issue="blooming-furnace", approved_on=D(1958, 3, 31),
         v1_clauses=[("1", "烘炉单层加料。")],
         v2_clauses=[("1", "烘炉采用双层加料。")],
         reason="一道车二道车的能力提高以后烘炉供不上钢。",
         evidence_note="推广双层加料以后三个班的产量都大大提高，日产量平均超过跃进指标百分之十七点四。",
         decision_note="车间主任批准。",
         illustrative=False, source=SH + ": 经推广双层加料的经验; clause wording illustrative"),
    dict(key="motor-alarm", unit=POWER, code="DL-01", title="马达负荷鸣铃和刹车规程",
         kind="operating", key_issue="motor-alarm", approved_on=D(1958, 3, 28),
         v1_approved_on=None,
         v1_clauses=[("1", "马达负荷上升到四十安培，即鸣铃示警，工人停车。")],
         v2_clauses=[("1", "马达负荷上升到四十五安培鸣铃示警。"),
                     ("2", "马达负荷超过五十二安培自动刹车。")],
         reason="英国人留下来的操作规程抹煞了人的主动作用：各车间的马达可以负荷到五十二安培，"
                "为了管理方便，负荷上升到四十安培便鸣铃示警要工人停车；生产紧张的时候，一个班"
                "鸣铃竟超过百次。",
         evidence_note="各车间的马达可以负荷到五十二安培。",
         decision_note="厂技术委员会批准。",
         illustrative=False,
         source=SH + ": 英国人……负荷上升到四十安培便鸣铃示警……现在已改为四十五安培鸣铃，超过"
                     "五十二安培自动刹车; version 1's date unknown"),
    dict(key="bell-bonus", unit=POWER, code="DL-R1", title="鸣铃次数与超额奖金规定", kind="rule",
         key_issue="bell-bonus", approved_on=D(1958, 3, 28), v1_approved_on=None,
         v1_clauses=[("1", "每班鸣铃超过规定次数，扣发超额奖金。")],
         v2_clauses=[("1", "取消按鸣铃次数扣发超额奖金的规定。")],
         reason="这一规定大大限制了设备能力的发挥。",
         evidence_note="改为四十五安培鸣铃以后，鸣铃已不说明操作违章。", decision_note="厂技术委员会批准。",
         illustrative=False, source=SH + ": 每班鸣铃超过一定次数就扣超额奖金的规定"),
    dict(key="motor-start", unit=POWER, code="DL-R2", title="马达开动后开机生产规定", kind="rule",
         key_issue="motor-start", approved_on=D(1958, 3, 30), v1_approved_on=None,
         v1_clauses=[("1", "工人上班要等马达开动三分钟以后，才准开机生产。")],
         v2_clauses=[("1", "马达安培表针由摆动转为稳定即可开机轧钢，由工人主动掌握。")],
         reason="实际只需要一分钟，马达的安培表针就可以由摆动转为稳定；一个班每次虽然只耽误"
                "几分钟，全厂一年却要少产六百多吨钢材。",
         evidence_note="安培表针一分钟即稳定。", decision_note="厂技术委员会批准。",
         illustrative=False, source=SH + ": 现在也改为由工人主动掌握，马达安培表针一稳定就轧钢"),
    # Eight more of the 17: the seed does not list them.
    dict(key="roll-change", unit=STAND_2, code="XC-04", title="二道车换辊规程", kind="operating",
         key_issue="roll-change", approved_on=D(1958, 3, 27),
         v1_clauses=[("1", "换辊由机修工单独进行，轧钢工停机等候。")],
         v2_clauses=[("1", "换辊由轧钢工与机修工分工同时进行，事先备好轧辊和导卫。")],
         reason="换辊时间长，轧钢工干等。", evidence_note="换辊时间缩短一半。",
         decision_note="车间主任批准。", illustrative=True, source="illustrative; " + SH),
    dict(key="handover", unit=WIRE_ROD, code="XC-R2", title="线材车间交接班制度", kind="rule",
         key_issue="handover", approved_on=D(1958, 3, 26),
         v1_clauses=[("1", "交接班在岗位外集中进行，停机十分钟。")],
         v2_clauses=[("1", "交接班在岗位上对口进行，不停机。")],
         reason="集中交接班每班停机十分钟。", evidence_note="对口交接班试行一周，没有出交接差错。",
         decision_note="车间主任批准。", illustrative=True, source="illustrative; " + SH),
    dict(key="proposals", unit="shanghai-steel-2-technical", code="JS-01",
         title="合理化建议审批办法", kind="rule", key_issue="proposals",
         approved_on=D(1958, 3, 27),
         v1_clauses=[("1", "合理化建议须经科长、总工程师逐级审批，一般一个月内答复。")],
         v2_clauses=[("1", "车间能解决的建议由车间当即处理，三天内答复。"),
                     ("2", "重大建议送厂技术委员会研究。")],
         reason="建议压在科室，一个月也没有回音，群众意见很大。", evidence_note="试行以后，车间当即处理的建议三天内都有了答复。",
         decision_note="厂技术委员会批准。", illustrative=True, source="illustrative; " + SH),
    dict(key="dispatch", unit="shanghai-steel-2-production", code="SC-01", title="生产调度制度",
         kind="rule", key_issue="dispatch", approved_on=D(1958, 3, 29),
         v1_clauses=[("1", "车间之间调车、调料须经生产科批准。")],
         v2_clauses=[("1", "车间之间可直接协商调车调料，事后报生产科备案。")],
         reason="层层批准，车间之间等料等车。", evidence_note="车间直接协商调料试行一周，钢坯不再等凉。",
         decision_note="厂长批准。", illustrative=True, source="illustrative; " + SH),
    dict(key="repairs", unit="shanghai-steel-2-mechanical", code="JD-01", title="设备检修制度",
         kind="rule", key_issue="repairs", approved_on=D(1958, 3, 30),
         v1_clauses=[("1", "设备小修一律由机动科安排，车间不得自修。")],
         v2_clauses=[("1", "设备小修由车间自行安排。"), ("2", "机动科负责大修、中修和备件。")],
         reason="小毛病也要等机动科派人，停车时间长。", evidence_note="车间自修小毛病以后，停车时间缩短。",
         decision_note="厂长批准。", illustrative=True, source="illustrative; " + SH),
    dict(key="spares", unit="shanghai-steel-2-supply", code="GY-01", title="备品备件领用办法",
         kind="rule", key_issue="spares", approved_on=D(1958, 3, 28),
         v1_clauses=[("1", "备件领用须填三联单，经科长签字。")],
         v2_clauses=[("1", "常用备件由车间设小仓库，随用随领，月底结算。")],
         reason="领一个备件要跑几个地方签字。", evidence_note="车间小仓库试行以后，夜班也能领到备件。",
         decision_note="厂长批准。", illustrative=True, source="illustrative; " + SH),
    dict(key="group-bonus", unit="shanghai-steel-2-labour", code="LZ-01", title="超额奖金计算办法",
         kind="rule", key_issue="group-bonus", approved_on=D(1958, 3, 31),
         v1_clauses=[("1", "超额奖金按个人计算。")],
         v2_clauses=[("1", "超额奖金按小组集体计算，鼓励互相协作。")],
         reason="有些人想独占奖金，合理化建议也是一个人闷着头搞。", evidence_note="试行以后小组内互相传授窍门。",
         decision_note="厂长批准。", illustrative=True,
         source="illustrative; " + SH + ": 有些人想独占奖金"),
    dict(key="inspection", unit=BLOOMING, code="KP-03", title="开坯车间钢坯检验规程",
         kind="operating", key_issue="inspection", approved_on=D(1958, 3, 30),
         v1_clauses=[("1", "钢坯每根由检查员检验后才准送出。")],
         v2_clauses=[("1", "钢坯实行工人自检、互检，检查员抽检。")],
         reason="检查员跟不上，钢坯压在冷床上。", evidence_note="自检互检试行一周，质量没有下降。",
         decision_note="车间主任会同技术科批准。", illustrative=True, source="illustrative; " + SH),
]

# The key issues of the eight illustrative revisions: (key, unit, method, owner unit,
# title, problem text, authors, solved on).
RULE_KEY_ISSUES = [
    ("roll-change", STAND_2, "group", STAND_2 + "-group", "二道车换辊时间长，轧钢工干等",
     "换辊全由机修工来做，轧钢工在旁边干等，一次换辊要一个多钟头。", ["SH-0022", "SH-0023"],
     D(1958, 3, 26)),
    ("handover", WIRE_ROD, "unit", WIRE_ROD, "集中交接班每班停机十分钟",
     "交接班要到岗位外集中交代，每班停机十分钟，三班就是半个钟头。", ["SH-0023"],
     D(1958, 3, 25)),
    ("proposals", "shanghai-steel-2-technical", "unit", "shanghai-steel-2-technical",
     "合理化建议层层审批，一个月没有回音", "工人提了建议交上去，要科长、总工程师层层签字，"
     "一个月也没有回音，大家就不愿再提了。", ["SH-0024", "SH-0030"], D(1958, 3, 26)),
    ("dispatch", "shanghai-steel-2-production", "unit", "shanghai-steel-2-production",
     "车间之间调车调料要生产科批准，等车等料", "开坯车间和线材车间之间调一次料也要生产科批准，"
     "常常批下来钢坯已经凉了。", ["SH-0031", "SH-0029"], D(1958, 3, 28)),
    ("repairs", "shanghai-steel-2-mechanical", "unit", "shanghai-steel-2-mechanical",
     "设备小修也要等机动科派人", "螺丝松了这样的小毛病车间也不准自己修，要等机动科派人，"
     "一等就是一两个钟头。", ["SH-0015", "SH-0032"], D(1958, 3, 29)),
    ("spares", "shanghai-steel-2-supply", "unit", "shanghai-steel-2-supply",
     "领一个备件要跑几个地方签字", "领用备件要填三联单，找科长签字，夜班根本领不到。",
     ["SH-0019"], D(1958, 3, 27)),
    ("group-bonus", "shanghai-steel-2-labour", "unit", "shanghai-steel-2-labour",
     "超额奖金按个人计算，大家不愿协作", "奖金按个人算，有的人想独占奖金，技术上的窍门不肯"
     "告诉别人。", ["SH-0005"], D(1958, 3, 30)),
    ("inspection", BLOOMING, "group", "shanghai-steel-2-blooming-shift-b-group",
     "钢坯等检查员检验，压在冷床上", "每根钢坯都要等检查员检验才能送出，检查员跟不上，"
     "钢坯压在冷床上。", ["SH-0031"], D(1958, 3, 29)),
]

# --- Standing work of the wire-rod workshop, outside the campaign ---
# The 13th pass (February 1958, before the leap plan started in March).
THIRTEEN_PASSES = dict(
    problem=dict(
        unit=STAND_2 + "-group",
        title="二道车只许走十二道，实际可以走十三道",
        description="根据实际操作的情况看，二道车走十三道不会出问题。操作规程最大限度只许走"
                    "十二道，谁要是多走一道就按违反操作规程处理。",
        category="rules", authors=["SH-0024", "SH-0022"], posted_on=D(1958, 2, 6),
    ),
    key_issue=dict(
        unit=STAND_2, method="committee", owner_unit=PLANT, priority=1,
        title="二道车能否开放十三道",
        description="操作工人提出可以走十三道；制定这项操作规程的总机械师陈人庄坚决不同意，"
                    "连厂长也说：大跃进，什么脑筋都可以动，改十三道，要死了这条心。最后只有"
                    "通过测定来决定。",
        ranked_on=D(1958, 2, 8), due_on=D(1958, 2, 20), solved_on=D(1958, 2, 16),
        verified_on=D(1958, 2, 18),
        solution="经组织技术人员做了一个星期的测定，证明工人的意见是正确的：不但可以走十三道，"
                 "就是走十四道十五道也没有问题。仅按改走十三道计算，全年就可以多为国家增产"
                 "一万二千多吨钢材。",
        verification_note="开放十三道以后，二道车运行正常。",
        source=SH + ": the 13th pass, a week of measurement; days illustrative (before March)",
    ),
    regulation=dict(
        unit=STAND_2, code="XC-02", title="二道车操作规程", kind="operating",
        v1_approved_on=D(1956, 9, 1), approved_on=D(1958, 2, 18),
        v1_clauses=[("1", "二道车只许走两孔两槽。"),
                    ("2", "每根钢最大限度只许走十二道；多走一道，按违反操作规程处理。")],
        v2_clauses=[("1", "二道车走两孔两槽。"), ("2", "每根钢最多走十三道。")],
        reason="操作工人根据实际操作的情况提出走十三道不会出问题。1956年齿轮爆炸换过新齿轮"
               "以后，总机械师计算机械应承能力是按走十八道的压力计算的。",
        evidence_note="一个星期的测定：走十三道、十四道、十五道都没有问题。",
        decision_note="党委、厂部根据测定结果同意开放十三道。",
        source=SH + ": 在操作规程中也列上一条，最大限度只许走十二道……; version dates illustrative",
    ),
)

# The trial: a week of measurement on the No. 2 stand, shift by shift, the shifts
# alternating between 12 and 13 passes. Only the conclusion is published; the readings
# are illustrative, generated around these means (sd in brackets). Motor current is
# read every two hours (four readings a shift); output is per shift. 12,000 t a year
# more at 13 passes is about 13 t a shift over some 900 shifts a year.
TRIAL = dict(
    unit=STAND_2, title="二道车开放十三道测定",
    question="二道车每根钢由最多走十二道改为走十三道，齿轮和马达能否承受？产量能提高多少？",
    design="two_settings", baseline_label="走十二道", changed_label="走十三道",
    started_on=D(1958, 2, 10), ended_on=D(1958, 2, 16),
    conclusion="测定证明工人的意见是正确的：走十三道马达电流和齿轮箱温度都在安全范围以内，"
               "每班产量明显提高。不但可以走十三道，就是走十四道十五道也没有问题。仅按改走"
               "十三道计算，全年就可以多为国家增产一万二千多吨钢材。",
    source=SH + ": 经组织技术人员做了一个星期的测定……; readings and days illustrative",
    variables=[
        # name, unit, direction, limit, (baseline mean, sd), (changed mean, sd), readings a shift
        ("二道车马达电流", "A", "neither", "52", (34.6, 1.4), (36.1, 1.5), 4),
        ("齿轮箱温度", "°C", "neither", "70", (46.0, 2.0), (48.2, 2.1), 4),
        ("每班产量", "t", "higher", None, (95.0, 3.5), (108.4, 3.8), 1),
    ],
)
# The same week's last two days: three shifts at 15 passes (且走十四道十五道也没有问题).
TRIAL_15 = dict(
    unit=STAND_2, title="二道车试走十五道测定",
    question="走十三道以后，二道车能否再多走，走到十五道？",
    design="two_settings", baseline_label="走十二道", changed_label="走十五道",
    started_on=D(1958, 2, 15), ended_on=D(1958, 2, 16),
    conclusion="走十五道马达电流仍远在五十二安培以内，齿轮箱温度正常：走十四道十五道也没有问题。",
    source=SH + ": 就是走十四道十五道也没有问题; readings and days illustrative",
    variables=[
        ("二道车马达电流", "A", "neither", "52", (34.6, 1.4), (39.0, 1.6), 4),
        ("齿轮箱温度", "°C", "neither", "70", (46.0, 2.0), (51.5, 2.2), 4),
    ],
)

# The vanguard team's indicator lamps (最近): after the campaign, standing work.
INDICATOR_LAMPS = dict(
    problem=dict(unit=STAND_3 + "-group", title="三道车改三槽以后不断出现双钢碰头",
                 description="三道车改走三槽以后，小钳手操作不熟练，不断出现双钢碰头的现象，"
                             "有几天产量不但没有提高反而下降。",
                 category="technical", authors=["SH-0027", "SH-0025"], posted_on=D(1958, 4, 2)),
    key_issue=dict(unit=STAND_3, method="research", owner_team="vanguard", priority=1,
                   title="三道车双钢碰头", ranked_on=D(1958, 4, 3), due_on=D(1958, 4, 10),
                   solved_on=D(1958, 4, 8),
                   solution="尖兵组研究，想出用指示灯帮助指引操作，使操作很快又恢复正常，"
                            "也开始能够完成跃进计划了。",
                   source=SH + ": 经尖兵组研究，想出用指示灯帮助指引操作; days illustrative"),
)

# --- Generated problems and key issues (illustrative) ---
# An area is a part of the plant: its units (with weights for the problems posted
# there), the equipment or work its problems are about, and how its problems split
# by category.
STAND_2_SUBJECTS = ["二道车", "二道车齿轮座", "二道车导卫板", "二道车轧辊", "二道车马达",
                    "二道车换辊工具"]
STAND_3_SUBJECTS = ["三道车", "八联细轧机", "三道车围盘", "三道车进口导板", "飞剪", "三道车轧辊"]
BLOOMING_MILL_SUBJECTS = ["开坯一道车", "开坯二道车", "翻钢机", "剪切机", "辊道", "导板", "轧辊"]
AREAS = [
    dict(key="wire-rod",
         units=[(WIRE_ROD, 3), (STAND_2, 2), (STAND_2 + "-group", 2), (STAND_3, 2),
                (STAND_3 + "-group", 2), (COOLING, 1), (WIRE_FURNACE, 2)],
         subjects={WIRE_ROD: ["活套", "输送辊道", "卷线机", "打捆机", "换辊工具", "轧辊",
                              "冷却水管", "剪切机", "吊车"],
                   STAND_2: STAND_2_SUBJECTS, STAND_2 + "-group": STAND_2_SUBJECTS,
                   STAND_3: STAND_3_SUBJECTS, STAND_3 + "-group": STAND_3_SUBJECTS,
                   COOLING: ["冷却机平板机", "冷却机链条", "冷床", "打捆机", "冷却水管"],
                   WIRE_FURNACE: ["烘炉", "推钢机", "烘炉炉门", "烘炉烟道", "加料台", "出钢口"]},
         categories={"technical": 3, "equipment": 4, "rules": 1, "supply": 1, "safety": 1.5,
                     "cooperation": 1},
         templates="shop", unranked=70),
    dict(key="blooming",
         units=[(BLOOMING, 3), ("shanghai-steel-2-blooming-shift-a", 1),
                ("shanghai-steel-2-blooming-shift-a-group", 2),
                ("shanghai-steel-2-blooming-shift-b-group", 2),
                ("shanghai-steel-2-blooming-shift-c-group", 2), (BLOOMING_FURNACE, 2)],
         subjects={BLOOMING: BLOOMING_MILL_SUBJECTS + ["钢坯冷床", "钢锭吊车"],
                   "shanghai-steel-2-blooming-shift-a": BLOOMING_MILL_SUBJECTS,
                   "shanghai-steel-2-blooming-shift-a-group": BLOOMING_MILL_SUBJECTS,
                   "shanghai-steel-2-blooming-shift-b-group": BLOOMING_MILL_SUBJECTS,
                   "shanghai-steel-2-blooming-shift-c-group": BLOOMING_MILL_SUBJECTS,
                   BLOOMING_FURNACE: ["烘炉", "推钢机", "加料台", "出钢口", "钢锭吊车", "烘炉炉门"]},
         categories={"technical": 3, "equipment": 3, "rules": 1, "supply": 1, "safety": 2,
                     "cooperation": 1},
         templates="shop", unranked=50),
    dict(key="power", units=[(POWER, 1)],
         subjects={POWER: ["马达", "变压器", "配电板", "安培表", "空气压缩机", "水泵", "电缆",
                           "照明线路", "鼓风机"]},
         categories={"technical": 2, "equipment": 3, "rules": 2, "supply": 1, "safety": 1,
                     "cooperation": 1},
         templates="power", unranked=20),
    dict(key="offices",
         units=[("shanghai-steel-2-technical", 3), ("shanghai-steel-2-production", 3),
                ("shanghai-steel-2-mechanical", 2), ("shanghai-steel-2-supply", 2),
                ("shanghai-steel-2-labour", 1)],
         subjects={"shanghai-steel-2-technical": ["技术资料", "产品规格", "技术测定", "图纸管理",
                                                   "技术交底"],
                   "shanghai-steel-2-production": ["生产调度", "作业计划", "钢坯供应", "统计报表",
                                                    "产量考核"],
                   "shanghai-steel-2-mechanical": ["设备检修", "备品备件", "机修力量", "润滑制度",
                                                    "起重设备"],
                   "shanghai-steel-2-supply": ["钢锭进料", "煤炭供应", "耐火材料", "备件采购",
                                                "油料供应"],
                   "shanghai-steel-2-labour": ["劳动组织", "工时定额", "学徒培训", "劳动保护用品",
                                                "夜班安排"]},
         categories={"rules": 3, "cooperation": 2, "supply": 2, "technical": 1},
         templates="office", unranked=28),
    dict(key="plant", units=[(PLANT, 1)],
         subjects={PLANT: ["与钢铁公司兄弟厂的协作", "钢锭来料", "厂内运输", "汽车调度",
                           "食堂开饭时间", "厂区照明"]},
         categories={"cooperation": 3, "supply": 2, "rules": 1},
         templates="office", unranked=10),
]

# Generated key issues by area: how many, with which owners and methods, how many
# solved. ("team", key, n, solved) is a research team's; ("method", m, n, solved) is
# attacked in that way by the unit where it is (a group's own for "group").
GENERATED_KEY_ISSUES = {
    "wire-rod": [("team", "stand-2", 6, 4), ("team", "furnace", 4, 3),
                 ("method", "fortress", 7, 3), ("method", "group", 12, 7),
                 ("method", "unit", 11, 6)],
    "blooming": [("team", "youth", 8, 5), ("method", "fortress", 6, 2),
                 ("method", "group", 12, 7), ("method", "unit", 10, 6)],
    "power": [("team", "power", 3, 2), ("method", "fortress", 2, 1),
              ("method", "unit", 9, 5)],
    "offices": [("method", "fortress", 3, 1), ("method", "unit", 35, 13),
                ("method", "committee", 2, 0)],
    "plant": [("method", "fortress", 2, 1), ("method", "committee", 10, 3),
              ("method", "unit", 3, 0)],
}
# The generated wire-rod key issues about equipment balance are as many as the named and
# vanguard ones leave of WIRE_ROD_BALANCE_KEY_ISSUES (and of WIRE_ROD_BALANCE_SOLVED).

TEMPLATES = {}
TEMPLATES["shop"] = {
    "technical": ["{s}操作方法落后，效率低", "{s}调整费时，影响轧制节奏", "{s}常出操作事故",
                  "{s}操作靠经验，青工掌握不了", "{s}开车前准备时间太长",
                  "{s}的操作各班各搞一套，不统一"],
    "equipment": ["{s}能力跟不上前后工序", "{s}速度慢，前道工序等料", "{s}能力没有充分发挥",
                  "{s}与{t}能力不平衡", "{s}经常出故障，造成停车", "{s}老旧，带病运转",
                  "{s}和{t}配合不上，常常等钢"],
    "rules": ["{s}的操作规定过死，限制了生产", "{s}检修要层层审批，耽误生产",
              "{s}沿用旧规程，不适合跃进要求", "{s}的交接手续繁琐"],
    "supply": ["{s}用的备件供应不及时", "{s}的润滑油常常领不到", "{s}的易损件没有储备"],
    "safety": ["{s}旁边温度高，劳动强度大", "{s}缺少防护装置，不安全", "{s}操作全靠人力，工人吃力",
               "{s}附近照明不足，夜班危险"],
    "cooperation": ["{s}与{u}配合不好，互相等待", "{s}的毛病{u}和车间互相推诿",
                    "{s}出了问题找不到负责的人"],
}
TEMPLATES["power"] = {
    "technical": ["{s}运行不稳，常常跳闸", "{s}检查全靠人工，发现问题慢", "{s}负荷分配不合理"],
    "equipment": ["{s}容量不足，跟不上轧机加快", "{s}老旧，经常出故障", "{s}没有备用，一坏就停产",
                  "{s}能力没有充分发挥"],
    "rules": ["{s}的操作规定过死，限制了生产", "{s}检修要层层审批，耽误生产",
              "{s}还沿用英国人留下的旧规程", "{s}的交接手续繁琐"],
    "supply": ["{s}的备件供应不及时", "{s}用的绝缘材料常常领不到"],
    "safety": ["{s}附近没有防护，不安全", "{s}检修常要带电作业，危险"],
    "cooperation": ["{s}出了问题，动力室和车间互相推诿", "{s}与{u}配合不好，互相等待"],
}
TEMPLATES["office"] = {
    "technical": ["{s}跟不上跃进的要求", "{s}工作不细，差错多", "{s}不深入车间，脱离实际"],
    "equipment": ["{s}跟不上生产需要"],
    "rules": ["{s}手续繁琐，车间意见大", "{s}的规定过死，不适合跃进要求", "{s}层层审批，耽误生产",
              "{s}制度不合理，群众不满意"],
    "supply": ["{s}跟不上生产需要", "{s}不及时，车间常常等待", "{s}计划不准，时多时少"],
    "safety": ["{s}不落实，工人劳动强度大", "{s}照顾不到夜班工人"],
    "cooperation": ["{s}与车间脱节，下情不能上达", "{s}与{u}互相推诿", "{s}问题解决慢，车间跑断腿"],
}
DETAILS = {
    "technical": ["一个班要多停车{n}次左右。", "近来废品比二月份多。", "各班的操作方法不一样。",
                  "建议组织技术人员和老工人一起研究。", "跃进以后这个问题更突出了。"],
    "equipment": ["前后工序能力不平衡，一个班要等钢{n}次。", "这是跃进中暴露出来的新问题。",
                  "建议车间排成关键，集中力量解决。", "设备能力没有挖出来。"],
    "rules": ["这个规定是多年前订的，早已不适合了。", "大家早有意见，但谁也不敢碰。",
              "书是人写的，规章制度是人订的，不合理就应该改。", "一个月要耽误{n}个钟头。"],
    "supply": ["一个月里有{n}次因此停车。", "夜班更领不到。", "建议供应科派人到车间来。"],
    "safety": ["工人意见很大，身体也吃不消。", "上个月有{n}个人因此受轻伤。", "建议改装机械代替人力。"],
    "cooperation": ["出了问题互相推，谁也不管。", "一天要跑{n}趟也解决不了。",
                    "建议订立协作公约，人人为我，我为人人。"],
}
SOLUTIONS = {
    "technical": "老工人和技术人员一起研究，改进了{s}的操作方法，{e}。",
    "equipment": "改装{s}，提高了能力，与前后工序达到新的平衡，{e}。",
    "rules": "修改了{s}的有关规定，{e}。",
    "supply": "与供应科商定{s}的供应办法，{e}。",
    "safety": "在{s}加装机械和防护装置，改善了劳动条件，{e}。",
    "cooperation": "{s}的有关各方订立协作公约，{e}。",
}
OFFICE_SOLUTIONS = {
    "technical": "科室人员下到车间，改进了{s}的工作，{e}。",
    "equipment": "科室分工包干，改进了{s}，{e}。",
    "rules": "修改了{s}的有关规定，{e}。",
    "supply": "改进了{s}的办法，{e}。",
    "safety": "落实了{s}的措施，{e}。",
    "cooperation": "{s}的有关各方订立协作公约，{e}。",
}
EFFECTS = {
    "technical": ["废品明显减少", "每班多轧钢{n}吨左右", "青工也能掌握了", "停车次数减少一半"],
    "equipment": ["停车时间减少一半", "每班多轧钢{n}吨左右", "不再等钢", "前后工序能力平衡了"],
    "rules": ["车间反映很好", "每班多轧钢{n}吨左右", "手续简化，生产不再耽误"],
    "supply": ["不再因此停车", "夜班也能及时领到", "车间反映很好"],
    "safety": ["工人操作轻松多了", "已连续{n}天没有出事故", "劳动条件大大改善"],
    "cooperation": ["不再互相推诿", "问题当天就能解决", "车间反映很好"],
}
FORTRESS_PROPOSALS = [
    "建议把{s}改为机械传动，减轻人力。", "{s}可以仿照三道车改三槽的办法试一试。",
    "建议请老工人尖兵组一起研究{s}的改进。", "把{s}的操作分成两步，先在一个班试行。",
    "{s}的毛病在于前后配合，建议前后工序一起开会订办法。", "可以用废旧材料自制一个{s}的辅助装置。",
    "我们班试过在{s}上加一块挡板，效果不错，可以推广。", "建议先测定{s}的实际能力，再定改法。",
]
COMMENTS = ["同意，这个问题我们班也遇到过。", "建议车间尽快研究解决。", "这个问题不解决，跃进指标很难完成。",
            "我补充一点：夜班更严重。", "支持！可以请尖兵组帮助。", "这个问题去年就提过，一直没解决。"]
REOPENED_NOTE = "验收时发现问题又出现了，重新组织攻关。"
# Duplicates posted twice and merged into the first (their authors and supporters kept).
MERGED_DUPLICATES = 6

# --- Taiyuan Iron and Steel Works: the forging department's chain of weak links ---
# Capacities in tonnes a day are illustrative; every rise is the seed's (a single
# value where the seed gives a range: arc tool 30-80% → 50%, furnace 30-50% → 45%).
TAIYUAN_LINE = dict(
    unit="taiyuan-steel-forging", name="锻钢工段：加热—锻造—掌钳", measured_in="t/day",
    description="锻钢部锻钢工段的生产线：加热炉加热，汽锤锻造，掌钳工人掌钳。一个工种的技术"
                "革新必然引起另一个或几个工种的变革，生产由平衡到不平衡，由不平衡又走向新的平衡。",
    source=TY + ": 指方向，抓关键，环套环的解决问题; rises published, tonnages and days illustrative",
    # The line as it stood before 1956 (各工段的生产基本上是平衡的).
    since=D(1955, 1, 1),
    stations=[("加热炉", "104"), ("汽锤锻造", "100"), ("掌钳操作", "200")],
    note="1956年以前，锻钢部各工段的生产基本上是平衡的。",
    # Each improvement: day, station, new capacity, what was done. The line's history
    # (which station limited it from when) follows from these through
    # gexin.innovation.lines, as it would from the line's page.
    steps=[
        (D(1956, 3, 1), "汽锤锻造", "150",
         "汽锤上创造性地执行了苏联专家关于弧形钻子的建议，锻造能力提高百分之三十至八十（此处取"
         "百分之五十）。辅助设备加热炉却赶不上锻造能力。"),
        (D(1956, 9, 1), "加热炉", "156",
         "党委发动加热炉职工大胆试验，采用快速加热的措施，加热能力提高了百分之五十。"),
        (D(1958, 2, 1), "汽锤锻造", "225",
         "生产大跃进中锻造采用“双槽弧形钻子”的新技术，锻造能力提高了百分之五十，加热炉又远远"
         "落在了锻造能力的后面。"),
        (D(1958, 3, 15), "加热炉", "226.2",
         "把一号加热炉延长，提高了加热能力百分之三十至五十（此处取百分之四十五）。双槽锻造要"
         "同时锻两根，人工掌钳的劳动强度大大增强，单靠卖力气不是长远之计。"),
        (D(1958, 4, 20), "掌钳操作", "320",
         "工人与技术人员密切结合，将人工掌钳改为半机械化操作，减轻了劳动强度，一、二号锤"
         "操作的工人还减少了一半。"),
    ],
)
# The stations that limited the line, in the order the steps above make them limit it.
TAIYUAN_BOTTLENECKS = ["汽锤锻造", "加热炉", "汽锤锻造", "加热炉", "掌钳操作", "汽锤锻造"]

# --- Experimental fields (试验田) ---
FIELDS = [
    dict(leader="TG-0002", unit="taiyuan-steel-ironmaking-sinter", starts_on=D(1958, 3, 5),
         aim="经常亲自参加劳动，和工人群众同甘苦、同呼吸，了解问题，解决问题，支持工人革新技术的要求。",
         illustrative=False,
         source=TY + ": 炼铁部党委书记李玉芳，从3月5日以烧结工段作为自己的试验田; log entries "
                     "illustrative",
         entries=[
             (D(1958, 3, 5), "note", "以烧结工段作为自己的试验田，跟班参加劳动。"),
             (D(1958, 3, 8), "found", "烧结机台车漏风，烧结矿质量不稳。"),
             (D(1958, 3, 12), "found", "配料靠人工估计，配比不准。"),
             (D(1958, 3, 15), "solved", "和工人一起研究，台车密封改进以后漏风减少。"),
             (D(1958, 3, 26), "solved", "支持工人的建议，配料改为按重量配比。"),
         ]),
    dict(leader="TG-0003", unit="taiyuan-steel-power-boiler", starts_on=D(1958, 3, 10),
         aim="参加锅炉的检修，亲眼看工人的劳动条件。",
         illustrative=False,
         source=TY + ": 动力车间总支书记芦庆祥……用铁管代替人工冲水; starting day illustrative",
         entries=[
             (D(1958, 3, 12), "found", "工人钻到达六十度高温的汽包内洗水锈，闷热难受，四个工人每隔"
                                       "一刻钟就得轮换一次，工作进度缓慢，还影响工人的身体健康。"),
             (D(1958, 3, 14), "solved", "建议用铁管代替人工冲水，改变了洗水锈的操作方法，根本上改善"
                                        "了工人的劳动条件，并减少了一半洗炉工人。"),
         ]),
    dict(leader="TG-0017", unit="taiyuan-steel-construction-curing", starts_on=D(1958, 4, 7),
         ends_on=D(1958, 4, 9),
         aim="技术人员和领导干部一起到混凝土养生坑搞试验田，和工人一起研究生产关键。",
         illustrative=False,
         source=TY + ": 发现了十六个生产关键问题……三天内即解决了八个; the leader, the days and the "
                     "problems' wording illustrative",
         found_count=16, solved_count=8,
         found=["养生坑温度不均，上下层混凝土强度差别大", "蒸汽管布置不合理，坑角温度低",
                "坑盖密封不严，热量散失", "构件进出坑靠人抬，费力费时", "养生时间一律按最长规定，"
                "周转慢", "温度全凭估计，没有测温", "坑内积水，构件底面受潮", "蒸汽压力不稳",
                "构件堆放无规则，坑容积利用低", "试块送检要隔天才有结果", "夜班无人看管温度",
                "模板拆装慢，影响进坑", "坑边照明不足", "升温降温太急，构件出裂纹",
                "出坑构件无人签收", "养生记录不全"],
         solved=["按层调整蒸汽管，上下层温度均匀", "坑角加装蒸汽支管", "坑盖改用双层草帘密封",
                 "做了简易吊运小车，构件进出不再人抬", "按测温结果确定养生时间，周转加快一倍",
                 "每坑挂温度计，按时记录", "坑底垫木方，开排水沟", "升温降温分段进行，裂纹消除"]),
]
# fmt: on
