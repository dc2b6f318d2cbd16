"""Experimental fields: a leader adopts a unit for a period and logs what was found there
and what was solved, linked to the problems and key issues of that unit."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gexin.innovation.choices import FieldEntryKind
from gexin.innovation.models import Campaign, ExperimentalField, FieldLogEntry, KeyIssue, Problem
from gexin.innovation.tests.factories_lines import examples, make_field

pytestmark = pytest.mark.django_db


def add_entry_url(field):
    return f"{reverse('innovation:fieldlogentry_add')}?field={field.pk}"


def problem_in(unit, title):
    return Problem.objects.create(unit=unit, title=title, description=title)


def test_a_found_problem_is_linked_and_shown_on_the_field_page(world, client_for):
    field = examples(world)["field"]
    problem = problem_in(world.units["plant-a-turning"], "Chuck slips on lathe 4")
    client = client_for("manager_a")
    response = client.post(
        add_entry_url(field),
        {"on": "1958-03-10", "kind": "found", "text": "Saw the chuck slip", "problem": problem.pk},
    )
    assert response.status_code == 302
    page = client.get(field.get_absolute_url()).content.decode()
    assert "Chuck slips on lathe 4" in page
    assert problem.get_absolute_url() in page
    assert field.tally() == {"found": 2, "solved": 0, "note": 0}


def test_a_problem_outside_the_field_cannot_be_linked(world, client_for):
    field = examples(world)["field"]
    elsewhere = problem_in(world.units["plant-a"], "Coal short at the boiler house")
    response = client_for("admin").post(
        add_entry_url(field),
        {"on": "1958-03-10", "kind": "found", "text": "x", "problem": elsewhere.pk},
    )
    assert response.status_code == 400
    assert "problem" in response.context["form"].errors
    assert not FieldLogEntry.objects.filter(text="x").exists()


def test_a_key_issue_outside_the_field_is_refused_by_the_model_too(world):
    field = examples(world)["field"]
    issue = KeyIssue.objects.create(unit=world.units["plant-a"], title="Boiler")
    entry = FieldLogEntry(field=field, kind=FieldEntryKind.SOLVED, text="x", key_issue=issue)
    with pytest.raises(ValidationError) as refused:
        entry.full_clean()
    assert "key_issue" in refused.value.message_dict


def test_the_field_counts_what_was_found_and_solved(world):
    field = make_field(world.units["plant-a-turning"], world.people["manager_a"])
    for kind in ("found", "found", "found", "solved", "note"):
        FieldLogEntry.objects.create(field=field, kind=kind, text=kind)
    assert field.tally() == {"found": 3, "solved": 1, "note": 1}


def test_a_field_of_a_campaign_lies_in_the_campaigns_unit(world, client_for):
    campaign = Campaign.objects.create(
        unit=world.units["plant-a-machine"],
        title="March technical revolution",
        starts_on=datetime.date(1958, 3, 1),
        ends_on=datetime.date(1958, 3, 31),
    )
    client = client_for("admin")
    data = {
        "leader_ref": "A-100",
        "unit_ref": "plant-b-shift-1",
        "campaign": campaign.pk,
        "starts_on": "1958-03-01",
    }
    refused = client.post(reverse("innovation:experimentalfield_add"), data)
    assert refused.status_code == 400
    assert refused.context["form"].errors["unit_ref"] == [
        "The field must lie within the unit the campaign covers."
    ]
    data["unit_ref"] = "plant-a-turning"
    assert client.post(reverse("innovation:experimentalfield_add"), data).status_code == 302
    assert ExperimentalField.objects.get(campaign=campaign).unit == world.units["plant-a-turning"]


def test_a_leader_adopts_a_field_from_the_add_page(world, client_for):
    client = client_for("manager_a")
    form = client.get(reverse("innovation:experimentalfield_add"))
    # The leader defaults to the one adopting it.
    assert form.context["form"].initial["leader_ref"] == world.people["manager_a"]
    response = client.post(
        reverse("innovation:experimentalfield_add"),
        {"leader_ref": "A-100", "unit_ref": "plant-a-turning", "starts_on": "1958-03-01"},
    )
    assert response.status_code == 302
    field = ExperimentalField.objects.get(starts_on=datetime.date(1958, 3, 1))
    page = client.get(field.get_absolute_url()).content.decode()
    assert "ended" not in page.split("</h1>")[0]
    assert "open-ended" in page


def test_a_field_out_of_the_editors_units_is_refused(world, client_for):
    response = client_for("manager_a").post(
        reverse("innovation:experimentalfield_add"),
        {"leader_ref": "A-100", "unit_ref": "plant-b-shift-1", "starts_on": "1958-03-01"},
    )
    assert response.status_code == 400
    assert "unit_ref" in response.context["form"].errors


def test_a_leader_sees_their_fields_listed(world, client_for):
    found = examples(world)
    make_field(world.units["plant-a-machine"], world.people["leader_a"])
    response = client_for("admin").get(
        reverse("innovation:experimentalfield_list"), {"leader": "A-100"}
    )
    assert [f.pk for f in response.context["page"].object_list] == [found["field"].pk]
    page = client_for("admin").get(found["field"].get_absolute_url()).content.decode()
    assert f"{reverse('innovation:experimentalfield_list')}?leader=A-100" in page
