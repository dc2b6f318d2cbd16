"""The `gexin` command: Django's management commands under one name.

`gexin demo`, `gexin bench web`, `gexin migrate`, `gexin createsuperuser`… all run
with gexin's settings, so no DJANGO_SETTINGS_MODULE is needed.
"""

import os
import sys


def main(argv=None):
    """Run a management command with gexin's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gexin.config.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        args = list(sys.argv[1:] if argv is None else argv)
        if args and not args[0].startswith("-"):
            # `gexin import-records` is the command import_records.
            args[0] = args[0].replace("-", "_")
        execute_from_command_line(["gexin", *args])
    except ImproperlyConfigured as exc:
        # A malformed setting stops start-up with its message, not a traceback.
        sys.stderr.write(f"gexin: configuration error: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
