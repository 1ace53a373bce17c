"""The coverage ledger (docs/coverage/<profile>.yaml): every operational obligation of each text,
with its article and status — enforced (by the checks and tests it names), not applicable or not
yet enforced (with the reason). These tests keep it honest:

- every article it names exists in the text; every status is known; an enforced line names at
  least one check and one test, the others say why;
- every check it names is importable, and every test it names exists (file and function);
- every profile key with a value is read by a check — listed by an enforced line, and read by the
  engine's code — or declared display-only with the reason.
"""

from __future__ import annotations

import fnmatch
import importlib
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from zhengwu.rulebook.facts import facts
from zhengwu.rulebook.profile import known_profiles, load_profile
from zhengwu.rulebook.sources import load

ROOT = Path(__file__).resolve().parents[2]
LEDGERS = ROOT / "docs" / "coverage"
SRC = ROOT / "src" / "zhengwu"
STATUSES = ("enforced", "not_applicable", "not_yet_enforced")
# Modules that describe a profile rather than act on it: a key named only here is not "read".
_DESCRIBERS = {"rulebook/profile.py", "rulebook/facts.py", "rulebook/labels.py", "org/reference.py"}
# Quick-reference names of facts (see zhengwu.rulebook.facts) and the field the code reads.
_FIELD_OF = {"head.title": "head", "office.director_title": "office_director",
             "documents.countersign_reply_workdays": "reply_workdays",
             "documents.countersign_silence_means_consent": "silence_means_consent"}


def _ledger(profile_id: str) -> dict:
    return yaml.safe_load((LEDGERS / f"{profile_id}.yaml").read_text(encoding="utf-8"))


@cache
def _engine_source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")
                     if str(p.relative_to(SRC)) not in _DESCRIBERS)


def _base_key(key: str) -> str:
    """`conference.max_minutes.exceptions.longer_meeting` → `conference.max_minutes`;
    `documents.signing.rows.office` → `documents.signing`."""
    key = key.split(".exceptions.")[0]
    return key.split(".rows.")[0]


PROFILES = [p for p in known_profiles()]


@pytest.mark.parametrize("profile_id", PROFILES)
def test_ledger_lines_are_well_formed(profile_id):
    ledger = _ledger(profile_id)
    assert ledger["profile"] == profile_id
    book = load(load_profile(profile_id).source)
    assert ledger["obligations"], "账目为空"
    for line in ledger["obligations"]:
        where = f"{profile_id} 第{line.get('article')}条「{line.get('what')}」"
        book.get(str(line["article"]))  # RulebookError when the text has no such article
        assert line["what"].strip(), where
        assert line["status"] in STATUSES, where
        if line["status"] == "enforced":
            assert line.get("checks") and line.get("tests"), f"{where}：已执行的义务须写明检查与测试"
        else:
            assert line.get("reason", "").strip(), f"{where}：未执行或不适用须写明理由"


@pytest.mark.parametrize("profile_id", PROFILES)
def test_every_check_and_test_named_exists(profile_id):
    for line in _ledger(profile_id)["obligations"]:
        for dotted in line.get("checks", []):
            module, _, name = dotted.rpartition(".")
            assert hasattr(importlib.import_module(module), name), f"{profile_id}：检查 {dotted} 不存在"
        for test in line.get("tests", []):
            path, _, name = test.partition("::")
            file = ROOT / path
            assert file.is_file(), f"{profile_id}：测试文件 {path} 不存在"
            assert re.search(rf"^def {re.escape(name)}\(", file.read_text(encoding="utf-8"), re.M), \
                f"{profile_id}：测试 {test} 不存在"


@pytest.mark.parametrize("profile_id", PROFILES)
def test_every_profile_key_is_read_by_a_check_or_display_only(profile_id):
    ledger = _ledger(profile_id)
    display = ledger.get("display_only", {})
    enforced = {key for line in ledger["obligations"] if line["status"] == "enforced" for key in line.get("keys", [])}
    unread, unlisted = [], []
    for key, fact in facts(load_profile(profile_id)).items():
        if fact["value"] is None:
            continue
        base = _base_key(key)
        if any(fnmatch.fnmatchcase(base, pattern) for pattern in display):
            continue
        if base not in enforced:
            unlisted.append(base)
            continue
        field = _FIELD_OF.get(base, base.rsplit(".", 1)[-1])
        if not re.search(rf"\b{re.escape(field)}\b", _engine_source()):
            unread.append(base)
    assert not sorted(set(unlisted)), f"{profile_id}：这些规则项没有任何已执行的义务读取，也未声明仅供显示：{sorted(set(unlisted))}"
    assert not unread, f"{profile_id}：这些规则项没有代码读取：{unread}"


@pytest.mark.parametrize("profile_id", PROFILES)
def test_display_only_declarations_say_why(profile_id):
    for pattern, reason in _ledger(profile_id).get("display_only", {}).items():
        assert isinstance(reason, str) and reason.strip(), f"{profile_id}：{pattern} 须写明仅供显示的理由"
