"""Pictures and PDFs of an experience: judged by their content, stored under generated
names, sent back only to those who may see the experience, removed with their record."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gexin.exchange.models import ExperienceAttachment
from gexin.exchange.tests.factories_experiences import examples, pdf_upload, png_upload

pytestmark = pytest.mark.django_db


def attach_url(experience):
    return reverse("exchange:experience_attach", args=[experience.pk])


def test_a_photo_is_stored_under_a_generated_name_and_shown_on_the_page(world, client_for):
    experience = examples(world)["experience"]
    client = client_for("manager_a")
    response = client.post(
        attach_url(experience), {"file": png_upload("my photo.PNG"), "caption": "The rack"}
    )
    assert response.status_code == 302
    attachment = ExperienceAttachment.objects.get(caption="The rack")
    assert attachment.original_name == "my photo.PNG"
    assert attachment.content_type == "image/png"
    assert "my photo" not in attachment.file.name
    assert attachment.file.name.startswith("exchange/") and attachment.file.name.endswith(".png")
    page = client.get(experience.get_absolute_url()).content.decode()
    assert f'<img src="{attachment.get_absolute_url()}"' in page


def test_a_file_that_is_no_image_is_refused(world, client_for):
    experience = examples(world)["experience"]
    before = ExperienceAttachment.objects.count()
    response = client_for("manager_a").post(
        attach_url(experience),
        {"file": SimpleUploadedFile("photo.png", b"<script>alert(1)</script>"), "caption": ""},
    )
    assert response.status_code == 400
    assert "Only photos" in str(response.context["form"].errors["file"])
    assert ExperienceAttachment.objects.count() == before


def test_a_file_over_10_mb_is_refused(world, client_for):
    experience = examples(world)["experience"]
    big = SimpleUploadedFile("drawing.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))
    response = client_for("manager_a").post(attach_url(experience), {"file": big})
    assert response.status_code == 400
    assert "larger than 10 MB" in str(response.context["form"].errors["file"])
    assert not ExperienceAttachment.objects.filter(original_name="drawing.pdf").exists()


def test_only_those_who_may_add_to_the_source_unit_attach(world, client_for):
    experience = examples(world)["experience"]
    for user in ("worker_a", "worker_b"):
        assert client_for(user).get(attach_url(experience)).status_code == 403
        response = client_for(user).post(attach_url(experience), {"file": png_upload()})
        assert response.status_code == 403


def test_a_picture_is_shown_inline_to_anyone_who_sees_the_experience(world, client_for):
    attachment = examples(world)["attachment"]
    url = attachment.get_absolute_url()
    response = client_for("worker_b").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    forced = client_for("worker_b").get(url, {"download": "1"})
    assert forced["Content-Disposition"].startswith("attachment")


def test_a_pdf_is_sent_as_a_download(world, client_for):
    experience = examples(world)["experience"]
    client = client_for("manager_a")
    client.post(attach_url(experience), {"file": pdf_upload(), "caption": "Drawing"})
    attachment = ExperienceAttachment.objects.get(caption="Drawing")
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_download_is_refused_to_a_stranger_and_to_the_anonymous(world, client_for):
    url = examples(world)["attachment"].get_absolute_url()
    assert client_for("stranger").get(url).status_code == 404
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    missing = reverse("exchange:experienceattachment_download", args=[999999])
    assert client_for("admin").get(missing).status_code == 404


def test_removing_an_attachment_deletes_its_file(
    world, client_for, django_capture_on_commit_callbacks
):
    attachment = examples(world)["attachment"]
    storage, name = attachment.file.storage, attachment.file.name
    url = reverse("exchange:experienceattachment_delete", args=[attachment.pk])
    assert client_for("worker_b").post(url).status_code == 403
    assert client_for("worker_a").post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("manager_a").post(url)
    assert response.status_code == 302
    assert response["Location"].endswith("#attachments")
    assert not ExperienceAttachment.objects.filter(pk=attachment.pk).exists()
    assert not storage.exists(name)
