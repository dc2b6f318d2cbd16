"""When a help case's cause is health, what was found, the help arranged and the reviews'
notes are private: the group leader reads them; a worker without a role, a manager and
an administrator do not, by page, list, search, export, history, meeting page or API."""

import pytest
from django.urls import reverse

from gexin.competitions.choices import HelpCause
from gexin.competitions.models import HelpCase
from gexin.competitions.tests.factories_help import health_case
from gexin.org.privacy import HIDDEN

pytestmark = pytest.mark.django_db

NOTES = (
    "Stomach ulcer",
    "Light work for a month",
    "Back at work, eats at the clinic canteen",
)
READERS = ("leader_a",)
NOT_READERS = ("worker_a", "manager_a", "admin")


def shows_no_note(text):
    return not any(note in text for note in NOTES)


def shows_every_note(text):
    return all(note in text for note in NOTES)


@pytest.mark.parametrize("username", NOT_READERS)
def test_the_case_page_hides_the_health_notes(world, client_for, username):
    case = health_case(world)
    response = client_for(username).get(case.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert shows_no_note(body)
    assert str(HIDDEN) in body
    assert "health" in body  # the cause itself is not private


def test_the_group_leader_reads_the_health_notes(world, client_for):
    case = health_case(world)
    body = client_for("leader_a").get(case.get_absolute_url()).content.decode()
    assert shows_every_note(body)
    assert str(HIDDEN) not in body


def test_the_list_hides_them_and_no_search_matches_inside_them(world, client_for):
    case = health_case(world)
    url = reverse("competitions:helpcase_list")
    for username in NOT_READERS:
        client = client_for(username)
        listed = client.get(url)
        assert case in listed.context["page"].object_list
        assert shows_no_note(listed.content.decode())
        for words in ("ulcer", "Light work", "clinic canteen"):
            found = client.get(url, {"q": words}).context["page"].object_list
            assert case not in found, (username, words)
        # The worker's name still finds the case.
        assert case in client.get(url, {"q": "Ill Turner"}).context["page"].object_list
    leader = client_for("leader_a")
    assert "Light work for a month" in leader.get(url).content.decode()
    for words in ("ulcer", "Light work", "clinic canteen"):
        assert case in leader.get(url, {"q": words}).context["page"].object_list


def test_the_export_hides_them(world, client_for):
    health_case(world)
    url = reverse("competitions:helpcase_list")
    assert client_for("worker_a").get(url, {"export": "csv"}).status_code == 403
    for username in ("manager_a", "admin"):
        response = client_for(username).get(url, {"export": "csv"})
        assert response.status_code == 200
        body = response.content.decode("utf-8-sig")
        assert "A-004" in body
        assert shows_no_note(body)
        assert str(HIDDEN) in body


@pytest.mark.parametrize("username", NOT_READERS)
def test_the_api_hides_them(world, api_for, username):
    case = health_case(world)
    api = api_for(username)
    detail = api.get(f"/api/v1/help-cases/{case.pk}/").json()
    assert detail["cause"] == "health"
    assert detail["notes_hidden"] is True
    assert detail["cause_note"] == detail["help_arranged"] == str(HIDDEN)
    assert detail["reviews"][0]["note"] == str(HIDDEN)
    listed = api.get("/api/v1/help-cases/", {"page_size": 1000}).json()
    assert shows_no_note(str(listed))
    assert not api.get("/api/v1/help-cases/", {"q": "ulcer"}).json()["results"]
    reviews = api.get("/api/v1/help-reviews/", {"help_case": case.pk}).json()["results"]
    assert reviews[0]["note"] == str(HIDDEN)
    assert not api.get("/api/v1/help-reviews/", {"q": "canteen"}).json()["results"]


def test_the_group_leader_reads_them_through_the_api(world, api_for):
    case = health_case(world)
    api = api_for("leader_a")
    detail = api.get(f"/api/v1/help-cases/{case.pk}/").json()
    assert detail["notes_hidden"] is False
    assert shows_every_note(str(detail))
    assert [
        row["id"] for row in api.get("/api/v1/help-cases/", {"q": "ulcer"}).json()["results"]
    ] == [case.pk]


def test_the_history_hides_them_even_once_the_cause_is_no_longer_health(world, client_for):
    case = health_case(world)
    url = reverse("competitions:helpcase_history", args=[case.pk])
    assert shows_no_note(client_for("worker_a").get(url).content.decode())
    assert "Stomach ulcer" in client_for("leader_a").get(url).content.decode()
    # The group leader records that the cause was the lathe after all: the old notes
    # stay in the history, and stay private there.
    case.cause = HelpCause.MACHINE
    case.save()
    body = client_for("worker_a").get(url).content.decode()
    assert shows_no_note(body)
    fragment = client_for("worker_a").get(url, HTTP_HX_REQUEST="true").content.decode()
    assert shows_no_note(fragment)


def test_the_meeting_page_hides_them(world, client_for):
    case = health_case(world)
    meeting = case.reviews.get().meeting
    panel = reverse("competitions:meeting_help_panel", args=[meeting.pk])
    assert shows_no_note(client_for("worker_a").get(panel).content.decode())
    assert "Light work for a month" in client_for("leader_a").get(panel).content.decode()


def test_who_may_not_read_them_edits_the_case_without_them_and_keeps_its_cause(
    world, client_for, api_for
):
    case = health_case(world)
    client = client_for("manager_a")
    form = client.get(reverse("competitions:helpcase_edit", args=[case.pk])).context["form"]
    assert "cause_note" not in form.fields and "help_arranged" not in form.fields
    assert form.fields["cause"].disabled
    response = client.post(
        reverse("competitions:helpcase_edit", args=[case.pk]),
        {
            "person_ref": "A-004",
            "help_reason": "other",
            "periods_missed": "0",
            "cause": "machine",
            "opened_on": "1959-04-02",
        },
    )
    assert response.status_code == 302
    stored = HelpCase.objects.get(pk=case.pk)
    assert stored.cause == HelpCause.HEALTH
    assert stored.cause_note == "Stomach ulcer; the clinic orders light work"
    api = api_for("manager_a")
    url = f"/api/v1/help-cases/{case.pk}/"
    for patch in ({"cause_note": "x"}, {"help_arranged": "x"}, {"cause": "machine"}):
        assert api.patch(url, patch, format="json").status_code == 400, patch
    assert api.patch(url, {"periods_missed": 1}, format="json").status_code == 200
    stored.refresh_from_db()
    assert (stored.cause, stored.help_arranged) == (
        HelpCause.HEALTH,
        "Light work for a month and diet meals at the canteen",
    )
    assert (
        api_for("leader_a")
        .patch(url, {"help_arranged": "Back on the lathe"}, format="json")
        .status_code
        == 200
    )


# Moving a case to another worker


def welfare_officer_of_the_group(world):
    """manager_a keeps every help case of plant A and, as the turning group's welfare
    officer too, reads the health notes of that group only."""
    from gexin.org.choices import Role
    from gexin.org.tests.factories import RoleAssignmentFactory

    RoleAssignmentFactory(
        person=world.people["manager_a"],
        unit=world.units["plant-a-turning"],
        role=Role.WELFARE_OFFICER,
    )


def workshop_health_case(world):
    """A health case of a worker of the machine shop, above the turning group (A-005)."""
    from gexin.competitions.tests.factories_help import OPENED
    from gexin.org.tests.factories import PersonFactory

    person = PersonFactory(
        employee_number="A-005", unit=world.units["plant-a-machine"], name_latin="Ill Fitter"
    )
    return HelpCase.objects.create(
        person=person,
        cause=HelpCause.HEALTH,
        cause_note="Stomach ulcer; the clinic orders light work",
        help_arranged="Light work for a month and diet meals at the canteen",
        opened_on=OPENED,
    )


def edit_data(person_ref):
    return {
        "person_ref": person_ref,
        "help_reason": "other",
        "periods_missed": "0",
        "opened_on": "1959-04-02",
    }


def test_who_may_not_read_the_notes_cannot_move_the_case_to_someone_whose_notes_they_read(
    world, client_for, api_for
):
    welfare_officer_of_the_group(world)
    case = workshop_health_case(world)
    url = reverse("competitions:helpcase_edit", args=[case.pk])
    client = client_for("manager_a")
    form = client.get(url).context["form"]
    assert form.keeps_private and form.fields["person_ref"].disabled
    response = client.post(url, edit_data("A-003"))  # a worker of the turning group
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.person.employee_number == "A-005"
    api = api_for("manager_a")
    moved = api.patch(
        f"/api/v1/help-cases/{case.pk}/", {"person": world.people["turner_a"].pk}, format="json"
    )
    assert moved.status_code == 400
    assert "person" in moved.json()
    case.refresh_from_db()
    assert case.person.employee_number == "A-005"
    # Naming the same worker again changes nothing and is fine.
    same = api.patch(f"/api/v1/help-cases/{case.pk}/", {"person": case.person_id}, format="json")
    assert same.status_code == 200


def test_a_health_case_moves_only_to_a_worker_whose_notes_the_user_reads(
    world, client_for, api_for
):
    welfare_officer_of_the_group(world)
    workshop_health_case(world)  # A-005, whose notes manager_a does not read
    case = health_case(world)  # A-004, of the turning group: manager_a reads its notes
    url = reverse("competitions:helpcase_edit", args=[case.pk])
    client = client_for("manager_a")
    assert not client.get(url).context["form"].fields["person_ref"].disabled
    notes = {
        "cause": "health",
        "cause_note": "Stomach ulcer; the clinic orders light work",
        "help_arranged": "Light work for a month",
    }
    response = client.post(url, {**edit_data("A-005"), **notes})
    assert response.status_code == 400
    assert response.context["form"].errors["person_ref"]
    api = api_for("manager_a")
    fitter = HelpCase.objects.get(person__employee_number="A-005").person
    moved = api.patch(f"/api/v1/help-cases/{case.pk}/", {"person": fitter.pk}, format="json")
    assert moved.status_code == 400 and "person" in moved.json()
    case.refresh_from_db()
    assert case.person.employee_number == "A-004"
    # To a worker whose notes they read, the move is theirs to make.
    assert client.post(url, {**edit_data("A-003"), **notes}).status_code == 302
    case.refresh_from_db()
    assert case.person.employee_number == "A-003"


# Whether a hidden note is empty does not show


def test_who_may_not_read_the_notes_cannot_tell_whether_they_are_empty(world, client_for):
    from gexin.people.tests.factories_board import AS_OF, board_world

    found = board_world(world)
    case = found["cases"][0]  # the health case of A-Y00
    HelpCase.objects.filter(pk=case.pk).update(cause_note="", help_arranged="")
    url = reverse("competitions:helpcase_candidates")
    query = {"unit": "plant-a-turning", "as_of": AS_OF.isoformat()}
    body = client_for("manager_a").get(url, query).content.decode()
    assert str(HIDDEN) in row_of(body, "A-Y00")
    leader = client_for("leader_a").get(url, query).content.decode()
    assert str(HIDDEN) not in row_of(leader, "A-Y00")


def row_of(body, number):
    return body.split(f'data-person="{number}"')[1].split('data-person="')[0]


def test_who_may_not_read_the_notes_cannot_resolve_the_case_by_its_date(world, client_for, api_for):
    case = health_case(world)
    url = reverse("competitions:helpcase_edit", args=[case.pk])
    answers = []
    for help_arranged in ("Light work for a month", ""):
        HelpCase.objects.filter(pk=case.pk).update(help_arranged=help_arranged)
        response = client_for("manager_a").post(
            url, {**edit_data("A-004"), "resolved_on": "1959-04-20"}
        )
        assert response.status_code == 400
        api = api_for("manager_a").patch(
            f"/api/v1/help-cases/{case.pk}/", {"resolved_on": "1959-04-20"}, format="json"
        )
        assert api.status_code == 400
        answers.append((response.context["form"].errors, api.json()))
    assert answers[0] == answers[1]
    assert "what help was arranged" not in str(answers)
    case.refresh_from_db()
    assert case.is_open
