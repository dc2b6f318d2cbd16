"""Choices shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What a user may do with an object; roles grant actions on a unit's subtree."""

    VIEW = "view", _("view")
    ADD = "add", _("add")
    CHANGE = "change", _("change")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")


class ChangeKind(models.TextChoices):
    """The kind of change an audit record describes."""

    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")


class Language(models.TextChoices):
    """Languages a user may choose; empty means 'follow the browser'."""

    BROWSER = "", _("Browser's language")
    ENGLISH = "en", "English"
    CHINESE = "zh-hans", "简体中文"
