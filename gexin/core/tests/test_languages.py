"""English and Simplified Chinese: chosen by the browser, or per user."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_browsers_language_is_followed(world, client_for):
    client = client_for("manager_a")
    chinese = client.get(reverse("org:unit_tree"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert chinese["Content-Language"] == "zh-hans"
    assert "<h1>单位</h1>" in chinese.content.decode()
    assert "甲厂" in chinese.content.decode()  # unit names follow the language too
    english = client.get(reverse("org:unit_tree"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert "<h1>Units</h1>" in english.content.decode()
    assert "Plant A" in english.content.decode()


def test_a_users_choice_wins_over_the_browser_and_is_kept(world, client_for):
    client = client_for("manager_a")
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/units/"})
    assert response.status_code == 302
    assert response["Location"] == "/units/"
    world.users["manager_a"].refresh_from_db()
    assert world.users["manager_a"].language == "zh-hans"
    client.cookies.clear()
    client.force_login(world.users["manager_a"])
    page = client.get(reverse("org:unit_tree"), HTTP_ACCEPT_LANGUAGE="en")
    assert "<h1>单位</h1>" in page.content.decode()


def test_following_the_browser_again(world, client_for):
    client = client_for("manager_a")
    client.post(reverse("set_language"), {"language": "zh-hans"})
    client.post(reverse("set_language"), {"language": ""})
    page = client.get(reverse("org:unit_tree"), HTTP_ACCEPT_LANGUAGE="en")
    assert "<h1>Units</h1>" in page.content.decode()


def test_the_next_page_must_be_on_this_site(world, client_for):
    response = client_for("manager_a").post(
        reverse("set_language"), {"language": "en", "next": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/"


def test_people_are_shown_with_their_transliteration_in_english(world, client_for):
    person = world.people["manager_a"]
    english = client_for("admin").get(
        reverse("org:person_detail", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Manager A (manager_a的名字)" in english.content.decode()


def test_an_api_token_user_gets_their_own_language(world, api_for):
    user = world.users["manager_a"]
    user.language = "zh-hans"
    user.save()
    response = api_for("manager_a").get("/api/v1/units/plant-a/")
    assert response.json()["display"] == "甲厂"
    assert response["Content-Language"] == "zh-hans"
