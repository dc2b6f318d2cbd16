"""The fulfilment page and the unit page's fulfilment panel."""

import datetime
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from gexin.org.choices import UnitKind
from gexin.org.tests.factories import UnitFactory
from gexin.plans import fulfilment_views
from gexin.plans.tests.factories import make_plan, put

D = datetime.date


def page(unit, **query):
    return reverse("plans:unit_fulfilment", args=[unit.pk]), query


def panel(unit):
    return reverse("plans:unit_fulfilment_panel", args=[unit.pk])


def days(unit_code, first, last, metric, value):
    return [
        (unit_code, (first + datetime.timedelta(days=n)).isoformat(), "", metric, "", value)
        for n in range((last - first).days + 1)
    ]


@pytest.fixture
def turning(world):
    """Turning group A's March 1959 plan, ten days of figures, February and March 1958.

    Target 3,100 pieces (100 a day); 90 a day made on 1–10 March, so 900 made against
    1,000 expected: 100 behind, 29.0% done, 2,200 still to make in 21 days (105 a
    day), 2,790 at this pace. February: 1,000 (so -10.0%); March 1958: 450 (+100.0%).
    Qualified rate: 873 of 900 = 97.00% against 98% (1.00 point behind); February
    99.00% (so -2.00 points).
    """
    unit = world.units["plant-a-turning"]
    make_plan(unit, "month", D(1959, 3, 1), {"pieces_produced": 3100, "qualified_rate": 98})
    rows = days("plant-a-turning", D(1959, 3, 1), D(1959, 3, 10), "pieces_produced", "90")
    rows += [
        ("plant-a-turning", "1959-03-10", "", "pieces_qualified", "", "873"),
        ("plant-a-turning", "1959-02-01", "", "pieces_produced", "", "1000"),
        ("plant-a-turning", "1959-02-01", "", "pieces_qualified", "", "990"),
        ("plant-a-turning", "1958-03-05", "", "pieces_produced", "", "450"),
    ]
    put(rows)
    return unit


@pytest.fixture
def milling(world, turning):
    """A second group beside turning: 95 a day against the same plan, so ranked first."""
    unit = UnitFactory(
        code="plant-a-milling",
        parent=world.units["plant-a-machine"],
        kind=UnitKind.UNION_GROUP,
        name="Milling group A",
        name_zh="甲厂铣工组",
    )
    make_plan(unit, "month", D(1959, 3, 1), {"pieces_produced": 3100})
    put(days("plant-a-milling", D(1959, 3, 1), D(1959, 3, 10), "pieces_produced", "95"))
    return unit


