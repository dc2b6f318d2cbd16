"""Welfare cases: leaders, officers, managers and administrators see them, plain members
do not; their health details only the group leader and the welfare officer read, on the
page, in the list and its search, the export, the API and the history."""

import datetime

import pytest
from django.urls import reverse

from gexin.org.choices import Role
from gexin.org.privacy import HIDDEN
from gexin.org.tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory
from gexin.people.models.members import WelfareCase, WelfareHelp
from gexin.people.tests.factories_members import HEALTH, examples

pytestmark = pytest.mark.django_db

SECRET = "Pleurisy"
assert SECRET in HEALTH


@pytest.fixture
def cases(world):
    """The examples, and a welfare officer of plant A's turning group (`welfare_a`)."""
    found = examples(world)
    officer = PersonFactory(unit=world.unit("plant-a-turning"), employee_number="A-010")
    officer.user = world.users["welfare_a"] = UserFactory(username="welfare_a")
    officer.save()
    RoleAssignmentFactory(
        person=officer, unit=world.unit("plant-a-turning"), role=Role.WELFARE_OFFICER
    )
    return found


def detail(client_for, user, case):
    return client_for(user).get(reverse("people:welfarecase_detail", args=[case.pk]))


def test_the_group_leader_and_the_welfare_officer_read_the_health_details(cases, client_for):
    for user in ("leader_a", "welfare_a"):
        page = detail(client_for, user, cases["case"])
        assert page.status_code == 200
        assert SECRET in page.content.decode(), user


def test_managers_and_administrators_see_the_case_but_not_the_health_details(cases, client_for):
    for user in ("manager_a", "admin_a", "admin"):
        page = detail(client_for, user, cases["case"])
        assert page.status_code == 200, user
        body = page.content.decode()
        assert SECRET not in body, user
        assert str(HIDDEN) in body, user
        assert cases["case"].summary in body


def test_a_plain_member_does_not_see_welfare_cases_at_all(cases, client_for):
    client = client_for("worker_a")
    assert detail(client_for, "worker_a", cases["case"]).status_code == 404
    assert client.get(reverse("people:welfarecase_list")).status_code == 403
    assert client.get(f"/api/v1/welfare-cases/{cases['case'].pk}/").status_code == 404
    assert client.get("/api/v1/welfare-cases/").status_code == 403


def test_a_search_never_matches_inside_hidden_health_details(cases, client_for):
    url = reverse("people:welfarecase_list")
    hidden = client_for("manager_a").get(url, {"q": SECRET})
    assert list(hidden.context["page"].object_list) == []
    shown = client_for("leader_a").get(url, {"q": SECRET})
    assert [case.pk for case in shown.context["page"].object_list] == [cases["case"].pk]
    api = client_for("admin_a").get("/api/v1/welfare-cases/", {"q": SECRET})
    assert api.json()["results"] == []


def test_the_export_hides_the_health_details_from_those_who_may_not_read_them(cases, client_for):
    url = reverse("people:welfarecase_list")
    hidden = client_for("admin_a").get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert SECRET not in hidden
    assert str(HIDDEN) in hidden
    shown = client_for("leader_a").get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert SECRET in shown


def test_the_api_shows_a_placeholder_and_refuses_writing_the_health_details(cases, api_for):
    url = f"/api/v1/welfare-cases/{cases['case'].pk}/"
    hidden = api_for("manager_a").get(url).json()
    assert hidden["health_details"] == str(HIDDEN) and hidden["health_hidden"] is True
    shown = api_for("leader_a").get(url).json()
    assert shown["health_details"] == HEALTH and shown["health_hidden"] is False
    refused = api_for("admin_a").patch(url, {"health_details": "nothing"}, format="json")
    assert refused.status_code == 400
    # Other fields change; the health details stay as they were.
    kept = api_for("admin_a").patch(url, {"summary": "back at work"}, format="json")
    assert kept.status_code == 200
    assert WelfareCase.objects.get(pk=cases["case"].pk).health_details == HEALTH


def test_the_history_hides_the_health_details_from_those_who_may_not_read_them(cases, client_for):
    case = cases["case"]
    client_for("leader_a").post(
        reverse("people:welfarecase_edit", args=[case.pk]),
        {
            "person": case.person.employee_number,
            "kind": case.kind,
            "opened_on": case.opened_on.isoformat(),
            "summary": case.summary,
            "health_details": "Pleurisy, better; back on 1 October",
            "help_arranged": "",
        },
    )
    url = reverse("people:welfarecase_history", args=[case.pk])
    for user in ("manager_a", "admin_a", "admin"):
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            body = client_for(user).get(url, **headers).content.decode()
            assert SECRET not in body and "better" not in body, (user, headers)
            assert str(HIDDEN) in body
    shown = client_for("leader_a").get(url).content.decode()
    assert "better; back on 1 October" in shown


