"""Every change to audited data records who, when, what and why."""

import pytest
from django.urls import reverse

from gexin.core.audit import audit_context
from gexin.core.models import ChangeRecord

pytestmark = pytest.mark.django_db


def test_creation_change_and_deletion_are_recorded(world):
    person = world.people["turner_a"]
    actor = world.users["manager_a"]
    with audit_context(actor=actor, reason="new grade after the exam"):
        person.skill_grade = 5
        person.save()
    record = ChangeRecord.for_object(person).first()
    assert record.kind == "update"
    assert record.changes == {"skill_grade": [4, 5]}
    assert record.actor == actor
    assert record.reason == "new grade after the exam"
    pk = person.pk
    person.delete()
    records = ChangeRecord.objects.filter(content_type__model="person", object_id=str(pk)).order_by(
        "id"
    )
    kinds = list(records.values_list("kind", flat=True))
    assert kinds == ["create", "update", "delete"]


def test_saving_without_a_change_writes_nothing(world):
    person = world.people["turner_a"]
    count = ChangeRecord.for_object(person).count()
    person.save()
    assert ChangeRecord.for_object(person).count() == count


def test_history_is_shown_on_the_objects_page(world, client_for):
    person = world.people["turner_a"]
    with audit_context(actor=world.users["leader_a"]):
        person.name_latin = "Ruan Guanrong"
        person.save()
    history_url = reverse("org:person_history", args=[person.pk])
    page = client_for("manager_a").get(reverse("org:person_detail", args=[person.pk]))
    # The page's history section loads its entries when it comes into view.
    assert f'hx-get="{history_url}"' in page.content.decode()
    section = client_for("manager_a").get(history_url, HTTP_HX_REQUEST="true")
    assert b"<html" not in section.content
    assert "Ruan Guanrong" in section.content.decode()
    assert "leader_a" in section.content.decode()
    history = client_for("manager_a").get(history_url)
    assert history.status_code == 200
    assert len(history.context["history"]) == 2


def test_the_history_section_lists_the_latest_ten(world, client_for):
    person = world.people["turner_a"]
    for grade in range(12):
        person.skill_grade = grade % 9
        person.save()
    url = reverse("org:person_history", args=[person.pk])
    section = client_for("manager_a").get(url, HTTP_HX_REQUEST="true")
    assert len(section.context["history"]) == 10
    assert section.context["has_more"]


def test_changes_through_a_request_name_the_signed_in_user(world, client_for):
    person = world.people["turner_a"]
    client_for("manager_a").post(
        reverse("org:person_edit", args=[person.pk]),
        {
            "employee_number": person.employee_number,
            "name": person.name,
            "unit": "plant-a-turning",
            "skill_grade": "8",
            "is_union_member": "on",
            "is_active": "on",
        },
    )
    record = ChangeRecord.for_object(person).first()
    assert record.actor_name == "manager_a"
    assert record.changes["skill_grade"] == [4, 8]
