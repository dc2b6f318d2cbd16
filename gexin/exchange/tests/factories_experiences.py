"""Test objects of advanced experiences, their pictures and their adoptions: one of each
inside plant A, and plant B twins.

Plant A's experience comes from its machine shop (plant-a-machine) and is pushed to the
turning group below it; plant B's comes from its rolling workshop and is pushed to its
first shift. Experiences, their pictures and adoptions travel between plants: plant B's
worker opens plant A's (SHARED_ROUTES) but changes none of them (SHARED_CHANGE_ROUTES
answer 403 to that worker, not 404).
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from gexin.exchange.choices import AdoptionStatus
from gexin.exchange.forms.experiences import attach
from gexin.exchange.models import Adoption, Experience
from gexin.org.choices import Role, UnitKind
from gexin.org.tests.factories import (
    PersonFactory,
    RoleAssignmentFactory,
    UnitFactory,
    UserFactory,
)
from gexin.plans.choices import Direction

EXPERIENCE_ACTIONS = ("detail", "edit", "delete", "history", "attach", "push")
ADOPTION_ACTIONS = ("detail", "edit", "delete", "history", "adopt", "decline", "check_due")

# {route name (UI "exchange:x_detail" or API "x-detail"): key into examples(world)}
ROUTES = {
    **{f"exchange:experience_{action}": "experience" for action in EXPERIENCE_ACTIONS},
    "exchange:experienceattachment_download": "attachment",
    "exchange:experienceattachment_delete": "attachment",
    **{f"exchange:adoption_{action}": "adoption" for action in ADOPTION_ACTIONS},
    "experience-detail": "experience",
    "experience-push": "experience",
    "experience-spread": "experience",
    "experienceattachment-detail": "attachment",
    "adoption-detail": "adoption",
    "adoption-adopt": "adoption",
    "adoption-decline": "adoption",
    "adoption-check-due": "adoption",
}

# Routes whose (plant A) object plant B's worker may open.
SHARED_ROUTES = {
    "exchange:experience_detail",
    "exchange:experience_history",
    "exchange:experienceattachment_download",
    "exchange:adoption_detail",
    "exchange:adoption_history",
    "experience-detail",
    "experience-push",
    "experience-spread",
    "experienceattachment-detail",
    "adoption-detail",
    "adoption-adopt",
    "adoption-decline",
}

# Routes that change a shared object: plant B's worker sees the object, so is refused
# with 403 (not the 404 of an object out of sight). The API's check-due takes POST only
# (a GET answers 405).
SHARED_CHANGE_ROUTES = {
    name for name in ROUTES if name.startswith("exchange:") and name not in SHARED_ROUTES
} | {"adoption-check-due"}

TODAY = datetime.date.today


def png_bytes(size=(4, 3)):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name="lifting-table.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf_upload(name="drawing.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def make_experience(unit, title="Fast roll change", **fields):
    fields.setdefault("problem", "Changing the rolls stopped the mill for two hours.")
    fields.setdefault("method", "The roll sets are assembled beforehand and swapped whole.")
    fields.setdefault("figure_label", "roll-change time (min per change)")
    fields.setdefault("direction", Direction.LOWER)
    fields.setdefault("before_value", Decimal("120"))
    fields.setdefault("after_value", Decimal("60"))
    fields.setdefault("work_type", unit.work_type)
    people = fields.pop("people", ())
    experience = Experience.objects.create(unit=unit, title=title, **fields)
    experience.people.set(people)
    return experience


def make_adoption(experience, unit, by=None, check_due=None, **fields):
    fields.setdefault("pushed_on", TODAY() - datetime.timedelta(days=40))
    return Adoption.objects.create(
        experience=experience,
        unit=unit,
        pushed_by=by,
        check_due=check_due or TODAY() + datetime.timedelta(days=30),
        **fields,
    )


def adopted(experience, unit, before, after, by=None, **fields):
    """An adoption recorded with the unit's own figures (measured)."""
    return make_adoption(
        experience,
        unit,
        by,
        status=AdoptionStatus.ADOPTED,
        adopted_on=TODAY() - datetime.timedelta(days=10),
        how=fields.pop("how", "Two fitters learned it at the source and taught each shift."),
        before_value=Decimal(str(before)),
        after_value=Decimal(str(after)),
        **fields,
    )


def workshops(world, codes=("plant-b-mill-1", "plant-b-mill-2", "plant-b-mill-3")):
    """Rolling workshops of plant B, each with a technician who has an account."""
    made = []
    for index, code in enumerate(codes, 1):
        unit = UnitFactory(
            code=code,
            parent=world.units["plant-b"],
            kind=UnitKind.WORKSHOP,
            work_type=world.work_types["rolling"],
            name=f"Rolling mill {index} B",
            name_zh=f"乙厂第{index}轧钢车间",
        )
        person = PersonFactory(
            unit=unit,
            employee_number=f"BT-{index:03d}",
            user=UserFactory(username=f"tech_{index}_b"),
        )
        RoleAssignmentFactory(person=person, unit=unit, role=Role.TECHNICIAN)
        world.units[code] = unit
        world.users[f"tech_{index}_b"] = person.user
        world.people[f"tech_{index}_b"] = person
        made.append(unit)
    return made


def manager_of_plant_b(world):
    """A manager of plant B (pushes into plant B's own units), made once per world."""
    if "manager_b" not in world.users:
        person = PersonFactory(
            unit=world.units["plant-b"],
            employee_number="B-100",
            user=UserFactory(username="manager_b"),
            name="乙厂厂长",
            name_latin="Manager B",
        )
        RoleAssignmentFactory(person=person, unit=world.units["plant-b"], role=Role.MANAGER)
        world.users["manager_b"] = person.user
        world.people["manager_b"] = person
    return world.users["manager_b"]


def examples(world):
    """One of each object of this area in plant A, and plant B twins; made once per world."""
    cached = getattr(world, "_experience_examples", None)
    if cached is not None:
        return cached
    machine, turning = world.units["plant-a-machine"], world.units["plant-a-turning"]
    rolling, shift = world.units["plant-b-rolling"], world.units["plant-b-shift-1"]
    experience = make_experience(
        machine,
        people=[world.people["worker_a"], world.people["turner_a"]],
        created_by=world.users["manager_a"],
    )
    b_experience = make_experience(
        rolling,
        title="Lifting table for turning the plates",
        problem="Turning the short ingots by hand injured the rollers.",
        method="A lifting table turns the plates at the blooming mill.",
        figure_label="injuries a month",
        before_value=Decimal("3"),
        after_value=Decimal("0"),
    )
    found = {
        "experience": experience,
        "attachment": attach(experience, png_upload(), "The roll sets ready on the rack"),
        "adoption": make_adoption(experience, turning, world.users["manager_a"], pushed_on=TODAY()),
        "b_experience": b_experience,
        "b_attachment": attach(b_experience, png_upload("table.png")),
        "b_adoption": make_adoption(b_experience, shift, world.users["admin"], pushed_on=TODAY()),
    }
    world._experience_examples = found
    return found
