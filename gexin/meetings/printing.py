"""Printed meetings: the minutes of a meeting and a unit's weekly blackboard, as PDF.

The PDF follows the active language (the caller activates it): labels through gettext,
names and choices through the models' own labels. The minutes run to as many pages as
they need; the blackboard is one A4 sheet, so its lists are cut short ("and 12 more")
and its type made smaller until it fits.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.platypus import KeepTogether

from gexin.core.printing import build_fitting, build_pdf, content_width, para, styles, table
from gexin.meetings.choices import AttendanceStatus, EntryKind
from gexin.plans import formatting

# Tried in turn until the blackboard fits its page: (body size in points, items per list,
# characters per item).
BLACKBOARD_LAYOUTS = (
    (10, 15, 240),
    (10, 10, 200),
    (9, 8, 160),
    (8, 6, 120),
    (7, 5, 90),
    (6, 3, 60),
)


def _entry_sections():
    """The minutes' entry kinds in the order printed, with their headings.

    Translated when called, so the headings follow the language active at printing.
    """
    return {
        EntryKind.DECISION: _("Decisions"),
        EntryKind.DISCUSSION: _("Discussion"),
        EntryKind.PRAISE: _("Praise"),
        EntryKind.CRITICISM: _("Criticism"),
        EntryKind.SELF_CRITICISM: _("Self-criticism"),
        EntryKind.EXPERIENCE: _("Advanced experience"),
    }


def _day(value):
    return date_format(value, "DATE_FORMAT") if value else "—"


def _moment(value):
    return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "—"


def _person(person):
    return person.display_name if person is not None else "—"


def _user(user):
    """A user by the name of their person, else their full name or username."""
    if user is None:
        return "—"
    person = getattr(user, "person", None)
    if person is not None:
        return person.display_name
    return user.get_full_name() or user.get_username()


def _about(entry, mark_typical=True):
    """An entry's text, with whom it is about and whether it is a typical case."""
    text = entry.text
    if entry.person_id:
        text = _("%(person)s: %(text)s") % {"person": entry.person.display_name, "text": text}
    if mark_typical and entry.is_typical:
        text = _("%(text)s (typical case)") % {"text": text}
    return text


def minutes_pdf(meeting):
    """The minutes of `meeting` as PDF bytes, in the active language.

    Heading (unit, kind, day, place, chair, status and sign-off), attendance, the
    agenda with what was said, the entries by kind, the action items raised and
    carried forward, the proposals raised, and the summary.
    """
    s = styles()
    width = content_width()
    unit = meeting.unit.display_name
    title = _("Minutes: %(unit)s, %(kind)s, %(day)s") % {
        "unit": unit,
        "kind": meeting.kind_label,
        "day": _day(meeting.day),
    }
    story = [
        para(capfirst(_("minutes of the %(kind)s") % {"kind": meeting.kind_label}), s["title"])
    ]
    facts = [
        (_("Unit"), unit),
        (_("Question"), meeting.title),
        (_("Held"), _moment(meeting.scheduled_at)),
        (_("Place"), meeting.place),
        (_("Chair"), _person(meeting.chair)),
        (_("Status"), capfirst(meeting.status_label)),
    ]
    if meeting.signed_off_at:
        facts.append(
            (
                _("Signed off"),
                _("by %(user)s on %(moment)s")
                % {"user": _user(meeting.signed_off_by), "moment": _moment(meeting.signed_off_at)},
            )
        )
    for label, value in facts:
        if value:
            story.append(para(f"{label}: {value}", s["body"]))

    attendances = list(meeting.attendances.select_related("person"))
    present = [a.person.display_name for a in attendances if a.status == AttendanceStatus.PRESENT]
    absent = [a for a in attendances if a.status == AttendanceStatus.ABSENT]
    story.append(para(_("Attendance"), s["heading"]))
    if not attendances:
        story.append(para(_("Attendance was not recorded."), s["body"]))
    else:
        story.append(
            para(
                _("Present (%(count)s): %(names)s")
                % {"count": len(present), "names": "、".join(present) or "—"},
                s["body"],
            )
        )
        story.append(para(_("Absent (%(count)s):") % {"count": len(absent)}, s["body"]))
        for attendance in absent:
            story.append(
                para(
                    _("%(person)s: %(reason)s")
                    % {
                        "person": attendance.person.display_name,
                        "reason": attendance.reason or "—",
                    },
                    s["item"],
                    bullet="•",
                )
            )

    story.append(para(_("Agenda"), s["heading"]))
    items = list(meeting.agenda_items.select_related("presenter"))
    for item in items:
        heading = f"{item.position}. {item.title}"
        if item.presenter_id:
            heading += " " + _("(presented by %(person)s)") % {
                "person": item.presenter.display_name
            }
        block = [para(heading, s["subheading"])]
        block.append(para(item.outcome or _("Nothing recorded."), s["item"]))
        story.append(KeepTogether(block))
    if not items:
        story.append(para(_("No agenda items."), s["body"]))

    entries = list(meeting.entries.select_related("person"))
    for kind, heading in _entry_sections().items():
        chosen = [entry for entry in entries if entry.kind == kind]
        if chosen:
            story.append(para(heading, s["heading"]))
            story.extend(para(_about(entry), s["item"], bullet="•") for entry in chosen)

    action_header = [_("Action"), _("Owner"), _("Due"), _("Status")]
    widths = [width * 0.45, width * 0.2, width * 0.19, width * 0.16]
    raised = list(meeting.action_items.select_related("owner").order_by("due_on", "pk"))
    story.append(para(_("Action items raised"), s["heading"]))
    if raised:
        rows = [
            [a.text, _person(a.owner), _day(a.due_on), capfirst(a.status_label)] for a in raised
        ]
        story.append(table([action_header, *rows], s["cell"], widths))
    else:
        story.append(para(_("None."), s["body"]))
    carried = list(meeting.carried_action_items())
    if carried:
        story.append(para(_("Action items carried forward"), s["heading"]))
        rows = [
            [
                a.text
                + "\n"
                + _("raised %(day)s")
                % {
                    "day": _day(
                        a.meeting.day if a.meeting_id else timezone.localtime(a.created).date()
                    )
                },
                _person(a.owner),
                _day(a.due_on),
                capfirst(a.status_label),
            ]
            for a in carried
        ]
        story.append(table([action_header, *rows], s["cell"], widths))

    proposals = list(meeting.proposals.prefetch_related("authors").order_by("pk"))
    if proposals:
        story.append(para(_("Proposals raised"), s["heading"]))
        rows = [
            [
                p.title,
                capfirst(p.kind_label),
                "、".join(a.display_name for a in p.authors.all()),
                capfirst(p.status_label),
            ]
            for p in proposals
        ]
        header = [_("Proposal"), _("Kind"), _("Authors"), _("Status")]
        story.append(
            table([header, *rows], s["cell"], [width * 0.4, width * 0.2, width * 0.2, width * 0.2])
        )

    story.append(para(_("Summary"), s["heading"]))
    story.append(para(meeting.summary or _("No summary recorded."), s["body"]))
    return build_pdf(story, title=title, footer=_("gexin · meeting #%(id)s") % {"id": meeting.pk})


