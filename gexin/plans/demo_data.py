"""Demo plans, pledges and records reconstructed from the seed documents.

Each block below reproduces figures the seeds publish; everything else (the daily
records between the published figures, most plan targets, dates of meetings) is
illustrative and generated deterministically by gexin.plans.demo from the numbers
here, with a fixed random seed per block. Each plan's notes name the seed document,
list the published figures and say what is illustrative.

The seeds:

- seed 000: 工会基层工作参考资料·工会小组长座谈会特集, Hubei Provincial Federation of
  Trade Unions, November 1953 (the symposium of union group leaders of 5 October 1953);
- seed 001: 技术革新在工矿, compiled by the Shanxi Party committee's industry and
  transport department, Shanxi People's Publishing House, May 1958; its chapter
  车间里的革命——记上钢二厂革新技术的群众运动 (p.8) is about Shanghai No. 2 Steel Plant;
- seed 003: 群众运动冲破保守思想 重钢挖出巨大潜力, newspaper report of 19 November
  1958 (Chongqing dispatch of 18 November), page 2;
- seed 004: 立即开展以技术革命为中心的群众运动 按季度按计划抓紧钢铁生产, Xinhua report
  of 20 February 1959, page 1, with a photograph of the Beijing Special Steel Plant's
  converter workshop.

Tonnes and kilograms are plain numbers in the metric's unit (see catalogue.py).
"""

from __future__ import annotations

from datetime import date

# ruff: noqa: C408 - dict(...) rows read better than literals for keyword data
# fmt: off

SEED_000 = ("工会基层工作参考资料·工会小组长座谈会特集 (Hubei Provincial Federation of Trade "
            "Unions, November 1953)")
SEED_001 = ("技术革新在工矿 (Shanxi Party committee, industry and transport department; "
            "Shanxi People's Publishing House, May 1958), chapter 车间里的革命——记上钢二厂"
            "革新技术的群众运动, p.8")
SEED_003 = ("群众运动冲破保守思想 重钢挖出巨大潜力 (newspaper report of 19 November 1958, "
            "p.2)")
SEED_004 = ("立即开展以技术革命为中心的群众运动 按季度按计划抓紧钢铁生产 (Xinhua report of "
            "20 February 1959, p.1, with its photograph caption)")


# --- Huaxin Cement Plant, machine shop, turning union group, 1953 (seed 000 p.10) ---

HUAXIN_UNIT = "huaxin-machine-turning"
HUAXIN_RANDOM_SEED = 1953

# (month, pieces started, pieces qualified) of the whole group. The yield rate is
# qualified over started. Published (seed 000 p.10, 全组平均出品率): January 96.25%,
# May 97.93%, June 0.12 points lower than May (97.81%). The other months and all the
# piece counts are illustrative; August carries the backlog of 720 pieces the group
# cleared that month.
HUAXIN_MONTHS = [
    (1, 9_600, 9_240),     # 96.25 % (published)
    (2, 8_700, 8_387),     # 96.40 %
    (3, 10_200, 9_879),    # 96.85 %
    (4, 10_400, 10_119),   # 97.30 %
    (5, 10_000, 9_793),    # 97.93 % (published)
    (6, 10_000, 9_781),    # 97.81 %, 0.12 points below May (published)
    (7, 10_800, 10_589),   # 98.05 %
    (8, 11_900, 11_686),   # 98.20 %
    (9, 11_200, 11_021),   # 98.40 %
]

# Days off in 1953 besides Sundays: New Year, the Spring Festival, Labour Day.
HUAXIN_HOLIDAYS = [date(1953, 1, 1), date(1953, 2, 14), date(1953, 2, 15), date(1953, 2, 16),
                   date(1953, 5, 1)]

