"""Domains talk through events, not through each other's services (issue 11, point 4).

Every module of every domain package is parsed (not imported) and its imports are checked: a
domain may read another domain's models, rules, events and other plain modules, but it may not
import another domain's `service`, `pages` or `api` — a cross-domain effect is an event published
through the unit of work and handled by the other domain (`zhengwu.wiring.install()`).

`core`, `calendar`, `rulebook` and `deadlines` are the platform every domain builds on (the
deadline clock is scheduled by every domain), `web` is the shell: they are not domains here.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "zhengwu"

DOMAINS = ("compliance", "decisions", "disclosure", "documents", "emergency", "files", "holiday_notices",
           "meetings", "notices", "onboarding", "org", "supervision", "todo", "versions")
GUARDED = ("service", "pages", "api")
# A domain whose service is split into section modules guards each of them like a `service`.
SECTIONS = {
    "meetings": ("absences", "conference_approval", "department_meetings", "finalizing_service", "minutes_flow",
                 "minutes_print", "queries", "scene", "scheduling", "topic_flow"),
    "documents": ("standing", "chain", "intake", "drafting", "superior", "countersigning", "signing", "issuing",
                  "reading", "printed", "referral_service"),
}

# (importing domain or file, imported module) → why it is allowed. Keep this list short and reasoned.
ALLOWED = {
    # The org is the people-and-posts foundation: who holds which post, which departments exist.
    # Every domain reads it (query functions only; the org's writes stay in the org).
    **{(domain, "zhengwu.org.service"): "reads the org's posts and departments" for domain in DOMAINS},
    # A pinned object's page shows which rules version it runs under and whether it may move to
    # the one in force: a read of the versions domain, which owns the re-pinning.
    ("decisions", "zhengwu.versions.service"): "page shows the rules-version panel",
    ("documents", "zhengwu.versions.service"): "page shows the rules-version panel",
    ("meetings", "zhengwu.versions.service"): "page shows the rules-version panel",
    # The compliance report reads every domain's deviations and writes nothing.
    ("compliance", "zhengwu.decisions.service"): "compliance report reads deviations",
    ("compliance", "zhengwu.disclosure.service"): "compliance report reads deviations",
    ("compliance", "zhengwu.documents.countersigning"): "compliance report reads deviations",
    ("compliance", "zhengwu.emergency.service"): "compliance report reads deviations",
    ("compliance", "zhengwu.meetings.queries"): "compliance report reads deviations",
    ("compliance", "zhengwu.supervision.service"): "compliance report reads deviations",
    # Demo data is seeded through the real use cases: the disclosure demo registers the major
    # decision whose publication it shows.
    ("disclosure/demo.py", "zhengwu.decisions.service"): "demo data made through the decisions use cases",
}


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module an import statement names, including `from zhengwu.x import service`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _crossings(src: Path = SRC) -> list[str]:
    wrong = []
    for domain in DOMAINS:
        for path in sorted((src / domain).rglob("*.py")):
            for line, module in _imported(ast.parse(path.read_text(encoding="utf-8"))):
                parts = module.split(".")
                if (len(parts) == 3 and parts[0] == "zhengwu" and parts[1] in DOMAINS and parts[1] != domain
                        and (parts[2] in GUARDED or parts[2] in SECTIONS.get(parts[1], ()))
                        and (domain, module) not in ALLOWED
                        and (path.relative_to(src).as_posix(), module) not in ALLOWED):
                    wrong.append(f"{path.relative_to(src.parent)}:{line} imports {module}")
    return wrong


def test_no_domain_imports_another_domains_service_pages_or_api():
    assert _crossings() == []


def test_the_check_sees_a_crossing(tmp_path):
    """The parser finds both spellings of a forbidden import (a check that finds nothing proves nothing)."""
    root = tmp_path / "zhengwu"
    (root / "meetings").mkdir(parents=True)
    (root / "meetings" / "topic_flow.py").write_text(
        "from zhengwu.supervision import service as supervision\nimport zhengwu.disclosure.api\n"
        "from zhengwu.supervision.events import TaskOpened\nfrom zhengwu.documents import issuing\n", encoding="utf-8")
    (root / "supervision").mkdir()
    (root / "supervision" / "service.py").write_text(
        "from zhengwu.meetings import scheduling\nfrom zhengwu.meetings.models import Meeting\n", encoding="utf-8")
    assert _crossings(root) == ["zhengwu/meetings/topic_flow.py:1 imports zhengwu.supervision.service",
                                "zhengwu/meetings/topic_flow.py:2 imports zhengwu.disclosure.api",
                                "zhengwu/meetings/topic_flow.py:4 imports zhengwu.documents.issuing",
                                "zhengwu/supervision/service.py:1 imports zhengwu.meetings.scheduling"]


def test_every_allowance_is_still_needed():
    """An allowance nobody uses any more is removed, so the list says what is true."""
    used = set()
    for domain in DOMAINS:
        for path in (SRC / domain).rglob("*.py"):
            modules = {module for _line, module in _imported(ast.parse(path.read_text(encoding="utf-8")))}
            used |= {(who, module) for module in modules for who in (domain, path.relative_to(SRC).as_posix())}
    stale = [key for key in ALLOWED if key not in used and key[1] != "zhengwu.org.service"]
    assert stale == []
