"""A lot is judged against every limit of its standard, and the verdict is computed."""

from decimal import Decimal

import pytest

from gexin.national.models import QualityResult
from gexin.national.quality import record
from gexin.national.tests.factories_quality import inspect, standard

pytestmark = pytest.mark.django_db


def test_a_lot_within_every_bound_is_qualified(world):
    lot = inspect(world.unit("plant-a-machine"), "1", {"sulphur": "0.050", "phosphorus": "0.010"})
    assert lot.result == QualityResult.QUALIFIED
    assert lot.failing == [] and lot.missing == []


def test_a_value_over_the_maximum_fails_and_is_listed(world):
    lot = inspect(world.unit("plant-a-machine"), "2", {"sulphur": "0.051", "phosphorus": "0.02"})
    assert lot.result == QualityResult.NOT_QUALIFIED
    assert lot.failing == [
        {"property": "sulphur", "value": "0.051", "minimum": None, "maximum": "0.05"}
    ]


def test_a_value_under_the_minimum_fails(world):
    lot = inspect(world.unit("plant-a-machine"), "3", {"sulphur": "0.02", "phosphorus": "0.009"})
    assert lot.result == QualityResult.NOT_QUALIFIED
    assert [row["property"] for row in lot.failing] == ["phosphorus"]


def test_a_missing_measurement_leaves_the_lot_not_judged(world):
    lot = inspect(world.unit("plant-a-machine"), "4", {"sulphur": "0.02"})
    assert lot.result == QualityResult.NOT_JUDGED
    assert lot.missing == ["phosphorus"]


def test_a_failing_value_fails_the_lot_even_with_a_measurement_missing(world):
    lot = inspect(world.unit("plant-a-machine"), "5", {"sulphur": "0.09"})
    assert lot.result == QualityResult.NOT_QUALIFIED
    assert lot.missing == ["phosphorus"]


def test_adding_the_missing_measurement_judges_the_lot(world):
    lot = inspect(world.unit("plant-a-machine"), "6", {"sulphur": "0.02"})
    record(lot, {"phosphorus": Decimal("0.03")})
    lot.refresh_from_db()
    assert lot.result == QualityResult.QUALIFIED


def test_tightening_a_limit_judges_the_lots_again(world):
    from gexin.national.quality import rejudge_standard

    lot = inspect(world.unit("plant-a-machine"), "7", {"sulphur": "0.045", "phosphorus": "0.03"})
    limit = standard().limits.get(property_code="sulphur")
    limit.maximum = Decimal("0.040")
    limit.save()
    rejudge_standard(standard())
    lot.refresh_from_db()
    assert lot.result == QualityResult.NOT_QUALIFIED