# Share of the work by skill grade (0 is an apprentice), and share of the spoilt
# pieces per piece started; apprentices spoil more until the mutual-aid groups start
# in June (seed 000 p.10). The team leader spends part of his day assigning work.
HUAXIN_WORK_SHARE = {6: 1.45, 5: 1.3, 4: 1.15, 3: 1.0, 0: 0.65}
HUAXIN_LOSS_SHARE = {6: 0.5, 5: 0.7, 4: 0.9, 3: 1.2, 0: 1.8}
HUAXIN_LOSS_SHARE_BEFORE_JUNE = {0: 2.6}
HUAXIN_PERSON_WORK_SHARE = {"HX-0002": 0.8}
# Of the pieces lost, the share spoilt on the machine (never produced); the rest are
# produced and then refused at acceptance.
HUAXIN_SPOILT_ON_MACHINE = 0.3

HUAXIN_PLAN = dict(
    unit=HUAXIN_UNIT, period_kind="month", start=date(1953, 9, 1),
    title="Group plan for September 1953",
    adopted_on=date(1953, 8, 29),
    adoption_note="group meeting of 29 August 1953 (date illustrative)",
    targets={"pieces_qualified": 11_000, "yield_rate": 98.0},
    notes=(
        "Source: seed 000, " + SEED_000 + ", report of Chen Xianfang 我们是如何提高产品质量的 "
        "(p.10).\n"
        "Published figures: the group's average yield rate (出品率) was 96.25% in January "
        "1953 and 97.93% in May, and 0.12 points lower in June than in May; Zhang Sen "
        "proposed a quality target of 96% when the group plan was revised after the "
        "quality norms were discussed in June.\n"
        "Illustrative: the month of this plan, its targets, the pledges and their "
        "conditions, the dates of the meetings, and every daily and per-person record "
        "(generated so that the group's monthly yield rates equal the published ones)."
    ),
    conditions=[
        ("quality", "Quality at least 96%, as Zhang Sen proposed when the group plan was "
                    "revised.", True),
        ("quality", "No job is accepted unless it matches its drawing; the team leader "
                    "checks every job on acceptance and sends it back at once if it does "
                    "not.", True),
        ("safety", "The four faulty lathes are repaired before they are given precision "
                   "work; a lathe is stopped before its work is measured.", True),
        ("rules", "Work is handed out after discussion in the group, not by the team "
                  "leader's estimate alone; drawings and materials are ready before a job "
                  "is handed out.", True),
        ("study", "The two technical mutual-aid groups meet every week; new methods are "
                  "shown at the weekend meeting.", True),
    ],
)

# Individual pledges: (employee number, made on, {metric: target}, [conditions]).
# Targets and conditions are illustrative; the conditions follow what seed 000 p.10
# says about each worker.
HUAXIN_PLEDGES = [
    ("HX-0001", date(1953, 8, 27), {"pieces_qualified": 700, "yield_rate": 98.5}, [
        ("study", "Lead the long-day and early shift mutual-aid group's meeting every "
                  "week.", True),
        ("rules", "Hear the members' difficulties every week and take them to the core "
                  "group.", True),
    ]),
    ("HX-0003", date(1953, 8, 27), {"pieces_qualified": 800, "yield_rate": 99.0}, [
        ("quality", "Measure every sleeve for length before handing it in.", True),
        ("study", "Show the young workers the old masters' methods at the lathe.", True),
    ]),
    ("HX-0004", date(1953, 8, 27), {"pieces_qualified": 800, "yield_rate": 99.0}, [
        ("study", "Teach Shi Guoqiang and Xiong Deming to grind the tool angle and use "
                  "the coolant.", True),
        ("safety", "Keep the repaired lathes oiled and report any fault the same day.",
         True),
    ]),
    ("HX-0009", date(1953, 8, 28), {"pieces_qualified": 540, "yield_rate": 98.0}, [
        ("rules", "Ask a master before starting a job not done before.", False),
        ("study", "Learn thread cutting from Luo Fuduan in the mutual-aid group.", True),
    ]),
    ("HX-0010", date(1953, 8, 28), {"pieces_qualified": 540, "yield_rate": 98.0}, [
        ("quality", "Check every thread groove with the gauge, not by eye.", True),
        ("rules", "Be at the lathe before the shift starts and hand it over clean.", True),
    ]),
    ("HX-0012", date(1953, 8, 28), {"pieces_qualified": 350, "yield_rate": 97.0}, [
        ("quality", "Spoil no more than 2 in 100 fine-thread screws.", True),
        ("safety", "Wear the goggles and keep the sleeves tied at the lathe.", True),
        ("study", "Attend the mutual-aid group every week and keep a notebook of the "
                  "masters' methods.", True),
    ]),
]


