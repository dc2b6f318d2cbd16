"""The pages of advanced experiences and adoptions: the shared contract where it fits,
and what shared objects show and refuse across plants."""

import datetime

import pytest
from django.urls import reverse

from gexin.core.testing import ViewContract
from gexin.exchange.models import Adoption, Experience
from gexin.exchange.tests.factories_experiences import (
    ROUTES,
    SHARED_CHANGE_ROUTES,
    adopted,
    examples,
    make_experience,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


class SharedPages:
    """Experiences and adoptions are shared: the other plant's object is listed and
    opened, but never changed. These replace the contract's "out of sight" tests."""

    def test_list_shows_only_what_is_in_scope(self, world, client_for):
        objs = self.objects(world)
        response = client_for(self.viewer).get(self.url("list"), {"per_page": 500})
        assert response.status_code == 200
        shown = {o.pk for o in response.context["page"].object_list}
        # Shared: plant B's is listed for plant A's worker too.
        assert {objs["in_scope"].pk, objs["out_of_scope"].pk} <= shown

    def test_detail_out_of_scope_is_not_found(self, world, client_for):
        obj = self.objects(world)["out_of_scope"]
        client = client_for(self.editor)
        assert client.get(self.url("detail", obj)).status_code == 200
        assert client.get(self.url("history", obj)).status_code == 200
        assert client.get(self.url("edit", obj)).status_code == 403
        assert client.post(self.url("edit", obj), {}).status_code == 403
        assert client.post(self.url("delete", obj)).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists()

    def test_a_user_with_no_role_sees_none_of_it(self, world, client_for):
        obj = self.objects(world)["in_scope"]
        assert client_for("stranger").get(self.url("detail", obj)).status_code == 404


class TestExperiencePages(SharedPages, ViewContract):
    app = "exchange"
    model_name = "experience"

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["experience"], "out_of_scope": found["b_experience"]}

    def valid_edit(self, world, obj):
        return {
            "unit_ref": "plant-a-machine",
            "title": "Fast roll change with pre-assembled sets",
            "people_numbers": "A-002, A-003",
            "problem": obj.problem,
            "method": obj.method,
            "work_type": world.work_types["machining"].pk,
            "language": "zh-hans",
            "metric": "",
            "figure_label": "roll-change time (min per change)",
            "direction": "lower",
            "before_value": "120",
            "after_value": "55",
            "introduced_on": "1958-06-01",
            "source": "",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["figure_label"] = ""
        return data, "figure_label"

    def export_key(self, obj):
        return obj.title


class TestAdoptionPages(SharedPages, ViewContract):
    app = "exchange"
    model_name = "adoption"
    has_create = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["adoption"], "out_of_scope": found["b_adoption"]}

    def valid_edit(self, world, obj):
        return {"check_due": (TODAY + datetime.timedelta(days=45)).isoformat()}

    def invalid_edit(self, world, obj):
        return {"check_due": (obj.pushed_on - datetime.timedelta(days=1)).isoformat()}, (
            "check_due"
        )

    def export_key(self, obj):
        return obj.unit.code


def route_url(name, obj):
    return reverse(name, args=[obj.pk])


def test_plant_b_sees_plant_a_experience_but_every_change_is_refused(world, client_for):
    found = examples(world)
    client = client_for("worker_b")
    page = client.get(found["experience"].get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Fast roll change" in body
    assert "Push to units" not in body and "Edit" not in body
    for name in sorted(SHARED_CHANGE_ROUTES):
        obj = found[ROUTES[name]]
        only_posted = not name.startswith("exchange:")  # an API action taking POST only
        assert client.get(route_url(name, obj)).status_code == (405 if only_posted else 403), name
        assert client.post(route_url(name, obj), {}).status_code == 403, name
    assert Experience.objects.filter(pk=found["experience"].pk).exists()
    assert Adoption.objects.filter(pk=found["adoption"].pk).exists()


def test_the_list_searches_and_filters(world, client_for):
    found = examples(world)
    make_experience(
        world.units["plant-a-turning"],
        title="Tool grinding angle",
        problem="Threads came out uneven",
        method="Grind the tool to 35 degrees",
        introduced_on=datetime.date(1957, 5, 1),
        language="en",
    )
    client = client_for("worker_a")

    def titles(**params):
        response = client.get(reverse("exchange:experience_list"), {"per_page": 500, **params})
        assert response.status_code == 200
        return {o.title for o in response.context["page"].object_list}

    assert titles(q="35 degrees") == {"Tool grinding angle"}
    assert titles(q="swapped whole") == {"Fast roll change"}
    assert titles(unit="plant-b") == {found["b_experience"].title}
    assert titles(language="en") == {"Tool grinding angle"}
    assert "Tool grinding angle" not in titles(introduced_after="1958-01-01")
    assert titles(introduced_before="1957-12-31") == {"Tool grinding angle"}
    assert titles(work_type="rolling") == {found["b_experience"].title}


def test_the_detail_shows_figures_people_pictures_and_links(world, client_for):
    found = examples(world)
    body = client_for("worker_b").get(found["experience"].get_absolute_url()).content.decode()
    assert "120 → 60" in body
    assert "−50.0%" in body and "good" in body  # lower is better: the time halved
    assert "Worker A" in body  # the people who made it
    assert found["attachment"].get_absolute_url() in body
    assert "The roll sets ready on the rack" in body
    assert 'data-count="pushed">1<' in body


def test_choosing_a_metric_sets_the_direction(world, client_for):
    from gexin.plans.models import Metric

    experience = examples(world)["experience"]
    metric = Metric.objects.filter(direction="higher").first()
    data = TestExperiencePages().valid_edit(world, experience)
    data.update(metric=metric.pk, direction="lower", figure_label="")
    response = client_for("manager_a").post(
        reverse("exchange:experience_edit", args=[experience.pk]), data
    )
    assert response.status_code == 302, response.context["form"].errors
    experience.refresh_from_db()
    assert experience.metric == metric
    assert experience.direction == "higher"
    assert experience.improvement < 0  # 120 → 55 is worse where higher is better


def test_an_experience_others_answered_stays_on_record(world, client_for):
    found = examples(world)
    adopted(found["b_experience"], world.units["plant-a-turning"], 3, 1)
    url = reverse("exchange:experience_delete", args=[found["b_experience"].pk])
    assert client_for("admin").post(url).status_code == 403
    assert Experience.objects.filter(pk=found["b_experience"].pk).exists()


def test_an_experience_pushed_but_unanswered_is_deleted_with_its_pushes(world, client_for):
    found = examples(world)
    url = reverse("exchange:experience_delete", args=[found["experience"].pk])
    assert client_for("admin").post(url).status_code == 302
    assert not Adoption.objects.filter(pk=found["adoption"].pk).exists()


def test_the_adoption_list_filters_overdue_checks(world, client_for):
    found = examples(world)
    late = found["b_adoption"]
    Adoption.objects.filter(pk=late.pk).update(check_due=TODAY - datetime.timedelta(days=1))
    response = client_for("worker_a").get(reverse("exchange:adoption_list"), {"is_overdue": "true"})
    assert [a.pk for a in response.context["page"].object_list] == [late.pk]
    assert "check overdue" in response.content.decode()
    response = client_for("worker_a").get(
        reverse("exchange:adoption_list"), {"experience": found["experience"].pk}
    )
    assert [a.pk for a in response.context["page"].object_list] == [found["adoption"].pk]
