"""A furnace's status moves only through set_status, which checks the move, keeps the
history and sets the actual start once; and its start is judged against plan."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gexin.core.models import ChangeRecord
from gexin.national.models.equipment import Equipment, EquipmentKind, EquipmentStatus
from gexin.national.tests.factories_equipment import examples, make_equipment

pytestmark = pytest.mark.django_db
D = datetime.date


def test_it_records_each_move_with_its_day_and_reason(world):
    furnace = examples(world)["furnace"]
    furnace.set_status(EquipmentStatus.PRODUCING, on=D(1959, 1, 20), reason="blown in")
    furnace.set_status(EquipmentStatus.DOWN, on=D(1959, 2, 3), reason="no coke")
    furnace.refresh_from_db()
    assert furnace.status == EquipmentStatus.DOWN
    history = [(c.on, c.from_status, c.to_status, c.reason) for c in furnace.status_changes.all()]
    assert history == [
        (D(1959, 1, 5), "building", "ready", ""),
        (D(1959, 1, 20), "ready", "producing", "blown in"),
        (D(1959, 2, 3), "producing", "down", "no coke"),
    ]
    # The object's own audit trail records the status too.
    assert any("status" in record.changes for record in ChangeRecord.for_object(furnace))


def test_the_actual_start_is_the_first_day_it_produced(world):
    furnace = examples(world)["furnace"]
    furnace.set_status(EquipmentStatus.PRODUCING, on=D(1959, 1, 20))
    furnace.set_status(EquipmentStatus.DOWN, on=D(1959, 1, 25))
    furnace.set_status(EquipmentStatus.PRODUCING, on=D(1959, 2, 1))
    furnace.refresh_from_db()
    assert furnace.actual_start == D(1959, 1, 20)


def test_it_refuses_a_move_the_workflow_does_not_allow(world):
    furnace = examples(world)["furnace"]  # ready
    with pytest.raises(ValidationError):
        furnace.set_status(EquipmentStatus.DOWN, on=D(1959, 1, 6))
    with pytest.raises(ValidationError):
        furnace.set_status(EquipmentStatus.READY, on=D(1959, 1, 6))
    assert furnace.status_changes.count() == 1


def test_it_refuses_a_change_dated_before_the_last_or_in_the_future(world):
    furnace = examples(world)["furnace"]  # ready since 5 January 1959
    with pytest.raises(ValidationError):
        furnace.set_status(EquipmentStatus.PRODUCING, on=D(1959, 1, 4))
    with pytest.raises(ValidationError):
        furnace.set_status(EquipmentStatus.PRODUCING, on=D(1959, 3, 2), today=D(1959, 3, 1))
    furnace.refresh_from_db()
    assert (furnace.status, furnace.actual_start) == (EquipmentStatus.READY, None)


def test_days_late_count_to_the_start_or_to_the_day_of_reading(world):
    furnace = examples(world)["furnace"]  # planned for 10 January 1959, ready
    assert furnace.days_late(D(1959, 1, 8)) == 0
    assert furnace.days_late(D(1959, 1, 25)) == 15
    furnace.set_status(EquipmentStatus.PRODUCING, on=D(1959, 1, 14))
    assert furnace.days_late(D(1959, 2, 14)) == 4
    on_time = make_equipment(world.units["plant-a"], name="On time", planned_start=D(1959, 1, 10))
    on_time.set_status(EquipmentStatus.PRODUCING, on=D(1959, 1, 9))
    assert on_time.days_late(D(1959, 2, 14)) == 0
    assert make_equipment(world.units["plant-a"], name="No plan").days_late(D(1959, 2, 1)) is None


def test_producing_days_follow_the_history(world):
    furnace = examples(world)["furnace"]
    furnace.set_status(EquipmentStatus.PRODUCING, on=D(1959, 1, 20))
    furnace.set_status(EquipmentStatus.DOWN, on=D(1959, 1, 25))
    furnace.set_status(EquipmentStatus.PRODUCING, on=D(1959, 2, 1))
    # 20-24 January (5 days) and 1-14 February (14 days).
    assert furnace.producing_days(D(1959, 1, 1), D(1959, 2, 14)) == 19
    assert furnace.producing_days(D(1959, 1, 22), D(1959, 1, 31)) == 3
    assert furnace.producing_days(D(1959, 1, 1), D(1959, 1, 19)) == 0
    assert furnace.status_on(D(1959, 1, 26)) == EquipmentStatus.DOWN
    assert furnace.status_on(D(1959, 1, 1)) == EquipmentStatus.BUILDING


def test_a_furnace_without_history_produces_from_its_actual_start(world):
    furnace = make_equipment(
        world.units["plant-a"],
        name="Old furnace",
        status=EquipmentStatus.PRODUCING,
        actual_start=D(1959, 1, 11),
    )
    assert furnace.producing_days(D(1959, 1, 1), D(1959, 1, 31)) == 21


def test_a_blast_furnace_needs_its_volume_and_a_records_unit_below_its_unit(world):
    furnace = make_equipment(world.units["plant-a-machine"], useful_volume=None)
    with pytest.raises(ValidationError) as error:
        furnace.clean()
    assert "useful_volume" in error.value.message_dict
    furnace.useful_volume = 50
    furnace.records_unit = world.units["plant-b-rolling"]
    with pytest.raises(ValidationError) as error:
        furnace.clean()
    assert "records_unit" in error.value.message_dict


def test_producing_days_never_count_before_the_actual_start(world):
    # Added producing from 10 February (no change for the start), down on 12 February.
    furnace = make_equipment(
        world.units["plant-a"],
        name="Added producing",
        status=EquipmentStatus.PRODUCING,
        actual_start=D(1959, 2, 10),
    )
    furnace.set_status(EquipmentStatus.DOWN, on=D(1959, 2, 12), today=D(1959, 2, 14))
    assert furnace.producing_days(D(1959, 1, 1), D(1959, 2, 14)) == 2
    never = make_equipment(world.units["plant-a"], name="Never", status=EquipmentStatus.DOWN)
    assert never.producing_days(D(1959, 1, 1), D(1959, 2, 14)) == 0


def test_two_blast_furnaces_cannot_share_output_through_their_records_units(world):
    shop, section = world.units["plant-a-machine"], world.units["plant-a-turning"]
    make_equipment(shop, name="No. 1 BF", records_unit=section)
    for kind, records_unit in [
        (EquipmentKind.SMALL_BLAST_FURNACE, section),  # same unit, other kind
        (EquipmentKind.BLAST_FURNACE, shop),  # above
    ]:
        other = Equipment(
            unit=shop, kind=kind, name="Other", useful_volume=10, records_unit=records_unit
        )
        with pytest.raises(ValidationError) as error:
            other.clean()
        assert "No. 1 BF" in str(error.value.message_dict["records_unit"])
    # Below: the first furnace on the shop, a second on its section.
    Equipment.objects.filter(name="No. 1 BF").update(records_unit=shop)
    below = Equipment(
        unit=shop,
        kind=EquipmentKind.BLAST_FURNACE,
        name="Below",
        useful_volume=10,
        records_unit=section,
    )
    with pytest.raises(ValidationError):
        below.clean()
