"""Demo technical assistance between plants, reconstructed from seeds 002 and 001.

- seed 002 (交流经验 取长补短 共同提高 东北四钢厂大搞技术互助, newspaper report of 27
  August 1958, p.2): the inter-plant technical assistance competition of the four
  north-east steel plants was begun in September 1956 by Benxi and one other plant;
  their fifth conference, held at Dalian Steel shortly before the report, exchanged 56
  advanced experiences, turned the equipment competition into a competition of
  same-type workshops, moved contract management down from the plants to the
  workshops, and set up express reports and assistance cards. Benxi heated the ingot
  head to raise its ingot yield; the shorter heads made rolling dangerous and caused
  injuries, until Benxi saw the lifting table for turning plates at Dalian's blooming
  mill and ended them. Dalian's roll changes took long and Benxi's very little: after a
  specialist meeting and site visit at Benxi, Dalian cut its roll-change time by 50%
  (medium-section mill) and by 30-40% (small-section mill);
- seed 001 (技术革新在工矿, Shanxi, May 1958, pp.1-7, 组织协作，为己为人): Taiyuan Steel's
  coking department found low-sulphur coking coal at the Xinzhi mine of Huo county,
  which had no modern transport; Taiyuan gave the mine 240 t of rails and more than ten
  trucks and asked the local government to send 40 horse carts; the mine's coal is now
  40% of the coking department's. Inside the plant the transport department, the
  laboratory and the supply office were told to work closely with the producing units.

What the seeds state is named in each row's `source`; everything else (the contract's
terms and dates, the items, 53 of the 56 experiences, every figure before and after
except the seed's 50%, 30-40%, 240 t, 40 carts and 40%, the reports, cards and the
internal cooperations) is illustrative and marked so. Dalian's roll-change figures are
not written here: they are read from the records of the competitions demo; only the
small-section mill's records, which no earlier step writes, are generated below.
"""

from __future__ import annotations

from datetime import date

# ruff: noqa: C408, E501 - dict(...) rows and long Chinese lines read better as they are
# fmt: off

D = date
RANDOM_SEED = 1958_08_20

SEED_001 = "seed 001 (技术革新在工矿, Shanxi, May 1958) pp.1-7, 组织协作，为己为人"
SEED_002 = "seed 002 (东北四钢厂大搞技术互助, report of 27 August 1958, p.2)"

# The plants and the demo logins acting for them (org demo, plus Dalian's added below).
PLANTS = ["dalian-steel", "benxi-steel", "fushun-steel", "beiman-steel"]
DALIAN_LOGIN = "dalian-rolling-manager"
BENXI_LOGIN = "benxi-rolling-manager"
MINISTRY_LOGIN = "ministry-admin"

# --- What the earlier steps lack ---

# Equipment maintenance, one of the kinds of work whose experiences were exchanged.
WORK_TYPES = [
    dict(code="maintenance", name="Equipment maintenance", name_zh="设备维修"),
]

# A login for Dalian's rolling workshops, so that a visitor can act for Dalian's side.
PEOPLE = [
    dict(employee_number="DL-0007", name="宋文才", name_latin="Song Wencai",
         unit="dalian-steel-medium-rolling", skill_grade=None, date_joined="1950-06-01",
         username=DALIAN_LOGIN, roles=[("dalian-steel-medium-rolling", "manager"),
                                       ("dalian-steel-small-rolling", "manager")],
         source="illustrative: director of the medium- and small-section rolling workshops; demo login"),
]


# --- 1. The technical assistance contract (seed 002; terms illustrative) ---

CONTRACT = dict(
    unit="mmi",
    number="东北四厂互助-1958",
    title="1958年东北四钢厂厂际技术互助合同 / Inter-plant technical assistance contract of the four north-east steel plants, 1958",
    parties=PLANTS,
    signed_on=D(1958, 1, 10), starts_on=D(1958, 1, 1), ends_on=D(1958, 8, 31),
    status="in_force",
    description=(
        "东北四个钢厂的厂际技术互助竞赛，1956年9月由本溪等两个钢厂首先发起。本合同规定四厂在1958年1月至8月"
        "互相传授先进经验、派遣技术人员、接待参观、供应图纸和材料，由第五次会议逐项评比。第五次会议决定将合同"
        "管理权由厂部下放到车间，各项目由承担的车间负责。\n"
        "The four plants' inter-plant technical assistance competition was begun in September 1956 by "
        "Benxi and one other plant. This contract binds the four to teach each other their advanced "
        "methods, send experts, receive visits and supply drawings and material from January to August "
        "1958; the fifth conference judges it item by item. The fifth conference moved contract "
        "management from the plants down to the workshops: each item is owned by the workshop that "
        "carries it out. The ministry stands here for the four plants' joint conference, the one unit "
        "above all four in the demo tree."
    ),
    illustrative=True,
    source=(SEED_002 + ": the contracts, the competition begun in September 1956, contract management "
            "moved to the workshops. Illustrative: the number, dates and items of this contract"),
)

