"""Choices of the innovation app: problem categories, attack methods, statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProblemCategory(models.TextChoices):
    """What kind of obstacle a posted problem is (seed 001's poster walls)."""

    TECHNICAL = "technical", _("technical")
    EQUIPMENT = "equipment", _("equipment balance")
    RULES = "rules", _("rule or management")
    SUPPLY = "supply", _("supply")
    SAFETY = "safety", _("safety and labour conditions")
    COOPERATION = "cooperation", _("cooperation with another unit")


class ProblemStatus(models.TextChoices):
    POSTED = "posted", _("posted")
    RANKED = "ranked", _("ranked as a key issue")
    MERGED = "merged", _("merged into another")


class AttackMethod(models.TextChoices):
    """The five ways Shanghai No. 2 Steel attacked its key issues (seed 001)."""

    UNIT = "unit", _("an office or workshop takes responsibility")
    GROUP = "group", _("a group takes its own")
    RESEARCH = "research", _("mass technical research by a team")
    FORTRESS = "fortress", _("technical fortress posted for everyone")
    COMMITTEE = "committee", _("the technical committee")


class KeyIssueStatus(models.TextChoices):
    """open → under attack → solved → verified; reopened when verification fails."""

    OPEN = "open", pgettext_lazy("of a key issue", "open")
    UNDER_ATTACK = "under_attack", _("under attack")
    SOLVED = "solved", pgettext_lazy("of a key issue", "solved")
    VERIFIED = "verified", _("verified")
    REOPENED = "reopened", _("reopened")


# A key issue in these states still counts as unsolved.
UNSOLVED_STATUSES = (KeyIssueStatus.OPEN, KeyIssueStatus.UNDER_ATTACK, KeyIssueStatus.REOPENED)


class TeamKind(models.TextChoices):
    YOUTH_SHOCK = "youth_shock", _("youth shock team")
    KEY_ISSUE = "key_issue", _("key-issue team")
    VETERANS = "veterans", _("veterans' vanguard team")
    RESEARCH = "research", _("technical research group")


class TrialDesign(models.TextChoices):
    BEFORE_AFTER = "before_after", _("before and after a change")
    TWO_SETTINGS = "two_settings", _("two settings side by side")


class TrialArm(models.TextChoices):
    """Which side of the comparison an observation belongs to."""

    BASELINE = "a", pgettext_lazy("side of a trial", "baseline")
    CHANGED = "b", pgettext_lazy("side of a trial", "changed")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")
    NEITHER = "neither", _("neither (a limit to stay within)")


class RegulationKind(models.TextChoices):
    OPERATING = "operating", _("operating regulation")
    RULE = "rule", _("rule")


class VersionStatus(models.TextChoices):
    """A regulation's version is drafted, then approved (in force) or rejected."""

    DRAFT = "draft", pgettext_lazy("of a regulation version", "draft")
    APPROVED = "approved", pgettext_lazy("of a regulation version", "approved")
    REJECTED = "rejected", pgettext_lazy("of a regulation version", "rejected")
    SUPERSEDED = "superseded", _("superseded")


class FieldEntryKind(models.TextChoices):
    FOUND = "found", _("problem found")
    SOLVED = "solved", pgettext_lazy("of an experimental field entry", "solved")
    NOTE = "note", _("note")
