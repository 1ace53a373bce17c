"""Every repository path that a comment, docstring or document names exists: a note that moved
(the profiles' 「逐条摘录见 notes/<id>.md」, now docs/extraction/) must not be left pointing nowhere.

Paths are read where they are written as paths — `src/…`, `docs/…`, `tests/…`, `bench/…`,
`notes/…`, or a module as `zhengwu/…` — and placeholders (`<id>`, `{tenant}`, `*`, `…`) are
skipped: they name a family of files, not one."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("README.md", "tasks.py", "pyproject.toml", "src", "docs", "tests", "bench")
SUFFIXES = {".py", ".md", ".yaml", ".yml", ".html", ".toml", ".txt", ".ini", ".css", ".js"}
PATH = re.compile(r"(?<![\w./-])((?:src|docs|tests|bench|notes)/[\w./-]*[\w/]|zhengwu/[\w/]+\.(?:py|yaml|html|txt))")
PLACEHOLDER = re.compile(r"[<>{}*…]|N_|\.\.\.")
# Directories under which text is data, not the repository's own prose.
SKIP = ("src/zhengwu/rulebook/sources/", "src/zhengwu/rulebook/law/", "bench/results/")


def _files():
    for entry in SCANNED:
        path = ROOT / entry
        found = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES]
        for file in found:
            relative = file.relative_to(ROOT).as_posix()
            if not relative.startswith(SKIP) and "__pycache__" not in relative:
                yield file, relative


def _exists(name: str) -> bool:
    candidates = [ROOT / name]
    if name.startswith("zhengwu/"):
        candidates.append(ROOT / "src" / name)
    return any(c.exists() for c in candidates)


def test_every_path_named_in_the_repository_exists():
    missing = []
    for file, relative in _files():
        for line_no, line in enumerate(file.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if "--out" in line:  # an output file a command would write, not one that is kept
                continue
            for match in PATH.finditer(line):
                name = match.group(1).rstrip("./")
                end = match.end(1)
                if PLACEHOLDER.search(name) or PLACEHOLDER.match(line[end:end + 1] or " "):
                    continue
                if not _exists(name):
                    missing.append(f"{relative}:{line_no}: {name}")
    assert not missing, "paths that do not exist:\n" + "\n".join(missing)
