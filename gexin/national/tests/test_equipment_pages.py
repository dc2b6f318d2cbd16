"""The pages of furnaces and converters: the shared contract, the status action, the
restart tracking page and the utilisation page, each within the user's scope."""

import datetime

import pytest
from django.urls import reverse

from gexin.core.testing import ViewContract
from gexin.national.models.equipment import EquipmentKind, EquipmentStatus
from gexin.national.tests.factories_equipment import examples, make_equipment

pytestmark = pytest.mark.django_db
D = datetime.date


class TestEquipmentPages(ViewContract):
    app = "national"
    model_name = "equipment"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["furnace"], "out_of_scope": found["b_furnace"]}

    def valid_edit(self, world, obj):
        return {
            "unit": "plant-a-turning",
            "kind": EquipmentKind.BLAST_FURNACE,
            "name": "No. 1 Blast Furnace (rebuilt)",
            "useful_volume": "120.0",
            "records_unit": "plant-a-turning",
            "planned_start": "1959-01-10",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["useful_volume"] = ""
        return data, "useful_volume"


def status_url(obj):
    return reverse("national:equipment_status", args=[obj.pk])


def test_the_edit_form_does_not_change_the_status(world, client_for):
    furnace = examples(world)["furnace"]
    data = TestEquipmentPages().valid_edit(world, furnace)
    data.update(status="producing", actual_start="1959-01-01")
    response = client_for("manager_a").post(
        reverse("national:equipment_edit", args=[furnace.pk]), data
    )
    assert response.status_code == 302
    furnace.refresh_from_db()
    assert (furnace.status, furnace.actual_start) == (EquipmentStatus.READY, None)


def test_a_keeper_records_a_status_change(world, client_for):
    furnace = examples(world)["furnace"]
    client = client_for("manager_a")
    assert client.get(status_url(furnace)).status_code == 200
    response = client.post(
        status_url(furnace), {"status": "producing", "on": "1959-01-14", "reason": "blown in"}
    )
    assert response.status_code == 302
    furnace.refresh_from_db()
    assert (furnace.status, furnace.actual_start) == ("producing", D(1959, 1, 14))
    detail = client.get(furnace.get_absolute_url()).content.decode()
    assert "blown in" in detail and "data-days-late" in detail


def test_a_refused_move_is_explained(world, client_for):
    furnace = examples(world)["furnace"]
    response = client_for("manager_a").post(
        status_url(furnace), {"status": "producing", "on": "1959-01-01"}
    )
    assert response.status_code == 400
    assert "cannot be dated before" in str(response.context["form"].non_field_errors())


def test_the_status_action_needs_the_right_and_the_scope(world, client_for):
    found = examples(world)
    assert client_for("worker_a").get(status_url(found["furnace"])).status_code == 403
    assert (
        client_for("worker_a")
        .post(status_url(found["furnace"]), {"status": "producing", "on": "1959-01-14"})
        .status_code
        == 403
    )
    assert client_for("manager_a").get(status_url(found["b_furnace"])).status_code == 404


def test_the_restart_page_lists_late_furnaces_and_counts_by_status(world, client_for):
    found = examples(world)
    make_equipment(
        world.units["plant-a"],
        name="On time",
        status=EquipmentStatus.PRODUCING,
        planned_start=D(1959, 1, 1),
        actual_start=D(1959, 1, 1),
    )
    response = client_for("admin").get(
        reverse("national:equipment_restarts"), {"unit": "hubei", "on": "1959-01-25"}
    )
    assert response.status_code == 200
    rows = {equipment.name: late for equipment, late in response.context["restarts"]}
    assert rows == {found["furnace"].name: 15, found["b_furnace"].name: None}
    counts = dict(response.context["count_rows"])
    assert counts[world.units["plant-a"]] == [0, 1, 1, 0]  # building, ready, producing, down
    assert counts[world.units["plant-b"]] == [1, 0, 0, 0]


def test_plant_b_does_not_see_plant_as_furnaces(world, client_for):
    found = examples(world)
    client = client_for("worker_b")
    assert client.get(reverse("national:equipment_restarts"), {"unit": "hubei"}).status_code == 404
    restarts = client.get(reverse("national:equipment_restarts"))
    names = {equipment.name for equipment, _late in restarts.context["restarts"]}
    assert names == {found["b_furnace"].name}
    assert client.get(found["furnace"].get_absolute_url()).status_code == 404
    listed = client.get(reverse("national:equipment_list"))
    assert found["furnace"].pk not in {o.pk for o in listed.context["page"].object_list}


def test_the_utilisation_page_shows_the_units_coefficient(world, client_for):
    from gexin.plans.tests.factories import put

    furnace = examples(world)["furnace"]
    furnace.set_status(EquipmentStatus.PRODUCING, on=D(1959, 1, 11))
    put(
        [
            ("plant-a-turning", f"1959-01-{day:02d}", 0, "pig_iron_output", "", 150)
            for day in range(11, 21)
        ]
    )
    response = client_for("worker_a").get(
        reverse("national:equipment_utilisation"),
        {"unit": "plant-a-turning", "start": "1959-01-01", "end": "1959-01-20"},
    )
    assert response.status_code == 200
    assert str(response.context["result"].coefficient) == "1.500"  # 1500 / (100 × 10)
    assert 'data-unit-coefficient="1.500"' in response.content.decode()
    assert client_for("stranger").get(reverse("national:equipment_utilisation")).status_code == 403
