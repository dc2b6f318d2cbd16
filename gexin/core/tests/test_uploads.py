"""Uploads: judged by their content and size, workbooks looked into before they are
opened, stored under generated names and whole or not at all, sent back never to run.

The pages and the API of both kinds of attachment (problems' and experiences') and
both imports (records, quality lots) are driven as their users drive them.
"""

import datetime
import errno
import io
import os
import random
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from gexin.core import uploads
from gexin.core.storage import SafeFileSystemStorage
from gexin.core.tests.test_faults import Queries, dropped, quiet_errors
from gexin.exchange.models import ExperienceAttachment
from gexin.exchange.tests.factories_experiences import examples as experience_examples
from gexin.innovation.models import Attachment, Problem
from gexin.innovation.tests.factories import make_problem
from gexin.national.models import Inspection
from gexin.plans.models import Record

pytestmark = pytest.mark.django_db

RECORDS_CSV = (
    "unit,day,shift,metric,person,value\nplant-a-turning,1959-03-01,1,pieces_produced,,100\n"
)


def png_bytes(size=(4, 3), noisy=False):
    from PIL import Image

    image = Image.new("RGB", size, (30, 90, 200))
    if noisy:  # random pixels do not compress: a file of several chunks
        generator = random.Random(size[0])
        image.putdata(
            [tuple(generator.randrange(256) for _i in range(3)) for _p in range(size[0] * size[1])]
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def xlsx_bytes(rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def bomb(unpacked_mb=20, members=None):
    """A real XLSX-shaped ZIP whose sheet unpacks to `unpacked_mb` of zeros (some kB packed)."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b"0" * (1024 * 1024)
            for _i in range(unpacked_mb):
                sheet.write(block)
        for number in range(members or 0):
            archive.writestr(f"xl/media/image{number}.png", b"")
    return data.getvalue()


def stored_files():
    """Every file under MEDIA_ROOT, temporary ones included."""
    root = default_storage.location
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


def attach_to_problem(client, problem, upload):
    return client.post(
        reverse("innovation:problem_attach", args=[problem.pk]), {"file": upload, "caption": ""}
    )


@pytest.fixture
def problem(world):
    return make_problem(world.units["plant-a-turning"], [world.people["worker_a"]])


# The type, by content


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (png_bytes(), uploads.PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", uploads.JPEG),
        (b"GIF89a\x01\x00\x01\x00", uploads.GIF),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", uploads.WEBP),
        (PDF, uploads.PDF),
        (xlsx_bytes([["unit", "day"]]), uploads.XLSX),
        (RECORDS_CSV.encode("utf-8-sig"), uploads.CSV),
        ("单位,日期\n甲厂,1959-03-01\n".encode("gb18030"), uploads.CSV),
        (b"<!DOCTYPE html><html><script>alert(1)</script>", None),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', None),
        (b"  <svg onload=alert(1)>", None),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", None),
        (b"PK\x03\x04 not really a zip", None),
    ],
    ids=[
        "png",
        "jpeg",
        "gif",
        "webp",
        "pdf",
        "xlsx",
        "csv",
        "csv-gb18030",
        "html",
        "svg",
        "svg-spaced",
        "exe",
        "broken-zip",
    ],
)
def test_the_type_is_read_from_the_content(data, kind):
    assert uploads.sniff(data) == kind


def test_a_zip_that_is_no_workbook_is_not_taken_for_one():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("index.html", "<script>alert(1)</script>")
    assert uploads.sniff(data.getvalue()) is None


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body onload=alert(1)>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"alert(document.cookie)",
        b"\x89PNG\r\n\x1a\n but no picture after the signature",
    ],
    ids=["html", "svg", "script", "fake-png"],
)
def test_a_photo_of_the_wrong_content_is_refused_though_its_name_says_png(
    world, client_for, problem, data
):
    response = attach_to_problem(
        client_for("leader_a"), problem, SimpleUploadedFile("photo.png", data, "image/png")
    )
    assert response.status_code == 400
    assert "Only photos" in str(response.context["form"].errors["file"])
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_a_record_file_is_read_by_its_content_not_its_name(world, client_for):
    client = client_for("leader_a")
    url = reverse("plans:record_import")
    # CSV text named .xlsx is read as CSV; a picture named .csv is refused.
    sent = client.post(url, {"file": SimpleUploadedFile("records.xlsx", RECORDS_CSV.encode())})
    assert sent.status_code == 302
    assert Record.objects.get().value == 100
    for name, data in [("records.csv", png_bytes()), ("records.csv", b"<html><table>")]:
        refused = client.post(url, {"file": SimpleUploadedFile(name, data)})
        assert refused.status_code == 400
        assert "neither CSV text" in refused.content.decode()


# The size


def test_a_photo_over_10_mb_is_refused(world, client_for, problem):
    big = SimpleUploadedFile("drawing.pdf", PDF + b"0" * (10 * 1024 * 1024))
    response = attach_to_problem(client_for("leader_a"), problem, big)
    assert response.status_code == 400
    assert "larger than 10 MB" in str(response.context["form"].errors["file"])
    assert stored_files() == []


def test_a_file_over_the_upload_limit_is_dropped_while_it_arrives(world, client_for, settings):
    settings.GEXIN_UPLOAD_MAX_MB = 1
    received = []
    original = uploads.LimitedUploadHandler.file_complete

    def file_complete(handler, file_size):
        upload = original(handler, file_size)
        received.append((upload.size, upload.file.getvalue()))
        return upload

    big = RECORDS_CSV + "plant-a-turning,1959-03-02,1,pieces_produced,,100\n" * 50_000
    assert len(big) > 2 * 1024 * 1024
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uploads.LimitedUploadHandler, "file_complete", file_complete)
        response = client_for("leader_a").post(
            reverse("plans:record_import"), {"file": SimpleUploadedFile("big.csv", big.encode())}
        )
    assert response.status_code == 400
    assert "larger than 1 MB" in response.content.decode()
    # What reached the view holds nothing: the rest of the body was never kept.
    [(size, content)] = received
    assert size > 1024 * 1024 and content == b""
    assert not Record.objects.exists()


# Workbooks that would unpack to too much


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(world, client_for, api_for):
    data = bomb(unpacked_mb=20)
    assert len(data) < 100_000  # twenty megabytes of zeros pack to some kilobytes
    with pytest.MonkeyPatch.context() as patch:
        import openpyxl

        def never(*args, **kwargs):
            raise AssertionError("openpyxl opened the bomb")

        patch.setattr(openpyxl, "load_workbook", never)
        response = client_for("leader_a").post(
            reverse("plans:record_import"), {"file": SimpleUploadedFile("bomb.xlsx", data)}
        )
        assert response.status_code == 400
        assert "more than 100 times its size" in response.content.decode()
        quality = api_for("manager_a").post(
            "/api/v1/inspections/import/",
            {"file": SimpleUploadedFile("bomb.xlsx", data)},
            format="multipart",
        )
        assert quality.status_code == 400
        assert "more than 100 times its size" in str(quality.json())
    assert not Record.objects.exists() and not Inspection.objects.exists()


def test_a_workbook_is_refused_by_its_unpacked_size_and_its_parts(monkeypatch):
    # Random bytes do not pack: only the unpacked total can refuse this one.
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/media/photo.bin", os.urandom(3 * 1024 * 1024))
    monkeypatch.setattr(uploads, "XLSX_MAX_UNPACKED_MB", 2)
    with pytest.raises(ValidationError, match="unpack to 3 MB; at most 2 MB"):
        uploads.check_workbook(data.getvalue())
    with pytest.raises(ValidationError, match="1004 parts; at most 1000"):
        uploads.check_workbook(bomb(unpacked_mb=0, members=1001))
    uploads.check_workbook(xlsx_bytes([["unit", "day"], ["plant-a", "1959-03-01"]]))


# Stored under generated names


def test_files_are_stored_under_generated_names_with_the_sniffed_extension(
    world, client_for, problem
):
    client = client_for("leader_a")
    # The name is kept for display only; the picture is stored as what it is.
    attach_to_problem(client, problem, SimpleUploadedFile("车间 <1>.html", png_bytes()))
    # A PDF named like a photo is a PDF: stored, typed and named as one.
    attach_to_problem(client, problem, SimpleUploadedFile("photo.png", PDF))
    month = datetime.date.today().strftime("%Y/%m")
    stored = {a.original_name: a for a in Attachment.objects.all()}
    assert set(stored) == {"车间 <1>.html", "photo.png"}
    assert re.fullmatch(
        rf"innovation/{month}/[0-9a-f]{{32}}\.png", stored["车间 <1>.html"].file.name
    )
    assert re.fullmatch(rf"innovation/{month}/[0-9a-f]{{32}}\.pdf", stored["photo.png"].file.name)
    assert stored["photo.png"].content_type == uploads.PDF
    # Downloaded, each keeps its name but gets the extension of what it is.
    download = client.get(stored["photo.png"].get_absolute_url())
    assert download["Content-Disposition"] == 'attachment; filename="photo.png.pdf"'
    picture = client.get(stored["车间 <1>.html"].get_absolute_url(), {"download": "1"})
    assert picture["Content-Disposition"].endswith(".html.png")
    assert stored_files() == sorted(a.file.name for a in stored.values())
    assert isinstance(default_storage, SafeFileSystemStorage)


# Sent back, never run


def test_a_picture_is_shown_and_anything_else_is_downloaded_with_its_sniffed_type(
    world, client_for, problem
):
    client = client_for("leader_a")
    attach_to_problem(client, problem, SimpleUploadedFile("rack.png", png_bytes()))
    attach_to_problem(client, problem, SimpleUploadedFile("drawing.pdf", PDF))
    picture = Attachment.objects.get(original_name="rack.png")
    drawing = Attachment.objects.get(original_name="drawing.pdf")
    shown = client.get(picture.get_absolute_url())
    assert shown["Content-Type"] == "image/png"
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in shown.get("Content-Disposition", "")
    downloaded = client.get(picture.get_absolute_url(), {"download": "1"})
    assert downloaded["Content-Disposition"] == 'attachment; filename="rack.png"'
    pdf = client.get(drawing.get_absolute_url())
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="drawing.pdf"'
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in pdf["Content-Security-Policy"]
    # A row whose type was changed behind the application's back is never served as a page.
    Attachment.objects.filter(pk=drawing.pk).update(content_type="text/html")
    forged = client.get(drawing.get_absolute_url())
    assert forged["Content-Type"] == "application/octet-stream"
    assert forged["Content-Disposition"].startswith("attachment")


def test_an_experience_picture_is_sent_with_the_same_headers(world, client_for):
    attachment = experience_examples(world)["attachment"]
    response = client_for("worker_b").get(attachment.get_absolute_url())
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.get("Content-Disposition", "")


# A full disk


@pytest.fixture
def full_disk(monkeypatch):
    """The disk fills up in the middle of any file over 100 kB: half of what is written
    reaches the disk, then the write fails. Returns the sizes of the halves written."""
    written = []
    real = SafeFileSystemStorage._write

    def write(descriptor, data):
        if len(data) <= 100 * 1024:
            return real(descriptor, data)
        real(descriptor, data[: len(data) // 2])
        written.append(os.fstat(descriptor).st_size)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(SafeFileSystemStorage, "_write", staticmethod(write))
    return written


def big_photo():
    data = png_bytes((300, 300), noisy=True)
    assert len(data) > 200 * 1024
    return SimpleUploadedFile("big.png", data, "image/png")


def test_a_full_disk_leaves_no_file_and_no_row_and_says_so_on_the_page(
    world, client_for, problem, full_disk
):
    response = attach_to_problem(client_for("leader_a"), problem, big_photo())
    assert full_disk and full_disk[0] > 100 * 1024, "half of the file reached the disk"
    assert response.status_code == 507
    assert "disk is full" in str(response.context["form"].errors["file"])
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_a_full_disk_while_posting_a_problem_with_its_photo_saves_neither(
    world, client_for, full_disk
):
    response = client_for("worker_a").post(
        reverse("innovation:problem_add"),
        {
            "unit_ref": "plant-a-turning",
            "title": "Coolant pipe job takes 12 hours",
            "description": "A hundred pipes take 12 hours.",
            "category": "technical",
            "photo": big_photo(),
        },
    )
    assert response.status_code == 507
    assert "disk is full" in str(response.context["form"].errors["photo"])
    assert not Problem.objects.exists() and not Attachment.objects.exists()
    assert stored_files() == []


def test_a_full_disk_answers_507_in_the_api_and_on_the_experience_page(
    world, client_for, api_for, full_disk
):
    experience = experience_examples(world)["experience"]
    before = ExperienceAttachment.objects.count()
    files = stored_files()
    response = api_for("manager_a").post(
        "/api/v1/experience-attachments/",
        {"experience": experience.pk, "file": big_photo()},
        format="multipart",
    )
    assert response.status_code == 507
    assert "disk is full" in response.json()["detail"]
    page = client_for("manager_a").post(
        reverse("exchange:experience_attach", args=[experience.pk]), {"file": big_photo()}
    )
    assert page.status_code == 507
    assert "disk is full" in str(page.context["form"].errors["file"])
    assert ExperienceAttachment.objects.count() == before
    assert stored_files() == files


# A broken connection while a file is stored


def test_a_broken_connection_while_posting_a_photo_leaves_no_file_without_its_row(
    world, client_for
):
    client = client_for("worker_a")
    counter = Queries()
    data = {
        "unit_ref": "plant-a-turning",
        "title": "Coolant pipe job takes 12 hours",
        "description": "A hundred pipes take 12 hours.",
        "category": "technical",
    }

    def post():
        photo = SimpleUploadedFile("pipe.png", png_bytes(), "image/png")
        return client.post(reverse("innovation:problem_add"), {**data, "photo": photo})

    with connection.execute_wrapper(counter):
        assert post().status_code == 302
    Attachment.objects.all().delete()
    Problem.objects.all().delete()
    for name in stored_files():
        default_storage.delete(name)
    first = counter.writes[0]
    with quiet_errors():
        for k in range(first, counter.count + 1):
            try:
                with connection.execute_wrapper(Queries(fail_at=k, error=dropped(k))):
                    post()
            except Exception:  # the dropped connection, as the server would report it
                pass
            # Every stored file has its row, and every row its file.
            assert stored_files() == sorted(Attachment.objects.values_list("file", flat=True)), k
            assert Problem.objects.count() == Attachment.objects.count(), k
