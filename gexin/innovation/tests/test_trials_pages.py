"""Trial pages: the shared contract, the analysis on the page, the entry grid, the CSV
import (a bad row writes nothing; the same file twice adds nothing) and observations
taken from production records."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gexin.core.testing import ViewContract
from gexin.innovation.choices import Direction, TrialArm
from gexin.innovation.models import Observation, TrialVariable
from gexin.innovation.tests.factories_trials import examples, make_trial, make_variable
from gexin.plans.models import Metric
from gexin.plans.tests.factories import put

pytestmark = pytest.mark.django_db


class TestTrialPages(ViewContract):
    app = "innovation"
    model_name = "trial"
    editor = "manager_a"
    # No role holds the export right on trials.
    has_export = False

    def objects(self, world):
        found = examples(world)
        return {"in_scope": found["trial"], "out_of_scope": found["b_trial"]}

    def valid_edit(self, world, obj):
        return {
            "unit_ref": "plant-a-turning",
            "title": "Thirteen passes on mill 2",
            "design": "before_after",
            "baseline_label": "12 passes",
            "changed_label": "13 passes",
            "started_on": "1958-03-03",
            "ended_on": "1958-03-09",
            "conclusion": "13 passes are safe; even 14 or 15.",
        }

    def invalid_edit(self, world, obj):
        data = self.valid_edit(world, obj)
        data["ended_on"] = "1958-03-01"
        return data, "ended_on"


def trial_url(trial):
    return reverse("innovation:trial_detail", args=[trial.pk])


def test_the_page_shows_each_variables_analysis_and_verdict(world, client_for):
    trial = examples(world)["trial"]
    body = client_for("worker_a").get(trial_url(trial)).content.decode()
    assert "motor current (A)" in body
    assert "13 passes is higher than 12 passes by 1.87 A" in body
    assert "stays within the limit of 45.00 A" in body
    assert 'data-trial-chart="variable-' in body
    assert "/static/gexin/js/trial_chart.js" in body
    assert "Enter observations" not in body  # a member without a role only reads


def test_a_variable_without_enough_observations_says_so(world, client_for):
    trial = make_trial(world.units["plant-a-turning"], title="Coolant")
    make_variable(trial, name="hours per 100 pipes", baseline=["12"], changed=["7", "6"])
    body = client_for("leader_a").get(trial_url(trial)).content.decode()
    assert "Too few observations to conclude" in body


def test_the_conclusion_is_written_the_analysis_is_not(world):
    from gexin.innovation.forms.trials import TrialForm

    fields = TrialForm(user=world.user("manager_a")).fields
    assert "conclusion" in fields
    assert not {"verdict", "analysis", "difference", "p_value"} & set(fields)


# The entry grid


def enter_url(variable):
    return reverse("innovation:trialvariable_enter", args=[variable.pk])


def test_a_leader_enters_many_values_at_once(world, client_for):
    trial = make_trial(world.units["plant-a-turning"])
    variable = make_variable(trial, name="output per shift", measured_in="t")
    response = client_for("leader_a").post(
        enter_url(variable),
        {
            "baseline": "30.1 29.8, 30.5\n30.0",
            "changed": "32.4，32.9 32.1",
            "observed_on": "1958-03-04",
            "note": "mill 2",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#variable-{variable.pk}")
    baseline = variable.observations.filter(arm=TrialArm.BASELINE)
    assert sorted(baseline.values_list("value", flat=True)) == [
        Decimal("29.8"),
        Decimal("30.0"),
        Decimal("30.1"),
        Decimal("30.5"),
    ]
    assert variable.observations.filter(arm=TrialArm.CHANGED).count() == 3
    assert set(variable.observations.values_list("observed_on", "note")) == {
        (datetime.date(1958, 3, 4), "mill 2")
    }


def test_a_value_that_is_not_a_number_is_named_and_nothing_is_written(world, client_for):
    variable = make_variable(make_trial(world.units["plant-a-turning"]))
    response = client_for("leader_a").post(
        enter_url(variable), {"baseline": "38.2 3O.5 39", "changed": "40"}
    )
    assert response.status_code == 400
    assert "3O.5 (#2)" in str(response.context["form"].errors["baseline"])
    assert not variable.observations.exists()


def test_an_empty_grid_is_refused(world, client_for):
    variable = make_variable(make_trial(world.units["plant-a-turning"]))
    response = client_for("leader_a").post(enter_url(variable), {"baseline": " ", "changed": ""})
    assert response.status_code == 400
    assert "at least one value" in str(response.context["form"].non_field_errors())


def test_a_member_without_a_role_may_not_enter_observations(world, client_for):
    variable = examples(world)["variable"]
    assert client_for("worker_a").get(enter_url(variable)).status_code == 403
    assert client_for("worker_a").post(enter_url(variable), {"baseline": "1"}).status_code == 403
    assert client_for("worker_b").get(enter_url(variable)).status_code == 404


def test_variables_are_added_to_a_trial_and_named_once(world, client_for):
    trial = examples(world)["trial"]
    url = reverse("innovation:trialvariable_add") + f"?trial={trial.pk}"
    client = client_for("leader_a")
    assert client.get(url).status_code == 200
    data = {"name": "Output per shift", "measured_in": "t", "direction": "higher"}
    assert client.post(url, data).status_code == 302
    assert trial.variables.filter(name="Output per shift").exists()
    again = client.post(url, {**data, "name": "output per shift"})
    assert again.status_code == 400
    assert again.context["form"].errors["name"]
    b_url = reverse("innovation:trialvariable_add") + f"?trial={examples(world)['b_trial'].pk}"
    assert client.get(b_url).status_code == 404


# CSV import


def import_csv(client, trial, text, name="trial.csv"):
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("innovation:trial_import", args=[trial.pk]), {"file": upload})


CSV = """variable,side,value,date,note
motor current,a,38.2,1958-03-03,
motor current,12 passes,38.2,1958-03-03,
motor current,b,40.1,1958-03-10,first heat
output per shift,B,32.4,,
"""


def test_an_import_adds_the_rows_and_the_same_file_again_adds_nothing(world, client_for):
    trial = make_trial(world.units["plant-a-turning"])
    current = make_variable(trial)
    output = make_variable(trial, name="Output per shift", direction=Direction.HIGHER)
    client = client_for("leader_a")
    response = import_csv(client, trial, CSV)
    assert response.status_code == 302
    # Two equal rows are two measurements: the trial holds the value twice.
    assert current.observations.filter(arm="a", value=Decimal("38.2")).count() == 2
    assert current.observations.get(arm="b").note == "first heat"
    assert output.observations.get().value == Decimal("32.4")
    before = sorted(Observation.objects.filter(variable__trial=trial).values_list("pk", flat=True))
    again = import_csv(client, trial, CSV)
    assert again.status_code == 302
    after = sorted(Observation.objects.filter(variable__trial=trial).values_list("pk", flat=True))
    assert after == before
    messages = [str(message) for message in again.wsgi_request._messages]
    assert "0 new observations, 4 already held" in messages[-1]


def test_one_bad_row_names_its_row_column_and_reason_and_writes_nothing(world, client_for):
    trial = make_trial(world.units["plant-a-turning"])
    variable = make_variable(trial)
    text = CSV.replace("motor current,b,40.1,1958-03-10", "motor current,c,40.1,1958-03-10")
    text += "motor current,a,forty,,\n"
    response = import_csv(client_for("leader_a"), trial, text)
    assert response.status_code == 400
    errors = {(error.row, error.column) for error in response.context["errors"]}
    assert errors == {(4, "side"), (5, "variable"), (6, "value")}
    reasons = {error.row: str(error.reason) for error in response.context["errors"]}
    assert "a or b" in reasons[4]
    assert "add it first" in reasons[5]
    body = response.content.decode()
    assert "nothing was written" in body
    assert not variable.observations.exists()


def test_a_file_without_the_needed_columns_is_refused(world, client_for):
    trial = make_trial(world.units["plant-a-turning"])
    make_variable(trial)
    response = import_csv(client_for("leader_a"), trial, "variable,value,colour\nx,1,red\n")
    assert response.status_code == 400
    found = {(error.column, str(error.reason)) for error in response.context["errors"]}
    assert ("side", "This column is missing.") in found
    assert any(column == "colour" for column, _reason in found)


def test_the_example_file_is_offered(world, client_for):
    trial = examples(world)["trial"]
    response = client_for("leader_a").get(
        reverse("innovation:trial_import", args=[trial.pk]), {"template": "1"}
    )
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith("variable,side,value,date,note")


# From the production records


def records_url(variable):
    return reverse("innovation:trialvariable_records", args=[variable.pk])


def record_days(unit_code, metric, start, values):
    rows = [
        (unit_code, (start + datetime.timedelta(days=offset)).isoformat(), "1", metric, "", value)
        for offset, value in enumerate(values)
    ]
    put(rows)


def test_daily_totals_of_two_ranges_become_the_two_sides(world, client_for):
    trial = make_trial(world.units["plant-a-machine"])
    variable = make_variable(
        trial,
        name="pieces",
        direction=Direction.HIGHER,
        metric=Metric.objects.get(code="pieces_produced"),
    )
    # Recorded in the turning group below the workshop, in thousandths: 120.5 is 120500.
    record_days("plant-a-turning", "pieces_produced", datetime.date(1958, 3, 3), ["120.5", "118"])
    record_days("plant-a-turning", "pieces_produced", datetime.date(1958, 3, 10), ["131", "133"])
    put([("plant-a-turning", "1958-03-11", "2", "pieces_produced", "", "2")])
    data = {
        "unit_ref": "plant-a-machine",
        "baseline_start": "1958-03-01",
        "baseline_end": "1958-03-07",
        "changed_start": "1958-03-10",
        "changed_end": "1958-03-16",
    }
    client = client_for("manager_a")
    response = client.post(records_url(variable), data)
    assert response.status_code == 302
    sides = {
        arm: sorted((o.observed_on.day, o.value) for o in variable.observations.filter(arm=arm))
        for arm in (TrialArm.BASELINE, TrialArm.CHANGED)
    }
    assert sides[TrialArm.BASELINE] == [(3, Decimal("120.5")), (4, Decimal("118"))]
    # The day's total sums every shift.
    assert sides[TrialArm.CHANGED] == [(10, Decimal("131")), (11, Decimal("135"))]
    assert variable.observations.first().note_display == "from the records of plant-a-machine"
    # The same days again add nothing.
    assert client.post(records_url(variable), data).status_code == 302
    assert variable.observations.count() == 4


def test_a_ratio_is_its_quantities_divided_day_by_day(world, client_for):
    trial = make_trial(world.units["plant-a-turning"])
    variable = make_variable(
        trial, name="qualified", metric=Metric.objects.get(code="qualified_rate")
    )
    for day, produced, qualified in (("1958-03-03", "200", "190"), ("1958-03-10", "100", "99")):
        put(
            [
                ("plant-a-turning", day, "1", "pieces_produced", "", produced),
                ("plant-a-turning", day, "1", "pieces_qualified", "", qualified),
            ]
        )
    response = client_for("leader_a").post(
        records_url(variable),
        {
            "unit_ref": "plant-a-turning",
            "baseline_start": "1958-03-01",
            "baseline_end": "1958-03-07",
            "changed_start": "1958-03-08",
            "changed_end": "1958-03-14",
        },
    )
    assert response.status_code == 302
    assert variable.observations.get(arm="a").value == Decimal("95")
    assert variable.observations.get(arm="b").value == Decimal("99")


def test_ranges_without_records_are_explained(world, client_for):
    variable = examples(world)["variable"]
    response = client_for("leader_a").post(
        records_url(variable),
        {
            "unit_ref": "plant-a-turning",
            "baseline_start": "1950-01-01",
            "baseline_end": "1950-01-07",
            "changed_start": "1950-01-08",
            "changed_end": "1950-01-14",
        },
    )
    assert response.status_code == 400
    assert "no figures on these days" in str(response.context["form"].non_field_errors())


def test_records_of_another_plant_cannot_be_read(world, client_for):
    variable = examples(world)["variable"]
    response = client_for("manager_a").post(
        records_url(variable),
        {
            "unit_ref": "plant-b-shift-1",
            "baseline_start": "1958-03-01",
            "baseline_end": "1958-03-07",
            "changed_start": "1958-03-08",
            "changed_end": "1958-03-14",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["unit_ref"]


def test_a_variable_without_a_metric_cannot_read_records(world, client_for):
    variable = TrialVariable.objects.create(trial=examples(world)["trial"], name="temperature")
    response = client_for("leader_a").get(records_url(variable))
    assert response.status_code == 302


def test_the_list_filters_by_unit_campaign_key_issue_and_search(world, client_for):
    from gexin.innovation.models import Campaign, KeyIssue

    turning, machine = world.units["plant-a-turning"], world.units["plant-a-machine"]
    march = Campaign.objects.create(
        unit=machine,
        title="March campaign",
        starts_on=datetime.date(1958, 3, 1),
        ends_on=datetime.date(1958, 3, 31),
    )
    issue = KeyIssue.objects.create(unit=turning, title="Too few passes", campaign=march)
    passes = make_trial(turning, title="Thirteen passes", campaign=march, key_issue=issue)
    coolant = make_trial(machine, title="Coolant on the pipes")
    client = client_for("manager_a")
    url = reverse("innovation:trial_list")

    def shown(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {trial.pk for trial in response.context["page"].object_list}

    assert {passes.pk, coolant.pk} <= shown()
    assert shown(key_issue=issue.pk) == {passes.pk}
    assert shown(campaign=march.pk) == {passes.pk}
    assert coolant.pk not in shown(unit="plant-a-turning")
    assert shown(q="coolant") == {coolant.pk}
    body = client.get(url).content.decode()
    assert f'<option value="{march.pk}">March campaign</option>' in body