# (key, kind, owning workshop, for, description, due, status, done on, verdict, evaluation
# note, item note, experience key). Every item is due by the fifth conference, which
# judges each: ten done (one late), one cancelled by agreement, one overdue.
CONTRACT_ITEMS = [
    ("visit-benxi-rolling", "visit", "benxi-steel-rolling", "dalian-steel",
     "接待大连等厂到本溪轧钢车间召开换辊专业会议，现场参观快速换轧辊。/ Receive Dalian and the other plants at Benxi's rolling mill: specialist meeting and site visit on the fast roll change.",
     D(1958, 6, 30), "done", D(1958, 6, 27), "fulfilled", "专业会议如期召开，四厂参加。/ Held as agreed, all four plants attended.", "", "roll-change"),
    ("teach-roll-change-medium", "teach", "benxi-steel-rolling", "dalian-steel-medium-rolling",
     "向大连中型轧钢车间传授快速换轧辊方法。/ Teach Dalian's medium-section mill the fast roll change.",
     D(1958, 7, 31), "done", D(1958, 7, 5), "fulfilled", "大连中型换辊时间缩短一半。/ Dalian's medium mill halved its roll-change time.", "", "roll-change"),
    ("teach-roll-change-small", "teach", "benxi-steel-rolling", "dalian-steel-small-rolling",
     "向大连小型轧钢车间传授快速换轧辊方法。/ Teach Dalian's small-section mill the fast roll change.",
     D(1958, 7, 31), "done", D(1958, 7, 8), "fulfilled", "小型换辊时间缩短三成以上。/ The small mill cut its roll-change time by over 30%.", "", "roll-change"),
    ("drawings-lifting-table", "drawings", "dalian-steel-blooming", "benxi-steel-blooming",
     "向本溪开坯车间供应开坯机升降台图纸一套。/ Supply Benxi's blooming workshop a set of drawings of the blooming mill's lifting table.",
     D(1958, 3, 31), "done", D(1958, 3, 25), "fulfilled", "图纸按时寄到。/ Drawings arrived on time.", "", "lifting-table"),
    ("experts-lifting-table", "experts", "dalian-steel-blooming", "benxi-steel-blooming",
     "派钳工二人到本溪协助安装升降台。/ Send two fitters to help Benxi install the lifting table.",
     D(1958, 4, 30), "done", D(1958, 4, 12), "fulfilled", "安装后未再发生翻钢伤人。/ No injury at turning since it was installed.", "", "lifting-table"),
    ("teach-ingot-head", "teach", "benxi-steel-steelmaking", "dalian-steel-steelmaking",
     "向大连炼钢车间传授钢锭帽口加热方法。/ Teach Dalian's steelmaking workshop the heating of the ingot head.",
     D(1958, 5, 31), "done", D(1958, 5, 20), "fulfilled", "", "", "ingot-head"),
    ("material-fushun-beiman", "material", "fushun-steel-steelmaking", "beiman-steel-steelmaking",
     "向北满炼钢车间调剂高铝砖二十吨。/ Let Beiman's steelmaking workshop have 20 t of high-alumina bricks.",
     D(1958, 5, 15), "done", D(1958, 6, 4), "partly", "迟交二十天。/ Delivered twenty days late.", "", ""),
    ("experts-beiman-furnace", "experts", "benxi-steel-rolling", "beiman-steel-rolling",
     "派加热炉工一人到北满轧钢车间指导改进烧嘴。/ Send a furnace man to Beiman's rolling workshop to help rebuild its burners.",
     D(1958, 6, 30), "done", D(1958, 6, 18), "fulfilled", "", "", "fast-heating"),
    ("visit-dalian-bearings", "visit", "dalian-steel-medium-rolling", "fushun-steel-rolling",
     "接待抚顺轧钢车间参观胶木轴瓦。/ Receive Fushun's rolling workshop to see the resin-fabric bearings.",
     D(1958, 7, 15), "done", D(1958, 7, 10), "fulfilled", "", "", "resin-bearings"),
    ("drawings-repeaters", "drawings", "dalian-steel-small-rolling", "beiman-steel-rolling",
     "向北满轧钢车间供应小型轧机围盘图纸。/ Supply Beiman's rolling workshop the drawings of the small mill's repeaters.",
     D(1958, 8, 10), "done", D(1958, 8, 6), "fulfilled", "", "", "repeaters"),
    ("material-roll-blanks", "material", "beiman-steel-steelmaking", "fushun-steel-rolling",
     "为抚顺轧钢车间铸造合金轧辊坯四支。/ Cast four alloy roll blanks for Fushun's rolling workshop.",
     D(1958, 7, 31), "cancelled", None, "postponed", "双方同意推迟到下一合同。/ Both sides agreed to carry it to the next contract.",
     "北满电炉大修，双方同意推迟。/ Beiman's furnace is under repair; postponed by agreement.", ""),
    ("experts-fushun-roll-change", "experts", "benxi-steel-rolling", "fushun-steel-rolling",
     "派换辊钳工二人到抚顺轧钢车间传授快速换轧辊。/ Send two roll-change fitters to teach Fushun's rolling workshop the fast roll change.",
     D(1958, 8, 10), "planned", None, "not_fulfilled", "本溪换辊钳工未能按期派出。/ Benxi's fitters were not sent in time.", "", "roll-change"),
]


# --- 2. The fifth conference and its 56 experiences (seed 002) ---

CONFERENCE = dict(
    unit="dalian-steel", number=5,
    title="东北四钢厂厂际技术互助第五次会议 / Fifth inter-plant technical assistance conference of the four north-east steel plants",
    held_on=D(1958, 8, 20),
    place="大连钢厂 / Dalian Steel Works",
    participants=PLANTS,
    decisions=(
        "一、将原有厂际间设备竞赛发展为四个厂同工种车间的社会主义劳动竞赛。\n"
        "二、将合同管理权由厂部下放到车间。\n"
        "三、建立四个厂之间的技术革新快报和技术互助卡片制，及时交流合同项目中没有签订的、随时出现的技术革新经验。\n"
        "1. The inter-plant equipment competition becomes a socialist labour competition of the four "
        "plants' same-type workshops.\n"
        "2. Contract management moves from the plants down to the workshops.\n"
        "3. Express reports of technical innovations and technical assistance cards are set up "
        "between the four plants, so that innovations not in the contract are exchanged at once."
    ),
    illustrative=False,
    source=(SEED_002 + ": held at Dalian Steel, 56 experiences exchanged, the three decisions. "
            "Illustrative: the date (the report says only 'recently')"),
)

