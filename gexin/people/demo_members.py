"""Demo of members' affairs: the Huaxin turning group in the second half of 1953 (seed 000
p.10; everything the seed does not give is illustrative and marked so).

The seed: the deputy leader "recruits members, collects dues, leads study"; the group
cares for "illness, rest, food, marriage", organises newspaper reading, discussions,
visits, outings, culture and sport, and teaches members their rights and duties.

- Membership: each member's joining on their date joined; the two new apprentices
  HX-0020 and HX-0021, not yet members, study members' rights and duties in September
  and are recruited by the deputy leader Ke Yihe (HX-0006) on 1 October 1953.
- Dues: monthly rates from June 1953 by skill grade, about 1% of a month's wage, in old
  renminbi of 1953 (10,000 old yuan made 1 new yuan from March 1955); the two
  newcomers from October. Paid month by month on the dues sheet, June to December,
  collected by the deputy leader; a few members in arrears through December 1953
  (`ARREARS_1953`).
- A welfare officer (HX-0014 Xiong Deming, with the sign-in `huaxin-welfare`) and three
  cases: an illness with private health details, a hardship and a marriage.
- Activities: the weekly newspaper reading, a study of members' rights and duties, a
  basketball match, a visit to the Daye Steel Works and a discussion of the general
  line, with attendance.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from gexin.org.choices import Role
from gexin.org.models import Person, RoleAssignment, Unit
from gexin.people import dues, membership
from gexin.people.models.members import (
    Activity,
    ActivityKind,
    DuesPayment,
    DuesRate,
    MembershipEvent,
    MembershipKind,
    WelfareCase,
    WelfareHelp,
    WelfareHelpKind,
    WelfareKind,
)

D = datetime.date
UNIT = "huaxin-machine-turning"
SOURCE = "illustrative: demo of members' affairs (seed 000 p.10)"
# The welfare officer's sign-in (illustrative): (username, who, what).
WELFARE_OFFICER = "HX-0014"
WELFARE_LOGIN = ("huaxin-welfare", "Xiong Deming", "welfare officer of huaxin-machine-turning")
DEPUTY = "HX-0006"
NEWCOMERS = ("HX-0020", "HX-0021")
RECRUITED_ON = D(1953, 10, 1)
FIRST_MONTH = D(1953, 6, 1)
LAST_MONTH = D(1953, 12, 1)
# Monthly dues by skill grade, in old renminbi of 1953 (illustrative: about 1% of a
# month's wage).
RATE_BY_GRADE = {6: 8000, 5: 7000, 4: 6000, 3: 5000, 0: 2000}
RATE_NOTE = (
    "Illustrative: about 1% of a month's wage, in old renminbi of 1953 (10,000 old yuan "
    "made 1 new yuan from March 1955)."
)
# What the demo leaves unpaid (month: amount paid on the sheet, None for nothing).
SHORT = {
    "HX-0012": {D(1953, 11, 1): None, D(1953, 12, 1): None},  # two months in arrears
    "HX-0017": {D(1953, 12, 1): Decimal("1000.00")},  # half of December
    "HX-0021": {D(1953, 12, 1): None},  # December not yet
}
# October of Chen Taorong (HX-0009): 3000 on the sheet, the other 2000 one by one in
# November; paid in full, in two parts.
PARTS = {"HX-0009": (D(1953, 10, 1), Decimal("3000.00"), Decimal("2000.00"), D(1953, 11, 10))}
# The figures the demo claims through December 1953 (checked by its test).
ARREARS_1953 = {
    "HX-0012": Decimal("4000.00"),
    "HX-0017": Decimal("1000.00"),
    "HX-0021": Decimal("2000.00"),
}
ARREARS_1953_TOTAL = Decimal("7000.00")

WELFARE_CASES = [
    {
        "person": "HX-0015",
        "kind": WelfareKind.ILLNESS,
        "opened_on": D(1953, 9, 14),
        "closed_on": D(1953, 10, 5),
        "summary": "Ill at home for three weeks in September; his lathe was covered by the "
        "middle-shift mutual-aid group.",
        "health_details": "Gastric ulcer, treated at the plant clinic; sick leave from 14 "
        "September to 4 October 1953 on the doctor's note; light work for a week after.",
        "help_arranged": "Visits by the welfare officer and the group leader; a grant from the "
        "union's mutual-aid fund; his work covered by the group.",
        "helps": [
            {
                "day": D(1953, 9, 16),
                "kind": WelfareHelpKind.VISIT,
                "given_by": "the welfare officer and the group leader",
                "note": "Brought fruit from the group.",
            },
            {
                "day": D(1953, 9, 20),
                "kind": WelfareHelpKind.MONEY,
                "amount": Decimal("30000.00"),
                "given_by": "the union's mutual-aid fund",
            },
            {
                "day": D(1953, 10, 5),
                "kind": WelfareHelpKind.LEAVE,
                "given_by": "the shop's administration",
                "note": "Light work for a week on his return.",
            },
        ],
    },
    {
        "person": "HX-0018",
        "kind": WelfareKind.HARDSHIP,
        "opened_on": D(1953, 8, 3),
        "closed_on": None,
        "summary": "His family's house in the countryside was damaged by the summer rains; "
        "short of money and worried, his work suffers.",
        "health_details": "",
        "help_arranged": "A grant from the mutual-aid fund and rice from the group; the group "
        "leader talks with him about his worries.",
        "helps": [
            {
                "day": D(1953, 8, 8),
                "kind": WelfareHelpKind.MONEY,
                "amount": Decimal("50000.00"),
                "given_by": "the union's mutual-aid fund",
            },
            {
                "day": D(1953, 8, 15),
                "kind": WelfareHelpKind.GOODS,
                "amount": Decimal("20000.00"),
                "given_by": "the members of the group",
                "note": "Thirty jin of rice.",
            },
        ],
    },
    {
        "person": "HX-0019",
        "kind": WelfareKind.MARRIAGE,
        "opened_on": D(1953, 11, 2),
        "closed_on": D(1953, 11, 30),
        "summary": "Married on 8 November 1953.",
        "health_details": "",
        "help_arranged": "A room in the married quarters asked of the administration, bed "
        "boards, and the group's gift.",
        "helps": [
            {
                "day": D(1953, 11, 8),
                "kind": WelfareHelpKind.GOODS,
                "amount": Decimal("40000.00"),
                "given_by": "the members of the group",
                "note": "A thermos flask and a quilt cover.",
            },
            {
                "day": D(1953, 11, 20),
                "kind": WelfareHelpKind.OTHER,
                "given_by": "the shop's administration",
                "note": "A room in the married quarters, with bed boards.",
            },
        ],
    },
]

# (kind, day, title, place, organiser, absent people)
ACTIVITIES = [
    (
        ActivityKind.UNION_STUDY,
        D(1953, 9, 20),
        "Study of members' rights and duties",
        "the shop's rest room",
        DEPUTY,
        ("HX-0015",),
    ),
    *[
        (
            ActivityKind.NEWSPAPER_READING,
            D(1953, 10, 3) + datetime.timedelta(weeks=week),
            "Reading the Workers' Daily",
            "the shop's rest room",
            "HX-0011",
            absent,
        )
        for week, absent in enumerate(
            [(), ("HX-0012",), ("HX-0012", "HX-0017"), (), ("HX-0003",), (), ("HX-0019",), ()]
        )
    ],
    (
        ActivityKind.SPORT,
        D(1953, 10, 25),
        "Basketball with the kiln workshop group",
        "the plant's sports ground",
        "HX-0011",
        ("HX-0002", "HX-0003", "HX-0004", "HX-0005", "HX-0006", "HX-0008", "HX-0010"),
    ),
    (
        ActivityKind.VISIT,
        D(1953, 11, 1),
        "Visit to the Daye Steel Works' rolling mill",
        "Daye Steel Works",
        "HX-0001",
        ("HX-0018",),
    ),
    (
        ActivityKind.DISCUSSION,
        D(1953, 12, 12),
        "Discussion of the general line for the transition period",
        "the shop's rest room",
        "HX-0001",
        ("HX-0012",),
    ),
]


def is_loaded():
    """True when the demo's dues rates are in the database."""
    return DuesRate.objects.filter(person__employee_number="HX-0001", source=SOURCE).exists()


