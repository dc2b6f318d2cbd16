"""The demo technical assistance tells seeds 002 and 001: the four north-east plants'
contract and fifth conference with its 56 experiences, Benxi learning Dalian's lifting
table and Dalian learning Benxi's fast roll change, express reports and cards, and
Taiyuan Steel's cooperation with the Xinzhi coal mine."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test import Client, override_settings

from gexin.core import demo_steps
from gexin.core.models import ChangeRecord, Notification
from gexin.core.permissions import is_path_in_scope
from gexin.exchange import contracts, demo, demo_data, spread
from gexin.exchange.choices import (
    AdoptionStatus,
    CardKind,
    CooperationKind,
    ExchangeStatus,
    Flow,
    ItemStatus,
    Verdict,
)
from gexin.exchange.models import (
    Adoption,
    AssistanceCard,
    Conference,
    Contract,
    ContractItem,
    Cooperation,
    CooperationItem,
    Experience,
    ExpressReport,
    ItemEvaluation,
    Subscription,
    plant_of,
)
from gexin.org.models import Person, RoleAssignment, Unit, WorkType
from gexin.plans.models import Metric, Record

D = datetime.date
MODELS = (
    Experience,
    Adoption,
    Contract,
    ContractItem,
    Conference,
    ItemEvaluation,
    ExpressReport,
    Subscription,
    AssistanceCard,
    Cooperation,
    CooperationItem,
    Record,
    Person,
    RoleAssignment,
    WorkType,
    ChangeRecord,
)
ROLL_CHANGE = "快速换轧辊 / Fast roll change"
LIFTING_TABLE = "开坯机升降台翻钢板 / Lifting table for turning plates at the blooming mill"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Every earlier demo step, then this one, loaded once for the module."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        for order, _label, is_loaded, load in demo_steps.steps():
            if order < 60 and not is_loaded():
                load()
        assert not demo.is_loaded()
        sent_before = len(mail.outbox)
        written = demo.load()
        yield {"written": written, "mails": len(mail.outbox) - sent_before}
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(loaded, db):
    return loaded["written"]


def conference():
    return Conference.objects.get(unit__code="dalian-steel", number=5)


def experience(title):
    return Experience.objects.get(title=title)


def user(username):
    return get_user_model().objects.get(username=username)


# Loading


def test_it_is_the_demo_step_after_competitions(demo_db):
    step = next(step for step in demo_steps.steps() if step[1] == "technical assistance")
    assert step[0] == 60 and step[2:] == (demo.is_loaded, demo.load)
    before = {label for order, label, *_rest in demo_steps.steps() if order < step[0]}
    assert {"organisation", "plans and records", "labour competitions"} <= before


def test_it_writes_the_story_and_says_how_many_rows(demo_db):
    assert demo_db["experiences"] == Experience.objects.count() == 56
    assert demo_db["contracts"] == 1 and demo_db["conferences"] == 1
    assert demo_db["contract items"] == demo_db["item evaluations"] == 12
    assert demo_db["adoptions"] == 4
    assert demo_db["express reports"] == 4 and demo_db["subscriptions"] == 12
    assert demo_db["assistance cards"] == 5 and demo_db["cooperations"] == 3
    assert demo_db["records"] == 2 * 214  # two metrics, June to December 1958


def test_loading_sends_no_notification(loaded, db):
    assert not Notification.objects.exists()
    assert loaded["mails"] == 0


def test_every_demo_row_is_valid(demo_db):
    for model in (
        Experience,
        Adoption,
        Contract,
        ContractItem,
        Conference,
        ItemEvaluation,
        ExpressReport,
        Subscription,
        AssistanceCard,
        Cooperation,
        CooperationItem,
    ):
        rows = list(model.objects.all())
        assert rows, model
        for row in rows:
            row.full_clean()


def test_every_row_says_where_it_comes_from(demo_db):
    for model in (Experience, Adoption, Contract, Conference, ExpressReport, AssistanceCard):
        for row in model.objects.all():
            assert row.source, row
            assert row.is_illustrative or "seed" in row.source, row


def test_loading_twice_changes_nothing(demo_db):
    assert demo.is_loaded()
    before = {model: model.objects.count() for model in MODELS}
    assert demo.load() == {}
    assert {model: model.objects.count() for model in MODELS} == before


# 1. The contract


def test_the_contract_binds_the_four_plants_and_its_items_are_owned_by_workshops(demo_db):
    contract = Contract.objects.get()
    parties = set(contract.parties.values_list("code", flat=True))
    assert parties == set(demo_data.PLANTS)
    contracts.check_contract(contract.unit, contract.parties.all())
    items = list(contract.items.select_related("obliged_unit", "beneficiary"))
    assert len(items) == 12
    for item in items:
        contracts.check_item(item, contract.parties.all(), today=conference().held_on)
        assert item.obliged_unit.kind == "workshop"
        assert plant_of(item.beneficiary) != plant_of(item.obliged_unit)
    kinds = {item.kind for item in items}
    assert kinds == {"teach", "experts", "visit", "drawings", "material"}


def test_most_items_are_done_and_one_is_overdue(demo_db):
    contract = Contract.objects.get()
    summary = contracts.fulfilment(contract)
    assert (summary.done, summary.cancelled, summary.overdue) == (10, 1, 1)
    (overdue,) = [item for item in contract.items.all() if item.is_overdue()]
    assert overdue.status == ItemStatus.PLANNED
    assert overdue.obliged_unit.code == "benxi-steel-rolling"
    assert overdue.due_on < conference().held_on


# 2. The fifth conference and its 56 experiences


def test_the_fifth_conference_at_dalian_lists_56_experiences(demo_db):
    fifth = conference()
    assert fifth.held_on < D(1958, 8, 27)  # before the report of 27 August 1958
    assert fifth.contract == Contract.objects.get()
    assert set(fifth.participants.values_list("code", flat=True)) == set(demo_data.PLANTS)
    assert fifth.experiences.count() == 56
    for words in ("同工种车间", "合同管理权由厂部下放到车间", "技术革新快报", "技术互助卡片"):
        assert words in fifth.decisions


def test_the_seeds_experiences_are_among_them_and_the_rest_are_illustrative(demo_db):
    exchanged = conference().experiences.all()
    seeds = {e.title: e for e in exchanged.filter(is_illustrative=False)}
    assert set(seeds) == {"钢锭帽口加热 / Heating the ingot head", LIFTING_TABLE, ROLL_CHANGE}
    assert seeds["钢锭帽口加热 / Heating the ingot head"].unit.code == "benxi-steel-steelmaking"
    assert seeds[LIFTING_TABLE].unit.code == "dalian-steel-blooming"
    assert seeds[ROLL_CHANGE].unit.code == "benxi-steel-rolling"
    assert exchanged.filter(is_illustrative=True).count() == 53


def test_the_experiences_come_from_all_four_plants_and_kinds_of_work(demo_db):
    rows = list(Experience.objects.select_related("unit", "work_type"))
    by_plant = {}
    for row in rows:
        by_plant.setdefault(plant_of(row.unit).code, 0)
        by_plant[plant_of(row.unit).code] += 1
        # Chinese first, then English, in the title and both texts.
        for text in (row.title, row.problem, row.method):
            chinese, english = text.split("/ ", 1)
            assert any("\u4e00" <= char <= "\u9fff" for char in chinese), text
            assert english.isascii() and english[0].isupper(), text
    assert set(by_plant) == set(demo_data.PLANTS)
    assert min(by_plant.values()) >= 12
    assert {row.work_type.code for row in rows} == {"steelmaking", "rolling", "maintenance"}
    # The blooming workshops' experiences are among the rolling ones.
    assert any(row.unit.code.endswith("-blooming") for row in rows)
    measured = [row for row in rows if row.improvement is not None]
    assert len(measured) > 40 and all(row.improvement > 0 for row in measured)


def test_the_conference_judged_every_item(demo_db):
    fifth = conference()
    verdicts = dict(fifth.evaluations.values_list("item__status", "verdict").distinct())
    assert fifth.evaluations.count() == fifth.contract.items.count()
    assert verdicts[ItemStatus.PLANNED] == Verdict.NOT_FULFILLED
    assert verdicts[ItemStatus.CANCELLED] == Verdict.POSTPONED
    (result,) = contracts.fulfilment(fifth.contract, conference=fifth).conferences
    tally = result.total
    assert (tally.fulfilled, tally.partly, tally.not_fulfilled, tally.postponed) == (9, 1, 1, 1)
    assert tally.unevaluated == 0
    assert {plant.plant.code for plant in result.plants} == set(demo_data.PLANTS)


# 3. Spread and adoption


def test_benxi_adopted_the_lifting_table_and_its_injuries_went_to_zero(demo_db):
    adoption = experience(LIFTING_TABLE).adoptions.get()
    assert adoption.unit.code == "benxi-steel-blooming"
    assert adoption.status == AdoptionStatus.ADOPTED
    assert adoption.before_value > 0 and adoption.after_value == 0
    assert adoption.improvement == 100


def test_dalian_cut_its_roll_change_time_by_half_and_by_30_to_40_per_cent(demo_db):
    roll_change = experience(ROLL_CHANGE)
    assert roll_change.metric.code == "roll_change_time"
    medium = roll_change.adoptions.get(unit__code="dalian-steel-medium-rolling")
    small = roll_change.adoptions.get(unit__code="dalian-steel-small-rolling")
    assert medium.improvement == 50
    assert Decimal(30) <= small.improvement <= Decimal(40)
    # The figures are the mills' own records of June and September 1958.
    for adoption in (medium, small):
        assert adoption.before_value == demo.roll_change_time(
            adoption.unit, *demo_data.BEFORE_MONTH
        )
        assert adoption.after_value == demo.roll_change_time(adoption.unit, *demo_data.AFTER_MONTH)
        assert adoption.adopted_on >= adoption.pushed_on
    assert medium.before_value == Decimal("96.0") and medium.after_value == Decimal("48.0")
    # Benxi's roll changes are the short ones the experience reports.
    assert roll_change.after_value < small.after_value < medium.before_value


def test_the_small_mill_has_roll_change_records_for_june_to_december(demo_db):
    months = {
        day.month
        for day in Record.objects.filter(
            unit__code="dalian-steel-small-rolling", metric__code="roll_change_minutes"
        ).values_list("day", flat=True)
    }
    assert months == set(range(6, 13))
    batch = Record.objects.filter(unit__code="dalian-steel-small-rolling").first().batch
    assert "illustrative" in batch.file_name


def test_the_roll_change_shows_two_measured_adoptions_and_one_overdue_check(demo_db):
    summary = spread.spread_summary(experience(ROLL_CHANGE))
    assert summary["pushed"] == 3
    assert (summary["adopted"], summary["measured"], summary["overdue"]) == (2, 2, 1)
    (late,) = [row for row in summary["rows"] if row.overdue]
    assert late.unit.code == "fushun-steel-rolling" and late.status == AdoptionStatus.PUSHED
    # Overdue already in the demo's own time, a month after its check date.
    assert late.is_overdue(today=late.check_due + datetime.timedelta(days=30))


# 4. Express reports and subscriptions


def test_dalian_and_benxi_published_express_reports_one_tied_to_an_experience(demo_db):
    reports = list(ExpressReport.objects.select_related("plant", "experience"))
    assert all(report.is_published for report in reports)
    assert {report.plant.code for report in reports} == {"dalian-steel", "benxi-steel"}
    # Express reports were set up by the fifth conference.
    assert all(report.published_at.date() > conference().held_on for report in reports)
    (tied,) = [report for report in reports if report.experience_id]
    assert tied.experience.title == ROLL_CHANGE
    assert "96" in tied.body and "48" in tied.body


def test_each_plant_subscribes_to_the_other_three(demo_db):
    pairs = set(Subscription.objects.values_list("unit__code", "plant__code"))
    plants = demo_data.PLANTS
    assert pairs == {(a, b) for a in plants for b in plants if a != b}


# 5. Assistance cards


def test_there_is_a_card_in_every_state(demo_db):
    cards = {card.status: card for card in AssistanceCard.objects.all()}
    assert set(cards) == {
        ExchangeStatus.OPEN,
        ExchangeStatus.MATCHED,
        ExchangeStatus.CONFIRMED,
        ExchangeStatus.WITHDRAWN,
    }
    # On the board: one request and one offer, taken up by no one yet.
    board = AssistanceCard.objects.filter(status=ExchangeStatus.OPEN)
    assert sorted(board.values_list("kind", flat=True)) == [CardKind.OFFER, CardKind.REQUEST]
    assert all(card.counterpart is None for card in board)
    assert cards[ExchangeStatus.MATCHED].counterpart is not None
    assert cards[ExchangeStatus.WITHDRAWN].withdrawn_reason


def test_the_confirmed_card_went_across_two_plants(demo_db):
    card = AssistanceCard.objects.get(status=ExchangeStatus.CONFIRMED)
    assert plant_of(card.unit).code == "dalian-steel"
    assert plant_of(card.counterpart).code == "benxi-steel"
    assert card.matched_on < card.delivered_on < card.confirmed_on
    assert card.delivery_note and card.confirmation_note
    # The giver delivered and the receiver confirmed, each a login of its own side.
    assert card.delivered_by == user(demo_data.BENXI_LOGIN)
    assert card.confirmed_by == user(demo_data.DALIAN_LOGIN)
    assert is_path_in_scope(card.delivered_by, AssistanceCard, "change", card.giver.path)
    assert is_path_in_scope(card.confirmed_by, AssistanceCard, "change", card.receiver.path)


# 6. Cooperation


def test_taiyuan_gave_the_xinzhi_mine_rails_and_trucks_and_received_its_coal(demo_db):
    cooperation = Cooperation.objects.get(unit__code="taiyuan-steel-coking")
    assert cooperation.kind == CooperationKind.EXTERNAL and cooperation.partner is None
    assert "辛置煤矿" in cooperation.partner_name
    assert cooperation.status == ExchangeStatus.CONFIRMED
    given = {
        item.description.split(" / ")[0]: item.quantity
        for item in cooperation.items.filter(flow=Flow.GIVEN)
    }
    assert given["道轨"] == 240
    assert next(q for name, q in given.items() if name.startswith("大卡车")) == 12
    assert next(q for name, q in given.items() if name.startswith("马车")) == 40
    (coal,) = cooperation.items.filter(flow=Flow.RECEIVED)
    assert "低硫" in coal.description and coal.quantity == 40 and coal.unit_of_measure == "%"
    # Both of the seed's figures for the trucks are stated.
    assert "十多辆" in cooperation.description


def test_taiyuan_also_cooperates_inside_the_plant(demo_db):
    inside = Cooperation.objects.filter(kind=CooperationKind.INTERNAL)
    partners = {row.partner.code: row.status for row in inside}
    assert partners == {
        "taiyuan-steel-transport": ExchangeStatus.DELIVERED,
        "taiyuan-steel-laboratory": ExchangeStatus.OPEN,
    }


# The Dalian login


def test_a_dalian_login_can_act_for_dalians_rolling_workshops(demo_db):
    dalian = user(demo_data.DALIAN_LOGIN)
    assert dalian.check_password("gexin-1953")
    for code in ("dalian-steel-medium-rolling", "dalian-steel-small-rolling"):
        path = Unit.objects.get(code=code).path
        assert is_path_in_scope(dalian, Adoption, "change", path)
        assert is_path_in_scope(dalian, AssistanceCard, "add", path)
    benxi = Unit.objects.get(code="benxi-steel-rolling").path
    assert not is_path_in_scope(dalian, Adoption, "change", benxi)


# 7. Search, in Chinese and in English


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("换辊", ROLL_CHANGE),
        ("roll change", ROLL_CHANGE),
        ("升降台", LIFTING_TABLE),
        ("lifting table", LIFTING_TABLE),
        ("钢锭帽口", "钢锭帽口加热 / Heating the ingot head"),
        ("ingot head", "钢锭帽口加热 / Heating the ingot head"),
    ],
)
def test_a_chinese_or_english_query_finds_the_experience_first(demo_db, query, title):
    from gexin.exchange import search

    assert demo_db["search documents"] >= 56
    # A worker of another plant, who sees every experience.
    visitor = user("worker")
    hits = search.search(visitor, query)
    assert hits and hits[0].kind == "experience" and hits[0].title == title, [
        hit.title for hit in hits[:5]
    ]


# The demo on its pages


def test_the_same_type_comparison_lines_up_both_dalian_mills(demo_db):
    from gexin.exchange import comparison

    rolling = WorkType.objects.get(code="rolling")
    metric = Metric.objects.get(code="roll_change_time")
    rows = {
        row.unit.code: row
        for row in comparison.compare(rolling, metric, *demo_data.AFTER_MONTH)
        if row.value is not None
    }
    assert rows["dalian-steel-small-rolling"].value == Decimal(52)
    assert rows["dalian-steel-medium-rolling"].value == Decimal(48)
    assert rows["benxi-steel-rolling"].is_best


def test_the_roll_change_page_shows_where_it_spread(demo_db):
    client = Client()
    client.force_login(user(demo_data.BENXI_LOGIN))
    page = client.get(experience(ROLL_CHANGE).get_absolute_url()).content.decode()
    spread_section = page[page.index('id="spread"') :]
    assert '<strong data-count="adopted">2</strong>' in spread_section
    assert '<strong data-count="overdue">1</strong>' in spread_section
    assert spread_section.count("data-result") == 2
    assert spread_section.count("data-overdue") == 1


def test_the_conference_page_lists_the_56_experiences(demo_db):
    client = Client()
    client.force_login(user(demo_data.DALIAN_LOGIN))
    page = client.get(conference().get_absolute_url()).content.decode()
    assert "data-experience-count>56<" in page
    assert page.count("data-evaluation=") == 12


def test_cards_and_cooperations_were_posted_when_the_story_says(demo_db):
    posted = list(AssistanceCard.objects.values_list("posted_on", flat=True)) + list(
        Cooperation.objects.values_list("posted_on", flat=True)
    )
    assert posted and all(
        datetime.date(1958, 1, 1) <= day <= datetime.date(1958, 12, 31) for day in posted
    )
    for card in AssistanceCard.objects.exclude(matched_on=None):
        assert card.posted_on <= card.matched_on
