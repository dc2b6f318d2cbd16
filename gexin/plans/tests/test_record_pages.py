"""Entering records: the shift grid, file imports (UI and command) and the record pages."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from gexin.plans.models import DailyTotal, ImportBatch, Record
from gexin.plans.tests.factories import make_plan, put

D = datetime.date
pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "unit,day,shift,metric,person,value\n"
    "plant-a-turning,1959-03-01,1,pieces_produced,,100\n"
    "plant-a-turning,1959-03-01,2,pieces_produced,A-002,20.5\n"
    "plant-a-turning,1959-03-02,,pieces_qualified,,95\n"
)


def upload(client, text, name="records.csv"):
    return client.post(
        reverse("plans:record_import"),
        {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")},
    )


def test_grid_saves_a_shift_and_the_fulfilment_changes(world, client_for):
    unit = world.units["plant-a-turning"]
    make_plan(unit, "month", D(1959, 3, 1), {"pieces_produced": 3100})
    client = client_for("leader_a")
    url = reverse("plans:record_grid")
    page = client.get(url, {"unit": unit.code, "day": "1959-03-01", "shift": "1"})
    assert page.status_code == 200
    assert 'name="m_pieces_produced"' in page.content.decode()
    response = client.post(
        url, {"unit": unit.code, "day": "1959-03-01", "shift": "1", "m_pieces_produced": "120"}
    )
    assert response.status_code == 302
    assert Record.objects.get().value == 120
    # Correcting the figure replaces it; clearing it deletes it.
    client.post(
        url, {"unit": unit.code, "day": "1959-03-01", "shift": "1", "m_pieces_produced": "110"}
    )
    assert Record.objects.get().value == 110
    client.post(
        url, {"unit": unit.code, "day": "1959-03-01", "shift": "1", "m_pieces_produced": ""}
    )
    assert not Record.objects.exists()
    assert DailyTotal.objects.get().value_milli == 0


def test_grid_by_person(world, client_for):
    unit = world.units["plant-a-turning"]
    client = client_for("leader_a")
    url = reverse("plans:record_grid")
    page = client.get(
        url,
        {
            "unit": unit.code,
            "day": "1959-03-01",
            "shift": "1",
            "by": "person",
            "metric": "pieces_produced",
        },
    )
    person = world.people["worker_a"]
    assert f'name="p{person.pk}_pieces_produced"' in page.content.decode()
    response = client.post(
        url,
        {
            "unit": unit.code,
            "day": "1959-03-01",
            "shift": "1",
            "by": "person",
            "metric": "pieces_produced",
            f"p{person.pk}_pieces_produced": "40",
        },
    )
    assert response.status_code == 302
    assert Record.objects.get().person == person


def test_grid_refuses_a_bad_figure_and_keeps_the_others(world, client_for):
    unit = world.units["plant-a-turning"]
    response = client_for("leader_a").post(
        reverse("plans:record_grid"),
        {
            "unit": unit.code,
            "day": "1959-03-01",
            "shift": "1",
            "m_pieces_produced": "12,x",
            "m_pieces_qualified": "10",
        },
    )
    assert response.status_code == 400
    assert not Record.objects.exists()
    assert 'value="12,x"' in response.content.decode()


def test_grid_is_for_units_in_scope(world, client_for):
    response = client_for("leader_a").post(
        reverse("plans:record_grid"),
        {"unit": "plant-b-shift-1", "day": "1959-03-01", "shift": "1", "m_steel_output": "5"},
    )
    assert response.status_code == 400
    assert not Record.objects.exists()
    assert client_for("worker_a").get(reverse("plans:record_grid")).status_code == 403


def test_csv_import_is_all_or_nothing_and_idempotent(world, client_for):
    client = client_for("leader_a")
    bad = GOOD_CSV + "plant-a-turning,1959-03-32,1,pieces_produced,,5\n"
    response = upload(client, bad)
    assert response.status_code == 400
    body = response.content.decode()
    assert "1959-03-32" in body and '<td class="number">5</td>' in body
    assert not Record.objects.exists()
    assert upload(client, GOOD_CSV).status_code == 302
    stored = sorted(Record.objects.values_list("unit", "day", "shift", "person", "value_milli"))
    assert len(stored) == 3
    assert upload(client, GOOD_CSV).status_code == 302
    assert (
        sorted(Record.objects.values_list("unit", "day", "shift", "person", "value_milli"))
        == stored
    )
    latest = ImportBatch.objects.first()
    assert (latest.created_count, latest.updated_count, latest.unchanged_count) == (0, 0, 3)


def test_xlsx_import(world, client_for):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["unit", "day", "shift", "metric", "person", "value"])
    sheet.append(["plant-a-turning", datetime.datetime(1959, 3, 1), 1, "pieces_produced", None, 7])
    sheet.append(["plant-a-turning", "1959-03-02", None, "pieces_produced", None, 8.5])
    data = io.BytesIO()
    book.save(data)
    response = client_for("leader_a").post(
        reverse("plans:record_import"),
        {"file": SimpleUploadedFile("shift.xlsx", data.getvalue())},
    )
    assert response.status_code == 302
    assert sorted(Record.objects.values_list("shift", "value_milli")) == [(0, 8500), (1, 7000)]


def test_import_names_missing_columns(world, client_for):
    response = upload(client_for("leader_a"), "unit,day,value\nplant-a-turning,1959-03-01,5\n")
    assert response.status_code == 400
    assert "metric" in response.content.decode()


def test_command_import(world, tmp_path, capsys):
    path = tmp_path / "records.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    call_command("import_records", str(path))
    assert Record.objects.count() == 3
    call_command("import_records", str(path))
    assert Record.objects.count() == 3
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD_CSV + "plant-b,1959-03-01,1,steel_output,,x\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_records", str(bad), user="leader_a")
    err = capsys.readouterr().err
    assert "row 5, column unit" in err and "row 5, column value" in err


def test_record_list_and_delete(world, client_for):
    put([("plant-a-turning", "1959-03-01", "1", "pieces_produced", "", "100")])
    put([("plant-b-shift-1", "1959-03-01", "1", "steel_output", "", "50")])
    listed = client_for("worker_a").get(reverse("plans:record_list"))
    assert [r.unit.code for r in listed.context["page"].object_list] == ["plant-a-turning"]
    record = Record.objects.get(unit=world.units["plant-a-turning"])
    url = reverse("plans:record_delete", args=[record.pk])
    assert client_for("worker_a").post(url).status_code == 403
    assert client_for("worker_b").post(url).status_code == 404
    assert client_for("leader_a").post(url).status_code == 302
    assert not Record.objects.filter(pk=record.pk).exists()


def test_batches_are_listed_for_record_readers(world, client_for):
    result = put([("plant-a-turning", "1959-03-01", "1", "pieces_produced", "", "100")])
    assert client_for("worker_a").get(reverse("plans:importbatch_list")).status_code == 200
    page = client_for("worker_b").get(reverse("plans:importbatch_detail", args=[result.batch.pk]))
    assert page.context["visible_count"] == 0
    assert client_for("stranger").get(reverse("plans:importbatch_list")).status_code == 403


def test_grid_refuses_to_overwrite_figures_saved_meanwhile(world, client_for):
    unit = world.units["plant-a-turning"]
    url = reverse("plans:record_grid")
    query = {"unit": unit.code, "day": "1959-03-01", "shift": "1"}
    token = client_for("leader_a").get(url, query).context["token"]
    put([("plant-a-turning", "1959-03-01", "1", "pieces_produced", "", "100")])
    response = client_for("leader_a").post(
        url, {**query, "token": token, "m_pieces_produced": "90"}
    )
    assert response.status_code == 409
    assert Record.objects.get().value == 100


def test_unreadable_csv_is_a_clear_error(world, client_for):
    text = "unit,day,shift,metric,person,value\n" + '"' + "x" * 200_000 + "\n"
    response = upload(client_for("leader_a"), text)
    assert response.status_code == 400
    assert "cannot be read" in response.content.decode()


def test_spare_empty_columns_are_ignored(world, client_for):
    text = "unit,day,shift,metric,person,value,,\nplant-a-turning,1959-03-01,1,steel_output,,5,,\n"
    assert upload(client_for("leader_a"), text).status_code == 302