# --- Shashi Oil Company, boiler room, 1953 (seed 000 summary report and p.38) ---

SHASHI_UNIT = "shashi-oil-boiler-group"
SHASHI_RANDOM_SEED = 38
# Mean coal used per day (kg) in each month of 1953; published only as "from over
# 7 t to only about 2 t" (seed 000, summary report), without dates: the months are
# illustrative. Days between move smoothly from one month's level to the next.
SHASHI_DAILY_COAL = [
    (1, 7_350), (2, 7_300), (3, 7_250), (4, 6_400), (5, 5_000), (6, 3_700), (7, 2_800),
    (8, 2_300), (9, 2_050),
]
SHASHI_NOISE = 0.025
SHASHI_PLAN = dict(
    unit=SHASHI_UNIT, period_kind="month", start=date(1953, 9, 1),
    title="Coal plan for September 1953",
    adopted_on=date(1953, 8, 30),
    adoption_note="group meeting of 30 August 1953 (date illustrative)",
    targets={"coal_used": 66_000},
    notes=(
        "Source: seed 000, " + SEED_000 + ": summary report of Chen Kedong (pp.1-9), "
        "\"the Shashi oil mill boiler room's coal consumption fell from over 7 tonnes to "
        "only about 2 tonnes\", and the report of Zhou Lianke 我们小组是怎样降低煤耗完成"
        "国家生产任务的 (p.38).\n"
        "Published figures: coal consumption from over 7 t to about 2 t. The seed gives "
        "no period; the demo reads it as coal used per day.\n"
        "Illustrative: the months over which the fall happens (January to September "
        "1953), this plan's target and every daily record."
    ),
    conditions=[],
)


# --- Shanghai No. 2 Steel Plant, 1958 (seed 001 pp.8-15) ---

SHANGHAI_PLANT = "shanghai-steel-2"
SHANGHAI_WIRE_ROD = "shanghai-steel-2-wire-rod"
SHANGHAI_RANDOM_SEED = 1958
SHANGHAI_LEAP = 1.47  # the leap plan: 47% above the original plan (published)
SHANGHAI_REVISED_ON = date(1958, 3, 1)
SHANGHAI_REVISION_NOTE = ("Leap plan: 47% above the original plan, put into effect in March "
                          "instead of the second quarter (seed 001)")

# Steel heated and rolled by the wire-rod workshop, in tonnes, by period, with the
# coal per tonne range (kg/t) of each. Published: 56-57 kg/t before the shifts' new
# rules, 53-54 kg/t after; about 700 t behind the leap plan on 15 March. The tonnages
# are illustrative: February above the original plan, 1-15 March higher again but
# 725 t short of the leap plan's pace, April just above the leap plan. Records stop
# on 15 March, the day of the published shortfall, and resume on 1 April.
SHANGHAI_PERIODS = [
    dict(first=date(1958, 2, 1), last=date(1958, 2, 28), steel=8_400.0,
         coal_per_tonne=(56.1, 56.9), swing=0.05),
    dict(first=date(1958, 3, 1), last=date(1958, 3, 15), steel=5_321.0,
         coal_per_tonne=(56.1, 56.9), swing=0.12),
    dict(first=date(1958, 4, 1), last=date(1958, 4, 30), steel=12_610.0,
         coal_per_tonne=(53.1, 53.9), swing=0.05),
]

