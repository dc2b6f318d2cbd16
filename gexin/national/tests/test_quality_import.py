"""Importing inspections: a bad row writes nothing and says where and why; the same file
again changes nothing."""

import io

import openpyxl
import pytest

from gexin.national import quality
from gexin.national.models import Inspection, Measurement, QualityResult
from gexin.national.tests.factories_quality import standard

pytestmark = pytest.mark.django_db

GOOD = (
    "unit,standard,lot,date,tonnes,sulphur,phosphorus\n"
    "plant-a-machine,ingot-test,0202-01,1959-02-02,4.2,0.031,0.05\n"
    "plant-a-machine,ingot-test,0202-02,1959-02-02,4.1,0.061,0.05\n"
    "plant-a-machine,ingot-test,0202-03,1959-02-02,,0.030,\n"
)


def upload(text, name="heats.csv"):
    return quality.import_inspections(io.BytesIO(text.encode()), _user(), name=name)


def _user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="manager_a")


def test_it_imports_and_judges_each_row(world):
    standard()
    result = upload(GOOD)
    assert (result.created, result.changed, result.unchanged) == (3, 0, 0)
    results = dict(Inspection.objects.values_list("lot_number", "result"))
    assert results == {
        "0202-01": QualityResult.QUALIFIED,
        "0202-02": QualityResult.NOT_QUALIFIED,
        "0202-03": QualityResult.NOT_JUDGED,
    }


def test_importing_the_same_file_again_changes_nothing(world):
    from gexin.core.models import ChangeRecord

    standard()
    upload(GOOD)
    changes = ChangeRecord.objects.count()
    result = upload(GOOD)
    assert (result.created, result.changed, result.unchanged) == (0, 0, 3)
    assert Inspection.objects.count() == 3
    assert Measurement.objects.count() == 5
    assert ChangeRecord.objects.count() == changes


def test_a_changed_row_updates_its_lot(world):
    standard()
    upload(GOOD)
    result = upload(GOOD.replace("0.061,0.05", "0.041,0.05"))
    assert (result.created, result.changed, result.unchanged) == (0, 1, 2)
    assert Inspection.objects.get(lot_number="0202-02").result == QualityResult.QUALIFIED


@pytest.mark.parametrize(
    "row, column, reason",
    [
        ("plant-x,ingot-test,9,1959-02-02,,0.03,0.05", "unit", "No unit"),
        ("plant-b-rolling,ingot-test,9,1959-02-02,,0.03,0.05", "unit", "No unit"),
        ("plant-a-machine,nope,9,1959-02-02,,0.03,0.05", "standard", "No product standard"),
        ("plant-a-machine,ingot-test,,1959-02-02,,0.03,0.05", "lot", "lot or heat"),
        ("plant-a-machine,ingot-test,9,2 Feb,,0.03,0.05", "date", "YYYY-MM-DD"),
        ("plant-a-machine,ingot-test,9,1959-02-02,-1,0.03,0.05", "tonnes", "tonnes"),
        ("plant-a-machine,ingot-test,9,1959-02-02,,high,0.05", "sulphur", "Not a number"),
    ],
)
def test_a_bad_row_names_row_column_and_reason_and_writes_nothing(world, row, column, reason):
    standard()
    with pytest.raises(quality.ImportFailed) as failed:
        upload(GOOD + row + "\n")
    assert len(failed.value.errors) == 1
    number, found_column, found_reason = failed.value.errors[0]
    assert (number, found_column) == (5, column)
    assert reason in found_reason
    assert not Inspection.objects.exists()


def test_a_property_the_standard_does_not_limit_is_refused(world):
    standard()
    with pytest.raises(quality.ImportFailed) as failed:
        upload("unit,standard,lot,date,carbon\nplant-a-machine,ingot-test,1,1959-02-02,0.2\n")
    assert failed.value.errors[0][:2] == (2, "carbon")


def test_a_missing_column_is_reported_on_the_header(world):
    with pytest.raises(quality.ImportFailed) as failed:
        upload("unit,standard,date\n")
    assert failed.value.errors == [(1, "lot", "The column is missing.")]


def test_the_same_lot_twice_in_a_file_is_refused(world):
    standard()
    line = GOOD.splitlines()[1]
    with pytest.raises(quality.ImportFailed) as failed:
        upload(GOOD + line + "\n")
    assert failed.value.errors[0][:2] == (5, "lot")


def test_it_reads_xlsx(world):
    import datetime

    standard()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["unit", "standard", "lot", "date", "tonnes", "sulphur", "phosphorus"])
    sheet.append(
        ["plant-a-machine", "ingot-test", "0202-01", datetime.date(1959, 2, 2), 4.2, 0.031, 0.05]
    )
    data = io.BytesIO()
    book.save(data)
    result = quality.import_inspections(io.BytesIO(data.getvalue()), _user(), name="heats.xlsx")
    assert result.created == 1
    assert Inspection.objects.get().result == QualityResult.QUALIFIED


def test_the_import_page_lists_the_errors(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    standard()
    bad = GOOD + "plant-a-machine,ingot-test,9,2 Feb,,0.03,0.05\n"
    response = client_for("manager_a").post(
        reverse("national:inspection_import"),
        {"file": SimpleUploadedFile("heats.csv", bad.encode())},
    )
    assert response.status_code == 400
    assert response.context["errors"] == [
        {"row": 5, "column": "date", "reason": "Give the date as YYYY-MM-DD."}
    ]
    assert not Inspection.objects.exists()
    assert client_for("worker_a").get(reverse("national:inspection_import")).status_code == 403
