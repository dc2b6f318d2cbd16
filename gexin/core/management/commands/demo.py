"""`gexin demo`: migrate, load the demo organisation once, and serve it."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create (or reuse) the demo database, load the demo organisation and serve it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="port to listen on (default 8000)"
        )
        parser.add_argument("--no-serve", action="store_true", help="prepare the data and stop")

    def handle(self, host, port, no_serve, **options):
        from gexin.core import demo_steps
        from gexin.org import demo

        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        for _order, label, is_loaded, load in demo_steps.steps():
            if is_loaded():
                self.stdout.write(f"Demo {label} already present; keeping it.")
            else:
                self.stdout.write(f"Loading the demo {label}…")
                load()
        database = settings.DATABASES["default"]
        self.stdout.write(f"Database: {database['NAME']}")
        url_host = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
        url = f"http://{url_host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\ngexin demo: {url}"))
        self.stdout.write(f"Sign in with one of these users, password {demo.DEMO_PASSWORD}:")
        for username, who, what in demo.describe_logins():
            self.stdout.write(f"  {username:<24} {who} — {what}")
        if no_serve:
            return
        if host not in settings.ALLOWED_HOSTS and host not in {"0.0.0.0", "::"}:
            settings.ALLOWED_HOSTS.append(host)
        if host in {"0.0.0.0", "::"}:
            settings.ALLOWED_HOSTS.append("*")
        self.stdout.write("Press Ctrl-C to stop.\n")
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        call_command("runserver", address, use_reloader=False, use_threading=True, skip_checks=True)
