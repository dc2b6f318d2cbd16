"""Strict readers for settings taken from the environment.

A malformed value raises ImproperlyConfigured naming the variable and what was
expected, so a bad deployment stops at start-up instead of misbehaving later.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    """Return the variable as a string, stripped."""
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    """Return a boolean; only the usual words are accepted."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name, default, minimum=None, maximum=None):
    """Return an integer within the given bounds."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum or maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} is outside {minimum}..{maximum}.")
    return value


def env_list(name, default=()):
    """Return a comma-separated list without empty items."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name, choices, default):
    """Return one of the allowed words."""
    value = env_str(name, default).lower()
    if value not in choices:
        allowed = ", ".join(sorted(choices))
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {allowed}.")
    return value


def database_from_url(name, default_url):
    """Parse a database URL; only SQLite and PostgreSQL are supported."""
    return parse_database_url(name, env_str(name) or default_url)


def database_urls(name, vendors=("postgres", "postgresql", "pgsql")):
    """Parse a comma-separated list of database URLs (empty when the variable is unset)."""
    configs = []
    for url in env_list(name):
        scheme = url.split(":", 1)[0].lower()
        if scheme not in vendors:
            raise ImproperlyConfigured(f"{name} must list postgres:// URLs, not {scheme!r}.")
        configs.append(parse_database_url(name, url))
    return configs


def parse_database_url(name, url):
    """Parse one database URL read from the variable `name` (named in error messages)."""
    import dj_database_url

    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name} must start with sqlite:/// or postgres://, not {scheme!r}."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} could not be parsed: {exc}") from None
    if config["ENGINE"].endswith("postgresql") and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database (postgres://user@host:port/NAME).")
    return config


def secret_key(data_dir):
    """Read the secret key from GEXIN_SECRET_KEY, GEXIN_SECRET_KEY_FILE or the data folder.

    Without either variable a random key is created once in the data folder
    (readable by the owner only) and reused, so sessions survive restarts.
    """
    key = env_str("GEXIN_SECRET_KEY")
    path = env_str("GEXIN_SECRET_KEY_FILE")
    if key and path:
        raise ImproperlyConfigured("Set GEXIN_SECRET_KEY or GEXIN_SECRET_KEY_FILE, not both.")
    if key:
        return key
    if path:
        try:
            key = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"GEXIN_SECRET_KEY_FILE cannot be read: {exc}") from None
        if not key:
            raise ImproperlyConfigured(f"GEXIN_SECRET_KEY_FILE {path} is empty.")
        return key
    key_file = Path(data_dir) / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    import secrets

    key = secrets.token_urlsafe(50)
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.touch(mode=0o600)
    key_file.write_text(key, encoding="utf-8")
    return key
