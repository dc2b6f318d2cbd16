"""Pages of production lines and experimental fields: the shared contract, and the pages
their parts (stations, log entries) are edited on."""

import pytest
from django.urls import reverse

from gexin.core.testing import ViewContract
from gexin.innovation.models import FieldLogEntry, Station
from gexin.innovation.tests.factories_lines import examples

pytestmark = pytest.mark.django_db


class TestProductionLinePages(ViewContract):
    app = "innovation"
    model_name = "productionline"
    # No role is granted the export of lines.
    has_export = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["line"], "out_of_scope": found["b_line"]}

    def valid_edit(self, world, obj):
        return {"unit_ref": obj.unit.code, "name": "Forging line no. 2", "measured_in": "t/day"}

    def invalid_edit(self, world, obj):
        return {"unit_ref": "plant-b-shift-1", "name": "Moved", "measured_in": "t/day"}, "unit_ref"


class TestExperimentalFieldPages(ViewContract):
    app = "innovation"
    model_name = "experimentalfield"
    # No role is granted the export of experimental fields.
    has_export = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["field"], "out_of_scope": found["b_field"]}

    def valid_edit(self, world, obj):
        return {
            "leader_ref": "A-100",
            "unit_ref": obj.unit.code,
            "starts_on": "1958-03-01",
            "ends_on": "1958-06-30",
            "aim": "Learn the lathe group's work at first hand",
        }

    def invalid_edit(self, world, obj):
        return {
            "leader_ref": "A-100",
            "unit_ref": obj.unit.code,
            "starts_on": "1958-03-01",
            "ends_on": "1958-02-01",
        }, "ends_on"


def test_the_lines_list_filters_by_unit_and_searches_station_names(world, client_for):
    found = examples(world)
    client = client_for("admin")
    by_unit = client.get(reverse("innovation:productionline_list"), {"unit": "plant-b"})
    assert [line.pk for line in by_unit.context["page"].object_list] == [found["b_line"].pk]
    by_station = client.get(reverse("innovation:productionline_list"), {"q": "tongs"})
    assert [line.pk for line in by_station.context["page"].object_list] == [found["line"].pk]
    # The list names each line's bottleneck now.
    assert "Forging" in by_station.content.decode()


def test_the_line_page_names_the_bottleneck_the_gain_and_the_next_limit(world, client_for):
    line = examples(world)["line"]
    page = client_for("worker_a").get(line.get_absolute_url()).content.decode()
    assert "<strong>Forging</strong> limits the line to 100 t/day." in page
    assert "Raised to 120, it gives the line 20 t/day more; then" in page
    assert "<strong>Heating furnace</strong> limits it." in page
    assert 'data-bar-chart="line-' in page
    assert "/static/gexin/vendor/echarts/echarts.min.js" in page
    # A viewer sees no editing controls.
    assert reverse("innovation:station_add") not in page


def test_stations_are_added_edited_moved_and_deleted_on_the_line_page(world, client_for):
    line = examples(world)["line"]
    client = client_for("leader_a")
    page = client.get(line.get_absolute_url()).content.decode()
    assert f"{reverse('innovation:station_add')}?line={line.pk}" in page

    added = client.post(
        f"{reverse('innovation:station_add')}?line={line.pk}",
        {"name": "Cutting", "capacity": "90", "return_url": line.get_absolute_url()},
    )
    assert added.status_code == 302
    cutting = line.stations.get(name="Cutting")
    assert cutting.position == 4
    assert line.bottleneck_history.first().station_names == "Cutting"

    moved = client.post(reverse("innovation:station_move", args=[cutting.pk]), {"direction": "up"})
    assert moved.status_code == 302
    assert list(line.stations.values_list("name", flat=True)) == [
        "Heating furnace",
        "Forging",
        "Cutting",
        "Tongs",
    ]

    edit = client.get(reverse("innovation:station_edit", args=[cutting.pk]))
    version = edit.context["meta_form"]["version"].value()
    saved = client.post(
        reverse("innovation:station_edit", args=[cutting.pk]),
        {"name": "Cutting", "capacity": "95", "position": "1", "version": version},
    )
    assert saved.status_code == 302
    assert list(line.stations.values_list("name", "position")) == [
        ("Cutting", 1),
        ("Heating furnace", 2),
        ("Forging", 3),
        ("Tongs", 4),
    ]

    deleted = client.post(reverse("innovation:station_delete", args=[cutting.pk]))
    assert deleted.status_code == 302
    assert deleted["Location"] == line.get_absolute_url()
    assert not Station.objects.filter(pk=cutting.pk).exists()
    assert list(line.stations.values_list("position", flat=True)) == [1, 2, 3]


