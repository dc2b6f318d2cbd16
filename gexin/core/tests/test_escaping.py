"""HTML in what people type is shown as text everywhere: pages, fragments, PDFs, feeds.

The user text of several objects (a unit's and a person's name, a plan's notes, minutes,
a proposal, an experience, a problem, an express report) is set to markup that would
run a script if it reached a page as markup. Every page that shows it must show it as
the same characters, and hold no element made from it.
"""

import datetime
import io
from html.parser import HTMLParser

import feedparser
import pytest
from pypdf import PdfReader

from gexin.meetings.choices import EntryKind

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
MARKUP = SCRIPT + BREAKOUT


class Shown(HTMLParser):
    """The page's text and attribute values as a browser reads them, and any element
    or script that the markup would have made."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self.made = []
        self.script_type = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.made.append(f"<{tag} {name}={value!r}>")
            elif value:
                self.texts.append(value)
        if tag == "img" and attrs.get("src") == "x":
            self.made.append("<img src=x>")
        if tag == "script":
            self.script_type = attrs.get("type") or "text/javascript"

    def handle_endtag(self, tag):
        if tag == "script":
            self.script_type = None

    def handle_data(self, data):
        if self.script_type == "text/javascript" and "alert(1)" in data:
            self.made.append(f"<script>{data}</script>")
        elif self.script_type is None:
            self.texts.append(data)


def shown(html):
    parser = Shown()
    parser.feed(html)
    parser.close()
    return parser


def assert_shown_as_text(response, label):
    assert response.status_code == 200, f"{label}: {response.status_code}"
    html = response.content.decode()
    page = shown(html)
    assert not page.made, f"{label}: the text became markup: {page.made}"
    assert SCRIPT not in html and "<img src=x" not in html, label
    # The text is there, character for character.
    assert any(MARKUP in text for text in page.texts), f"{label}: the text is not shown"


@pytest.fixture
def marked(world):
    """Objects of plant A's turning group whose user text is MARKUP."""
    from gexin.exchange import express
    from gexin.exchange.search import reindex_all
    from gexin.exchange.tests.factories_experiences import make_experience
    from gexin.exchange.tests.factories_express import make_report
    from gexin.innovation.tests.factories import examples as innovation_examples
    from gexin.innovation.tests.factories import make_problem
    from gexin.meetings.models import MinuteEntry
    from gexin.meetings.tests.factories import make_meeting, make_proposal
    from gexin.plans.tests.factories import make_plan

    unit = world.units["plant-a-turning"]
    unit.name = f"Turning {MARKUP}"
    unit.save()
    person = world.people["turner_a"]
    person.name = f"Li {MARKUP}"
    person.save()
    plan = make_plan(unit, "month", datetime.date(1959, 3, 1), {"pieces_produced": 3000})
    plan.notes = MARKUP
    plan.save()
    meeting = make_meeting(unit, datetime.date.today(), chair=world.people["leader_a"])
    meeting.mark_held(world.users["leader_a"])
    MinuteEntry.objects.create(meeting=meeting, kind=EntryKind.PRAISE, text=MARKUP, person=person)
    proposal = make_proposal(unit, [person], title=MARKUP, problem=MARKUP, suggestion=MARKUP)
    experience = make_experience(unit, title=f"Roll {MARKUP}", problem=MARKUP, method=MARKUP)
    campaign = innovation_examples(world)["campaign"]
    problem = make_problem(unit, [person], campaign, title=f"Roll {MARKUP}", description=MARKUP)
    report = make_report(unit, title=MARKUP, body=MARKUP)
    express.publish(report, world.users["leader_a"])
    reindex_all()
    return {
        "unit": unit,
        "person": person,
        "plan": plan,
        "meeting": meeting,
        "proposal": proposal,
        "experience": experience,
        "problem": problem,
        "report": report,
    }


def test_pages_and_fragments_show_the_markup_as_text(world, client_for, marked):
    admin = client_for("admin")
    unit = marked["unit"]
    pages = {
        "unit": unit.get_absolute_url(),
        "unit tree": f"/units/{world.units['plant-a-machine'].pk}/children/",
        "unit list": "/units/list/?q=Turning",
        "unit lookup": "/units/lookup/?q=Turning",
        "person": marked["person"].get_absolute_url(),
        "people": "/people/?q=Li",
        "plan": marked["plan"].get_absolute_url(),
        "fulfilment": f"/units/{unit.pk}/fulfilment/",
        "meeting": marked["meeting"].get_absolute_url(),
        "minutes": f"/meetings/{marked['meeting'].pk}/minutes/",
        "blackboard": f"/units/{unit.pk}/blackboard/",
        "proposal": marked["proposal"].get_absolute_url(),
        "experience": marked["experience"].get_absolute_url(),
        "search": "/search/?q=roll",
        "similar": "/search/similar/?text=roll",
        "problem": marked["problem"].get_absolute_url(),
        "express report": marked["report"].get_absolute_url(),
    }
    for label, url in pages.items():
        assert_shown_as_text(admin.get(url), f"{label} {url}")
    # The HTMX requests of the unit page: its panels.
    assert_shown_as_text(
        admin.get(unit.get_absolute_url(), HTTP_HX_REQUEST="true"), "unit page (HTMX)"
    )


def test_lists_show_the_markup_as_text(client_for, marked):
    admin = client_for("admin")
    for label, url in {
        "proposals": "/proposals/",
        "problems": "/problems/",
        "plans": "/plans/",
        "experiences": "/experiences/",
    }.items():
        assert_shown_as_text(admin.get(url), label)


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(
        io.BytesIO(
            b"".join(response.streaming_content)
            if getattr(response, "streaming", False)
            else response.content
        )
    )
    return "".join(page.extract_text() for page in reader.pages).replace("\n", "")


def test_printed_minutes_and_blackboard_show_the_markup_as_text(client_for, marked):
    admin = client_for("admin")
    unit, meeting = marked["unit"], marked["meeting"]
    minutes = pdf_text(admin.get(f"/meetings/{meeting.pk}/minutes.pdf"))
    assert MARKUP in minutes
    blackboard = pdf_text(admin.get(f"/units/{unit.pk}/blackboard.pdf"))
    assert "alert(1)" in blackboard and "<script>" in blackboard


def test_the_feed_carries_the_markup_as_text(client_for, marked):
    response = client_for("worker_b").get("/plants/plant-a/express-reports.atom")
    assert response.status_code == 200
    assert SCRIPT.encode() not in response.content and b"<img" not in response.content
    entry = feedparser.parse(response.content).entries[0]
    assert entry.title == MARKUP  # a text title: the characters themselves
    # The summary is HTML: the markup arrives escaped, to be shown and not run.
    assert entry.summary_detail.type == "text/html"
    assert "&lt;script&gt;" in entry.summary and "<script" not in entry.summary
