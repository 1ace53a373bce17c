"""Versions required on every mutating call (issue 11, point 5): a public service function that
changes an object takes `expected_version: int` — required, never defaulted (`int | None` only for a
row that may not exist yet, MAY_NOT_EXIST_YET below) — so a change made on a
stale read is refused (409) instead of silently overwriting someone else's. The walk covers the
public functions of these domains' services whose first parameter is the unit of work; the ones
that need no version are listed below, each with the reason. documents/ and meetings/ are walked
by their own tests (tests/documents/ and tests/meetings/test_versions_required.py)."""

from __future__ import annotations

import importlib
import inspect

import pytest

MODULES = ["zhengwu.supervision.service", "zhengwu.decisions.service", "zhengwu.disclosure.service",
           "zhengwu.org.service", "zhengwu.notices.service", "zhengwu.files.service", "zhengwu.emergency.service",
           "zhengwu.versions.service", "zhengwu.onboarding.store"]

ROOT = "creates a new object: there is no version yet"
SYSTEM = "system-driven: called by an event handler, not on what a user saw"

ALLOWED: dict[str, str] = {
    # --- calls that create a new root object
    "zhengwu.supervision.service.create_task": ROOT,
    "zhengwu.supervision.service.enter_task": ROOT,
    "zhengwu.supervision.service.inspect": ROOT,
    "zhengwu.supervision.service.call_for_plans": ROOT + " (one plan row per department)",
    "zhengwu.supervision.service.report_resolutions": ROOT + " (a new periodic report)",
    "zhengwu.supervision.service.record_fieldwork": ROOT,
    "zhengwu.decisions.service.register_decision": ROOT,
    "zhengwu.decisions.service.register_contract": ROOT,
    "zhengwu.disclosure.service.submit": ROOT,
    "zhengwu.disclosure.service.file_request": ROOT,
    "zhengwu.disclosure.service.register_request": ROOT,
    "zhengwu.org.service.create_department": ROOT,
    "zhengwu.org.service.create_post": ROOT,
    "zhengwu.org.service.pair_posts": ROOT + " (refused when either post is already paired)",
    "zhengwu.org.service.request_leave": ROOT,
    # 催办 changes no row the person saw: it publishes a new message (a Reminded event, one notice
    # per recipient) about another domain's item, which it only reads (refused when done)
    "zhengwu.notices.service.remind": ROOT + " (a 催办 is a new message about another domain's item)",
    "zhengwu.notices.service.remind_about_notice": ROOT + " (as remind)",
    "zhengwu.files.service.upload": ROOT,
    "zhengwu.files.service.attach": ROOT,
    "zhengwu.emergency.service.file_report": ROOT,
    "zhengwu.onboarding.store.add_text": ROOT,
    "zhengwu.onboarding.store.create_draft": ROOT,
    # --- system-driven: a separate internal function, never an optional version
    "zhengwu.supervision.service.close_from_source": SYSTEM + " (a 批示件's result report closes its task)",
    "zhengwu.notices.service.on_event": SYSTEM + " (notices for a domain event)",
    # --- not a change
    "zhengwu.files.service.download": "reads a file (audited), changes nothing",
    # --- a stored file has no versions
    "zhengwu.files.service.delete": "a stored file never changes; deleting one already deleted is refused (not found)",
}


# A row that may not exist yet (one per department / government / person, made by its first save):
# the version seen is `int | None` with no default, None meaning "saw none yet" (a row made
# meanwhile by someone else is refused as stale).
MAY_NOT_EXIST_YET = {
    "zhengwu.org.service.set_portfolio",
    "zhengwu.notices.service.save_settings",
    "zhengwu.notices.service.save_preferences",
}


def mutating_calls() -> dict[str, inspect.Signature]:
    found = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.startswith("_") or not inspect.isfunction(value) or value.__module__ != name:
                continue
            signature = inspect.signature(value)
            if next(iter(signature.parameters), None) == "uow":
                found[f"{name}.{attr}"] = signature
    return found


def lacks_required_version(signature: inspect.Signature, *, may_not_exist_yet: bool = False) -> bool:
    parameter = signature.parameters.get("expected_version")
    allowed = ("int", int, "int | None") if may_not_exist_yet else ("int", int)
    return (parameter is None or parameter.default is not inspect.Parameter.empty
            or parameter.annotation not in allowed)


def test_every_mutating_call_requires_the_version_the_user_saw():
    calls = mutating_calls()
    assert len(calls) >= 40, "the services were not found"
    missing = sorted(name for name, signature in calls.items() if name not in ALLOWED
                     and lacks_required_version(signature, may_not_exist_yet=name in MAY_NOT_EXIST_YET))
    assert missing == [], f"mutating calls without a required `expected_version: int`: {missing}"
    stale = sorted(name for name in [*ALLOWED, *MAY_NOT_EXIST_YET] if name not in calls)
    assert stale == [], f"allowlisted calls that no longer exist: {stale}"


@pytest.mark.parametrize("source, may_not_exist_yet, lacks", [
    ("def f(uow, *, expected_version: int): ...", False, False),
    ("def f(uow, *, expected_version: int | None = None): ...", False, True),
    ("def f(uow, *, expected_version: int | None): ...", False, True),
    ("def f(uow, *, version: int): ...", False, True),
    ("def f(uow, *, expected_version: int | None): ...", True, False),
    ("def f(uow, *, expected_version: int): ...", True, False),
    ("def f(uow, *, expected_version: int | None = None): ...", True, True),
    ("def f(uow, *, expected_version: int = 0): ...", True, True),
])
def test_the_walk_tells_a_required_version_from_an_optional_one(source, may_not_exist_yet, lacks):
    namespace: dict = {}
    exec("from __future__ import annotations\n" + source, namespace)
    assert lacks_required_version(inspect.signature(namespace["f"]), may_not_exist_yet=may_not_exist_yet) is lacks
