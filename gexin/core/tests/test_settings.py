"""Settings come from the environment; a malformed value stops start-up with a clear message."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from gexin.config import env


def run_gexin(*args, env_vars=None, tmp_path=None):
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GEXIN_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    environment["GEXIN_DATA_DIR"] = str(tmp_path)
    environment.update(env_vars or {})
    return subprocess.run(
        [sys.executable, "-m", "gexin", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_booleans_accept_only_the_usual_words(monkeypatch):
    monkeypatch.setenv("GEXIN_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="GEXIN_DEBUG='maybe' is not a boolean"):
        env.env_bool("GEXIN_DEBUG")
    monkeypatch.setenv("GEXIN_DEBUG", "Yes")
    assert env.env_bool("GEXIN_DEBUG") is True


def test_database_url_must_be_sqlite_or_postgres(monkeypatch):
    monkeypatch.setenv("GEXIN_DATABASE_URL", "mysql://root@localhost/x")
    with pytest.raises(ImproperlyConfigured, match="must start with sqlite"):
        env.database_from_url("GEXIN_DATABASE_URL", "sqlite:///x")


def test_postgres_url_is_parsed(monkeypatch):
    monkeypatch.setenv("GEXIN_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    config = env.database_from_url("GEXIN_DATABASE_URL", "sqlite:///x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "test"


def test_secret_key_is_read_from_a_file(tmp_path, monkeypatch):
    key_file = tmp_path / "key"
    key_file.write_text("from-the-file\n")
    monkeypatch.delenv("GEXIN_SECRET_KEY", raising=False)
    monkeypatch.setenv("GEXIN_SECRET_KEY_FILE", str(key_file))
    assert env.secret_key(tmp_path) == "from-the-file"


def test_secret_key_is_generated_once_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("GEXIN_SECRET_KEY", raising=False)
    monkeypatch.delenv("GEXIN_SECRET_KEY_FILE", raising=False)
    first = env.secret_key(tmp_path)
    assert len(first) > 50
    assert env.secret_key(tmp_path) == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_a_malformed_value_stops_the_command_with_its_message(tmp_path):
    result = run_gexin("check", env_vars={"GEXIN_DEBUG": "sometimes"}, tmp_path=tmp_path)
    assert result.returncode == 2
    assert "GEXIN_DEBUG='sometimes' is not a boolean" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = run_gexin(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_vars={
            "GEXIN_ENV": "production",
            "GEXIN_SECRET_KEY": get_random_secret_key(),
            "GEXIN_ALLOWED_HOSTS": "gexin.example.org",
            "GEXIN_DATABASE_URL": "postgres://gexin@127.0.0.1:5432/gexin",
            "GEXIN_BEHIND_PROXY": "1",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_run_without_allowed_hosts(tmp_path):
    result = run_gexin("check", env_vars={"GEXIN_ENV": "production"}, tmp_path=tmp_path)
    assert result.returncode == 2
    assert "GEXIN_ALLOWED_HOSTS" in result.stderr
