"""Test objects of quality: a standard with sulphur and phosphorus limits, and inspections
of plant A's machine shop and of plant B's rolling workshop (which plant A's people may
not see)."""

import datetime
from decimal import Decimal

from gexin.national.models import Inspection, Product, ProductStandard, StandardLimit
from gexin.national.quality import record

# {route name (UI "national:x_detail" or API "x-detail"): key into examples(world)}
ROUTES = {
    **{
        f"national:productstandard_{action}": "standard"
        for action in ("detail", "edit", "delete", "history")
    },
    **{
        f"national:inspection_{action}": "inspection"
        for action in ("detail", "edit", "delete", "history")
    },
    "productstandard-detail": "standard",
    "standardlimit-detail": "limit",
    "inspection-detail": "inspection",
}

# Product standards are a shared catalogue: everyone signed in reads them, only an
# administrator at the root changes them.
CATALOGUE_ROUTES = {
    *(f"national:productstandard_{action}" for action in ("detail", "edit", "delete", "history")),
    "productstandard-detail",
    "standardlimit-detail",
}

DAY = datetime.date(1959, 2, 2)


def standard(code="ingot-test"):
    """A standard: sulphur ≤ 0.050 %, phosphorus 0.010–0.080 %."""
    found = ProductStandard.objects.filter(code=code).first()
    if found is not None:
        return found
    made = ProductStandard.objects.create(
        code=code, name="Test ingot", name_zh="试验钢锭", product=Product.STEEL_INGOT, grade="A"
    )
    StandardLimit.objects.create(
        standard=made,
        property_code="sulphur",
        property_name="Sulphur",
        property_name_zh="硫",
        maximum=Decimal("0.050"),
    )
    StandardLimit.objects.create(
        standard=made,
        property_code="phosphorus",
        property_name="Phosphorus",
        property_name_zh="磷",
        minimum=Decimal("0.010"),
        maximum=Decimal("0.080"),
    )
    return made


def inspect(unit, lot, values, day=DAY, tonnes=None, of=None):
    """An inspection of `lot` in `unit` with `values` {property: str}, judged."""
    return record(
        Inspection(
            unit=unit,
            standard=of or standard(),
            lot_number=lot,
            inspected_on=day,
            tonnes=None if tonnes is None else Decimal(str(tonnes)),
        ),
        {code: Decimal(value) for code, value in values.items()},
    )


def examples(world):
    """A standard and its limit (shared), an inspection inside plant A, one in plant B;
    made once per world."""
    cached = getattr(world, "_quality_examples", None)
    if cached is not None:
        return cached
    made = standard()
    world._quality_examples = {
        "standard": made,
        "limit": made.limits.get(property_code="sulphur"),
        "inspection": inspect(
            world.unit("plant-a-turning"), "A-0202-01", {"sulphur": "0.031", "phosphorus": "0.05"}
        ),
        "inspection_b": inspect(
            world.unit("plant-b-rolling"), "B-0202-01", {"sulphur": "0.031", "phosphorus": "0.05"}
        ),
    }
    return world._quality_examples