# The seed's own experiences. Figures are illustrative, except the fast roll change's
# "after", which is Benxi's June 1958 roll-change time read from the records.
SEED_EXPERIENCES = [
    dict(key="ingot-head", unit="benxi-steel-steelmaking", work_type="steelmaking",
         title="钢锭帽口加热 / Heating the ingot head",
         problem="钢锭帽头长，切头多，钢锭收合率低。/ Long ingot heads are cropped off and the ingot yield stays low.",
         method=("浇注后对钢锭帽口加热保温，使帽头缩短，提高钢锭收合率。帽头缩短后开坯时夹持翻钢困难，须同时改进翻钢设备"
                 "（参看大连钢厂开坯机升降台）。/ The ingot head is heated after teeming so that the head is shorter and "
                 "more of the ingot is used. The shorter head is hard to grip and turn at the blooming mill: "
                 "improve the turning too (see Dalian's lifting table)."),
         figure="钢锭收合率（%）/ ingot yield (%)", direction="higher", before="82.0", after="86.5",
         introduced_on=D(1957, 11, 15), people=[], illustrative=False,
         source=SEED_002 + ": Benxi heated the ingot head to raise the ingot yield; the shorter head endangered rolling. Illustrative: the figures, the date and the method's details"),
    dict(key="lifting-table", unit="dalian-steel-blooming", work_type="rolling",
         title="开坯机升降台翻钢板 / Lifting table for turning plates at the blooming mill",
         problem=("开坯机翻钢靠人工撬翻，钢锭帽头短时夹不住，多次发生伤人事故。/ Plates were turned at the blooming "
                  "mill by hand with bars; short ingot heads slipped and caused many injuries."),
         method=("在开坯机前后装设升降台，钢板由升降台抬起翻转，工人离开危险区操作。/ A lifting table before and "
                 "after the blooming mill raises and tips the plate, and the crew works clear of it."),
         figure="翻钢伤人事故（次/季）/ injuries at turning (per quarter)", direction="lower", before="2", after="0",
         introduced_on=D(1957, 9, 1), people=["DL-0003", "DL-0004"], illustrative=False,
         source=SEED_002 + ": the lifting table for turning plates at Dalian's blooming mill, which ended Benxi's injuries. Illustrative: Dalian's own figures, the date and the people"),
    dict(key="roll-change", unit="benxi-steel-rolling", work_type="rolling",
         title="快速换轧辊 / Fast roll change",
         problem=("换辊时间长，轧机停机等候，影响产量的提高。/ Long roll changes stop the mill and hold back output."),
         method=("换辊前备好轧辊、导卫和工具，换辊钳工与轧钢工分工同时作业，换辊时间很短。/ Rolls, guides and tools "
                 "are ready before the mill stops; fitters and rollers work side by side, so each roll change is short."),
         metric="roll_change_time", direction="lower", before="85.0", after=None,
         introduced_on=D(1957, 10, 1), people=["BX-0004", "BX-0003"], illustrative=False,
         source=SEED_002 + ": Benxi's very short roll changes, shown at a specialist meeting at Benxi. Illustrative: the figure before (1957), the date and the people; the figure after is Benxi's June 1958 record"),
]

