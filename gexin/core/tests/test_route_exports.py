"""Every export and every file download, for every kind of user.

Exports: each list that offers one (`?export=csv`) and each report with its own formats
(`&export=csv`, `&export=xlsx`). Anonymous users are sent to sign in; a plant's worker,
another plant's worker and a user without a role are refused; plant A's administrator
gets plant A's rows; and plant B's administrator, who holds the same right in plant B,
gets no row of plant A's.

Downloads (attachments, pictures, PDFs, feeds, templates) reach those who may see what
they belong to, whole and as the file they are, and nobody else; uploaded files are
never served from the media folder directly.

One world with every area's example objects serves all the checks; none of them writes.
"""

import csv
import io
from functools import partial

import pytest
from django.urls import reverse

from gexin.core.tests.test_route_coverage import ROUTE_EXAMPLES, all_routes, view_class
from gexin.core.views import ObjectListView

pytestmark = pytest.mark.django_db

# Reports with their own exports: {route: (query naming plant A's unit, formats)}.
REPORT_EXPORTS = {
    "people:dues_arrears": ("?unit=plant-a-turning&start=1959-01&through=1959-06", ("csv", "xlsx")),
    "people:skill_matrix": ("?unit=plant-a-turning", ("csv", "xlsx")),
}

# Lists of shared catalogues: every plant reads the same rows.
CATALOGUES = {"org:worktype_list", "plans:metric_list", "national:productstandard_list"}

# Lists whose CSV export no role's right reaches (their app's permissions.py grants no
# `export` on the model): everyone is refused, plant A's administrator too.
EXPORTED_BY_NOBODY = {
    "national:keyenterprise_list",
    "org:worktype_list",
    "plans:importbatch_list",
    "plans:metric_list",
    "plans:pledge_list",
}

READERS = ("worker_a", "leader_a", "admin_a")
# Downloads: {route: (content type, query, plant A's users who get it)}; plant A's other
# users (of worker_a, leader_a, admin_a) are refused.
DOWNLOADS = {
    "innovation:attachment_download": ("image/png", "", READERS),
    "exchange:experienceattachment_download": ("image/png", "", READERS),
    "meetings:meeting_pdf": ("application/pdf", "", READERS),
    "meetings:unit_blackboard_pdf": ("application/pdf", "", READERS),
    "innovation:keyissue_poster": ("application/pdf", "", READERS),
    "exchange:expressreport_feed": ("application/atom+xml", "", READERS),
    # The template to fill in: for those who record the trial's observations.
    "innovation:trial_import": ("text/csv", "?template=1", ("leader_a", "admin_a")),
}
# Downloads of what travels between plants: plant B's people may have them too.
SHARED_DOWNLOADS = {"exchange:experienceattachment_download", "exchange:expressreport_feed"}


def exportable_lists():
    """Names of the list pages that offer a CSV export."""
    found = []
    for name, args, callback in all_routes():
        cls = view_class(callback)
        if (
            not args
            and cls is not None
            and issubclass(cls, ObjectListView)
            and cls.exportable
            and cls.table_class is not None
        ):
            found.append(name)
    return sorted(set(found))


@pytest.fixture
def everything(world):
    """The world with every area's examples, and plant B's administrator (admin_b)."""
    from gexin.org.choices import Role
    from gexin.org.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory

    made = set()
    for make in ROUTE_EXAMPLES.values():
        if isinstance(make, partial):
            key = make.args[0] if make.func.__name__ == "_example" else make.func
            if key not in made:
                made.add(key)
                make(world)
    user = UserFactory(username="admin_b")
    person = PersonFactory(employee_number="B-101", unit=world.units["plant-b"], user=user)
    RoleAssignmentFactory(person=person, unit=world.units["plant-b"], role=Role.ADMINISTRATOR)
    world.users["admin_b"] = user
    return world


@pytest.fixture
def clients(everything):
    from django.test import Client

    made = {None: Client()}
    for username in ("worker_a", "leader_a", "admin_a", "worker_b", "admin_b", "stranger"):
        made[username] = Client()
        made[username].force_login(everything.users[username])
    return made


def rows_of(response):
    """The data rows of an exported CSV or XLSX file, as tuples of text."""
    if response["Content-Type"].startswith("text/csv"):
        lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        return {tuple(line) for line in lines[1:]}
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = set()
    for sheet in book.worksheets:
        for row in list(sheet.iter_rows(values_only=True))[1:]:
            rows.add(tuple("" if cell is None else str(cell) for cell in row))
    return rows


