"""Work types are a shared catalogue: read by all, changed at the top of the tree."""

import pytest

from gexin.core.testing import CatalogueViewContract
from gexin.org.models import WorkType

pytestmark = pytest.mark.django_db


class TestWorkTypePages(CatalogueViewContract):
    app, model_name = "org", "worktype"

    def example(self, world):
        return world.work_types["rolling"]

    def valid_edit(self, world, obj):
        return {"code": obj.code, "name": "Rolling (steel)", "name_zh": "轧钢"}

    def test_a_new_work_type_is_created_with_a_valid_code(self, world, client_for):
        bad = client_for("admin").post(self.url("add"), {"code": "Wire Rod", "name": "Wire rod"})
        assert bad.status_code == 400
        assert bad.context["form"].errors["code"]
        good = client_for("admin").post(self.url("add"), {"code": "wire_rod", "name": "Wire rod"})
        assert good.status_code == 302
        assert WorkType.objects.filter(code="wire_rod").exists()

    def test_a_work_type_in_use_cannot_be_deleted(self, world, client_for):
        obj = self.example(world)
        response = client_for("admin").post(self.url("delete", obj))
        assert response.status_code == 302
        assert WorkType.objects.filter(pk=obj.pk).exists()

    def test_its_page_lists_the_units_of_that_type_in_scope(self, world, client_for):
        response = client_for("worker_b").get(self.url("detail", self.example(world)))
        codes = {unit.code for unit in response.context["units"]}
        assert codes == {"plant-b-shift-1"}


def test_units_are_filtered_by_work_type_code_on_the_page_and_in_the_api(
    world, client_for, api_for
):
    page = client_for("admin").get("/units/list/", {"work_type": "rolling"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Rolling workshop B" in body and "Machine shop A" not in body
    codes = {
        row["code"]
        for row in api_for("admin")
        .get("/api/v1/units/", {"work_type": "rolling"})
        .json()["results"]
    }
    assert codes == {"plant-b-rolling", "plant-b-shift-1"}