# The other 53 experiences exchanged at the conference, all illustrative:
# (key or "", source unit, work type, title, problem, method, figure, direction, before, after).
# Units are the plants' workshops; maintenance experiences come from the plant itself.
OTHER_EXPERIENCES = [
    # Dalian Steel Works
    ("", "dalian-steel-steelmaking", "steelmaking", "电炉炉盖改砌高铝砖 / High-alumina bricks for the electric-furnace roof",
     "电炉炉盖寿命短，每月多次停炉修盖。/ The furnace roof wears out fast and the furnace stops for roof repairs several times a month.",
     "炉盖改砌高铝砖，并改进砌法。/ The roof is relined with high-alumina bricks laid in a new pattern.",
     "炉盖寿命（炉次）/ roof life (heats)", "higher", "45", "72"),
    ("", "dalian-steel-steelmaking", "steelmaking", "电炉吹氧助熔 / Oxygen-assisted melting in the electric furnace",
     "熔化期长，耗电多。/ The melting period is long and uses much power.",
     "熔化期用钢管向炉内吹氧，加速废钢熔化。/ Oxygen is blown through a steel pipe to melt the scrap faster.",
     "每炉冶炼时间（分钟）/ time per heat (min)", "lower", "290", "235"),
    ("", "dalian-steel-steelmaking", "steelmaking", "钢包快速烘烤 / Fast ladle drying",
     "新砌钢包烘烤慢，钢包周转不过来。/ Newly lined ladles dry slowly and too few are ready.",
     "用煤气烧嘴代替木柴烘烤。/ A gas burner replaces the wood fire.",
     "烘烤时间（小时）/ drying time (h)", "lower", "24", "10"),
    ("", "dalian-steel-steelmaking", "steelmaking", "钢锭模涂料改进 / Better ingot-mould coating",
     "钢锭表面结疤多，清理工作量大。/ Ingots come out with scabs that take long to chip off.",
     "改用焦油石墨混合涂料，喷涂均匀。/ A tar-and-graphite coating is sprayed on evenly.",
     "钢锭表面缺陷率（%）/ ingots with surface defects (%)", "lower", "6.5", "3.0"),
    ("", "dalian-steel-blooming", "rolling", "初轧加大压下量 / Heavier drafts at the blooming mill",
     "开坯道次多，轧制节奏慢。/ Too many passes slow the blooming mill down.",
     "经测定加大每道压下量，减少道次。/ After trial measurements each pass takes a heavier draft and passes are cut.",
     "每支钢锭轧制道次 / passes per ingot", "lower", "15", "12"),
    ("soaking-pits", "dalian-steel-blooming", "rolling", "均热炉分段控温 / Zoned temperature control in the soaking pits",
     "钢锭加热不均，开坯时易出裂纹。/ Ingots heat unevenly and crack at the mill.",
     "按钢种分段控制炉温，并记在炉温卡片上。/ Pit temperature is kept by stages for each grade and written on a card.",
     "开坯裂纹废品率（%）/ cracked blooms (%)", "lower", "2.4", "1.1"),
    ("", "dalian-steel-medium-rolling", "rolling", "导卫板样板调整 / Setting the guides with a template",
     "导卫板调整全凭经验，试轧多次才能正常。/ Guides are set by feel and several trial bars are wasted.",
     "制作导卫样板，按样板一次调好。/ A gauge template lets the guides be set right the first time.",
     "每次调整试轧根数 / trial bars per setting", "lower", "5", "1"),
    ("", "dalian-steel-medium-rolling", "rolling", "冷床链式拨钢机 / Chain transfer on the cooling bed",
     "冷床靠人工拨钢，劳动强度大。/ Bars are pushed across the cooling bed by hand.",
     "加装链式拨钢机。/ A chain transfer moves the bars across.",
     "", "higher", None, None),
    ("repeaters", "dalian-steel-small-rolling", "rolling", "小型轧机围盘 / Repeaters on the small-section mill",
     "轧件在机架间靠人工喂钢，速度慢，易烫伤。/ Bars are fed between stands by hand: slow, and the crew gets burnt.",
     "安装围盘，轧件自动导入下一道。/ Repeaters guide the bar into the next pass by themselves.",
     "小时产量（吨）/ output per hour (t)", "higher", "6.2", "8.0"),
    ("", "dalian-steel-small-rolling", "rolling", "双线轧制 / Rolling two bars at once",
     "小规格钢材产量低。/ Small sizes come off the mill slowly.",
     "精轧孔型同时轧两根。/ Two bars go through the finishing passes side by side.",
     "小时产量（吨）/ output per hour (t)", "higher", "4.5", "7.8"),
    ("resin-bearings", "dalian-steel", "maintenance", "轧机胶木轴瓦 / Resin-fabric bearings for the mill necks",
     "铜瓦磨损快，耗用大量铜。/ Bronze bearings wear fast and use scarce copper.",
     "改用胶木轴瓦，用水润滑冷却。/ Resin-bonded fabric bearings cooled by water take their place.",
     "轴瓦寿命（天）/ bearing life (days)", "higher", "20", "90"),
    ("", "dalian-steel", "maintenance", "天车计划检修 / Planned maintenance of the overhead cranes",
     "天车带病运转，常在生产中途坏车。/ Cranes run until they break down in the middle of a shift.",
     "按运转小时排定检修计划，每周定时检查。/ Inspections by running hours and a fixed weekly check.",
     "天车故障停车（次/月）/ crane breakdowns (per month)", "lower", "9", "3"),
    ("", "dalian-steel", "maintenance", "电机绝缘快速烘干 / Fast drying of damp motor windings",
     "受潮电机烘干要好几天。/ A damp motor takes days to dry.",
     "用低压短路电流烘干线圈。/ A low-voltage short-circuit current dries the winding.",
     "烘干时间（小时）/ drying time (h)", "lower", "72", "16"),
    ("", "dalian-steel", "maintenance", "旧轧辊改制 / Turning down worn rolls for the small mill",
     "报废轧辊堆积，新辊供应紧张。/ Worn rolls pile up while new ones are scarce.",
     "大轧机的旧辊车小后供小型轧机使用。/ Worn rolls of the big mills are turned down for the small mill.",
     "", "higher", None, None),
    # Benxi Steel Works
    ("", "benxi-steel-steelmaking", "steelmaking", "平炉机械补炉 / Fettling the open hearth by machine",
     "出钢后人工补炉时间长。/ Fettling by hand after tapping takes long.",
     "用投补机向炉底炉坡投补白云石。/ A fettling machine throws dolomite on the banks.",
     "补炉时间（分钟）/ fettling time (min)", "lower", "50", "20"),
    ("hot-metal", "benxi-steel-steelmaking", "steelmaking", "平炉热装铁水 / Hot metal charging in the open hearth",
     "冷装生铁熔化慢。/ Cold pig iron melts slowly.",
     "高炉铁水直接兑入平炉。/ Hot metal from the blast furnace is poured straight in.",
     "每炉冶炼时间（小时）/ hours per heat", "lower", "11.5", "9.0"),
    ("", "benxi-steel-steelmaking", "steelmaking", "平炉炉顶镁铝砖 / Magnesia-alumina roof bricks",
     "硅砖炉顶寿命短。/ Silica roofs last few heats.",
     "炉顶改砌镁铝砖。/ The roof is built of magnesia-alumina bricks.",
     "炉顶寿命（炉次）/ roof life (heats)", "higher", "160", "260"),
    ("", "benxi-steel-steelmaking", "steelmaking", "出钢口快速堵塞 / Quick plugging of the tap hole",
     "出钢口堵不严，漏钢伤人。/ A badly plugged tap hole leaks steel.",
     "改进堵口材料，使用长柄工具。/ A better plugging mix and a long-handled tool.",
     "", "higher", None, None),
    ("", "benxi-steel-steelmaking", "steelmaking", "中注管保温 / Keeping the central runner hot",
     "下注时钢水在中注管内冷凝。/ Steel freezes in the central runner during bottom pouring.",
     "中注管外加保温套。/ An insulating sleeve is fitted round the runner.",
     "中注管冷钢事故（次/月）/ frozen runners (per month)", "lower", "7", "1"),
    ("fast-stripping", "benxi-steel-blooming", "rolling", "钢锭快速脱模红送 / Fast stripping and hot charging of ingots",
     "脱模慢，钢锭冷了才送均热炉。/ Slow stripping leaves the ingots to cool before the soaking pits.",
     "改进脱模吊钳，钢锭红送均热炉。/ Better stripping tongs; ingots go red-hot to the pits.",
     "热送率（%）/ hot charging rate (%)", "higher", "55", "85"),
    ("", "benxi-steel-blooming", "rolling", "剪刃堆焊 / Hard-facing the shear blades",
     "剪刃磨损快，经常更换。/ Blades wear fast and must often be replaced.",
     "剪刃刃口堆焊耐磨合金。/ A hard-facing alloy is welded on the edge.",
     "剪刃寿命（天）/ blade life (days)", "higher", "7", "25"),
    ("", "benxi-steel-blooming", "rolling", "推床拨爪改进 / Stronger manipulator fingers",
     "推床拨爪容易折断。/ The manipulator's fingers break.",
     "改用加厚的铸钢拨爪。/ Thicker cast-steel fingers.",
     "", "higher", None, None),
    ("fast-heating", "benxi-steel-rolling", "rolling", "加热炉改进烧嘴 / New burners for faster reheating",
     "加热时间长，轧机等钢。/ The mill waits for hot steel.",
     "改进烧嘴，提高炉温，缩短加热时间。/ Better burners raise the furnace temperature.",
     "加热时间（小时）/ heating time (h)", "lower", "4.0", "3.0"),
    ("", "benxi-steel-rolling", "rolling", "孔型设计改进 / Improved pass design",
     "孔型不合理，轧件易出耳子。/ Badly designed passes leave fins on the bar.",
     "修改孔型，合理分配延伸。/ The passes are redrawn to share the elongation better.",
     "成材率（%）/ rolling yield (%)", "higher", "91.5", "93.0"),
    ("", "benxi-steel-rolling", "rolling", "按实测切头 / Crop ends cut to measure",
     "切头切尾长，浪费钢材。/ Long crop ends waste steel.",
     "按实测的头尾形状确定切头长度。/ The crop length is set from measured bar ends.",
     "切头率（%）/ crop loss (%)", "lower", "4.0", "2.5"),
    ("", "benxi-steel", "maintenance", "轴承集中润滑 / Central lubrication of the mill bearings",
     "人工逐个加油，漏加就烧瓦。/ Bearings are oiled one by one by hand; a missed one burns out.",
     "装设集中干油润滑站。/ A central grease station feeds every bearing.",
     "烧瓦事故（次/月）/ burnt bearings (per month)", "lower", "4", "0"),
    ("", "benxi-steel", "maintenance", "轧机分段流水检修 / Mill overhaul section by section",
     "大修时全线停机，时间长。/ The whole line stops for a long overhaul.",
     "检修按部位分段，各工种流水作业。/ The overhaul is split by parts and the trades follow each other.",
     "大修时间（天）/ overhaul time (days)", "lower", "12", "7"),
    # Fushun Steel Works
    ("", "fushun-steel-steelmaking", "steelmaking", "电炉炉衬热补 / Hot gunning of the electric-furnace lining",
     "炉衬侵蚀快，停炉修补时间长。/ The lining wears fast and repairs stop the furnace long.",
     "出钢后立即用喷补料热补。/ The lining is gunned hot right after tapping.",
     "补炉时间（分钟）/ repair time (min)", "lower", "40", "15"),
    ("", "fushun-steel-steelmaking", "steelmaking", "废钢分类打包 / Sorting and baling the scrap",
     "废钢杂乱，装料次数多。/ Loose mixed scrap needs many charging baskets.",
     "废钢按钢种分类，轻料打包。/ Scrap is sorted by grade and light scrap baled.",
     "装料时间（分钟）/ charging time (min)", "lower", "45", "25"),
    ("", "fushun-steel-steelmaking", "steelmaking", "炉前快速分析 / Quick analysis at the furnace",
     "等化验结果时间长。/ The furnace waits long for the laboratory's results.",
     "试验室在炉前设快速分析点。/ The laboratory sets up a quick-analysis post at the furnace.",
     "等样时间（分钟）/ waiting for analysis (min)", "lower", "30", "8"),
    ("", "fushun-steel-steelmaking", "steelmaking", "合金料预热 / Preheating the ferro-alloys",
     "冷合金加入后钢水降温，成分不匀。/ Cold alloys chill the bath and the analysis is uneven.",
     "合金料在炉顶预热后加入。/ Alloys are preheated on the furnace roof before they go in.",
     "", "higher", None, None),
    ("", "fushun-steel-steelmaking", "steelmaking", "钢锭模轮换冷却 / Longer mould life by rotating cooling",
     "钢锭模早期裂纹，消耗大。/ Ingot moulds crack early and many are used up.",
     "控制钢锭模使用温度，轮换冷却。/ Mould temperature is kept in bounds and the moulds cool in turn.",
     "钢锭模寿命（次）/ mould life (casts)", "higher", "60", "95"),
    ("", "fushun-steel-rolling", "rolling", "冷床前喷水冷却 / Water spray before the cooling bed",
     "冷床不够用，轧件冷却慢。/ The cooling bed is too small and bars cool slowly.",
     "冷床前加装喷水冷却。/ Water sprays cool the bars before the bed.",
     "", "higher", None, None),
    ("", "fushun-steel-rolling", "rolling", "矫直机调整 / Setting up the straightener",
     "矫直不直，返工多。/ Bars leave the straightener bent and come back for rework.",
     "调整矫直辊间距和角度。/ Roller spacing and angles are set anew.",
     "矫直返工率（%）/ straightening rework (%)", "lower", "8", "3"),
    ("", "fushun-steel-rolling", "rolling", "加热炉余热回收 / Heat recovery on the reheating furnace",
     "加热炉吨钢耗煤高。/ The reheating furnace burns much coal per tonne.",
     "改进炉膛，加装换热器回收余热。/ A better chamber and a recuperator recover the waste heat.",
     "吨钢耗煤（公斤/吨）/ coal per tonne (kg/t)", "lower", "180", "140"),
    ("", "fushun-steel-rolling", "rolling", "一火成材 / Rolling in one heat",
     "大规格钢材要两次加热。/ Large sizes need a second heat.",
     "提高开轧温度，减少道次，一火轧成。/ A hotter start and fewer passes finish the bar in one heat.",
     "回炉率（%）/ reheated bars (%)", "lower", "30", "5"),
    ("", "fushun-steel-rolling", "rolling", "轧辊冷却水对准孔型 / Cooling water aimed at the passes",
     "轧辊冷却不匀，辊面龟裂。/ Uneven cooling crazes the roll surface.",
     "改装喷水管，水对准孔型。/ New spray pipes aim the water at the passes.",
     "每套轧辊轧钢量（吨）/ steel per roll set (t)", "higher", "1200", "1800"),
    ("", "fushun-steel", "maintenance", "减速机漏油治理 / Stopping gearbox oil leaks",
     "减速机漏油严重，浪费大。/ Gearboxes leak much oil.",
     "改进密封，加装回油槽。/ Better seals and an oil return groove.",
     "每月耗油（公斤）/ oil used (kg per month)", "lower", "600", "150"),
    ("", "fushun-steel", "maintenance", "吊车钢丝绳保养 / Longer crane rope life",
     "钢丝绳断丝快。/ Crane ropes fray fast.",
     "定期涂油，改用大直径滑轮。/ Regular greasing and larger sheaves.",
     "钢丝绳寿命（天）/ rope life (days)", "higher", "40", "75"),
    ("", "fushun-steel", "maintenance", "四厂备件统一标准 / Common spare parts for the four plants",
     "备件规格杂，坏了找不到。/ Spares come in many sizes and the right one is missing when needed.",
     "四厂统一常用备件的图纸和规格，互相调剂。/ The four plants agree drawings and sizes of common spares and lend them to each other.",
     "", "higher", None, None),
    # Beiman Steel Works
    ("", "beiman-steel-steelmaking", "steelmaking", "电炉料罐装料 / Charging the electric furnace by basket",
     "人工装料慢。/ Charging by hand is slow.",
     "改用料罐一次装入。/ A drop-bottom basket charges the furnace in one go.",
     "装料时间（分钟）/ charging time (min)", "lower", "50", "10"),
    ("", "beiman-steel-steelmaking", "steelmaking", "电极接头改进 / Better electrode joints",
     "电极接头容易折断。/ Electrodes break at the joints.",
     "改进接头加工和拧紧方法。/ Joints are machined better and screwed home tight.",
     "电极折断（次/月）/ broken electrodes (per month)", "lower", "6", "1"),
    ("", "beiman-steel-steelmaking", "steelmaking", "冬季钢包保温 / Keeping ladles hot in winter",
     "冬季严寒，钢水在包内降温快，浇注困难。/ In the hard winter steel cools fast in the ladle.",
     "钢包加盖，包壁加保温层。/ Ladles get lids and insulated walls.",
     "浇注不良（炉/月）/ bad casts (heats per month)", "lower", "9", "2"),
    ("", "beiman-steel-steelmaking", "steelmaking", "炉渣试样快速判断碱度 / Reading slag basicity from a sample",
     "凭经验看渣，脱硫不稳定。/ Slag is judged by eye and desulphurisation is unsteady.",
     "炉前取渣样，按断口颜色快速判断碱度。/ A slag sample's fracture tells the basicity at the furnace.",
     "", "higher", None, None),
    ("", "beiman-steel-rolling", "rolling", "活套挑板改进 / Better looper plates",
     "活套不稳，轧件堆钢。/ Unsteady loops pile the bar up between stands.",
     "改进活套挑板。/ Redesigned looper plates hold the loop.",
     "堆钢事故（次/月）/ cobbles (per month)", "lower", "12", "4"),
    ("", "beiman-steel-rolling", "rolling", "加热炉水冷滑轨 / Water-cooled skids in the reheating furnace",
     "炉底结渣，钢坯粘连。/ Slag builds on the hearth and billets stick.",
     "改用水冷滑轨。/ Water-cooled skids carry the billets.",
     "", "higher", None, None),
    ("", "beiman-steel-rolling", "rolling", "飞剪调整 / Setting up the flying shear",
     "飞剪剪切不齐。/ The flying shear cuts ragged ends.",
     "调整剪刃间隙，改进离合器。/ Blade gap set anew and a better clutch.",
     "剪切废品（%）/ shearing scrap (%)", "lower", "1.8", "0.6"),
    ("", "beiman-steel-rolling", "rolling", "热锯锯片改进 / Longer hot-saw blades",
     "锯片磨损快。/ Saw blades wear fast.",
     "改进锯齿形状，加水冷却。/ A new tooth shape and water cooling.",
     "锯片寿命（班）/ blade life (shifts)", "higher", "3", "8"),
    ("", "beiman-steel-rolling", "rolling", "冬季轧机防冻 / Winterising the mill",
     "冬季冷却水管冻裂，轧机停产。/ Frozen water pipes burst in winter and the mill stops.",
     "管路保温，停机时放水。/ Pipes are lagged and drained when the mill stands.",
     "冻裂停机（小时/月）/ frost stoppages (h per month)", "lower", "40", "4"),
    ("", "beiman-steel-rolling", "rolling", "钢坯火焰清理 / Flame scarfing of billets",
     "人工铲除钢坯表面缺陷慢。/ Chipping billet defects by hand is slow.",
     "改用火焰清理。/ Defects are burnt off with a torch.",
     "清理效率（吨/班）/ billets cleaned (t per shift)", "higher", "20", "60"),
    ("", "beiman-steel", "maintenance", "堆焊修复轧辊 / Rebuilding worn rolls by welding",
     "轧辊磨损后报废，新辊难得。/ Worn rolls are scrapped and new ones are hard to get.",
     "用堆焊修复辊颈和辊面。/ Necks and barrels are rebuilt by welding.",
     "", "higher", None, None),
    ("", "beiman-steel", "maintenance", "水泵整体备芯检修 / Pump overhaul with a spare core",
     "水泵坏了修得慢，影响冷却。/ A broken pump takes long to mend and the cooling suffers.",
     "备好泵芯，坏了整体换上再修旧芯。/ A spare core is fitted whole and the old one mended afterwards.",
     "检修时间（小时）/ repair time (h)", "lower", "16", "3"),
    ("", "beiman-steel", "maintenance", "电气设备巡回检查 / Rounds on the electrical equipment",
     "电气事故多。/ Electrical faults are frequent.",
     "电工按路线巡回检查，记录在卡片上。/ Electricians walk a set round and note each check on a card.",
     "电气事故（次/月）/ electrical faults (per month)", "lower", "10", "3"),
]
EXPERIENCES_SOURCE = (
    "illustrative: one of the 56 experiences exchanged at the fifth conference (" + SEED_002 + "); "
    "title, texts and figures invented"
)
# The illustrative experiences were introduced between these days, one every few days.
INTRODUCED_FROM = D(1957, 9, 1)
INTRODUCED_EVERY_DAYS = 6


