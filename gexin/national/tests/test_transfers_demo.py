"""The demo transfer plan loads, solves and records shipments."""

import pytest

from gexin.national import demo_transfers

pytestmark = pytest.mark.django_db


def test_the_demo_plan_is_solved_with_shipments(world):
    from gexin.org.choices import UnitKind
    from gexin.org.tests.factories import UnitFactory
    from gexin.plans.catalogue import install
    from gexin.plans.models import Metric

    install(Metric)
    for code in [*demo_transfers.SUPPLIES, *demo_transfers.DEMANDS]:
        if code not in world.units:
            UnitFactory(code=code, parent=world.units["mmi"], kind=UnitKind.PROVINCE, name=code)
    assert not demo_transfers.is_loaded()
    written = demo_transfers.load()
    assert demo_transfers.is_loaded()
    assert written["transfer plans"] == 1 and written["shipments"] >= 1
    from gexin.national.models import TransferPlan

    plan = TransferPlan.objects.get(title=demo_transfers.TITLE)
    assert plan.result == "optimal" and plan.total_cost > 0
    assert plan.is_illustrative
