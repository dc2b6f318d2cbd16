"""No exported CSV or XLSX cell runs as a formula; numbers and dates stay values."""

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from gexin.core import spreadsheets
from gexin.core.spreadsheets import FORMULA_STARTS, neutralise, original
from gexin.org.tests.factories import UserFactory

ATTACKS = ['=HYPERLINK("http://example.com/steal","open")', "+1", "-2+3", "@SUM(A1)"]


# The function


@pytest.mark.parametrize("text", [*ATTACKS, "\t=1+1", "\r=1+1"])
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text
    assert original(neutralise(text)) == text


def test_other_text_is_written_as_it_is():
    for text in ["Turning group A", "", "a=b", "1+1", "'=already quoted", "'", "车工组"]:
        assert neutralise(text) == text
    assert original("'plain") == "'plain"
    assert neutralise(None) == ""
    assert neutralise(gettext_lazy("=translated")) == "'=translated"


def test_numbers_dates_and_booleans_stay_values():
    values = [
        -5,
        0,
        -2.5,
        Decimal("-12.500"),
        True,
        datetime.date(1958, 3, 3),
        datetime.datetime(1958, 3, 3, 8, 0),
    ]
    for value in values:
        assert neutralise(value) is value


def test_a_csv_writes_negative_numbers_as_numbers_and_dates_in_iso_form():
    text = spreadsheets.csv_text(
        [["=1+1", -5, Decimal("-2.50"), datetime.date(1958, 3, 3), None, "-3 kg"]]
    )
    assert next(csv.reader(io.StringIO(text))) == [
        "'=1+1",
        "-5",
        "-2.50",
        "1958-03-03",
        "",
        "'-3 kg",
    ]


def test_an_xlsx_keeps_numbers_and_dates_and_quotes_formula_text():
    book = spreadsheets.XlsxBook()
    sheet = book.sheet("A sheet name longer than thirty-one characters")
    moment = timezone.make_aware(datetime.datetime(1958, 3, 3, 8, 30))
    sheet.append([*ATTACKS, -5, Decimal("-2.5"), datetime.date(1958, 3, 3), moment, "\x0b=1+1"])
    read = load_workbook(io.BytesIO(book.to_bytes()))
    cells = next(read.worksheets[0].iter_rows())
    assert read.worksheets[0].title == "A sheet name longer than thirty"
    assert [cell.value for cell in cells[:4]] == ["'" + text for text in ATTACKS]
    assert all(cell.data_type == "s" for cell in cells[:4])
    assert [cell.value for cell in cells[4:6]] == [-5, -2.5]
    assert all(cell.data_type == "n" for cell in cells[4:6])
    assert cells[6].value == datetime.datetime(1958, 3, 3)
    assert cells[7].value == datetime.datetime(1958, 3, 3, 8, 30)  # local time
    # A control character XLSX cannot hold is dropped before the check, not after.
    assert cells[8].value == "'=1+1"


def test_every_csv_and_xlsx_is_written_through_the_neutralising_writers():
    package = Path(spreadsheets.__file__).resolve().parent.parent
    # The benchmark's files hold ids and tree paths for DuckDB, never a person's text.
    allowed = {"core/spreadsheets.py", "plans/bench.py"}
    pattern = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(")
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.parts
        and str(path.relative_to(package)) not in allowed
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


# Every export route


def rows_of(response):
    assert response.status_code == 200, response.content[:300]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def assert_no_formula(rows):
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
                float(cell)  # only a number such as -5 may start with a minus


def example_objects(world):
    """The example objects of the route-walking test, all in plant A."""
    from gexin.competitions.tests import routes as competitions
    from gexin.exchange.tests import routes as exchange
    from gexin.innovation.tests import routes as innovation
    from gexin.meetings.tests.factories import examples as meetings_examples
    from gexin.national.tests import routes as national
    from gexin.people.tests import routes as people
    from gexin.plans.tests.factories import examples as plans_examples

    found = [world.people["turner_a"], world.roles["leader_a"], world.work_types["machining"]]
    found += list(plans_examples(world).values()) + list(meetings_examples(world).values())
    for routes in (competitions, exchange, innovation, national, people):
        for module in routes.AREAS:
            found += list(module.examples(world).values())
    return [obj for obj in found if hasattr(obj, "_meta") and obj.pk is not None]


def exportable_lists():
    """{URL name: view class} of every list page with a CSV export."""
    from gexin.core.views import ObjectListView

    found = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
                continue
            view = getattr(pattern.callback, "view_class", None)
            if (
                pattern.name
                and view is not None
                and issubclass(view, ObjectListView)
                and view.exportable
            ):
                found[f"{namespace}{pattern.name}"] = view

    walk(get_resolver().url_patterns, "")
    return found


def plant_text(obj, attacks):
    """Put an attack into every free-text field of `obj`, without its save() rules."""
    model = type(obj)
    values = {}
    for field in model._meta.concrete_fields:
        internal = field.get_internal_type()
        if (
            internal in ("CharField", "TextField")
            and not field.choices
            and not field.primary_key
            and field.editable
            and not field.name.endswith("path")
        ):
            values[field.attname] = attacks[len(values) % len(attacks)][: field.max_length]
    if values:
        model._base_manager.filter(pk=obj.pk).update(**values)
    return values


def test_every_list_export_quotes_text_that_starts_like_a_formula(world):
    lists = exportable_lists()
    assert len(lists) > 20
    by_model = {}
    for obj in example_objects(world):
        by_model.setdefault(type(obj), obj)
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True))
    planted = 0
    for name, view in sorted(lists.items()):
        model = view.queryset.model
        if model in by_model and plant_text(by_model.pop(model), ATTACKS):
            planted += 1
        assert_no_formula(rows_of(client.get(reverse(name), {"export": "csv"})))
    assert planted >= len(lists) - 5  # a few lists share a model
    # The people list exports names: the planted text is there, quoted.
    rows = rows_of(client.get(reverse("org:person_list"), {"export": "csv"}))
    assert any(cell.startswith("'" + attack) for row in rows for cell in row for attack in ATTACKS)