SHANGHAI_NOTES = (
    "Source: seed 001, " + SEED_001 + ".\n"
    "Published figures: the plant's leap plan for the year was 47% above the original "
    "plan (the demo applies it to steel output) and was put into effect in March instead "
    "of the second quarter; by 15 March the plant was more than 700 t (七百多吨) behind "
    "it; the wire-rod workshop's reheating furnaces then cut coal from 56-57 to 53-54 kg "
    "per tonne of steel.\n"
    "Illustrative: the tonnages of the original plan (so also of the leap plan), the "
    "dates of adoption and revision, and every daily record (generated to match the "
    "published figures). Records stop on 15 March, the day of the published shortfall, "
    "so the March fulfilment shows the plant as it stood then; they resume in April."
)

# (period kind, start, {metric: original target}, revised by the leap plan?)
SHANGHAI_PLANS = [
    ("year", date(1958, 1, 1), "Plan for 1958", {"steel_output": 100_000}, True),
    ("month", date(1958, 2, 1), "February 1958", {"steel_output": 8_000}, False),
    ("month", date(1958, 3, 1), "March 1958: first month of the leap plan",
     {"steel_output": 8_500}, True),
    ("month", date(1958, 4, 1), "April 1958", {"steel_output": 8_500}, True),
]
# Not revised: April's coal target is set with the leap plan.
SHANGHAI_APRIL_COAL_PER_TONNE = 55.0


# --- Chongqing Iron and Steel Company, 1958 (seed 003) ---

CHONGQING_COMPANY = "chongqing-steel"
CHONGQING_STEEL_UNIT = "chongqing-steel-steelmaking-open-hearth"
CHONGQING_PRODUCTS_UNIT = "chongqing-steel-rolling"
CHONGQING_RANDOM_SEED = 1118
# Tonnes in September and October 1958 and in 1-15 November. Published: October
# steel 84% above September, steel products 13% above, products rising further in
# the first half of November. The September tonnages are illustrative.
CHONGQING_SEPTEMBER_STEEL = 20_000.0
CHONGQING_SEPTEMBER_PRODUCTS = 15_000.0
CHONGQING_STEEL_RISE = 1.84
CHONGQING_PRODUCTS_RISE = 1.13
CHONGQING_NOVEMBER_FIRST_HALF = dict(steel=18_750.0, products=8_850.0)
CHONGQING_PLAN = dict(
    unit=CHONGQING_COMPANY, period_kind="month", start=date(1958, 10, 1),
    title="October 1958",
    adopted_on=date(1958, 9, 28),
    adoption_note="company production meeting (date illustrative)",
    targets={"steel_output": 35_000, "steel_products_output": 17_000},
    notes=(
        "Source: seed 003, " + SEED_003 + ".\n"
        "Published figures: steel output in October 1958 84% above September; steel "
        "products 13% above September although many rolling workers were lent to "
        "steelmaking, and still rising in the first half of November.\n"
        "Illustrative: every tonnage (September is set at 20,000 t of steel and "
        "15,000 t of products), this plan's targets and every daily record."
    ),
    conditions=[],
)


# --- The 1959 national plan (seed 004) and its breakdown ---

NATIONAL_RANDOM_SEED = 1959
NATIONAL_YEAR = date(1959, 1, 1)
NATIONAL_STEEL = 18_000_000  # published: 一千八百万吨钢
# The first quarter's share of the year: illustrative (the seed names the quarter's
# tasks but not their size).
FIRST_QUARTER_SHARE = "0.22"

# Year targets of steel (t) by province and plant. Illustrative, except that they add
# up to the published 18 Mt and that Taiyuan's is the 500,000 t its steelmaking
# department expected for 1959 (seed 001). The demo tree holds only the plants of the
# seeds, so each plant stands for its province's other works too.
NATIONAL_BREAKDOWN = {
    "liaoning": {"dalian-steel": 3_500_000, "benxi-steel": 5_000_000,
                 "fushun-steel": 3_500_000},
    "hubei": {"daye-steel": 3_000_000},
    "heilongjiang": {"beiman-steel": 1_480_000},
    "sichuan": {"chongqing-steel": 700_000},
    "shanxi": {"taiyuan-steel": 500_000},
    "shanghai": {"shanghai-steel-2": 300_000},
    "beijing": {"beijing-special-steel": 20_000},
}