def test_a_station_needs_its_line_and_a_sound_capacity(world, client_for):
    line = examples(world)["line"]
    client = client_for("leader_a")
    no_line = client.get(reverse("innovation:station_add"))
    assert no_line.status_code == 302
    assert no_line["Location"] == reverse("innovation:productionline_list")
    negative = client.post(
        f"{reverse('innovation:station_add')}?line={line.pk}", {"name": "Saw", "capacity": "-5"}
    )
    assert negative.status_code == 400
    assert negative.context["form"].errors["capacity"] == ["A capacity cannot be negative."]
    half_derived = client.post(
        f"{reverse('innovation:station_add')}?line={line.pk}",
        {"name": "Saw", "unit_ref": "plant-a-turning"},
    )
    assert half_derived.status_code == 400
    assert "metric" in half_derived.context["form"].errors
    assert not line.stations.filter(name="Saw").exists()


def test_a_station_is_added_only_to_a_line_in_scope(world, client_for):
    found = examples(world)
    b_line = found["b_line"]
    url = f"{reverse('innovation:station_add')}?line={b_line.pk}"
    assert client_for("leader_a").get(url).status_code == 404
    assert client_for("leader_a").post(url, {"name": "X", "capacity": "1"}).status_code == 404
    # A member may view the line but not add to it.
    line_url = f"{reverse('innovation:station_add')}?line={found['line'].pk}"
    assert client_for("worker_a").get(line_url).status_code == 403
    assert not b_line.stations.filter(name="X").exists()


def test_a_station_derives_only_from_units_within_the_line(world, client_for):
    line = examples(world)["line"]
    response = client_for("admin").post(
        f"{reverse('innovation:station_add')}?line={line.pk}",
        {"name": "Saw", "unit_ref": "plant-b-shift-1", "metric": "1"},
    )
    assert response.status_code == 400
    assert "unit_ref" in response.context["form"].errors


def test_log_entries_are_written_on_the_field_page_and_counted(world, client_for):
    field = examples(world)["field"]
    client = client_for("manager_a")
    page = client.get(field.get_absolute_url()).content.decode()
    assert f"{reverse('innovation:fieldlogentry_add')}?field={field.pk}" in page
    assert "Problems found: 1" in page and "Solved: 0" in page
    response = client.post(
        f"{reverse('innovation:fieldlogentry_add')}?field={field.pk}",
        {"on": "1958-03-12", "kind": "solved", "text": "Chuck re-bored: no more slipping"},
    )
    assert response.status_code == 302
    entry = FieldLogEntry.objects.get(text__startswith="Chuck re-bored")
    assert entry.field == field
    page = client.get(field.get_absolute_url()).content.decode()
    assert "Problems found: 1" in page and "Solved: 1" in page
    assert "Chuck re-bored" in page


def test_a_log_entry_is_refused_in_a_field_out_of_scope(world, client_for):
    b_field = examples(world)["b_field"]
    url = f"{reverse('innovation:fieldlogentry_add')}?field={b_field.pk}"
    assert client_for("manager_a").post(url, {"kind": "note", "text": "x"}).status_code == 404
    assert not b_field.entries.filter(text="x").exists()


def test_the_fields_list_filters_by_leader_state_and_unit(world, client_for):
    found = examples(world)
    client = client_for("admin")
    url = reverse("innovation:experimentalfield_list")

    def shown(**query):
        return {f.pk for f in client.get(url, query).context["page"].object_list}

    assert shown(leader="A-100") == {found["field"].pk}
    assert shown(leader=str(world.people["roller_b"].pk)) == {found["b_field"].pk}
    assert shown(state="current") == {found["field"].pk, found["b_field"].pk}
    assert shown(state="ended") == set()
    assert shown(unit="plant-b") == {found["b_field"].pk}
    # The leader's own list is one click away.
    page = client_for("manager_a").get(url).content.decode()
    assert "?leader=A-100" in page
