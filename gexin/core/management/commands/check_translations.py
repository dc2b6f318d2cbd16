"""`gexin check_translations`: the zh-Hans catalogue is complete, current and compiled.

Fails when an entry is untranslated or fuzzy, when the compiled .mo does not match
the .po, or (where gettext's xgettext is installed) when the source has strings that
the catalogue lacks. `--compile` writes the .mo from the .po first; it needs no gettext.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

LANGUAGE = "zh_Hans"


def entry_key(entry):
    return (entry.msgctxt or "", entry.msgid)


class Command(BaseCommand):
    help = "Check that the Simplified Chinese catalogue is complete, compiled and up to date."

    def add_arguments(self, parser):
        parser.add_argument(
            "--compile", action="store_true", help="write django.mo from django.po first"
        )

    def handle(self, compile, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        po_path = locale_dir / LANGUAGE / "LC_MESSAGES" / "django.po"
        mo_path = po_path.with_suffix(".mo")
        if not po_path.exists():
            raise CommandError(f"{po_path} is missing")
        catalogue = polib.pofile(str(po_path))
        if compile:
            catalogue.save_as_mofile(str(mo_path))
        problems = []
        for entry in catalogue.untranslated_entries():
            problems.append(f"untranslated: {entry.msgid!r}")
        for entry in catalogue.fuzzy_entries():
            problems.append(f"fuzzy: {entry.msgid!r}")
        problems.extend(self.check_compiled(catalogue, mo_path))
        problems.extend(self.check_source_strings(catalogue, locale_dir.parent))
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} problem(s) in the {LANGUAGE} catalogue")
        count = len(catalogue.translated_entries())
        self.stdout.write(f"{LANGUAGE}: {count} entries, all translated and compiled")

    def check_compiled(self, catalogue, mo_path):
        if not mo_path.exists():
            return [f"{mo_path.name} is missing; run with --compile"]
        compiled = polib.mofile(str(mo_path))
        have = {entry_key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in compiled}
        want = {
            entry_key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalogue.translated_entries()
        }
        if have != want:
            return [f"{mo_path.name} does not match django.po; run with --compile"]
        return []

    def check_source_strings(self, catalogue, package_dir):
        """Extract the source's strings into a scratch copy and compare with the catalogue."""
        if shutil.which("xgettext") is None:
            self.stdout.write("xgettext not installed: skipping the check for new source strings")
            return []
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / package_dir.name
            shutil.copytree(
                package_dir, copy, ignore=shutil.ignore_patterns("__pycache__", "data", "static")
            )
            command = [
                sys.executable,
                "-m",
                "django",
                "makemessages",
                "-l",
                LANGUAGE,
                "-i",
                "*/tests/*",
                "-i",
                "browser_tests/*",
                "-i",
                "demo_data.py",
                "--no-obsolete",
            ]
            env = {"DJANGO_SETTINGS_MODULE": "", "PATH": __import__("os").environ.get("PATH", "")}
            result = subprocess.run(command, cwd=copy, capture_output=True, text=True, env=env)
            if result.returncode != 0:
                return [f"makemessages failed: {result.stderr.strip()}"]
            fresh = polib.pofile(str(copy / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"))
        known = {entry_key(e) for e in catalogue if not e.obsolete}
        missing = [key for key in (entry_key(e) for e in fresh) if key not in known]
        return [f"not in the catalogue (run makemessages): {msgid!r}" for _ctx, msgid in missing]
