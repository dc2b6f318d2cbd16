"""A plant's Atom feed of express reports: valid Atom (RFC 4287) as a feed reader and
an XML parser read it, exactly the plant's published reports, newest first, and read
by anyone signed in or holding an API token."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from gexin.exchange import express
from gexin.exchange.tests.factories_express import examples, make_report

pytestmark = pytest.mark.django_db

ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM}


def feed_url(code="plant-a"):
    return reverse("exchange:expressreport_feed", kwargs={"code": code})


@pytest.fixture
def reports(world):
    """Plant A's published report, one published later, its draft, and plant B's."""
    found = examples(world)
    later = make_report(world.units["plant-a-turning"], title="Tool holder changed in a minute")
    express.publish(later, world.users["leader_a"])
    return {**found, "later": later}


def read(client, code="plant-a"):
    response = client.get(feed_url(code))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/atom+xml")
    return response


def test_the_feed_is_valid_atom(world, client_for, reports):
    response = read(client_for("worker_b"))
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert ATOM in parsed.namespaces.values()
    feed = parsed.feed
    for required in ("id", "title", "updated"):
        assert feed.get(required), required
    assert feed.title == "Express reports of Plant A"
    assert feed.author_detail.name == "Plant A"
    links = {link.rel: link.href for link in feed.links}
    assert links["self"] == "http://testserver" + feed_url()
    assert links["alternate"] == "http://testserver" + reverse("exchange:expressreport_list") + (
        "?plant=plant-a"
    )
    assert parsed.entries
    for entry in parsed.entries:
        for required in ("id", "title", "updated", "published", "summary", "link"):
            assert entry.get(required), (entry.get("title"), required)
        assert entry.author_detail.name
        assert entry.link.startswith("http://testserver/express-reports/")
        assert entry.content[0].value


def test_the_feed_lists_exactly_the_plant_s_published_reports_newest_first(
    world, client_for, reports
):
    parsed = feedparser.parse(read(client_for("worker_a")).content)
    titles = [entry.title for entry in parsed.entries]
    assert titles == [reports["later"].title, reports["report"].title]
    assert reports["draft"].title not in titles
    assert reports["b_report"].title not in titles
    plant_b = feedparser.parse(read(client_for("worker_a"), "plant-b").content)
    assert [entry.title for entry in plant_b.entries] == [reports["b_report"].title]


def test_the_feed_as_xml_has_every_required_element_and_unique_ids(world, client_for, reports):
    root = ET.fromstring(read(client_for("worker_b")).content)
    assert root.tag == f"{{{ATOM}}}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    for name in ("id", "title", "updated", "author/atom:name"):
        assert root.find(f"atom:{name}", NS) is not None, name
    assert root.find("atom:link[@rel='self']", NS) is not None
    entries = root.findall("atom:entry", NS)
    assert len(entries) == 2
    ids = [root.find("atom:id", NS).text] + [e.find("atom:id", NS).text for e in entries]
    assert len(set(ids)) == len(ids)
    assert all(identifier.startswith("tag:testserver,") for identifier in ids)
    for entry in entries:
        for name in ("id", "title", "updated", "published", "summary", "content"):
            assert entry.find(f"atom:{name}", NS) is not None, name
        assert entry.find("atom:link[@rel='alternate']", NS) is not None
        updated = datetime.datetime.fromisoformat(entry.find("atom:updated", NS).text)
        published = datetime.datetime.fromisoformat(entry.find("atom:published", NS).text)
        assert updated >= published


def test_the_feed_follows_the_reader_s_language(world, client_for, reports):
    user = world.users["worker_b"]
    user.language = "zh-hans"
    user.save()
    root = ET.fromstring(read(client_for("worker_b")).content)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-hans"


def test_an_empty_feed_is_still_valid(world, client_for, reports):
    from gexin.exchange.tests.factories_contracts import plant_c

    plant_c(world)
    parsed = feedparser.parse(read(client_for("worker_a"), "plant-c").content)
    assert not parsed.bozo
    assert parsed.feed.updated
    assert parsed.entries == []


def test_a_feed_reader_uses_an_api_token(world, client, reports):
    token, _created = Token.objects.get_or_create(user=world.users["worker_b"])
    response = client.get(feed_url(), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert len(feedparser.parse(response.content).entries) == 2
    wrong = client.get(feed_url(), HTTP_AUTHORIZATION="Token not-a-token")
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"].startswith("Token")


def test_without_credentials_the_reader_is_sent_to_sign_in(world, client, reports):
    response = client.get(feed_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    # A feed reader's request (no browser) gets the same answer: sign in, or send a token.
    reader = client.get(feed_url(), HTTP_ACCEPT="application/atom+xml")
    assert reader.status_code == 302


def test_the_feed_is_refused_to_an_account_of_no_one_and_unknown_plants(world, client_for, reports):
    assert client_for("stranger").get(feed_url()).status_code == 403
    assert client_for("worker_a").get(feed_url("plant-a-machine")).status_code == 404
    assert client_for("worker_a").get(feed_url("no-such-plant")).status_code == 404
    assert client_for("worker_a").post(feed_url()).status_code == 405
