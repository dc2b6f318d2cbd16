"""Regulations: comparing a version with the one before it, and what a campaign revised.

Seed 001: by the end of March Shanghai No. 2 Steel had revised 17 conservative rules,
each change settled by measurement. A version's page shows, clause by clause, what
its revision added, removed and changed; changed text is marked word by word, and
Chinese, written without spaces, character by character.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext_lazy

from gexin.innovation.choices import VersionStatus
from gexin.innovation.models import Regulation, clause_key

# A token is a run of Latin letters or digits (with decimal points: "40.5"), a run of
# spaces, or any other single character, so each Chinese character is its own token.
TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.,][0-9]+)*|\s+|.", re.DOTALL)


class Change:
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    SAME = "same"

    LABELS = {
        ADDED: pgettext_lazy("of a clause", "added"),
        REMOVED: pgettext_lazy("of a clause", "removed"),
        # "changed" also names a trial's changed side: the context tells them apart.
        CHANGED: pgettext_lazy("of a clause", "changed"),
        SAME: pgettext_lazy("of a clause", "unchanged"),
    }


@dataclass(frozen=True)
class ClauseChange:
    """One clause number's fate between two versions."""

    number: str
    change: str
    old: str
    new: str

    @property
    def label(self):
        return Change.LABELS[self.change]

    @property
    def marked(self):
        """The text with deletions in <del> and insertions in <ins> (safe HTML)."""
        if self.change == Change.ADDED:
            return mark_safe(f"<ins>{escape(self.new)}</ins>")
        if self.change == Change.REMOVED:
            return mark_safe(f"<del>{escape(self.old)}</del>")
        if self.change == Change.SAME:
            return escape(self.new)
        return text_diff(self.old, self.new)


def tokens(text):
    return TOKEN.findall(text)


def text_diff(old, new):
    """Safe HTML of `new` against `old`: removed tokens in <del>, added ones in <ins>."""
    before, after = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    parts = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(before[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
    return mark_safe("".join(parts))


def compare(old_clauses, new_clauses):
    """[ClauseChange] matching clauses by number, in the new version's order.

    A clause removed by the revision is listed where it stood in the old version.
    `old_clauses` and `new_clauses` are iterables of objects with `number` and `text`.
    """
    old = {clause.number.strip(): clause.text for clause in old_clauses}
    new = {clause.number.strip(): clause.text for clause in new_clauses}
    numbers = sorted(set(old) | set(new), key=clause_key)
    changes = []
    for number in numbers:
        if number not in old:
            changes.append(ClauseChange(number, Change.ADDED, "", new[number]))
        elif number not in new:
            changes.append(ClauseChange(number, Change.REMOVED, old[number], ""))
        elif old[number].strip() == new[number].strip():
            changes.append(ClauseChange(number, Change.SAME, old[number], new[number]))
        else:
            changes.append(ClauseChange(number, Change.CHANGED, old[number], new[number]))
    return changes


def compare_with_previous(version):
    """(previous version or None, [ClauseChange]) for a version's page."""
    previous = version.previous()
    old = previous.ordered_clauses() if previous is not None else []
    return previous, compare(old, version.ordered_clauses())


def revised_regulations(campaign):
    """The regulations a campaign revised: an approved revision (version 2 or later)
    drafted for the campaign, whether still in force or superseded since.

    Unrestricted: a caller showing it to a user narrows it with `.restrict(user)`.
    """
    return Regulation.objects.filter(
        versions__campaign=campaign,
        versions__number__gt=1,
        versions__status__in=(VersionStatus.APPROVED, VersionStatus.SUPERSEDED),
    ).distinct()
