#!/usr/bin/env python3
"""Set up and run gexin from a clone with nothing but Python 3.11+.

    python3 dev.py demo     create .venv, install gexin, load the demo and serve it
    python3 dev.py test     create .venv, install gexin with its test tools, then run
                            the lint, migration and translation checks and the whole suite
    python3 dev.py check    only the lint, migration and translation checks
    python3 dev.py bench    run `gexin bench web` (installs wrk where it can); `dev.py bench
                            load` and `dev.py bench scale` run those benchmarks
    python3 dev.py audit    list known vulnerabilities in the pinned dependencies
                            (--strict: exit 1 when there are any)

Arguments after the command are passed on (`dev.py demo --port 8080`, `dev.py test -k tree`).
Set GEXIN_DATABASE_URL=postgres://… to run against PostgreSQL.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
IS_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def say(message):
    print(f"[dev] {message}", flush=True)


def run(command, **kwargs):
    say(" ".join(str(part) for part in command))
    return subprocess.run([str(part) for part in command], **kwargs).returncode


def is_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0


def apt_install(*packages):
    """Install Debian packages when running as root on a machine with apt-get."""
    if not (is_root() and shutil.which("apt-get")):
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if run(["apt-get", "update", "-qq"], env=env) != 0:
        return False
    return (
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages], env=env) == 0
    )


def ensure_venv():
    if PYTHON.exists():
        return
    say(f"creating {VENV}")
    try:
        venv.create(VENV, with_pip=True)
    except Exception as exc:  # Debian without python3-venv: ensurepip is missing
        shutil.rmtree(VENV, ignore_errors=True)
        say(f"venv failed ({exc}); installing Debian's python3-venv")
        if not apt_install("python3-venv"):
            sys.exit(
                "[dev] cannot create a virtual environment: install python3-venv and try again"
            )
        venv.create(VENV, with_pip=True)


def ensure_installed(extras):
    """pip install the project (editable) once per change of pyproject.toml."""
    ensure_venv()
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    quiet = ["-q"] if IS_CI or not sys.stdout.isatty() else []
    if run([PYTHON, "-m", "pip", "install", *quiet, "--upgrade", "pip"]) != 0:
        sys.exit("[dev] could not upgrade pip")
    if run([PYTHON, "-m", "pip", "install", *quiet, "-e", spec], cwd=ROOT) != 0:
        sys.exit("[dev] could not install gexin")
    stamp.write_text(digest)


def ensure_tool(binary, package):
    if shutil.which(binary) or os.path.exists(f"/usr/bin/{binary}"):
        return True
    say(f"{binary} is missing; trying to install Debian's {package}")
    return apt_install(package)


def gexin(*args, env=None):
    return run([BIN / "gexin", *args], cwd=ROOT, env=env)


def checks():
    """Lint, migrations in step with the models, and a complete Chinese catalogue."""
    failures = 0
    failures += run([BIN / "ruff", "check", "gexin", "dev.py"], cwd=ROOT) != 0
    env = dict(os.environ, GEXIN_DATA_DIR=str(ROOT / ".test-data"))
    failures += gexin("makemigrations", "--check", "--dry-run", env=env) != 0
    failures += gexin("check_translations", env=env) != 0
    return failures


def command_demo(args):
    ensure_installed("")
    sys.exit(gexin("demo", *args))


def command_check(args):
    ensure_installed("test")
    ensure_tool("xgettext", "gettext")
    sys.exit(1 if checks() else 0)


def command_test(args):
    ensure_installed("test")
    ensure_tool("xgettext", "gettext")
    if not ensure_tool("chromium", "chromium"):
        say(
            "Chromium is not installed: browser tests will be skipped"
            + (" (and fail under CI)" if IS_CI else "")
        )
    failures = 0
    no_checks = "--no-checks" in args
    args = [arg for arg in args if arg != "--no-checks"]
    if not no_checks:
        failures += checks()
    env = dict(os.environ)
    env.setdefault("GEXIN_DATA_DIR", str(ROOT / ".test-data"))
    database = env.get("GEXIN_DATABASE_URL", "sqlite (in memory)")
    say(f"running the suite on {database.split('@')[-1]}")
    workers = ["-n", "2"] if not any(arg.startswith("-n") for arg in args) else []
    failures += run([PYTHON, "-m", "pytest", *workers, *args], cwd=ROOT, env=env) != 0
    sys.exit(1 if failures else 0)


def command_bench(args):
    ensure_installed("test,bench")
    ensure_tool("wrk", "wrk")
    sys.exit(gexin("bench", *(args or ["web"])))


def pinned_requirements(pyproject=ROOT / "pyproject.toml"):
    """Every pin of pyproject.toml: the dependencies and those of all extras, once each."""
    project = tomllib.loads(Path(pyproject).read_text(encoding="utf-8"))["project"]
    pins = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        pins.extend(extra)
    pins = sorted({pin.strip() for pin in pins}, key=str.lower)
    unpinned = [pin for pin in pins if "==" not in pin]
    if unpinned:
        sys.exit(f"[dev] audit needs exact pins (name==version); not pinned: {', '.join(unpinned)}")
    return pins


# What pip-audit says when the vulnerability service cannot be reached or answers badly.
UNREACHABLE = (
    "connectionerror",
    "could not connect",
    "timeout",
    "timed out",
    "max retries exceeded",
    "name or service not known",
    "temporary failure in name resolution",
    "nodename nor servname",
    "network is unreachable",
    "connection refused",
    "connection reset",
    "sslerror",
    "proxyerror",
    "serviceerror",
    "httperror",
    "not redirecting properly",
)


def audit_report(returncode, stdout, stderr, pins):
    """Read pip-audit's JSON answer: (status, lines to print).

    status is "clean", "vulnerable", "skipped" (the service could tell nothing) or
    "failed" (pip-audit itself went wrong).
    """
    try:
        dependencies = json.loads(stdout)["dependencies"]
    except (ValueError, KeyError, TypeError):
        message = " ".join(line.strip() for line in stderr.splitlines() if line.strip())
        last = (stderr.strip().splitlines() or [f"exit status {returncode}"])[-1].strip()
        if any(word in message.lower() for word in UNREACHABLE):
            return "skipped", [
                f"audit skipped: the vulnerability service could not be reached ({last[:200]})"
            ]
        return "failed", [f"audit failed: pip-audit ended with exit status {returncode}: {last}"]
    skipped = [item for item in dependencies if "skip_reason" in item]
    audited = [item for item in dependencies if "skip_reason" not in item]
    if not audited:
        reason = skipped[0]["skip_reason"] if skipped else "no packages were audited"
        return "skipped", [
            f"audit skipped: the vulnerability service could tell nothing about any of the "
            f"{len(pins)} pinned packages ({reason})"
        ]
    found = [
        (item["name"], item.get("version", "?"), vuln)
        for item in audited
        for vuln in item.get("vulns", [])
    ]
    packages = len({name for name, _version, _vuln in found})
    lines = [
        f"audit: {len(audited)} of {len(pins)} pinned packages checked, "
        f"{len(found)} known {'vulnerability' if len(found) == 1 else 'vulnerabilities'}"
        + (f" in {packages} {'package' if packages == 1 else 'packages'}" if found else "")
    ]
    for name, version, vuln in found:
        aliases = ", ".join(vuln.get("aliases") or [])
        fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
        lines.append(
            f"  {name} {version}  {vuln.get('id', '?')}"
            + (f" ({aliases})" if aliases else "")
            + f"  fixed in: {fixed}"
        )
    for item in skipped:
        lines.append(f"  not checked: {item['name']} ({item['skip_reason']})")
    return ("vulnerable" if found else "clean"), lines


def command_audit(args):
    strict = "--strict" in args
    try:
        ensure_installed("audit")
    except SystemExit as failure:
        if not (BIN / "pip-audit").exists():
            # No package index either: the same as an unreachable vulnerability service.
            say(f"audit skipped: pip-audit could not be installed ({failure})")
            sys.exit(0)
    pins = pinned_requirements()
    with tempfile.TemporaryDirectory(prefix="gexin-audit-") as folder:
        requirements = Path(folder) / "requirements.txt"
        requirements.write_text("\n".join(pins) + "\n", encoding="utf-8")
        command = [
            BIN / "pip-audit",
            "--requirement",
            requirements,
            "--no-deps",
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
        ]
        say(f"auditing {len(pins)} pinned packages: " + " ".join(str(part) for part in command))
        try:
            result = subprocess.run(
                [str(part) for part in command], capture_output=True, text=True, timeout=600
            )
            answer = (result.returncode, result.stdout, result.stderr)
        except subprocess.TimeoutExpired:
            answer = (None, "", "the vulnerability service timed out after 600 s")
    status, lines = audit_report(*answer, pins)
    for line in lines:
        say(line)
    if status == "failed" or (status == "vulnerable" and strict):
        sys.exit(1)
    sys.exit(0)


COMMANDS = {
    "demo": command_demo,
    "test": command_test,
    "check": command_check,
    "bench": command_bench,
    "audit": command_audit,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    COMMANDS[sys.argv[1]](sys.argv[2:])
