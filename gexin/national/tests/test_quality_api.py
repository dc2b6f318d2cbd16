"""The API of standards, limits, inspections (with nested measurements) and the import."""

import pytest

from gexin.core.testing import APIContract
from gexin.national.models import Inspection, QualityResult
from gexin.national.tests.factories_quality import examples, standard

pytestmark = pytest.mark.django_db


class TestInspectionAPI(APIContract):
    endpoint = "inspections"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["inspection"], "out_of_scope": found["inspection_b"]}

    def valid_patch(self, world, obj):
        return {"inspector": "furnace-front laboratory"}

    def valid_create(self, world):
        standard()
        return {
            "unit": "plant-a-machine",
            "standard": "ingot-test",
            "lot_number": "0202-09",
            "inspected_on": "1959-02-02",
            "tonnes": "4.100",
            "measurements": [
                {"property": "sulphur", "value": "0.031"},
                {"property": "phosphorus", "value": "0.05"},
            ],
        }


def test_a_created_inspection_is_judged_and_its_result_cannot_be_typed(world, api_for):
    data = TestInspectionAPI().valid_create(world)
    data["result"] = QualityResult.NOT_QUALIFIED
    response = api_for("manager_a").post("/api/v1/inspections/", data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["result"] == QualityResult.QUALIFIED
    assert {m["property"] for m in response.json()["measurements"]} == {"sulphur", "phosphorus"}


def test_new_measurements_judge_the_lot_again(world, api_for):
    lot = examples(world)["inspection"]
    response = api_for("manager_a").patch(
        f"/api/v1/inspections/{lot.pk}/",
        {"measurements": [{"property": "sulphur", "value": "0.090"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    # The nested list is the whole lot: phosphorus is gone, and sulphur fails anyway.
    assert response.json()["result"] == QualityResult.NOT_QUALIFIED
    assert response.json()["failing"][0]["property"] == "sulphur"
    assert response.json()["missing"] == ["phosphorus"]
    assert Inspection.objects.get(pk=lot.pk).measurements.count() == 1


def test_measurements_are_validated(world, api_for):
    data = TestInspectionAPI().valid_create(world)
    data["measurements"] = [
        {"property": "carbon", "value": "0.2"},
        {"property": "sulphur", "value": "x"},
    ]
    response = api_for("manager_a").post("/api/v1/inspections/", data, format="json")
    assert response.status_code == 400
    assert not Inspection.objects.filter(lot_number="0202-09").exists()


def test_an_inspection_cannot_be_placed_out_of_scope(world, api_for):
    data = TestInspectionAPI().valid_create(world)
    data["unit"] = "plant-b-rolling"
    response = api_for("manager_a").post("/api/v1/inspections/", data, format="json")
    assert response.status_code == 400
    assert "unit" in response.json()


def test_the_import_endpoint_is_all_or_nothing(world, api_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    standard()
    text = (
        "unit,standard,lot,date,sulphur,phosphorus\n"
        "plant-a-machine,ingot-test,1,1959-02-02,0.03,0.05\n"
        "plant-a-machine,ingot-test,2,1959-02-02,0.03,lots\n"
    )
    api = api_for("manager_a")
    bad = api.post(
        "/api/v1/inspections/import/",
        {"file": SimpleUploadedFile("heats.csv", text.encode())},
        format="multipart",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"row": 3, "column": "phosphorus", "reason": "Not a number."}]
    assert not Inspection.objects.exists()
    good = text.replace("lots", "0.05")
    for expected in (
        {"created": 2, "changed": 0, "unchanged": 0},
        {"created": 0, "changed": 0, "unchanged": 2},
    ):
        response = api.post(
            "/api/v1/inspections/import/",
            {"file": SimpleUploadedFile("heats.csv", good.encode())},
            format="multipart",
        )
        assert response.status_code == 200
        assert response.json() == expected
    refused = api_for("worker_a").post(
        "/api/v1/inspections/import/",
        {"file": SimpleUploadedFile("heats.csv", good.encode())},
        format="multipart",
    )
    assert refused.status_code == 403


def test_standards_are_read_by_all_and_changed_by_the_root_administrator(world, api_for):
    made = standard()
    limit = made.limits.get(property_code="sulphur")
    listed = api_for("worker_b").get("/api/v1/product-standards/").json()["results"]
    assert [row["code"] for row in listed] == ["ingot-test"]
    assert len(listed[0]["limits"]) == 2
    assert (
        api_for("admin_a")
        .patch(f"/api/v1/product-standards/{made.pk}/", {"grade": "B"}, format="json")
        .status_code
        == 403
    )
    assert (
        api_for("admin")
        .patch(f"/api/v1/product-standards/{made.pk}/", {"grade": "B"}, format="json")
        .status_code
        == 200
    )
    bad = api_for("admin").patch(
        f"/api/v1/standard-limits/{limit.pk}/", {"minimum": "0.9"}, format="json"
    )
    assert bad.status_code == 400
    created = api_for("admin").post(
        "/api/v1/standard-limits/",
        {
            "standard": "ingot-test",
            "property_code": "carbon",
            "property_name": "Carbon",
            "minimum": "0.1",
            "maximum": "0.3",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert (
        api_for("manager_a")
        .post(
            "/api/v1/standard-limits/",
            {
                "standard": "ingot-test",
                "property_code": "silicon",
                "property_name": "Silicon",
                "maximum": "0.3",
            },
            format="json",
        )
        .status_code
        == 403
    )


def _second_standard(code="ingot-other", maximum="0.020"):
    from decimal import Decimal

    from gexin.national.models import ProductStandard, StandardLimit

    made = ProductStandard.objects.create(code=code, name="Other ingot", product="steel_ingot")
    StandardLimit.objects.create(
        standard=made, property_code="sulphur", property_name="Sulphur", maximum=Decimal(maximum)
    )
    return made


def test_a_limit_cannot_move_to_another_standard(world, api_for):
    limit = standard().limits.get(property_code="sulphur")
    _second_standard()
    api = api_for("admin")
    moved = api.patch(
        f"/api/v1/standard-limits/{limit.pk}/", {"standard": "ingot-other"}, format="json"
    )
    assert moved.status_code == 400
    assert moved.json() == {
        "standard": [
            "The standard of a limit cannot be changed: delete the limit and "
            "add it to the other standard."
        ]
    }
    limit.refresh_from_db()
    assert limit.standard.code == "ingot-test"
    same = api.patch(
        f"/api/v1/standard-limits/{limit.pk}/",
        {"standard": "ingot-test", "maximum": "0.060"},
        format="json",
    )
    assert same.status_code == 200, same.json()


def test_a_new_standard_without_measurements_drops_the_old_properties(world, api_for):
    lot = examples(world)["inspection"]
    _second_standard()
    response = api_for("manager_a").patch(
        f"/api/v1/inspections/{lot.pk}/", {"standard": "ingot-other"}, format="json"
    )
    assert response.status_code == 200, response.json()
    # Sulphur (limited by the new standard) is kept and judged; phosphorus is gone.
    assert response.json()["measurements"] == [{"property": "sulphur", "value": "0.031"}]
    assert response.json()["result"] == QualityResult.NOT_QUALIFIED
    assert response.json()["missing"] == []
    assert set(lot.measurements.values_list("property_code", flat=True)) == {"sulphur"}


def test_the_import_endpoint_checks_the_type_and_size_of_the_file(world, api_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    standard()
    api = api_for("manager_a")
    wrong = api.post(
        "/api/v1/inspections/import/",
        {"file": SimpleUploadedFile("heats.txt", b"unit,standard,lot,date\n")},
        format="multipart",
    )
    assert wrong.status_code == 400
    assert wrong.json() == {"file": ["Choose a .csv or .xlsx file."]}
    big = b"unit,standard,lot,date\n" + b"x" * (10 * 1024 * 1024)
    large = api.post(
        "/api/v1/inspections/import/",
        {"file": SimpleUploadedFile("heats.csv", big)},
        format="multipart",
    )
    assert large.status_code == 400
    assert large.json() == {"file": ["At most 10 MB."]}
    assert not Inspection.objects.exists()
