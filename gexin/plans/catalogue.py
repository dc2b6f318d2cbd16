"""The standard metrics, installed by a migration (and refreshed by `gexin demo`).

(code, name, Chinese name, unit, Chinese unit, kind, direction, numerator,
denominator, factor, decimals, description)
"""

QUANTITY, RATIO = "quantity", "ratio"
HIGHER, LOWER = "higher", "lower"

# fmt: off
METRICS = [
    ("steel_output", "Steel output", "钢产量", "t", "吨", QUANTITY, HIGHER, None, None, 1, 1,
     "Tonnes of steel made (or heated and rolled, in a rolling workshop)."),
    ("steel_products_output", "Steel products output", "钢材产量", "t", "吨", QUANTITY, HIGHER,
     None, None, 1, 1, "Tonnes of finished rolled products."),
    ("steel_charged", "Steel charged for rolling", "入炉钢坯", "t", "吨", QUANTITY, HIGHER,
     None, None, 1, 1, "Tonnes of ingots and billets charged; the base of the rolling yield."),
    ("pig_iron_output", "Pig iron output", "生铁产量", "t", "吨", QUANTITY, HIGHER, None, None,
     1, 1, ""),
    ("furnace_volume_days", "Blast-furnace volume-days", "高炉容积·日", "m³·d", "立方米·日",
     QUANTITY, HIGHER, None, None, 1, 0,
     "The useful volume of each blast furnace in blow, recorded once a day."),
    ("ingots_produced", "Ingots cast", "钢锭产量", "t", "吨", QUANTITY, HIGHER, None, None, 1, 1,
     ""),
    ("ingots_qualified", "Qualified ingots", "合格钢锭", "t", "吨", QUANTITY, HIGHER, None, None,
     1, 1, ""),
    ("heats", "Heats", "炉次", "heats", "炉", QUANTITY, HIGHER, None, None, 1, 0, ""),
    ("coal_used", "Coal used", "耗煤量", "kg", "公斤", QUANTITY, LOWER, None, None, 1, 0, ""),
    ("pieces_started", "Pieces started", "投料件数", "pieces", "件", QUANTITY, HIGHER, None,
     None, 1, 0, "Blanks issued to the machines, including those later scrapped."),
    ("pieces_produced", "Pieces produced", "生产件数", "pieces", "件", QUANTITY, HIGHER, None,
     None, 1, 0, ""),
    ("pieces_qualified", "Pieces qualified", "合格件数", "pieces", "件", QUANTITY, HIGHER, None,
     None, 1, 0, ""),
    ("pieces_scrapped", "Pieces scrapped", "废品件数", "pieces", "件", QUANTITY, LOWER, None,
     None, 1, 0, ""),
    ("stoppages", "Stoppages", "停机次数", "stoppages", "次", QUANTITY, LOWER, None, None, 1, 0,
     ""),
    ("downtime_minutes", "Downtime", "停机时间", "min", "分钟", QUANTITY, LOWER, None, None, 1,
     0, ""),
    ("accidents", "Accidents", "事故", "accidents", "次", QUANTITY, LOWER, None, None, 1, 0, ""),
    ("qualified_rate", "Qualified rate", "合格率", "%", "%", RATIO, HIGHER, "pieces_qualified",
     "pieces_produced", 100, 2, "Pieces qualified over pieces produced."),
    ("yield_rate", "Yield rate", "出品率", "%", "%", RATIO, HIGHER, "pieces_qualified",
     "pieces_started", 100, 2, "Pieces qualified over pieces started."),
    ("rolling_yield", "Rolling yield", "成材率", "%", "%", RATIO, HIGHER,
     "steel_products_output", "steel_charged", 100, 2,
     "Finished products over steel charged."),
    ("ingot_qualified_rate", "Ingot qualified rate", "钢锭合格率", "%", "%", RATIO, HIGHER,
     "ingots_qualified", "ingots_produced", 100, 2, ""),
    ("coal_per_tonne_steel", "Coal per tonne of steel", "吨钢耗煤", "kg/t", "公斤/吨", RATIO,
     LOWER, "coal_used", "steel_output", 1, 1, "Coal used over steel output."),
    ("bf_utilisation", "Blast-furnace utilisation coefficient", "高炉利用系数", "t/(m³·d)",
     "吨/(立方米·日)", RATIO, HIGHER, "pig_iron_output", "furnace_volume_days", 1, 3,
     "Pig iron over useful volume times days."),
]
# fmt: on


def install(metric_model):
    """Create or refresh the standard metrics with the given model class."""
    by_code = {}
    for (
        code,
        name,
        name_zh,
        unit,
        unit_zh,
        kind,
        direction,
        numerator,
        denominator,
        factor,
        decimals,
        description,
    ) in METRICS:
        fields = {
            "name": name,
            "name_zh": name_zh,
            "unit_of_measure": unit,
            "unit_of_measure_zh": unit_zh,
            "kind": kind,
            "direction": direction,
            "numerator": by_code.get(numerator),
            "denominator": by_code.get(denominator),
            "factor": factor,
            "decimals": decimals,
            "description": description,
        }
        metric = metric_model.objects.filter(code=code).first()
        if metric is None:
            metric = metric_model.objects.create(code=code, **fields)
        by_code[code] = metric
    return by_code
