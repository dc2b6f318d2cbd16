"""Factories for the org app's models."""

import factory
from django.contrib.auth import get_user_model

from gexin.org import services
from gexin.org.choices import Role, UnitKind
from gexin.org.models import Person, RoleAssignment, Unit, WorkType


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class WorkTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"work_type_{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("_", " ").title())
    name_zh = "工种"


class UnitFactory(factory.Factory):
    """Units go through the tree service, as in the application."""

    class Meta:
        model = Unit

    parent = None
    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Unit {n}")
    name_zh = factory.Sequence(lambda n: f"单位{n}")
    kind = UnitKind.PLANT
    work_type = None

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        return services.create_unit(parent, **kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    employee_number = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Sequence(lambda n: f"工人{n}")
    name_latin = factory.Sequence(lambda n: f"Worker {n}")
    unit = factory.SubFactory(UnitFactory)
    skill_grade = 4


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(PersonFactory)
    unit = factory.SelfAttribute("person.unit")
    role = Role.GROUP_LEADER