# --- 3. Spread and adoption (seed 002) ---

# Dalian's small-section mill: roll changes and minutes per change by month, June to
# December 1958 (illustrative; the cut from June to September is 35%, inside the
# seed's 30-40%). Its medium-section mill's figures are the competitions demo's.
SMALL_MILL = "dalian-steel-small-rolling"
SMALL_MILL_MONTHS = {
    6: (50, 80), 7: (50, 66), 8: (52, 56), 9: (50, 52), 10: (52, 51), 11: (50, 50), 12: (52, 50),
}
SMALL_MILL_BATCH = "demo (illustrative): Dalian small-section mill roll changes, June-December 1958"
MEDIUM_MILL = "dalian-steel-medium-rolling"
# The months compared: before the specialist meeting at Benxi, and after.
BEFORE_MONTH = (D(1958, 6, 1), D(1958, 6, 30))
AFTER_MONTH = (D(1958, 9, 1), D(1958, 9, 30))

# The result of a roll-change adoption, from its figures before and after.
ROLL_CHANGE_RESULT = (
    "换辊时间由1958年6月的每次{before}分钟缩短到9月的{after}分钟，缩短{cut}%。/ Roll-change time "
    "fell from {before} min each in June 1958 to {after} min in September, {cut}% less."
)

ADOPTIONS = [
    dict(experience="lifting-table", unit="benxi-steel-blooming", pushed_on=D(1958, 3, 20),
         pushed_by=None, check_due=D(1958, 6, 30), adopted_on=D(1958, 4, 15),
         how=("参观大连开坯机后，按大连供应的图纸装设升降台，大连派钳工协助安装。/ After the visit to Dalian's "
              "blooming mill the lifting table was built from Dalian's drawings, with Dalian's fitters."),
         before="4", after="0",
         result="杜绝了翻钢伤人事故。/ No more injuries at turning.",
         recorded_by=None, illustrative=False,
         source=SEED_002 + ": Benxi adopted Dalian's lifting table and ended the injuries. Illustrative: the dates and the count before (4 a quarter)"),
    dict(experience="roll-change", unit=MEDIUM_MILL, pushed_on=D(1958, 6, 27),
         pushed_by=BENXI_LOGIN, check_due=D(1958, 9, 30), adopted_on=D(1958, 7, 1),
         how=("参加本溪换辊专业会议和现场参观后，回厂推广快速换轧辊。/ After the specialist meeting and site visit at "
              "Benxi, the mill took up the fast roll change."),
         before=None, after=None, result="", recorded_by=DALIAN_LOGIN, illustrative=False,
         source=SEED_002 + ": Dalian's medium-section mill cut its roll-change time by 50%. Figures: the records of June and September 1958"),
    dict(experience="roll-change", unit=SMALL_MILL, pushed_on=D(1958, 6, 27),
         pushed_by=BENXI_LOGIN, check_due=D(1958, 9, 30), adopted_on=D(1958, 7, 1),
         how=("参加本溪换辊专业会议和现场参观后，回厂推广快速换轧辊。/ After the specialist meeting and site visit at "
              "Benxi, the mill took up the fast roll change."),
         before=None, after=None, result="", recorded_by=DALIAN_LOGIN, illustrative=False,
         source=SEED_002 + ": Dalian's small-section mill cut its roll-change time by 30-40%. Figures: the records of June and September 1958 (illustrative, 35%)"),
    dict(experience="roll-change", unit="fushun-steel-rolling", pushed_on=D(1958, 8, 20),
         pushed_by=BENXI_LOGIN, check_due=D(1958, 10, 31), adopted_on=None, how="",
         before=None, after=None, result="", recorded_by=None, illustrative=True,
         source="illustrative: pushed to Fushun at the fifth conference; its check is overdue"),
]


