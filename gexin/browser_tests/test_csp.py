"""The pages work under the Content Security Policy, in a real browser.

The browser reports every script, style, image or worker the policy refuses (a
`securitypolicyviolation` event, recorded from the first moment of each page into
`window.__cspViolations`) and every console error. A representative page of each area
is opened on a phone as a signed-in user; none may report anything, and the charts,
the HTMX panels and lookups and the API reference still work.
"""

import datetime
import json

import pytest
from playwright.sync_api import expect

from gexin.core.testing import build_world
from gexin.plans import catalogue
from gexin.plans.models import Metric

from .test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push({
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile + ":" + event.lineNumber,
    sample: event.sample,
  });
}, true);
"""


@pytest.fixture
def world_db(transactional_db):
    from gexin.competitions.tests.factories_evaluations import examples as evaluations
    from gexin.exchange.search import reindex_all
    from gexin.exchange.tests.factories_search import corpus
    from gexin.innovation.tests.factories import examples as innovation
    from gexin.meetings.tests.factories import examples as meetings
    from gexin.national.tests.factories_board import steel_quarter
    from gexin.people.tests.factories_board import board_world
    from gexin.plans.tests.factories import make_plan, put

    catalogue.install(Metric)
    world = build_world()
    turning = world.units["plant-a-turning"]
    plan = make_plan(turning, "month", datetime.date(1959, 3, 1), {"pieces_produced": 3100})
    put(
        [
            ("plant-a-turning", f"1959-03-{day:02d}", "", "pieces_produced", "", "90")
            for day in range(1, 11)
        ]
    )
    found = {
        "turning": turning,
        "plan": plan,
        **meetings(world),
        **innovation(world),
        **evaluations(world),
    }
    steel_quarter(world)
    board_world(world)
    corpus(world)
    reindex_all()
    return found


def watch(page):
    """Record the policy's refusals and the console's errors on every page of `page`."""
    errors = []
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def refused(page, errors, allowed=(), settled=True):
    """What the policy refused on the page in `page`, and the console's errors; both are
    emptied for the next page. `allowed` names refusals the page is expected to have;
    `settled` waits until the page has loaded everything it asked for."""
    if settled:
        page.wait_for_load_state("networkidle")
    found = page.evaluate("window.__cspViolations.splice(0)")
    found = [item for item in found if not any(part in item["blocked"] for part in allowed)]
    found += [text for text in errors if not any(part in text for part in allowed)]
    errors.clear()
    return found


def open_page(page, errors, path):
    page.goto(page.base_url + path)
    return refused(page, errors)


def hover_chart(page, chart):
    """Move over a chart so that it draws its tooltip."""
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6)
    page.mouse.move(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.6)
    page.wait_for_timeout(200)


def test_the_pages_keep_to_the_content_security_policy(page, world_db):
    found = world_db
    errors = watch(page)
    sign_in(page, "admin")
    report = {}

    report["home"] = refused(page, errors)

    # The unit page loads its panels with HTMX, and the chart library with them.
    turning = found["turning"]
    report["unit"] = open_page(page, errors, f"/units/{turning.pk}/")
    chart = page.locator("section.fulfilment-panel [data-chart] canvas")
    expect(chart).to_have_count(1)
    report["unit"] += refused(page, errors)
    report["fulfilment"] = open_page(page, errors, f"/units/{turning.pk}/fulfilment/")
    expect(page.locator("[data-chart] canvas")).to_have_count(1)
    hover_chart(page, page.locator("[data-chart]").first)
    report["fulfilment"] += refused(page, errors)

    report["plan"] = open_page(page, errors, found["plan"].get_absolute_url())
    report["minutes"] = open_page(page, errors, f"/meetings/{found['meeting'].pk}/minutes/")
    expect(page.locator("main")).to_contain_text("Finished the pipes early")
    report["meeting"] = open_page(page, errors, found["meeting"].get_absolute_url())
    report["proposal"] = open_page(page, errors, found["proposal"].get_absolute_url())

    # The standings of the published month, with the red banner's holder.
    report["standings"] = open_page(page, errors, found["published"].get_absolute_url())
    expect(page.locator("#banner-holder")).to_contain_text("Turning group A")

    report["campaign"] = open_page(page, errors, found["campaign"].get_absolute_url())
    expect(page.locator("[data-chart] canvas")).to_have_count(1)
    hover_chart(page, page.locator("[data-chart]").first)
    report["campaign"] += refused(page, errors)

    report["search"] = open_page(page, errors, "/search/?q=roll")
    expect(page.locator("main")).to_contain_text("roll")

    report["national"] = open_page(page, errors, "/national/board/?quarter=1959Q1&as_of=1959-02-14")
    expect(page.locator("[data-board-heading]")).to_contain_text("1959 Q1")

    report["people"] = open_page(
        page, errors, "/people/board/?unit=plant-a-turning&as_of=1959-04-11"
    )
    expect(page.locator("[data-board-heading]")).to_contain_text("Turning group A")

    # A form: the unit field asks the server as one types (HTMX, no inline code).
    report["form"] = open_page(page, errors, "/plans/add/")
    page.locator("input[list]").first.fill("plant-a-tur")
    options = page.locator("datalist option")
    expect(options.first).to_be_attached()
    assert "plant-a-turning" in options.evaluate_all("(all) => all.map((o) => o.value)")
    report["form"] += refused(page, errors)

    report["browsable api"] = open_page(page, errors, "/api/v1/plans/")
    expect(page.locator("h1")).to_contain_text("Plan List")

    # The API reference: Swagger UI, and ReDoc, whose badge would fetch its logo from
    # its makers' site: the policy refuses that, as it should. The schema is large and
    # made afresh for each request: it takes a while.
    page.goto(page.base_url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("gexin API", timeout=60_000)
    report["api docs"] = refused(page, errors)
    # ReDoc's styles are in force from its first drawing (reading the whole schema
    # takes long, and is not waited for).
    page.goto(page.base_url + "/api/redoc/")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('style[data-styled]'))"
        ".some((style) => style.sheet && style.sheet.cssRules.length > 0)"
    )
    report["api reference"] = refused(page, errors, allowed=("logo-mini.svg",), settled=False)

    unexpected = {name: items for name, items in report.items() if items}
    assert not unexpected, json.dumps(unexpected, indent=1)
