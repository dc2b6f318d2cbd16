"""The standings page costs the same queries however many participants it ranks."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gexin.competitions import scoring
from gexin.competitions.choices import ParticipantKind, Scoring
from gexin.competitions.models import Participant
from gexin.competitions.tests.factories_evaluations import add_criterion, make_competition
from gexin.org.choices import UnitKind
from gexin.org.tests.factories import UnitFactory
from gexin.plans.tests.factories import put

pytestmark = pytest.mark.django_db

DAY = datetime.date(1959, 3, 10)


def same_type_competition(world, workshops_per_plant, name):
    """Machine shops of plants A and B compete on pieces produced, ranked."""
    competition = make_competition(
        world.units["mmi"],
        title=f"Same-type machine shops {name}",
        participant_kind=ParticipantKind.WORKSHOP,
        work_type=world.work_types["machining"],
    )
    add_criterion(competition, "pieces_produced", 1, Scoring.RANK)
    rows = []
    for plant in ("plant-a", "plant-b"):
        for number in range(workshops_per_plant):
            workshop = UnitFactory(
                parent=world.units[plant],
                code=f"{plant}-{name}-{number}",
                kind=UnitKind.WORKSHOP,
                work_type=world.work_types["machining"],
                name=f"Shop {name}{number}",
                name_zh=f"车间{number}",
            )
            Participant.objects.create(competition=competition, unit=workshop)
            rows.append((workshop.code, DAY.isoformat(), "1", "pieces_produced", "", 10 + number))
    put(rows)
    return scoring.evaluate(competition, DAY)


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_standings_page_costs_the_same_queries_for_more_participants(
    world, client_for, settings
):
    settings.GEXIN_FRAGMENT_CACHE = False
    client = client_for("admin")
    few, _page = queries_of(client, same_type_competition(world, 1, "x").get_absolute_url())
    many, page = queries_of(client, same_type_competition(world, 4, "y").get_absolute_url())
    assert many == few
    # Same-type workshops share their names: each row says whose plant it is.
    assert "Plant A · Shop y3" in page
    assert "Plant B · Shop y0" in page