def load():
    """Write the area's demo rows; return {kind of row: rows written}."""
    unit = Unit.objects.get(code=UNIT)
    people = {
        p.employee_number: p
        for p in Person.objects.filter(employee_number__regex=r"^HX-00(0[1-9]|1\d|2[01])$")
    }
    written = {}

    def count(kind, n=1):
        written[kind] = written.get(kind, 0) + n

    # Membership
    for number in sorted(people):
        person = people[number]
        if number in NEWCOMERS:
            membership.record(
                MembershipEvent(
                    person=person,
                    kind=MembershipKind.JOINED,
                    day=RECRUITED_ON,
                    recruited_by=people[DEPUTY],
                    note="Joined after the study of members' rights and duties.",
                    is_illustrative=True,
                    source=SOURCE,
                )
            )
            count("membership events")
        elif (
            person.is_union_member and person.date_joined and not person.membership_events.exists()
        ):
            membership.record(
                MembershipEvent(
                    person=person,
                    kind=MembershipKind.JOINED,
                    day=person.date_joined,
                    is_illustrative=True,
                    source=SOURCE,
                )
            )
            count("membership events")

    # Dues rates and payments
    for number in sorted(people):
        person = people[number]
        start = RECRUITED_ON if number in NEWCOMERS else FIRST_MONTH
        amount = Decimal(RATE_BY_GRADE[person.skill_grade or 0]).quantize(dues.CENT)
        DuesRate.objects.create(
            person=person,
            from_month=start,
            amount=amount,
            note=RATE_NOTE,
            is_illustrative=True,
            source=SOURCE,
        )
        count("dues rates")
        for month in dues.months(start, LAST_MONTH):
            paid = SHORT.get(number, {}).get(month, amount)
            part = PARTS.get(number)
            if part and part[0] == month:
                paid = part[1]
            if paid is not None:
                dues.record_payment(
                    DuesPayment(
                        person=person,
                        month=month,
                        amount=paid,
                        paid_on=month.replace(day=25),
                        collected_by=people[DEPUTY],
                        is_from_sheet=True,
                        is_illustrative=True,
                        source=SOURCE,
                    )
                )
                count("dues payments")
            if part and part[0] == month:
                dues.record_payment(
                    DuesPayment(
                        person=person,
                        month=month,
                        amount=part[2],
                        paid_on=part[3],
                        collected_by=people[DEPUTY],
                        note="The rest of October, paid late.",
                        is_illustrative=True,
                        source=SOURCE,
                    )
                )
                count("dues payments")

    # The welfare officer and the cases
    officer = people[WELFARE_OFFICER]
    if not RoleAssignment.objects.filter(
        person=officer, unit=unit, role=Role.WELFARE_OFFICER
    ).exists():
        RoleAssignment.objects.create(
            person=officer, unit=unit, role=Role.WELFARE_OFFICER, since=FIRST_MONTH
        )
        count("roles")
    if officer.user_id is None:
        from gexin.org import demo as org_demo

        User = get_user_model()
        username = WELFARE_LOGIN[0]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username, password=org_demo.DEMO_PASSWORD, first_name=officer.name_latin
            )
            count("logins")
        officer.user = user
        officer.save()
    for spec in WELFARE_CASES:
        spec = dict(spec)
        helps = spec.pop("helps")
        case = WelfareCase(
            person=people[spec.pop("person")], is_illustrative=True, source=SOURCE, **spec
        )
        case.full_clean()
        case.save()
        count("welfare cases")
        for help_spec in helps:
            row = WelfareHelp(case=case, is_illustrative=True, source=SOURCE, **help_spec)
            row.full_clean()
            row.save()
            count("welfare help")

    # Activities with attendance
    everyone = Person.objects.all()
    for kind, day, title, place, organiser, absent in ACTIVITIES:
        activity = Activity.objects.create(
            unit=unit,
            kind=kind,
            held_on=day,
            title=title,
            place=place,
            organiser=people[organiser],
            is_illustrative=True,
            source=SOURCE,
        )
        count("activities")
        offered = list(activity.eligible_people(everyone))
        present = [person for person in offered if person.employee_number not in absent]
        activity.take_attendance(offered, present)
        count("attendance", len(present))
    return written
