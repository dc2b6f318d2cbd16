"""Choices shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Action(models.TextChoices):
    """What a user may do with an object; roles grant actions on a unit's subtree."""

    VIEW = "view", _("view")
    ADD = "add", _("add")
    CHANGE = "change", _("change")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")


class ChangeKind(models.TextChoices):
    """The kind of change an audit record describes."""

    CREATE = "create", pgettext_lazy("kind of change", "created")
    UPDATE = "update", pgettext_lazy("kind of change", "changed")
    DELETE = "delete", pgettext_lazy("kind of change", "deleted")


class Language(models.TextChoices):
    """Languages a user may choose; empty means 'follow the browser'."""

    BROWSER = "", _("Browser's language")
    ENGLISH = "en", "English"
    CHINESE = "zh-hans", "简体中文"
