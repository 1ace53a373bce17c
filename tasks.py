#!/usr/bin/env python3
"""The README's two commands, with nothing but Python 3.11 needed to start them.

    python3 tasks.py run    set up .venv and start the main job
    python3 tasks.py test   set up .venv (with test extras) and run every test
    python3 tasks.py lint   set up .venv (with test extras) and run ruff, then mypy

Extra arguments after `test` go to pytest; after `run`, to the main job. `test` spreads the
tests over one pytest-xdist worker per CPU (at most MAX_WORKERS), a test file to a worker, unless
the arguments choose otherwise (`-n 0` runs in one process; `--pdb` and `--trace` do too).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("ZHENGWU_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")

# Each worker starts its own session fixtures (a PostgreSQL schema, the browser tests' demo
# server and Chromium, the S3 server), so more workers than this cost more than they save.
MAX_WORKERS = 4


def pytest_args(rest: list[str]) -> list[str]:
    """pytest's arguments: the user's, after the default spread over workers unless they chose
    the workers (-n, --dist, -p no:xdist) or a debugger that needs the terminal (--pdb, --trace)."""
    chosen = any(arg.startswith(("-n", "--numprocesses", "--dist", "--pdb", "--trace")) for arg in rest)
    if chosen or "no:xdist" in " ".join(rest).replace(" ", ""):
        return rest
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    # --dist loadfile: a file's tests share a worker, so module-scoped fixtures are built once and
    # a file's artifacts are written by one process.
    return ["-n", str(max(1, min(cpus, MAX_WORKERS))), "--dist", "loadfile", *rest]


def ensure_venv(extras: str) -> None:
    """Create the virtual environment and install the project, again only when pyproject changes."""
    if sys.version_info < (3, 11):
        sys.exit("zhengwu 需要 Python 3.11 或更高版本 (needs Python 3.11+)")
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
        subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "-U", "pip"])
    target = f".[{extras}]" if extras else "."
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "-e", target], cwd=ROOT)
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "lint"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        ensure_venv("")
        return subprocess.call([str(BIN / "zhengwu"), "serve", "--demo", *rest], cwd=ROOT)
    ensure_venv("test")
    if command == "lint":
        # What each checks, and which modules mypy still reads without strict Optional: pyproject.toml.
        return (subprocess.call([str(PY), "-m", "ruff", "check", "src", "tests"], cwd=ROOT)
                or subprocess.call([str(PY), "-m", "mypy"], cwd=ROOT))
    return subprocess.call([str(PY), "-m", "pytest", *pytest_args(rest)], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
