"""Loads the demo organisation (see demo_data.py) into an empty database."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from gexin.core.audit import audit_context
from gexin.org import demo_data, services
from gexin.org.models import Person, RoleAssignment, Unit, WorkType

DEMO_PASSWORD = "gexin-1953"
ROOT_CODE = demo_data.UNITS[0]["code"]


def is_loaded():
    """True when the demo organisation is already in the database."""
    return Unit.objects.filter(code=ROOT_CODE).exists()


@transaction.atomic
def load(password=DEMO_PASSWORD):
    """Create the demo work types, units, people, roles and logins; return the logins.

    Runs through the same services as the UI, so the history shows the demo's
    creation as the work of the `demo` set-up.
    """
    User = get_user_model()
    with audit_context(reason="demo organisation reconstructed from the seeds"):
        work_types = {}
        for row in demo_data.WORK_TYPES:
            work_types[row["code"]], _created = WorkType.objects.get_or_create(
                code=row["code"], defaults={"name": row["name"], "name_zh": row["name_zh"]}
            )
        units = {}
        for row in demo_data.UNITS:
            parent = units[row["parent"]] if row["parent"] else None
            units[row["code"]] = services.create_unit(
                parent,
                code=row["code"],
                kind=row["kind"],
                work_type=work_types.get(row["work_type"]),
                name=row["name"],
                name_zh=row["name_zh"],
                is_illustrative=row.get("illustrative", False),
                source=row.get("source", "")[:300],
            )
        people = {}
        logins = []
        for row in demo_data.PEOPLE:
            user = None
            if row.get("username"):
                user = User.objects.create_user(
                    row["username"], password=password, first_name=row.get("name_latin", "")
                )
                logins.append(row["username"])
            people[row["employee_number"]] = Person.objects.create(
                employee_number=row["employee_number"],
                name=row["name"],
                name_latin=row.get("name_latin", ""),
                unit=units[row["unit"]],
                skill_grade=row.get("skill_grade"),
                date_joined=datetime.date.fromisoformat(row["date_joined"])
                if row.get("date_joined")
                else None,
                is_union_member=row.get("is_union_member", True),
                is_illustrative=row.get("illustrative", False),
                source=row.get("source", "")[:300],
                user=user,
            )
        for row in demo_data.ROLES:
            RoleAssignment.objects.create(
                person=people[row["person"]], unit=units[row["unit"]], role=row["role"]
            )
        admin = User.objects.create_superuser("admin", password=password)
        logins.append(admin.username)
    return logins


def describe_logins():
    """(username, who, where, role) for each demo login, for the start-up banner."""
    rows = []
    roles = {}
    for row in demo_data.ROLES:
        roles.setdefault(row["person"], []).append(f"{row['role']} of {row['unit']}")
    for row in demo_data.PEOPLE:
        if row.get("username"):
            rows.append(
                (
                    row["username"],
                    row.get("name_latin") or row["name"],
                    ", ".join(roles.get(row["employee_number"], [])) or "member of " + row["unit"],
                )
            )
    from gexin.core import demo_steps

    rows.extend(demo_steps.logins())
    rows.append(("admin", "superuser", "everything"))
    return rows