# --- 4. Express reports and subscriptions (set up by the fifth conference) ---

# (unit, published on, author, title, body, experience key)
EXPRESS_REPORTS = [
    ("dalian-steel-medium-rolling", D(1958, 9, 5), DALIAN_LOGIN,
     "中型轧钢车间换辊时间缩短一半 / Medium mill halves its roll-change time",
     "学习本溪钢厂快速换轧辊经验后，我车间换辊时间由6月的每次{before}分钟缩短到9月的{after}分钟。"
     "办法是换辊前备好轧辊、导卫和工具，钳工与轧钢工同时作业。\n"
     "After learning Benxi's fast roll change our roll changes fell from {before} minutes each in June "
     "to {after} in September.",
     "roll-change"),
    ("benxi-steel-rolling", D(1958, 9, 12), BENXI_LOGIN,
     "加热炉改进烧嘴，三小时出钢 / New burners: steel hot in three hours",
     "轧钢车间加热炉改进烧嘴后，钢坯加热时间由四小时缩短到三小时，轧机不再等钢。欢迎各厂来函索取烧嘴图纸。\n"
     "With new burners our billets are hot in three hours instead of four. Ask us for the drawings.",
     ""),
    ("dalian-steel-blooming", D(1958, 10, 8), None,
     "均热炉分段控温，开坯裂纹减少一半 / Zoned soaking pits halve cracked blooms",
     "开坯车间均热炉按钢种分段控温，开坯裂纹废品率由2.4%降到1.1%。\n"
     "Keeping the soaking pits by stages for each grade cut cracked blooms from 2.4% to 1.1%.",
     ""),
    ("benxi-steel-steelmaking", D(1958, 10, 20), None,
     "平炉热装铁水，每炉缩短两个半小时 / Hot metal cuts two and a half hours a heat",
     "炼钢车间平炉改为热装铁水，每炉冶炼时间由十一个半小时缩短到九小时。\n"
     "Pouring hot metal into the open hearth cut each heat from eleven and a half hours to nine.",
     ""),
]
EXPRESS_SOURCE = "illustrative: express reports were set up by the fifth conference (" + SEED_002 + ")"
PUBLISHED_AT_HOUR = 10


