"""The pages of express reports and subscriptions: the shared contract for reports, who
sees a draft and a published report, corrections and deletion of a published one, and
subscribing a unit to another plant's reports."""

import pytest
from django.urls import reverse

from gexin.core.models import ChangeRecord
from gexin.core.testing import ViewContract
from gexin.exchange.models import ExpressReport, Subscription
from gexin.exchange.tests.factories_express import PUBLISHED, examples, make_report

pytestmark = pytest.mark.django_db


class TestExpressReportPages(ViewContract):
    app = "exchange"
    model_name = "expressreport"
    # worker_a belongs to plant A's turning group, where the draft is written.
    viewer = "worker_a"
    editor = "manager_a"
    has_export = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["draft"], "out_of_scope": found["b_draft"]}

    def valid_edit(self, world, obj):
        return {
            "unit_ref": "plant-a-turning",
            "title": "Roll sets assembled beforehand, swapped whole",
            "body": "The roll change takes 40 minutes instead of 120.",
            "language": "en",
            "experience": "",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["title"] = ""
        return data, "title"


def test_a_draft_is_seen_within_its_unit_a_published_report_by_everyone(world, client_for):
    found = examples(world)
    draft, report = found["draft"], found["report"]
    assert client_for("worker_b").get(draft.get_absolute_url()).status_code == 404
    assert client_for("worker_b").get(report.get_absolute_url()).status_code == 200
    assert client_for("stranger").get(report.get_absolute_url()).status_code == 404
    listed = client_for("worker_b").get(reverse("exchange:expressreport_list"), {"per_page": 500})
    shown = set(listed.context["page"].object_list)
    assert {report, found["b_report"]} <= shown
    assert draft not in shown


def test_plant_b_reads_a_published_report_but_cannot_change_it(world, client_for):
    report = examples(world)["report"]
    client = client_for("worker_b")
    assert client.get(reverse("exchange:expressreport_edit", args=[report.pk])).status_code == 403
    assert (
        client.post(reverse("exchange:expressreport_delete", args=[report.pk])).status_code == 403
    )
    assert (
        client.post(reverse("exchange:expressreport_publish", args=[report.pk])).status_code == 403
    )


def test_a_new_report_is_a_draft_from_the_writer_s_own_unit(world, client_for):
    examples(world)
    client = client_for("leader_a")
    form = client.get(reverse("exchange:expressreport_add"))
    assert form.context["form"]["unit_ref"].value() == "plant-a-turning"
    data = TestExpressReportPages().valid_edit(world, None)
    data["title"] = "Quick-change tool holder"
    response = client.post(reverse("exchange:expressreport_add"), data)
    assert response.status_code == 302
    report = ExpressReport.objects.get(title="Quick-change tool holder")
    assert report.plant == world.units["plant-a"]
    assert report.author == world.users["leader_a"]
    assert report.published_at is None


def test_a_published_report_is_corrected_only_with_a_reason(world, client_for):
    report = examples(world)["report"]
    client = client_for("manager_a")
    url = reverse("exchange:expressreport_edit", args=[report.pk])
    form = client.get(url)
    assert form.context["reason_required"]
    assert form.context["form"].fields["unit_ref"].disabled
    data = {
        "title": report.title,
        "body": "The crew of the blooming mill built a lifting table; no roller hurt since May.",
        "language": "zh-hans",
        "experience": "",
        "version": form.context["meta_form"]["version"].value(),
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert refused.context["meta_form"].errors["reason"]
    data["reason"] = "The month was wrong."
    assert client.post(url, data).status_code == 302
    record = ChangeRecord.for_object(report).first()
    assert record.reason == "The month was wrong."
    assert "body" in record.changes


def test_a_published_report_is_deleted_only_by_management(world, client_for):
    found = examples(world)
    report = found["report"]
    url = reverse("exchange:expressreport_delete", args=[report.pk])
    # leader_a may delete the turning group's draft, not a published report.
    draft_url = reverse("exchange:expressreport_delete", args=[found["draft"].pk])
    assert client_for("leader_a").post(draft_url).status_code == 302
    assert client_for("manager_a").get(url).status_code == 200
    refused = client_for("manager_a").post(url, {})
    assert refused.status_code == 400  # the reason is required
    assert client_for("manager_a").post(url, {"reason": "Sent twice"}).status_code == 302
    assert not ExpressReport.objects.filter(pk=report.pk).exists()


def test_only_an_organiser_may_delete_a_draft_and_not_a_published_report(world, client_for):
    examples(world)
    published = make_report(
        world.units["plant-a-turning"], title="Published in the group", published_at=PUBLISHED
    )
    url = reverse("exchange:expressreport_delete", args=[published.pk])
    assert client_for("leader_a").get(url).status_code == 403
    assert client_for("worker_a").get(url).status_code == 403


def test_a_plant_s_list_links_its_atom_feed(world, client_for):
    examples(world)
    page = client_for("worker_b").get(reverse("exchange:expressreport_list"), {"plant": "plant-a"})
    html = page.content.decode()
    feed = reverse("exchange:expressreport_feed", kwargs={"code": "plant-a"})
    link = (
        '<link rel="alternate" type="application/atom+xml" '
        f'title="Express reports of Plant A" href="{feed}">'
    )
    assert link in html
    assert "data-feed" in html
    assert {r.plant.code for r in page.context["page"].object_list} == {"plant-a"}
    plain = client_for("worker_b").get(reverse("exchange:expressreport_list")).content.decode()
    assert "application/atom+xml" not in plain


# Subscriptions


def test_management_subscribes_a_unit_to_another_plant(world, client_for):
    examples(world)
    client = client_for("manager_a")
    form = client.get(reverse("exchange:subscription_add"), {"unit": "plant-a-machine"})
    assert form.context["form"]["unit_ref"].value() == "plant-a-machine"
    response = client.post(
        reverse("exchange:subscription_add"),
        {"unit_ref": "plant-a-machine", "plant_ref": "plant-b", "by_email": "on"},
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get(unit=world.units["plant-a-machine"])
    assert subscription.plant == world.units["plant-b"]
    assert subscription.by_email
    assert response["Location"] == subscription.get_absolute_url()
    listed = client.get(reverse("exchange:subscription_list"), {"unit": "plant-a-machine"})
    assert list(listed.context["page"].object_list) == [subscription]
    assert "Unsubscribe" in listed.content.decode()


def test_a_subscription_is_refused_twice_and_to_one_s_own_plant(world, client_for):
    examples(world)  # plant A already subscribes to plant B
    client = client_for("manager_a")
    twice = client.post(
        reverse("exchange:subscription_add"), {"unit_ref": "plant-a", "plant_ref": "plant-b"}
    )
    assert twice.status_code == 400
    assert twice.context["form"].errors["plant_ref"] == [
        "Plant A already subscribes to the reports of Plant B."
    ]
    itself = client.post(
        reverse("exchange:subscription_add"), {"unit_ref": "plant-a", "plant_ref": "plant-a"}
    )
    assert itself.status_code == 400
    assert "subscribe to the reports of another plant" in str(itself.context["form"].errors)
    own = client.post(
        reverse("exchange:subscription_add"),
        {"unit_ref": "plant-a-machine", "plant_ref": "plant-a"},
    )
    assert own.status_code == 400
    not_a_plant = client.post(
        reverse("exchange:subscription_add"),
        {"unit_ref": "plant-a-machine", "plant_ref": "plant-b-rolling"},
    )
    assert not_a_plant.status_code == 400


def test_subscribing_needs_the_management_of_the_subscribing_unit(world, client_for):
    found = examples(world)
    assert client_for("leader_a").get(reverse("exchange:subscription_add")).status_code == 403
    refused = client_for("manager_a").post(
        reverse("exchange:subscription_add"), {"unit_ref": "plant-b", "plant_ref": "plant-a"}
    )
    assert refused.status_code == 400  # plant B is not plant A's manager's to subscribe
    delete = reverse("exchange:subscription_delete", args=[found["subscription"].pk])
    # The subscription of plant A is its management's: out of sight below it and elsewhere.
    assert client_for("worker_a").post(delete).status_code == 404
    assert client_for("worker_b").post(delete).status_code == 404
    response = client_for("manager_a").post(delete)
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("exchange:subscription_list") + f"?unit={world.units['plant-a'].pk}"
    )
    assert not Subscription.objects.filter(pk=found["subscription"].pk).exists()


def test_the_subscription_list_shows_the_units_in_scope(world, client_for):
    found = examples(world)
    group = Subscription.objects.create(
        unit=world.units["plant-a-turning"], plant=world.units["plant-b"]
    )
    listed = client_for("worker_a").get(reverse("exchange:subscription_list"))
    assert listed.status_code == 200
    assert list(listed.context["page"].object_list) == [group]
    assert "Unsubscribe" not in listed.content.decode()
    managed = client_for("manager_a").get(reverse("exchange:subscription_list"))
    shown = set(managed.context["page"].object_list)
    assert shown == {found["subscription"], group}
    assert "Unsubscribe" in managed.content.decode()
    assert client_for("stranger").get(reverse("exchange:subscription_list")).status_code == 403
