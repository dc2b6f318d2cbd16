"""Pages of standards and inspections: who sees and changes what, and the phone form."""

import pytest
from django.urls import reverse

from gexin.core.testing import CatalogueViewContract, ViewContract
from gexin.national.models import Inspection, QualityResult
from gexin.national.tests.factories_quality import examples, standard

pytestmark = pytest.mark.django_db


def inspection_data(world, obj, **changes):
    data = {
        "unit": obj.unit.code,
        "standard": obj.standard.pk,
        "lot_number": obj.lot_number,
        "inspected_on": obj.inspected_on.isoformat(),
        "tonnes": "4.2",
        "inspector": "laboratory",
        "note": "",
        "m_sulphur": "0.031",
        "m_phosphorus": "0.05",
    }
    data.update(changes)
    return data


class TestInspectionPages(ViewContract):
    app = "national"
    model_name = "inspection"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["inspection"], "out_of_scope": found["inspection_b"]}

    def valid_edit(self, world, obj):
        return inspection_data(world, obj, m_sulphur="0.070")

    def invalid_edit(self, world, obj):
        return inspection_data(world, obj, inspected_on="2 Feb"), "inspected_on"

    def export_key(self, obj):
        return obj.lot_number


class TestStandardPages(CatalogueViewContract):
    app = "national"
    model_name = "productstandard"

    def example(self, world):
        return standard()

    def valid_edit(self, world, obj):
        limits = list(obj.limits.all())
        data = {
            "code": obj.code,
            "name": "Test ingot, revised",
            "name_zh": obj.name_zh,
            "product": obj.product,
            "grade": obj.grade,
            "issued_by": "",
            "description": "",
            "limits-TOTAL_FORMS": str(len(limits)),
            "limits-INITIAL_FORMS": str(len(limits)),
            "limits-MIN_NUM_FORMS": "0",
            "limits-MAX_NUM_FORMS": "1000",
        }
        for n, limit in enumerate(limits):
            data.update(
                {
                    f"limits-{n}-id": str(limit.pk),
                    f"limits-{n}-property_code": limit.property_code,
                    f"limits-{n}-property_name": limit.property_name,
                    f"limits-{n}-property_name_zh": limit.property_name_zh,
                    f"limits-{n}-unit_of_measure": limit.unit_of_measure,
                    f"limits-{n}-minimum": "" if limit.minimum is None else str(limit.minimum),
                    f"limits-{n}-maximum": "0.040"
                    if limit.property_code == "sulphur"
                    else str(limit.maximum),
                }
            )
        return data


def test_tightening_a_limit_on_the_page_judges_the_lots_again(world, client_for):
    found = examples(world)
    lot = found["inspection"]
    data = TestStandardPages().valid_edit(world, found["standard"])
    # 0.031 % sulphur stays within the tightened 0.040 %; a lot at 0.045 % now fails.
    from gexin.national.tests.factories_quality import inspect

    high = inspect(
        world.unit("plant-a-turning"), "high", {"sulphur": "0.045", "phosphorus": "0.05"}
    )
    assert high.result == QualityResult.QUALIFIED
    response = client_for("admin").post(
        reverse("national:productstandard_edit", args=[found["standard"].pk]), data
    )
    assert response.status_code == 302
    high.refresh_from_db()
    lot.refresh_from_db()
    assert (high.result, lot.result) == (QualityResult.NOT_QUALIFIED, QualityResult.QUALIFIED)


def test_a_keeper_records_a_heat_with_its_measurements_on_one_form(world, client_for):
    made = standard()
    client = client_for("manager_a")
    form = client.get(reverse("national:inspection_add"))
    assert form.status_code == 200
    assert "m_sulphur" in form.context["form"].fields
    response = client.post(
        reverse("national:inspection_add"),
        {
            "unit": "plant-a-machine",
            "standard": made.pk,
            "lot_number": "0202-07",
            "inspected_on": "1959-02-02",
            "m_sulphur": "0.062",
            "m_phosphorus": "0.05",
        },
    )
    assert response.status_code == 302
    lot = Inspection.objects.get(lot_number="0202-07")
    assert lot.result == QualityResult.NOT_QUALIFIED
    assert [row["property"] for row in lot.failing] == ["sulphur"]
    page = client.get(lot.get_absolute_url()).content.decode()
    assert "not qualified" in page


def test_the_same_lot_on_the_same_day_is_refused(world, client_for):
    found = examples(world)
    lot = found["inspection"]
    response = client_for("manager_a").post(
        reverse("national:inspection_add"), inspection_data(world, lot)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["lot_number"]


def test_a_lot_without_every_measurement_shows_as_not_judged(world, client_for):
    made = standard()
    client = client_for("manager_a")
    client.post(
        reverse("national:inspection_add"),
        {
            "unit": "plant-a-turning",
            "standard": made.pk,
            "lot_number": "half",
            "inspected_on": "1959-02-02",
            "m_sulphur": "0.02",
        },
    )
    lot = Inspection.objects.get(lot_number="half")
    assert lot.result == QualityResult.NOT_JUDGED
    page = client.get(lot.get_absolute_url()).content.decode()
    assert "not measured" in page and 'data-result="not_judged"' in page


def test_the_list_filters_by_result_unit_standard_and_dates(world, client_for):
    found = examples(world)
    from gexin.national.tests.factories_quality import inspect

    inspect(world.unit("plant-a-machine"), "bad", {"sulphur": "0.09", "phosphorus": "0.05"})
    client = client_for("admin")
    url = reverse("national:inspection_list")

    def shown(**query):
        response = client.get(url, query)
        return {o.lot_number for o in response.context["page"].object_list}

    assert shown(result="not_qualified") == {"bad"}
    assert shown(within="plant-b") == {"B-0202-01"}
    assert shown(standard="ingot-test", within="plant-a") == {"A-0202-01", "bad"}
    assert shown(start="1959-02-03") == set()
    assert "A-0202-01" in shown(start="1959-02-02", end="1959-02-02")
    assert found


def test_a_group_leader_may_read_but_not_record(world, client_for):
    examples(world)
    client = client_for("leader_a")
    assert client.get(reverse("national:inspection_list")).status_code == 200
    assert client.get(reverse("national:inspection_add")).status_code == 403


def test_a_new_standard_on_the_form_drops_the_old_properties(world, client_for):
    from decimal import Decimal

    from gexin.national.models import Measurement, ProductStandard, StandardLimit

    lot = examples(world)["inspection"]
    # A property measured under the old standard that no standard limits any more.
    Measurement.objects.create(inspection=lot, property_code="carbon", value=Decimal("0.2"))
    other = ProductStandard.objects.create(code="ingot-other", name="Other", product="steel_ingot")
    StandardLimit.objects.create(
        standard=other, property_code="sulphur", property_name="Sulphur", maximum=Decimal("0.04")
    )
    data = inspection_data(world, lot, standard=other.pk)
    del data["m_phosphorus"]
    response = client_for("manager_a").post(
        reverse("national:inspection_edit", args=[lot.pk]), data
    )
    assert response.status_code == 302
    lot.refresh_from_db()
    assert set(lot.measurements.values_list("property_code", flat=True)) == {"sulphur"}
    assert lot.result == QualityResult.QUALIFIED