# --- 5. Technical assistance cards (set up by the fifth conference; all illustrative) ---

# kind, posting unit, title, description, work type, needed by, experience key, status,
# and what happened: counterpart, matched (day, login), delivered (day, login, note),
# confirmed (day, login, note), withdrawn (day, reason), posted by, posted on.
CARDS = [
    dict(kind="request", unit="beiman-steel-rolling", status="open",
         title="求援：小型轧机围盘图纸 / Request: drawings of repeaters for the small mill",
         description="我车间小型轧机仍靠人工喂钢，请有围盘的兄弟厂寄图纸。/ Our small mill is still fed by hand; a plant with repeaters, please send drawings.",
         work_type="rolling", needed_by=D(1958, 12, 31), experience="repeaters", posted_by=None, posted=D(1958, 10, 20)),
    dict(kind="offer", unit="benxi-steel-blooming", status="open",
         title="提供：钢锭快速脱模红送的操作方法 / Offer: how we strip ingots fast and charge them hot",
         description="我车间热送率由55%提高到85%，愿派人或寄资料介绍。/ Our hot charging rose from 55% to 85%; we can send someone or the papers.",
         work_type="rolling", needed_by=None, experience="fast-stripping", posted_by=None, posted=D(1958, 10, 25)),
    dict(kind="request", unit="fushun-steel-steelmaking", status="matched",
         title="求援：电炉炉盖高铝砖砌筑方法 / Request: how to lay a high-alumina furnace roof",
         description="我厂电炉炉盖寿命只有四十多炉，请传授高铝砖炉盖的砌法。/ Our roofs last forty-odd heats; please teach us the high-alumina roof.",
         work_type="steelmaking", needed_by=D(1958, 11, 30), experience="", posted_by=None, posted=D(1958, 10, 8),
         counterpart="dalian-steel-steelmaking", matched=(D(1958, 10, 15), None)),
    dict(kind="request", unit="dalian-steel-small-rolling", status="confirmed",
         title="求援：加热炉快速加热的烧嘴图纸 / Request: burner drawings for faster reheating",
         description="我车间加热炉加热时间四个小时，轧机常等钢，请本溪钢厂寄烧嘴图纸。/ Our billets take four hours to heat and the mill waits; Benxi, please send your burner drawings.",
         work_type="rolling", needed_by=D(1958, 10, 31), experience="fast-heating", posted_by=DALIAN_LOGIN, posted=D(1958, 9, 5),
         counterpart="benxi-steel-rolling", matched=(D(1958, 9, 14), BENXI_LOGIN),
         delivered=(D(1958, 9, 26), BENXI_LOGIN, "寄去烧嘴图纸两套，并派炉工一人到大连指导一周。/ Two sets of drawings sent, and a furnace man for a week."),
         confirmed=(D(1958, 10, 6), DALIAN_LOGIN, "按图改装烧嘴后，加热时间缩短到三小时十分。/ With the new burners heating takes three hours ten minutes.")),
    dict(kind="request", unit="beiman-steel-steelmaking", status="withdrawn",
         title="求援：电极接头加工车床 / Request: a lathe for electrode joints",
         description="我车间缺少加工电极接头的车床。/ We have no lathe to machine electrode joints.",
         work_type="steelmaking", needed_by=D(1958, 11, 15), experience="", posted_by=None, posted=D(1958, 9, 20),
         withdrawn=(D(1958, 10, 10), "本厂机修车间自制了专用车床，不再需要。/ Our repair shop built the lathe; no longer needed.")),
]
CARDS_SOURCE = "illustrative: assistance cards were set up by the fifth conference (" + SEED_002 + ")"