def test_the_edit_form_of_one_who_may_not_read_them_leaves_the_health_details_alone(
    cases, client_for
):
    case = cases["case"]
    client = client_for("admin_a")
    form = client.get(reverse("people:welfarecase_edit", args=[case.pk]))
    assert "health_details" not in form.context["form"].fields
    assert SECRET not in form.content.decode()
    response = client.post(
        reverse("people:welfarecase_edit", args=[case.pk]),
        {
            "person": case.person.employee_number,
            "kind": case.kind,
            "opened_on": case.opened_on.isoformat(),
            "closed_on": "1953-10-01",
            "summary": case.summary,
            "help_arranged": "visits and a grant",
            "health_details": "overwritten",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.health_details == HEALTH and case.closed_on == datetime.date(1953, 10, 1)


def test_the_person_page_lists_the_case_without_its_health_details(cases, client_for):
    page = client_for("admin_a").get(reverse("people:person_membership", args=[cases["person"].pk]))
    body = page.content.decode()
    assert cases["case"].summary in body
    assert SECRET not in body


def test_help_given_is_recorded_on_the_case_page_by_a_keeper(cases, client_for):
    case = cases["case"]
    url = reverse("people:welfarehelp_add") + f"?case={case.pk}"
    response = client_for("welfare_a").post(
        url, {"day": "1953-09-12", "kind": "money", "amount": "50000", "given_by": "the union"}
    )
    assert response.status_code == 302
    assert WelfareHelp.objects.filter(case=case, kind="money").exists()
    assert (
        client_for("manager_a").post(url, {"day": "1953-09-12", "kind": "visit"}).status_code == 403
    )
    before = client_for("welfare_a").post(url, {"day": "1953-09-01", "kind": "visit"})
    assert before.status_code == 400  # before the case was opened


@pytest.fixture
def elsewhere(cases, world):
    """admin_a, who may not read the case's health details, is also the welfare officer
    of another group of plant A: they read the health details of its people."""
    from gexin.org.choices import UnitKind
    from gexin.org.tests.factories import UnitFactory

    milling = UnitFactory(
        code="plant-a-milling", parent=world.unit("plant-a-machine"), kind=UnitKind.UNION_GROUP
    )
    RoleAssignmentFactory(person=world.people["admin_a"], unit=milling, role=Role.WELFARE_OFFICER)
    return PersonFactory(unit=milling, employee_number="A-030")


def test_one_who_may_not_read_the_health_details_cannot_move_the_case_on_the_page(
    cases, elsewhere, client_for
):
    case = cases["case"]
    url = reverse("people:welfarecase_edit", args=[case.pk])
    client = client_for("admin_a")
    form = client.get(url).context["form"]
    assert form.fields["person"].disabled
    response = client.post(
        url,
        {
            "person": elsewhere.employee_number,
            "kind": case.kind,
            "opened_on": case.opened_on.isoformat(),
            "summary": case.summary,
            "help_arranged": "a grant",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.person == cases["person"] and case.help_arranged == "a grant"
    # The group leader, who reads them, still moves it.
    assert not client_for("leader_a").get(url).context["form"].fields["person"].disabled


def test_one_who_may_not_read_the_health_details_cannot_move_the_case_by_the_api(
    cases, elsewhere, api_for
):
    from gexin.people.forms.members import PERSON_KEPT

    url = f"/api/v1/welfare-cases/{cases['case'].pk}/"
    moved = api_for("admin_a").patch(url, {"person": elsewhere.employee_number}, format="json")
    assert moved.status_code == 400
    assert moved.json() == {"person": [str(PERSON_KEPT)]}
    assert WelfareCase.objects.get(pk=cases["case"].pk).person == cases["person"]
    # Sending the person it has changes nothing and is accepted.
    same = api_for("admin_a").patch(url, {"person": cases["person"].employee_number})
    assert same.status_code == 200


def test_the_api_does_not_confirm_a_guess_of_the_health_details(cases, api_for):
    url = f"/api/v1/welfare-cases/{cases['case'].pk}/"
    api = api_for("admin_a")
    right = api.patch(url, {"health_details": HEALTH}, format="json")
    wrong = api.patch(url, {"health_details": "a broken arm"}, format="json")
    empty = api.patch(url, {"health_details": ""}, format="json")
    assert right.status_code == wrong.status_code == empty.status_code == 400
    assert right.json() == wrong.json() == empty.json()
    assert WelfareCase.objects.get(pk=cases["case"].pk).health_details == HEALTH