def check_export(problems, clients, name, url, plant_query=True):
    """Append to `problems` what is wrong with the export at `url` (plant A's)."""
    anonymous = clients[None].get(url)
    if anonymous.status_code != 302 or not anonymous["Location"].startswith(reverse("login")):
        problems.append(f"{url}: anonymous answered {anonymous.status_code}")
    for username in ("worker_a", "worker_b", "stranger"):
        status = clients[username].get(url).status_code
        if status not in (403, 404):
            problems.append(f"{url}: {username} (no export right here) answered {status}")
    exported = clients["admin_a"].get(url)
    if name in EXPORTED_BY_NOBODY:
        for username in ("admin_a", "admin_b"):
            status = exported.status_code if username == "admin_a" else None
            status = status or clients[username].get(url).status_code
            if status != 403:
                problems.append(f"{url}: {username} answered {status}; no role exports this")
        return
    if exported.status_code != 200 or "html" in exported["Content-Type"]:
        answer = f"{exported.status_code} {exported['Content-Type']}"
        problems.append(f"{url}: admin_a answered {answer}")
        return
    plant_a = rows_of(exported)
    if not plant_a:
        problems.append(f"{url}: plant A's export holds no row: give the list an example")
    other = clients["admin_b"].get(url)
    if other.status_code == 200 and "html" not in other["Content-Type"]:
        leaked = rows_of(other) & plant_a
        if leaked and name not in CATALOGUES:
            problems.append(f"{url}: plant B's administrator received plant A's rows {leaked}")
    elif plant_query and other.status_code not in (400, 403, 404):
        problems.append(f"{url}: admin_b answered {other.status_code}")


def test_every_list_export_holds_only_the_exporters_rows(clients):
    problems = []
    names = exportable_lists()
    assert len(names) > 30, names
    for name in names:
        check_export(problems, clients, name, reverse(name) + "?export=csv&per_page=500")
    assert not problems, "\n".join(problems)


def test_every_report_export_holds_only_the_exporters_rows(clients):
    problems = []
    for name, (query, formats) in REPORT_EXPORTS.items():
        for kind in formats:
            check_export(problems, clients, name, f"{reverse(name)}{query}&export={kind}")
    assert not problems, "\n".join(problems)


def test_every_export_is_listed():
    """A page that reads `export` from its query string is in one of the tables above."""
    import inspect

    lists = set(exportable_lists())
    for name, _args, callback in all_routes():
        get = getattr(view_class(callback), "get", None)
        if get is None or get is ObjectListView.get or name in lists or name in REPORT_EXPORTS:
            continue  # a list's export is ObjectListView's, checked above
        source = inspect.getsource(get) if get.__module__.startswith("gexin.") else ""
        assert 'GET.get("export"' not in source, f"add {name} to REPORT_EXPORTS"


def download_url(name, world):
    example = ROUTE_EXAMPLES[name](world)
    kwargs = dict(example) if isinstance(example, dict) else {"pk": example.pk}
    return reverse(name, kwargs=kwargs) + DOWNLOADS[name][1]


def content_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_every_download_reaches_only_those_who_may_see_it(everything, clients):
    problems = []
    for name, (content_type, _query, readers) in DOWNLOADS.items():
        url = download_url(name, everything)
        anonymous = clients[None].get(url)
        if anonymous.status_code != 302:
            problems.append(f"{url}: anonymous answered {anonymous.status_code}")
        for username in {"worker_a", "leader_a", "admin_a"} - set(readers):
            status = clients[username].get(url).status_code
            if status != 403:
                problems.append(f"{url}: {username} (may not) answered {status}, not 403")
        for username in readers:
            response = clients[username].get(url)
            body = content_of(response)
            if response.status_code != 200 or not response["Content-Type"].startswith(content_type):
                problems.append(
                    f"{url}: {username} answered {response.status_code} {response['Content-Type']}"
                )
            elif not body:
                problems.append(f"{url}: {username} received an empty file")
        for username in ("worker_b", "admin_b", "stranger"):
            status = clients[username].get(url).status_code
            allowed = (200,) if name in SHARED_DOWNLOADS and username != "stranger" else ()
            if status not in (*allowed, 403, 404):
                problems.append(f"{url}: {username} answered {status}")
    assert not problems, "\n".join(problems)


def test_attachments_of_another_plant_are_not_found(everything, clients):
    from gexin.innovation.tests import factories as innovation
    from gexin.innovation.uploads import attach

    found = innovation.examples(everything)
    b_attachment = attach(innovation.png_upload("b.png"), problem=found["b_problem"])
    url = reverse("innovation:attachment_download", args=[b_attachment.pk])
    assert clients["worker_b"].get(url).status_code == 200
    for username in ("worker_a", "admin_a"):
        assert clients[username].get(url).status_code == 404, username


def test_uploaded_files_are_not_served_from_the_media_folder(everything, clients, settings):
    from gexin.innovation.tests import factories as innovation

    attachment = innovation.examples(everything)["attachment"]
    assert attachment.file.storage.exists(attachment.file.name)
    direct = "/" + settings.MEDIA_URL.strip("/") + "/" + attachment.file.name
    for username in (None, "worker_a", "admin_a"):
        assert clients[username].get(direct).status_code in (302, 404), username
