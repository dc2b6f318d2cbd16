"""`gexin print minutes ID` and `gexin print blackboard UNIT_CODE`: PDFs from the command line.

A local administrator's tool: by default it reads everything, like `gexin import-records`;
`--user NAME` prints only what that user may see. The PDF is written to
`minutes-<id>.pdf` or `blackboard-<code>-<monday>.pdf` in the current directory, to the
file named by `-o`, or to standard output with `-o -`.
"""

import argparse
import datetime
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from gexin.meetings import printing, services
from gexin.meetings.models import Meeting
from gexin.org.models import Unit


def iso_day(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def operator():
    """An unsaved superuser standing for the operator: `restrict()` lets everything through."""
    return get_user_model()(username="gexin-print", is_superuser=True, is_active=True)


class Command(BaseCommand):
    help = "Print a meeting's minutes or a unit's weekly blackboard as PDF."

    def add_arguments(self, parser):
        languages = [code for code, _name in settings.LANGUAGES]
        subcommands = parser.add_subparsers(dest="document", metavar="DOCUMENT", required=True)
        minutes = subcommands.add_parser("minutes", help="the minutes of one meeting")
        minutes.add_argument("meeting_id", type=int, metavar="ID", help="the meeting's number")
        board = subcommands.add_parser("blackboard", help="a unit's blackboard for one week")
        board.add_argument("unit_code", metavar="UNIT_CODE", help="the unit's code")
        board.add_argument(
            "--week", type=iso_day, help="any day of the week, YYYY-MM-DD (default: this week)"
        )
        for sub in (minutes, board):
            sub.add_argument(
                "-o",
                "--output",
                help="file to write, '-' for standard output (default: minutes-ID.pdf or "
                "blackboard-UNIT_CODE-MONDAY.pdf here)",
            )
            sub.add_argument(
                "--language",
                choices=languages,
                default=settings.LANGUAGE_CODE,
                help=f"language of the labels (default {settings.LANGUAGE_CODE})",
            )
            sub.add_argument(
                "--user", help="print only what this user may see (default: everything)"
            )

    def handle(self, document, output=None, language=None, user=None, **options):
        reader = self.reader(user)
        with translation.override(language or settings.LANGUAGE_CODE):
            if document == "minutes":
                pdf, name = self.minutes(options["meeting_id"], reader)
            else:
                pdf, name = self.blackboard(options["unit_code"], options.get("week"), reader)
        if output == "-":
            out = getattr(self.stdout, "_out", sys.stdout)
            getattr(out, "buffer", out).write(pdf)
            return
        path = Path(output or name)
        try:
            path.write_bytes(pdf)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}") from None
        self.stdout.write(f"Wrote {path} ({len(pdf):,} bytes).")

    def reader(self, username):
        if not username:
            return operator()
        account = get_user_model().objects.filter(username=username, is_active=True).first()
        if account is None:
            raise CommandError(f"No active user named {username}")
        return account

    def minutes(self, meeting_id, reader):
        meeting = (
            Meeting.objects.restrict(reader, "view")
            .select_related("unit", "chair", "signed_off_by")
            .filter(pk=meeting_id)
            .first()
        )
        if meeting is None:
            raise CommandError(f"No meeting #{meeting_id}{self.visible(reader)}.")
        return printing.minutes_pdf(meeting), f"minutes-{meeting.pk}.pdf"

    def blackboard(self, code, day, reader):
        unit = Unit.objects.restrict(reader, "view").filter(code=code).first()
        if unit is None:
            raise CommandError(f"No unit with the code {code!r}{self.visible(reader)}.")
        board = services.blackboard(unit, day or datetime.date.today(), reader)
        return printing.blackboard_pdf(board), f"blackboard-{unit.code}-{board['monday']}.pdf"

    @staticmethod
    def visible(reader):
        return "" if reader.pk is None else f" visible to {reader.get_username()}"
