"""`python3 dev.py audit`: the pins are read from pyproject.toml, and an unreachable
vulnerability service skips the audit without failing the build."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def dev(monkeypatch):
    spec = importlib.util.spec_from_file_location("gexin_dev_script", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "ensure_installed", lambda extras: None)
    return module


def answer(dev, monkeypatch, returncode, stdout="", stderr=""):
    """Make pip-audit answer this, and keep the requirements it was given."""
    given = {}

    def run(command, **kwargs):
        given["requirements"] = Path(command[command.index("--requirement") + 1]).read_text()
        return subprocess.CompletedProcess(command, returncode, stdout, stderr)

    monkeypatch.setattr(dev.subprocess, "run", run)
    return given


def test_it_reads_every_pin_of_the_project_and_its_extras_once(dev, tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        "[project]\n"
        'dependencies = ["Django==5.2.19", "psycopg[binary]==3.3.9"]\n'
        "[project.optional-dependencies]\n"
        'test = ["pytest==9.2.0", "duckdb==1.5.6"]\n'
        'bench = ["duckdb==1.5.6"]\n'
    )
    assert dev.pinned_requirements(pyproject) == [
        "Django==5.2.19",
        "duckdb==1.5.6",
        "psycopg[binary]==3.3.9",
        "pytest==9.2.0",
    ]
    pins = dev.pinned_requirements()
    assert any(pin.startswith("Django==") for pin in pins)
    assert any(pin.startswith("pip-audit==") for pin in pins)
    assert len(pins) == len(set(pins))


def test_an_unpinned_dependency_is_refused(dev, tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["Django>=5"]\n')
    with pytest.raises(SystemExit, match="not pinned: Django>=5"):
        dev.pinned_requirements(pyproject)


def test_an_unreachable_service_skips_the_audit_and_passes(dev, monkeypatch, capsys):
    given = answer(
        dev,
        monkeypatch,
        1,
        stderr="Traceback (most recent call last):\n  ...\n"
        "requests.exceptions.ConnectionError: Max retries exceeded "
        "(Caused by NameResolutionError: Temporary failure in name resolution)\n",
    )
    with pytest.raises(SystemExit) as exit:
        dev.command_audit(["--strict"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert "audit skipped: the vulnerability service could not be reached" in out
    assert "Django==5.2.19" in given["requirements"].splitlines()


def test_a_service_that_knows_none_of_the_packages_skips_the_audit(dev, monkeypatch, capsys):
    report = {"dependencies": [{"name": "django", "skip_reason": "not found"}], "fixes": []}
    answer(dev, monkeypatch, 0, stdout=json.dumps(report))
    with pytest.raises(SystemExit) as exit:
        dev.command_audit([])
    assert exit.value.code == 0
    assert "could tell nothing about any of the" in capsys.readouterr().out


def test_vulnerabilities_are_listed_and_fail_only_when_strict(dev, monkeypatch, capsys):
    report = {
        "dependencies": [
            {
                "name": "django",
                "version": "5.2.19",
                "vulns": [
                    {"id": "PYSEC-1", "fix_versions": ["5.2.20"], "aliases": ["CVE-1"]},
                ],
            },
            {"name": "gunicorn", "version": "27.0.1", "vulns": []},
        ],
        "fixes": [],
    }
    answer(dev, monkeypatch, 1, stdout=json.dumps(report))
    with pytest.raises(SystemExit) as exit:
        dev.command_audit([])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert "2 of " in out and "1 known vulnerability in 1 package" in out
    assert "django 5.2.19  PYSEC-1 (CVE-1)  fixed in: 5.2.20" in out
    with pytest.raises(SystemExit) as exit:
        dev.command_audit(["--strict"])
    assert exit.value.code == 1


def test_a_broken_pip_audit_fails(dev, monkeypatch, capsys):
    answer(dev, monkeypatch, 2, stderr="pip-audit: error: unrecognized arguments: --bogus\n")
    with pytest.raises(SystemExit) as exit:
        dev.command_audit([])
    assert exit.value.code == 1
    assert "audit failed" in capsys.readouterr().out


def test_no_package_index_to_install_pip_audit_from_skips_the_audit(
    dev, monkeypatch, tmp_path, capsys
):
    def cannot_install(extras):
        raise SystemExit("[dev] could not install gexin")

    monkeypatch.setattr(dev, "ensure_installed", cannot_install)
    monkeypatch.setattr(dev, "BIN", tmp_path)
    with pytest.raises(SystemExit) as exit:
        dev.command_audit([])
    assert exit.value.code == 0
    assert "audit skipped: pip-audit could not be installed" in capsys.readouterr().out