def _cut(text, limit):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listing(story, heading, lines, s, cap, limit, empty):
    """A heading and at most `cap` lines, then "and N more"."""
    story.append(para(heading, s["heading"]))
    if not lines:
        story.append(para(empty, s["small"]))
        return
    for line in lines[:cap]:
        story.append(para(_cut(line, limit), s["item"], bullet="•"))
    if len(lines) > cap:
        story.append(para(_("and %(count)s more") % {"count": len(lines) - cap}, s["small"]))


def _entry_line(entry, with_unit):
    """A blackboard line; typical cases have their own list, so they are not marked."""
    line = _about(entry, mark_typical=False)
    if entry.kind == EntryKind.SELF_CRITICISM:
        line = f"[{entry.kind_label}] {line}"
    if with_unit:
        line = f"{line} ({entry.meeting.unit.display_name})"
    return line


def _proposal_line(proposal):
    authors = "、".join(a.display_name for a in proposal.authors.all())
    line = _("%(title)s, by %(authors)s: %(status)s") % {
        "title": proposal.title,
        "authors": authors or "—",
        "status": proposal.status_label,
    }
    if proposal.annual_saving:
        line += " " + _("(saves %(amount)s yuan a year)") % {
            "amount": formatting.number(proposal.annual_saving, 0)
        }
    return line


def _blackboard_story(board, size, cap, limit):
    s = styles(size)
    unit = board["unit"]
    week = _("%(monday)s to %(sunday)s") % {
        "monday": _day(board["monday"]),
        "sunday": _day(board["sunday"]),
    }
    story = [
        para(_("Blackboard: %(unit)s") % {"unit": unit.display_name}, s["title"]),
        para(
            " · ".join(
                (
                    _("Week %(week)s") % {"week": week},
                    ngettext("%(count)s meeting", "%(count)s meetings", board["meeting_count"])
                    % {"count": board["meeting_count"]},
                    ngettext(
                        "%(count)s new proposal", "%(count)s new proposals", board["new_proposals"]
                    )
                    % {"count": board["new_proposals"]},
                )
            ),
            s["body"],
        ),
    ]
    figures = board["figures"]
    if figures:
        story.append(para(_("Plan fulfilment this week"), s["heading"]))
        rows = [[_("Metric"), _("Target"), _("Actual"), _("Fulfilled")]]
        for line in figures:
            metric = line.metric
            name = metric.display_name
            if metric.display_unit:
                name = f"{name} ({metric.display_unit})"
            rows.append(
                [
                    name,
                    formatting.number(line.target, metric.decimals),
                    formatting.number(line.actual, metric.decimals),
                    "—" if line.percent is None else formatting.number(line.percent, 1) + "%",
                ]
            )
        width = content_width()
        story.append(
            table(rows, s["cell"], [width * 0.46, width * 0.18, width * 0.18, width * 0.18])
        )

    # Units below the board's own are named beside each entry.
    def with_unit(entry):
        return entry.meeting.unit_id != unit.pk

    sections = (
        (_("Praise"), [_entry_line(e, with_unit(e)) for e in board["praise"]]),
        (_("Criticism"), [_entry_line(e, with_unit(e)) for e in board["criticism"]]),
        (_("Typical cases"), [_entry_line(e, with_unit(e)) for e in board["typical"]]),
        (_("Proposal results"), [_proposal_line(p) for p in board["proposal_results"]]),
    )
    for heading, lines in sections:
        _listing(story, heading, lines, s, cap, limit, _("None this week."))
    return story


def blackboard_pdf(board):
    """A unit's weekly blackboard as a one-page A4 PDF, in the active language.

    `board` is what `gexin.meetings.services.blackboard(unit, day, user)` returns.
    Long lists are cut short and the type made smaller until the page holds them.
    """
    title = _("Blackboard: %(unit)s, week of %(monday)s") % {
        "unit": board["unit"].display_name,
        "monday": _day(board["monday"]),
    }
    layouts = (
        _blackboard_story(board, size, cap, limit) for size, cap, limit in BLACKBOARD_LAYOUTS
    )
    return build_fitting(layouts, title=title, footer="gexin")