def test_the_dues_arrears_report_quotes_names_and_keeps_amounts(world, client_for):
    from gexin.people.tests.factories_members import examples, pay, rate

    examples(world)
    worker = world.people["worker_a"]
    rate(worker, datetime.date(1953, 6, 1), "3000.00")
    pay(worker, datetime.date(1953, 7, 1), "1000.00")
    for person, attack in zip((worker, world.people["turner_a"]), ATTACKS, strict=False):
        type(person).objects.filter(pk=person.pk).update(name=attack, name_latin=attack)
    url = reverse("people:dues_arrears")
    query = {"unit": "plant-a-turning", "start": "1953-06", "through": "1953-08"}
    client = client_for("leader_a")
    rows = rows_of(client.get(url, {**query, "export": "csv"}))
    assert_no_formula(rows)
    names = [row[1] for row in rows]
    assert any(name.startswith("'" + ATTACKS[0]) for name in names)
    assert any(name.startswith("'" + ATTACKS[1]) for name in names)
    xlsx = client.get(url, {**query, "export": "xlsx"})
    assert xlsx["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    cells = list(sheet.iter_rows(values_only=True))
    assert_no_formula(cells)
    worker_row = next(row for row in cells if row[0] == "A-002")
    assert worker_row[1].startswith("'" + ATTACKS[0])
    assert worker_row[-2] == 8000  # arrears stay a number


def test_the_skills_matrix_quotes_names_in_csv_and_xlsx(world, client_for):
    from gexin.people.tests.factories_skills import examples

    examples(world)
    turner = world.people["turner_a"]
    type(turner).objects.filter(pk=turner.pk).update(name=ATTACKS[2], name_latin=ATTACKS[2])
    client = client_for("manager_a")
    query = {"unit": "plant-a-turning"}
    rows = rows_of(client.get("/skills/matrix/", {**query, "export": "csv"}))
    assert_no_formula(rows)
    assert next(row for row in rows if row[0] == "A-003")[1].startswith("'-2+3")
    xlsx = client.get("/skills/matrix/", {**query, "export": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = list(book.worksheets[0].iter_rows(values_only=True))
    assert_no_formula(cells)
    turner_row = next(row for row in cells if row[0] == "A-003")
    assert turner_row[1].startswith("'-2+3")
    assert turner_row[-1] == 3  # a level stays a number


def test_the_trial_import_template_quotes_the_name_and_imports_back(world, client_for):
    from gexin.innovation.tests.factories_trials import make_trial, make_variable

    trial = make_trial(world.units["plant-a-turning"])
    variable = make_variable(trial, name=ATTACKS[3])
    url = reverse("innovation:trial_import", args=[trial.pk])
    client = client_for("leader_a")
    template = client.get(url, {"template": "1"})
    rows = rows_of(template)
    assert_no_formula(rows)
    assert rows[1][:4] == ["'@SUM(A1)", "a", "12.5", "1958-03-03"]
    upload = SimpleUploadedFile("trial.csv", template.content, content_type="text/csv")
    assert client.post(url, {"file": upload}).status_code == 302
    assert sorted(variable.observations.values_list("value", flat=True)) == [
        Decimal("12.5"),
        Decimal("13.1"),
    ]


RECORD_FIELDS = ("unit_id", "day", "shift", "metric_id", "person_id", "value_milli")


def test_the_records_template_and_a_records_export_import_back(world, client_for):
    from gexin.plans.models import Record
    from gexin.plans.tests.factories import put

    client = client_for("manager_a")
    template = rows_of(client.get(reverse("plans:record_import"), {"template": "1"}))
    assert_no_formula(template)
    assert template[0] == ["unit", "day", "shift", "metric", "person", "value"]
    put(
        [
            ("plant-a-turning", "1959-03-01", "1", "pieces_produced", "A-002", "20.5"),
            ("plant-a-turning", "1959-03-02", "", "pieces_qualified", "", "95"),
        ]
    )
    stored = sorted(Record.objects.values_list(*RECORD_FIELDS))
    exported = client.get(reverse("plans:record_list"), {"export": "csv"})
    assert_no_formula(rows_of(exported))
    Record.objects.all().delete()
    upload = SimpleUploadedFile("records.csv", exported.content, content_type="text/csv")
    assert client.post(reverse("plans:record_import"), {"file": upload}).status_code == 302
    assert sorted(Record.objects.values_list(*RECORD_FIELDS)) == stored