NATIONAL_NOTES = (
    "Source: seed 004, " + SEED_004 + ": the Ministry's production telephone conference "
    "of 14 February 1959 called for this year's 18 million tonnes of steel, the first "
    "quarter's tasks first of all; from January to the first half of February output was "
    "above the same period of last year but below the level the first-quarter plan "
    "requires.\n"
    "Published figures: 18,000,000 t of steel for 1959.\n"
    "Illustrative: the first-quarter target (22% of the year), the breakdown to "
    "provinces and plants (it adds up at every level; the demo tree holds only the "
    "plants of the seeds, so each stands for its province's other works too), the "
    "adoption dates and every daily record of 1 January to 14 February 1959."
)
NATIONAL_ADOPTION_NOTE = "illustrative: the seeds do not say when the plan was adopted"
TAIYUAN_NOTE = ("Taiyuan's 500,000 t is the 1959 output its steelmaking department "
                "expected in May 1958 (seed 001, p.1).")

# Where each plant's steel is recorded, and its pace from 1 January to 14 February
# 1959 as a share of the first-quarter plan's daily level (illustrative; below it, as
# the seed says of the country).
NATIONAL_RECORDS_FIRST = date(1959, 1, 1)
NATIONAL_RECORDS_LAST = date(1959, 2, 14)
NATIONAL_RECORD_UNITS = [
    ("dalian-steel", "dalian-steel-steelmaking", 0.88),
    ("benxi-steel", "benxi-steel-steelmaking", 0.86),
    ("fushun-steel", "fushun-steel-steelmaking", 0.84),
    ("daye-steel", "daye-steel-rolling", 0.87),
    ("beiman-steel", "beiman-steel-steelmaking", 0.82),
    ("chongqing-steel", "chongqing-steel-steelmaking-open-hearth", 0.90),
    ("taiyuan-steel", "taiyuan-steel-steelmaking", 0.91),
    ("shanghai-steel-2", "shanghai-steel-2-wire-rod", 0.89),
    # Beijing Special Steel: see BEIJING below.
]


# --- Beijing Special Steel Plant, converter workshop, 1959 (seed 004) ---

BEIJING_PLANT = "beijing-special-steel"
BEIJING_CONVERTER = "beijing-special-steel-converter"
BEIJING_RANDOM_SEED = 202
BEIJING_RECORD_DAY = date(1959, 2, 2)
BEIJING_RECORD_HEATS = 14       # published: 单炉提炼十四炉 on 2 February
BEIJING_QUALIFIED_RATE = "0.966"  # published: 钢锭合格率 96.6%
# The demo's workshop runs one converter of about 4 t a heat (illustrative); heats a
# day before the record are 9 to 13, and the ingot qualified rate climbs from about
# 94% in January to 96.6% in February.
BEIJING_HEAT_TONNES = (3.8, 4.3)
BEIJING_RECORD_DAY_INGOTS = 59.0
BEIJING_PLAN = dict(
    unit=BEIJING_CONVERTER, period_kind="month", start=date(1959, 2, 1),
    title="February 1959",
    adopted_on=date(1959, 1, 30),
    adoption_note="workshop meeting (date illustrative)",
    targets={"heats": 330, "steel_output": 1_350, "ingot_qualified_rate": 95.0},
    notes=(
        "Source: seed 004, " + SEED_004 + ": \"The Beijing Special Steel Plant created a "
        "new record of fourteen heats in a single furnace on 2 February; the qualified "
        "rate of steel ingots also reached 96.6%. This is the converter workshop.\"\n"
        "Published figures: 14 heats in one converter on 2 February 1959; ingot "
        "qualified rate 96.6%.\n"
        "Illustrative: the demo workshop has that one converter of about 4 t a heat; "
        "this plan's targets and every daily record of 1 January to 14 February 1959 "
        "(generated so that 2 February has 14 heats and 96.6% qualified ingots, and the "
        "first half of February 96.6% as well)."
    ),
    conditions=[],
)
# fmt: on