def chart_json(response, chart_id):
    match = re.search(
        rf'<script id="{chart_id}" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, chart_id
    return json.loads(match.group(1))


# Who may see what


def test_anonymous_is_sent_to_sign_in(world, client_for):
    unit = world.units["plant-a-turning"]
    for url in (page(unit)[0], panel(unit)):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_another_plants_user_finds_nothing(world, client_for, turning):
    for url in (page(turning)[0], panel(turning), page(world.units["plant-a"])[0]):
        assert client_for("worker_b").get(url).status_code == 404
    assert client_for("stranger").get(page(turning)[0]).status_code == 404


def test_a_member_and_the_ministry_see_the_page(world, client_for, turning):
    assert client_for("worker_a").get(page(turning)[0]).status_code == 200
    assert client_for("admin").get(page(world.units["mmi"])[0]).status_code == 200
    # worker_a's scope is their own group: its parents are out of reach.
    assert client_for("worker_a").get(page(world.units["plant-a"])[0]).status_code == 404


# The figures


def test_the_default_period_is_the_plan_with_records(client_for, turning):
    response = client_for("worker_a").get(page(turning)[0])
    assert response.status_code == 200
    assert (response.context["start"], response.context["end"]) == (D(1959, 3, 1), D(1959, 3, 31))
    assert response.context["default_plan"].unit == turning
    body = response.content.decode()
    assert "1959-03" in body
    assert 'value="1959-03-01"' in body and 'value="1959-03-31"' in body


def test_the_table_shows_the_numbers(client_for, turning):
    url, query = page(turning, start="1959-03-01", end="1959-03-31")
    response = client_for("worker_a").get(url, query)
    assert response.status_code == 200
    rows = {row["metric"].code: row for row in response.context["rows"]}
    produced = rows["pieces_produced"]
    assert produced["target"] == "3,100"
    assert produced["actual"] == "900"
    assert produced["percent"] == "29.0%"
    assert produced["expected"] == "1,000"
    assert (produced["state"], produced["state_text"]) == ("behind", "100 pieces behind")
    assert produced["required"] == "105"
    assert produced["forecast"] == "2,790"
    assert produced["change"] == "-10.0%"
    assert produced["year_change"] == "+100.0%"
    rate = rows["qualified_rate"]
    assert (rate["target"], rate["actual"]) == ("98.00", "97.00")
    assert rate["state"] == "behind"
    assert rate["change"] == "-2.00 pts"
    body = response.content.decode()
    for text in ("3,100", "29.0%", "100 pieces behind", "2,790", "-10.0%", "+100.0%", "-2.00 pts"):
        assert text in body, text
    assert "from 1959-03-11" in body


def test_ahead_of_the_plan_is_said_in_words(world, client_for, turning):
    put(days("plant-a-turning", D(1959, 3, 11), D(1959, 3, 12), "pieces_produced", "500"))
    url, query = page(turning, start="1959-03-01", end="1959-03-31")
    response = client_for("worker_a").get(url, query)
    body = response.content.decode()
    # 1,900 made against 1,200 expected after 12 days.
    assert "700 pieces ahead" in body
    assert 'class="state ahead"' in body


def test_the_chart_draws_the_cumulative_actual_against_the_plan(client_for, turning):
    url, query = page(turning, start="1959-03-01", end="1959-03-31")
    response = client_for("worker_a").get(url, query)
    data = chart_json(response, f"fulfilment-chart-{turning.pk}")
    actual, plan = data["series"]
    assert actual["style"] == "actual" and plan["style"] == "plan"
    assert actual["points"][0] == ["1959-03-01", 90.0]
    assert actual["points"][-1] == ["1959-03-10", 900.0]
    assert plan["points"] == [["1959-03-01", 100.0], ["1959-03-31", 3100.0]]
    assert actual["name"] == "Actual, cumulative"
    assert data["locale"] == "EN"
    assert data["as_of"] == "1959-03-10"


def test_the_chart_of_a_rate_is_the_rate_to_date(client_for, turning):
    url, query = page(turning, start="1959-03-01", end="1959-03-31", metric="qualified_rate")
    response = client_for("worker_a").get(url, query)
    assert response.status_code == 200
    data = chart_json(response, f"fulfilment-chart-{turning.pk}")
    actual, target = data["series"]
    assert actual["points"][-1] == ["1959-03-10", 97.0]
    assert target["points"] == [["1959-03-01", 98.0], ["1959-03-31", 98.0]]


def test_chinese_pages_translate_and_use_the_chinese_chart_locale(world, client_for, turning):
    user = world.users["worker_a"]
    user.language = "zh-hans"
    user.save()
    url, query = page(turning, start="1959-03-01", end="1959-03-31")
    response = client_for("worker_a").get(url, query)
    assert response.status_code == 200
    data = chart_json(response, f"fulfilment-chart-{turning.pk}")
    assert data["locale"] == "ZH"
    assert "件" in data["unit"]


def test_sub_units_are_ranked_best_first_and_link_to_their_pages(world, client_for, milling):
    machine = world.units["plant-a-machine"]
    url, query = page(machine, start="1959-03-01", end="1959-03-31")
    response = client_for("manager_a").get(url, query)
    assert response.status_code == 200
    ranking = response.context["ranking"]
    assert [row["unit"].code for row in ranking] == ["plant-a-milling", "plant-a-turning"]
    assert [row["percent"] for row in ranking] == ["30.6%", "29.0%"]
    assert ranking[0]["url"].startswith(reverse("plans:unit_fulfilment", args=[milling.pk]))
    assert "start=1959-03-01" in ranking[0]["url"]
    assert ranking[0]["url"] in response.content.decode().replace("&amp;", "&")
    # The workshop has no plan of its own: its figures still add up its groups.
    assert "No plan for this period." in response.content.decode()
    rows = {row["metric"].code: row for row in response.context["rows"]}
    assert rows["pieces_produced"]["actual"] == "1,850"


def test_previous_and_next_periods_keep_the_kind_of_period(client_for, turning):
    url, query = page(turning, start="1959-03-11", end="1959-03-20")
    response = client_for("worker_a").get(url, query)
    assert "start=1959-03-01&end=1959-03-10" in response.context["previous_url"]
    assert "start=1959-03-21&end=1959-03-31" in response.context["next_url"]
    url, query = page(turning, start="1959-03-01", end="1959-03-31")
    response = client_for("worker_a").get(url, query)
    assert "start=1959-02-01&end=1959-02-28" in response.context["previous_url"]
    assert "start=1959-04-01&end=1959-04-30" in response.context["next_url"]


def test_new_records_show_at_once(client_for, turning):
    url, query = page(turning, start="1959-03-01", end="1959-03-31")
    client = client_for("worker_a")
    assert "2,790" in client.get(url, query).content.decode()
    put([("plant-a-turning", "1959-03-10", "", "pieces_produced", "", "190")])
    rows = {row["metric"].code: row for row in client.get(url, query).context["rows"]}
    assert rows["pieces_produced"]["actual"] == "1,000"


# Empty states and bad input


def test_a_unit_without_data_says_so(world, client_for):
    response = client_for("worker_b").get(page(world.units["plant-b-shift-1"])[0])
    assert response.status_code == 200
    body = response.content.decode()
    assert "No plan for this period." in body
    assert "No records yet." in body
    today = fulfilment_views.timezone.localdate()
    assert response.context["start"] == today.replace(day=1)


def test_without_a_plan_the_default_is_the_month_of_the_latest_record(world, client_for):
    put([("plant-b-shift-1", "1959-05-17", "", "steel_output", "", "12.5")])
    response = client_for("admin").get(page(world.units["plant-b"])[0])
    assert (response.context["start"], response.context["end"]) == (D(1959, 5, 1), D(1959, 5, 31))
    assert "12.5" in response.content.decode()
    assert response.context["default_plan"] is None


@pytest.mark.parametrize(
    "query,message",
    [
        ({"start": "1959-03-31", "end": "1959-03-01"}, "The last day is before the first day."),
        ({"start": "1959-13-01", "end": "1959-03-31"}, "Enter the first day as YYYY-MM-DD."),
        ({"start": "1959-03-01", "end": "31/03/1959"}, "Enter the last day as YYYY-MM-DD."),
        ({"start": "1959-03-01"}, "Give both the first and the last day"),
        ({"start": "1959-03-01", "end": "1959-03-31", "as_of": "soon"}, "as-of day"),
        ({"start": "1920-01-01", "end": "1959-03-31"}, "Choose at most ten years."),
        ({"start": "9999-12-01", "end": "9999-12-31"}, "between the years 1900 and 2199"),
        ({"start": "1959-03-01", "end": "1959-03-31", "as_of": "0001-01-01"}, "1900"),
        ({"start": "1959-03-01", "end": "1959-03-31", "metric": "nonsense"}, "nonsense"),
    ],
)
def test_bad_dates_are_explained_on_the_page(client_for, turning, query, message):
    response = client_for("worker_a").get(page(turning)[0], query)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'role="alert"' in body
    assert '<form method="get"' in body
    assert static(fulfilment_views.ECHARTS_JS) not in body


# The panel on the unit's page


def test_the_unit_page_loads_the_panel(client_for, turning):
    response = client_for("worker_a").get(turning.get_absolute_url())
    assert f'hx-get="{panel(turning)}"' in response.content.decode()


def test_the_panel_is_empty_for_a_unit_without_data(world, client_for, turning):
    response = client_for("admin").get(panel(world.units["plant-b-shift-1"]))
    assert response.status_code == 200
    assert response.content == b""


def test_the_panel_shows_the_key_lines_a_chart_and_a_link(client_for, turning):
    response = client_for("worker_a").get(panel(turning), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card')
    assert "29.0%" in body and "100 pieces behind" in body
    assert f'href="{reverse("plans:unit_fulfilment", args=[turning.pk])}"' in body
    data = chart_json(response, f"fulfilment-panel-chart-{turning.pk}")
    assert data["series"][0]["points"][-1] == ["1959-03-10", 900.0]
    # The chart's scripts are named for the loader of gexin.js, not loaded by the panel.
    assert static(fulfilment_views.ECHARTS_JS) in body
    assert "<script src" not in body


def test_the_panel_of_a_unit_with_a_plan_but_no_records(world, client_for):
    make_plan(world.units["plant-b-shift-1"], "month", D(1959, 3, 1), {"steel_output": 100})
    body = client_for("worker_b").get(panel(world.units["plant-b-shift-1"])).content.decode()
    assert '<section class="card' in body
    assert "No records yet." in body


# The chart library is the site's own


def test_echarts_is_bundled_with_its_licence():
    for name in ("echarts.min.js", "LICENSE", "NOTICE", "VERSION"):
        assert finders.find(f"gexin/vendor/echarts/{name}"), name
    assert finders.find(fulfilment_views.CHARTS_JS)
    with open(finders.find(fulfilment_views.ECHARTS_JS), encoding="utf-8") as library:
        head = library.read(2000)
    assert "Apache Software Foundation" in head


def test_the_page_loads_echarts_from_the_site_itself(client_for, turning):
    response = client_for("worker_a").get(page(turning)[0])
    body = response.content.decode()
    local = static(fulfilment_views.ECHARTS_JS)
    assert local.startswith("/")
    assert f'<script src="{local}" defer></script>' in body
    assert f'<script src="{static(fulfilment_views.CHARTS_JS)}" defer></script>' in body
    assert not re.search(r'<script[^>]+src="(https?:)?//', body)


def test_pages_without_a_chart_do_not_load_echarts(world, client_for, turning):
    body = client_for("worker_a").get(turning.get_absolute_url()).content.decode()
    assert "echarts" not in body
    # A unit without figures or plans has no chart to draw.
    body = client_for("worker_b").get(page(world.units["plant-b-shift-1"])[0]).content.decode()
    assert "echarts" not in body