# --- 6. Cooperation (seed 001) ---

COOPERATIONS = [
    dict(key="xinzhi", kind="external", unit="taiyuan-steel-coking", partner=None,
         partner_name="霍县辛置煤矿 / Xinzhi coal mine, Huo county",
         title="与霍县辛置煤矿协作，保证低硫炼焦煤 / Low-sulphur coking coal from the Xinzhi mine",
         description=(
             "炼焦部的原煤大部分由山东新汶煤矿和河北井陉煤矿运来，路远，运费大，焦炭质量低，高炉利用系数不能提高。"
             "工程技术人员多次深入矿山调查试验，在霍县辛置煤矿找到适合炼焦的低硫煤，但该矿缺乏现代化运输工具，"
             "不能经常及时保证原煤供应。太钢行政领导主动支援辛置煤矿道轨二百四十吨、大卡车十多辆，又请当地政府"
             "调拨四十辆马车专门运煤。\n"
             "Most of the coking department's coal came from far away (Xinwen in Shandong, Jingxing in "
             "Hebei), at high cost, and made poor coke. The engineers found low-sulphur coking coal at "
             "the Xinzhi mine of Huo county, which had no modern transport. Taiyuan gave the mine 240 t "
             "of rails and more than ten trucks, and asked the local government to send 40 horse carts."
         ),
         needed_by=None, status="confirmed", posted=D(1958, 1, 20),
         matched=(D(1958, 2, 10), None), delivered=(D(1958, 3, 15), None, "道轨二百四十吨、大卡车十多辆已交煤矿，当地政府调拨马车四十辆。/ 240 t of rails and over ten trucks handed to the mine; the local government sent 40 horse carts."),
         confirmed=(D(1958, 4, 30), None, "辛置煤矿的煤已占炼焦部原煤的百分之四十。/ Xinzhi coal is now 40% of the coking department's coal."),
         items=[
             ("given", "道轨 / rails", "240", "吨 / t"),
             ("given", "大卡车（原文“十多辆”）/ trucks (the seed: more than ten)", "12", "辆 / trucks"),
             ("given", "马车，太钢请当地政府调拨 / horse carts sent by the local government at Taiyuan's request", "40", "辆 / carts"),
             ("received", "低硫炼焦原煤，占炼焦部所用原煤 / low-sulphur coking coal, share of the coking department's coal", "40", "%"),
         ],
         illustrative=False,
         source=(SEED_001 + ": the Xinzhi mine's low-sulphur coal, 240 t of rails, more than ten trucks, "
                 "40 horse carts, 40% of the coal. Illustrative: 12 trucks for 'more than ten', the dates")),
    dict(key="dispatch", kind="internal", unit="taiyuan-steel-steelmaking", partner="taiyuan-steel-transport",
         partner_name="",
         title="运输部按出钢计划调车 / Transport shunts to the steelmaking department's tapping plan",
         description=(
             "平炉出钢后钢锭和铁水罐等车，影响下一炉。请运输部按出钢计划调车，炼钢部提前一小时通知出钢时间。\n"
             "Ingots and hot-metal ladles wait for locomotives after tapping. Transport is asked to shunt "
             "to the tapping plan; steelmaking tells it the tapping time an hour ahead."
         ),
         needed_by=D(1958, 5, 31), status="delivered", posted=D(1958, 4, 10),
         matched=(D(1958, 4, 20), None), delivered=(D(1958, 5, 10), None, "调车权下放到东、中、西三个调度区，按出钢计划调车。/ Shunting moved down to the east, middle and west dispatch areas and follows the tapping plan."),
         confirmed=None,
         items=[
             ("given", "出钢时间提前一小时通知 / tapping time announced an hour ahead", None, ""),
             ("received", "按出钢计划调车 / locomotives on the tapping plan", None, ""),
         ],
         illustrative=True,
         source=(SEED_001 + ": the transport department to work closely with the producing units; "
                 "locomotive dispatch moved down to three areas. Illustrative: this request, its dates and items")),
    dict(key="laboratory", kind="internal", unit="taiyuan-steel-ironmaking", partner="taiyuan-steel-laboratory",
         partner_name="",
         title="试验室每班快速分析焦炭含硫 / Laboratory to test coke sulphur every shift",
         description=(
             "新煤源的焦炭质量要及时掌握，请试验室每班快速分析焦炭含硫量，及时通知高炉调整配料。\n"
             "The blast furnaces need to know the new coke's sulphur at once: the laboratory is asked to "
             "test it every shift and tell the furnaces."
         ),
         needed_by=D(1958, 6, 30), status="open", posted=D(1958, 5, 25),
         matched=None, delivered=None, confirmed=None, items=[],
         illustrative=True,
         source=(SEED_001 + ": the laboratory to work closely with the producing units. Illustrative: "
                 "this request")),
]
