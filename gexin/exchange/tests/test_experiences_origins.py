"""Writing up an experience from earlier work: a solved key issue, an adopted proposal or
a confirmed advanced producer starts the form and stays linked; work the user cannot
see, or not yet ready, is refused with the reason. The link on each page."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from gexin.competitions.choices import ProducerStatus
from gexin.competitions.models import AdvancedProducer
from gexin.exchange.models import Experience
from gexin.innovation.choices import AttackMethod
from gexin.innovation.models import KeyIssue, ResearchTeam
from gexin.meetings.choices import DispositionKind
from gexin.meetings.tests.factories import make_proposal

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
ADD = reverse("exchange:experience_add")


def solved_key_issue(world, unit_code="plant-a-turning", solve=True):
    unit = world.units[unit_code]
    team = ResearchTeam.objects.create(
        unit=unit, name="Roll change team", leader=world.people.get("leader_a")
    )
    team.members.set([world.people["turner_a"]])
    key_issue = KeyIssue.objects.create(
        unit=unit,
        title="Roll change takes two hours",
        description="The mill stands still while the rolls are changed one by one.",
        method=AttackMethod.RESEARCH,
        owner_unit=unit,
        owner_team=team,
        ranked_on=TODAY - datetime.timedelta(days=20),
    )
    if solve:
        key_issue.start_attack()
        key_issue.solve("Pre-assemble the roll sets and swap them whole.", on=TODAY)
    return key_issue


def adopted_proposal(world, measured=True):
    proposal = make_proposal(
        world.units["plant-a-turning"],
        [world.people["worker_a"], world.people["turner_a"]],
        title="Cool the cut with emulsion",
    )
    proposal.dispose(DispositionKind.SOLVED, "Adopted in the group", world.users["leader_a"])
    if measured:
        proposal.record_implementation(TODAY, "Emulsion pipe fitted", world.users["leader_a"])
        proposal.record_benefit(
            Decimal("12"), Decimal("8"), "hours per pipe", world.users["leader_a"], on=TODAY
        )
    return proposal


def confirmed_producer(world, confirm=True):
    producer = AdvancedProducer.objects.create(
        person=world.people["worker_a"],
        evidence="Over-fulfilled the pledge three months running, no scrap.",
        method="Grinds the tool to a new angle and sets up the next job while the lathe runs.",
    )
    if confirm:
        AdvancedProducer.objects.filter(pk=producer.pk).update(
            status=ProducerStatus.CONFIRMED, decided_on=TODAY
        )
        producer.refresh_from_db()
    return producer


def messages_of(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def post_initial(client, url):
    """Open the form, then submit it as it was prefilled."""
    form = client.get(url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        data[name] = field.prepare_value(value) if hasattr(field, "prepare_value") else value
    return client.post(url, data)


def test_a_solved_key_issue_starts_the_form_and_stays_linked(world, client_for):
    key_issue = solved_key_issue(world)
    client = client_for("manager_a")
    url = f"{ADD}?key_issue={key_issue.pk}"
    form = client.get(url).context["form"]
    assert form["title"].value() == "Roll change takes two hours"
    assert form["method"].value() == "Pre-assemble the roll sets and swap them whole."
    assert form["problem"].value().startswith("The mill stands still")
    assert form["unit_ref"].value() == "plant-a-turning"
    assert form["people_numbers"].value() == "A-001, A-003"  # the team that solved it
    response = post_initial(client, url)
    assert response.status_code == 302, response.context["form"].errors
    experience = Experience.objects.get(key_issue=key_issue)
    assert experience.unit == world.units["plant-a-turning"]
    assert set(experience.people.values_list("employee_number", flat=True)) == {"A-001", "A-003"}
    assert experience.created_by == world.users["manager_a"]
    page = client.get(experience.get_absolute_url()).content.decode()
    assert key_issue.get_absolute_url() in page


def test_an_adopted_proposal_brings_its_authors_and_measured_figures(world, client_for):
    proposal = adopted_proposal(world)
    client = client_for("manager_a")
    url = f"{ADD}?proposal={proposal.pk}"
    form = client.get(url).context["form"]
    assert form["method"].value() == proposal.suggestion
    assert form["people_numbers"].value() == "A-002, A-003"
    assert Decimal(form["before_value"].value()) == Decimal("12")
    assert Decimal(form["after_value"].value()) == Decimal("8")
    assert form["figure_label"].value() == "hours per pipe"
    assert form["direction"].value() == "lower"  # the hours went down: lower is better
    response = post_initial(client, url)
    assert response.status_code == 302, response.context["form"].errors
    experience = Experience.objects.get(proposal=proposal)
    assert experience.improvement == Decimal("33.3")


def test_a_confirmed_producer_brings_the_method_summed_up(world, client_for):
    producer = confirmed_producer(world)
    client = client_for("manager_a")
    url = f"{ADD}?producer={producer.pk}"
    form = client.get(url).context["form"]
    assert form["method"].value() == producer.method
    assert form["people_numbers"].value() == "A-002"
    assert "Worker A" in form["title"].value()
    response = post_initial(client, url)
    assert response.status_code == 302, response.context["form"].errors
    assert Experience.objects.get(producer=producer).unit == world.units["plant-a-turning"]


@pytest.mark.parametrize(
    "kind,make,reason",
    [
        ("key_issue", lambda w: solved_key_issue(w, solve=False), "only a solved or verified"),
        ("proposal", lambda w: make_proposal(w.units["plant-a-turning"], []), "only an adopted"),
        ("producer", lambda w: confirmed_producer(w, confirm=False), "only a confirmed"),
    ],
)
def test_work_not_ready_is_refused_with_the_reason(world, client_for, kind, make, reason):
    origin = make(world)
    client = client_for("manager_a")
    response = client.get(f"{ADD}?{kind}={origin.pk}")
    assert response.status_code == 302
    assert response["Location"] == ADD
    assert reason in messages_of(response)
    posted = client.post(f"{ADD}?{kind}={origin.pk}", {"title": "x"})
    assert posted.status_code == 302
    assert not Experience.objects.filter(**{kind: origin}).exists()


def test_work_the_user_cannot_see_is_refused(world, client_for):
    key_issue = solved_key_issue(world, "plant-b-shift-1")
    response = client_for("manager_a").get(f"{ADD}?key_issue={key_issue.pk}")
    assert response.status_code == 302
    assert f"No key issue No. {key_issue.pk} among those you may see" in messages_of(response)
    response = client_for("manager_a").get(f"{ADD}?proposal=nonsense")
    assert "No proposal No. nonsense" in messages_of(response)


def test_one_origin_at_a_time(world, client_for):
    key_issue = solved_key_issue(world)
    proposal = adopted_proposal(world, measured=False)
    response = client_for("manager_a").get(f"{ADD}?key_issue={key_issue.pk}&proposal={proposal.pk}")
    assert response.status_code == 302
    assert "at most one" in messages_of(response)


def test_the_write_up_link_shows_when_the_state_and_the_right_allow(world, client_for):
    solved, open_issue = solved_key_issue(world), solved_key_issue(world, solve=False)
    proposal, submitted = adopted_proposal(world), make_proposal(world.units["plant-a-turning"], [])
    producer, suggested = confirmed_producer(world), confirmed_producer(world, confirm=False)
    manager, worker = client_for("manager_a"), client_for("worker_a")
    for ready, not_ready, kind in (
        (solved, open_issue, "key_issue"),
        (proposal, submitted, "proposal"),
        (producer, suggested, "producer"),
    ):
        link = f'href="{ADD}?{kind}={ready.pk}"'
        assert link in manager.get(ready.get_absolute_url()).content.decode(), kind
        assert "data-write-up" not in worker.get(ready.get_absolute_url()).content.decode(), kind
        assert "data-write-up" not in manager.get(not_ready.get_absolute_url()).content.decode()
