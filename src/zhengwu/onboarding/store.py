"""The use cases of onboarding: add a rules text, draft a profile from it, record each
reviewer's decision, check the reviewed profile against the text, adopt it.

Stored texts and adopted profiles are registered with `rulebook.sources` and
`rulebook.profile` (`ensure_loaded`), so cites, search, tenants and every engine treat them
like the shipped ones. Refusals are Verdicts with Chinese reasons; nothing changes on refusal.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from zhengwu.core import audit, permissions
from zhengwu.core.errors import NotFound
from zhengwu.core.verdict import RuleViolation, Verdict
from zhengwu.core.uow import UnitOfWork
from zhengwu.onboarding.models import (
    DraftDecision,
    ProfileDraft,
    StoredProfile,
    StoredText,
)
from zhengwu.rulebook import sources
from zhengwu.rulebook.articles import Rulebook, RulebookError, parse_file, parse_text
from zhengwu.rulebook.draft_compare import hand_values
from zhengwu.rulebook.drafting import (
    MEETING_WORDS,
    Proposal,
    draft,
    meeting_kinds,
    vocabulary,
)
from zhengwu.rulebook.profile import (
    DEFAULT_ID,
    Profile,
    ProfileError,
    known_profiles,
    load_profile,
    load_profile_data,
    register_profile,
    registered_profiles,
)
from zhengwu.rulebook.validate_text import TextProblem, TextValidator

ID = re.compile(r"^[a-z][a-z0-9-]{1,59}$")
ROWS = "documents.signing.rows."
SUFFIXES = (".txt", ".docx")
DECISIONS = {"accept": "采纳", "correct": "更正", "reject": "不采纳"}

ONBOARD = "platform.onboarding"
permissions.define(ONBOARD, "添加规则文本、起草和审核规则配置", "平台管理员", permissions.platform_admin)


audit.label(actions={"onboarding.add_text": "上传工作规则文本", "onboarding.draft": "起草规则配置",
                     "onboarding.decide": "审定规则配置取值", "onboarding.adopt": "采用新的规则配置"},
            objects={"rules_text": "工作规则文本", "profile_draft": "规则配置草稿", "profile": "规则配置"})


def _who(uow: UnitOfWork) -> str:
    """The name of who acts, as colleagues know them (never a login id)."""
    from zhengwu.core.users import User

    user = uow.session.get(User, uow.actor.user_id) if uow.actor.user_id is not None else None
    return user.display_name if user is not None else uow.actor.label


# --- texts ---------------------------------------------------------------------------------


def read_upload(filename: str, data: bytes, text_id: str) -> tuple[Rulebook, str]:
    """Parse an uploaded .txt/.docx; the rulebook and the text as read (stored, parsed again on start)."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise RulebookError(f"文件「{filename}」不是 .txt 或 .docx 文件")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"upload{suffix}"
        path.write_bytes(data)
        parse_file(path, text_id)  # refuses what is not a readable text, in Chinese
        if suffix == ".docx":
            from docx import Document

            content = "\n".join(p.text for p in Document(str(path)).paragraphs)
        else:
            content = data.decode("utf-8-sig")
    return parse_text(content, text_id, source=filename), content


def add_text(uow: UnitOfWork, *, text_id: str, filename: str, data: bytes) -> StoredText:
    permissions.require(uow, ONBOARD)
    verdict = Verdict.passed()
    if not ID.match(text_id):
        verdict &= Verdict.refused("invalid_id", f"文本编号「{text_id}」无效：须为 2–60 位小写字母、数字或连字符，以字母开头。")
    elif text_id in sources.shipped_ids() or uow.session.get(StoredText, text_id) is not None:
        verdict &= Verdict.refused("duplicate_text", f"文本编号「{text_id}」已被使用，请另取编号。")
    verdict.raise_if_refused()
    try:
        rulebook, content = read_upload(filename, data, text_id)
    except RulebookError as exc:
        Verdict.refused("unreadable_text", f"无法读取规则文本：{exc}").raise_if_refused()
    row = StoredText(id=text_id, title=rulebook.title or Path(filename).stem, doc_number=rulebook.doc_number,
                     issued_on=rulebook.date, filename=filename, content=content,
                     repairs=[{"line": w.line, "message": w.message} for w in rulebook.warnings],
                     added_by=_who(uow), added_at=uow.now)
    uow.session.add(row)
    uow.session.flush()
    uow.record("onboarding.add_text", object_type="rules_text", object_id=text_id,
               after={"id": text_id, "title": row.title, "doc_number": row.doc_number,
                      "articles": sum(1 for _ in rulebook.articles()), "repairs": len(row.repairs)})
    sources.register(rulebook)
    return row


def next_text_id(session: Session) -> str:
    """An id for a text uploaded without one (the page asks only for the file)."""
    taken = set(session.execute(select(StoredText.id)).scalars()) | set(sources.shipped_ids())
    n = len(taken) + 1
    while f"rules-{n}" in taken:
        n += 1
    return f"rules-{n}"


def ensure_loaded(session: Session) -> None:
    """Register every stored text and adopted profile not yet known to this process."""
    for row in session.execute(select(StoredText)).scalars():
        if not sources.is_registered(row.id):
            sources.register(parse_text(row.content, row.id, source=row.filename))
    for stored in session.execute(select(StoredProfile)).scalars():
        if stored.id not in registered_profiles():
            register_profile(load_profile_data(yaml.safe_load(stored.yaml), f"{stored.id}.yaml"))


def get_text(session: Session, text_id: str) -> StoredText:
    row = session.get(StoredText, text_id)
    if row is None:
        raise NotFound(f"没有编号为「{text_id}」的规则文本。")
    return row


def list_texts(session: Session) -> list[StoredText]:
    return list(session.execute(select(StoredText).order_by(StoredText.added_at)).scalars())


# --- drafts --------------------------------------------------------------------------------


def default_values() -> dict[str, dict]:
    return {key: {"value": fact["value"]} for key, fact in hand_values(load_profile(DEFAULT_ID)).items()}


def create_draft(uow: UnitOfWork, *, text_id: str, profile_id: str | None = None, name: str = "") -> ProfileDraft:
    """Draft a profile from a stored text; the profile id defaults to the text's id."""
    permissions.require(uow, ONBOARD)
    text = get_text(uow.session, text_id)
    ensure_loaded(uow.session)
    profile_id = profile_id or text_id
    verdict = Verdict.passed()
    if not ID.match(profile_id):
        verdict &= Verdict.refused("invalid_id", f"规则配置编号「{profile_id}」无效：须为 2–60 位小写字母、数字或连字符。")
    elif (profile_id in known_profiles() or profile_id == DEFAULT_ID or uow.session.execute(
            select(ProfileDraft.id).where(ProfileDraft.profile_id == profile_id)).first()):
        verdict &= Verdict.refused("duplicate_profile", "该文本已起草过规则配置（或编号已被使用），请打开已有的草稿。")
    verdict.raise_if_refused()
    result = draft(sources.load(text_id), default_values())
    name = name.strip() or _government_name(text.title, result.head_title)
    row = ProfileDraft(text_id=text_id, profile_id=profile_id, name=name, level=result.level,
                       proposals=[p.as_dict() for p in result.proposals], inherited=sorted(result.inherited),
                       state="review", created_by=_who(uow), created_at=uow.now)
    uow.session.add(row)
    uow.session.flush()
    uow.record("onboarding.draft", object_type="profile_draft", object_id=row.id,
               after={"text": text_id, "profile": profile_id, "proposals": len(row.proposals)})
    return row


def _government_name(title: str, head: str) -> str:
    """「某市某区人民政府工作规则」 → 「某市某区人民政府」."""
    match = re.match(r"(.*?人民政府)", title or "")
    return match.group(1) if match else f"（{head}负责制的人民政府）"


def get_draft(session: Session, draft_id: int) -> ProfileDraft:
    row = session.get(ProfileDraft, draft_id)
    if row is None:
        raise NotFound(f"没有第 {draft_id} 号规则配置草稿。")
    return row


def list_drafts(session: Session) -> list[ProfileDraft]:
    return list(session.execute(select(ProfileDraft).order_by(ProfileDraft.id)).scalars())


def decisions_of(session: Session, draft_id: int) -> dict[str, DraftDecision]:
    rows = session.execute(select(DraftDecision).where(DraftDecision.draft_id == draft_id)).scalars()
    return {row.key: row for row in rows}


def proposals_of(row: ProfileDraft) -> list[Proposal]:
    return [Proposal(**p) for p in row.proposals]


def parse_correction(proposal: Proposal, text: str, head_title: str) -> Any:
    """A reviewer's corrected value as typed on the page: 是/否, a number, posts in the text's
    words (「区长、常务副区长」), a frequency in words (每月两次), or the words themselves."""
    from zhengwu.rulebook import labels
    from zhengwu.rulebook.drafting import Vocabulary

    text = text.strip()
    old = proposal.value
    if isinstance(old, bool):
        if text in ("是", "有", "true"):
            return True
        if text in ("否", "无", "false"):
            return False
        raise ValueError("请填写“是”或“否”")
    if isinstance(old, int):
        if not text.isdigit():
            raise ValueError("请填写整数")
        return int(text)
    vocab = Vocabulary(head=head_title, gov={"总理": "国务院"}.get(head_title, head_title[0] + "政府"))
    reverse = {word: code for code, word in labels.WORDS.items()}
    if isinstance(old, str) and old in reverse.values() and text in reverse:
        return reverse[text]
    if isinstance(old, list) and old and all(v in MEETING_WORDS for v in old):
        kinds = meeting_kinds(text, head_title)
        if not kinds:
            raise ValueError("未能从所填文字中认出会议")
        return kinds
    if isinstance(old, list) and all(isinstance(v, str) for v in old) and any(v in vocab_codes() for v in old):
        actors = vocab.actors(text)
        if not actors:
            raise ValueError("未能从所填文字中认出职务")
        return actors
    if isinstance(old, str) and old in vocab_codes():
        actors = vocab.actors(text)
        if not actors:
            raise ValueError("未能从所填文字中认出职务")
        return actors[0]
    if isinstance(old, list):
        return [part for part in re.split(r"[、，,；;\s]+", text) if part]
    if not text:
        raise ValueError("更正的取值不能为空")
    return text


def vocab_codes() -> set[str]:
    from zhengwu.rulebook.validate_text import ACTOR_CODES

    return ACTOR_CODES


def decide(uow: UnitOfWork, *, draft_id: int, key: str, decision: str, value_text: str = "",
           reason: str = "", expected_version: int) -> DraftDecision:
    """One reviewer's decision on one value, made on the draft as the reviewer saw it
    (`expected_version`, the draft's): a decision is a row of the draft, so each one moves the
    draft's version and a decision taken on a page read before another's is refused as stale."""
    permissions.require(uow, ONBOARD)
    row = get_draft(uow.session, draft_id)
    row.expect_version(expected_version, f"规则配置草稿「{row.name}」")
    proposal = next((p for p in proposals_of(row) if p.key == key), None)
    verdict = Verdict.passed()
    if row.state != "review":
        verdict &= Verdict.refused("draft_adopted", "该规则配置已采用，不能再修改。")
    if proposal is None:
        raise NotFound("草稿中没有这一项。")
    if decision not in DECISIONS:
        verdict &= Verdict.refused("invalid_decision", "请选择采纳、更正或不采纳。")
    verdict.raise_if_refused()
    value: Any = proposal.value
    if decision == "correct":
        try:
            value = parse_correction(proposal, value_text, _head_title(row))
        except ValueError as exc:
            Verdict.refused("invalid_value", f"更正的取值无效：{exc}").raise_if_refused()
    existing = uow.session.execute(select(DraftDecision).where(DraftDecision.draft_id == draft_id,
                                                               DraftDecision.key == key)).scalar_one_or_none()
    before = None
    if existing is not None:
        before = {"decision": existing.decision, "value": existing.value, "by": existing.decided_by_name}
        uow.session.delete(existing)
        uow.session.flush()
    record = DraftDecision(draft_id=draft_id, key=key, decision=decision,
                           value=None if decision == "reject" else value, cite=proposal.cite,
                           reason=reason.strip() or None, decided_by=uow.actor.user_id,
                           decided_by_name=_who(uow), decided_at=uow.now)
    uow.session.add(record)
    flag_modified(row, "state")  # the draft's version moves with each of its decisions
    uow.session.flush()
    uow.record("onboarding.decide", object_type="profile_draft", object_id=draft_id, before=before,
               after={"key": key, "decision": decision, "value": record.value, "reason": record.reason})
    return record


def _head_title(row: ProfileDraft) -> str:
    head = next((p for p in row.proposals if p["key"] == "posts.head"), None)
    return head["value"] if head else vocabulary(sources.load(row.text_id)).head


# --- the reviewed profile ------------------------------------------------------------------


def profile_data(row: ProfileDraft, decisions: dict[str, DraftDecision] | None, *, all_accepted: bool = False) -> dict:
    """The profile YAML data of a draft: accepted and corrected values (every proposal, with
    `all_accepted`); what is rejected or undecided is left to the default."""
    text = sources.load(row.text_id)
    data: dict[str, Any] = {"id": row.profile_id, "name": row.name, "source": row.text_id, "inherits": DEFAULT_ID}
    if row.level:
        data["level"] = row.level
    if text.date:
        data["effective_from"] = text.date.isoformat()
    chosen: list[tuple[str, Any, str]] = []
    for p in proposals_of(row):
        decision = (decisions or {}).get(p.key)
        if all_accepted:
            chosen.append((p.key, p.value, p.cite))
        elif decision is not None and decision.decision in ("accept", "correct"):
            chosen.append((p.key, decision.value, p.cite))
    chosen_all = chosen
    chosen = [c for c in chosen if c[0] != "documents.signing.common_steps"]
    rows = [c for c in chosen if c[0].startswith(ROWS) and ".exceptions." not in c[0]]
    row_exceptions = [c for c in chosen if c[0].startswith(ROWS) and ".exceptions." in c[0]]
    chosen = [c for c in chosen if not c[0].startswith(ROWS)]
    exceptions = [c for c in chosen if ".exceptions." in c[0]]
    for key, value, cite in chosen:
        if ".exceptions." not in key:
            _put(data, key.split("."), {"value": value, "cite": cite})
    if rows:
        # The signing matrix is a list of rows, each with its own label, cite and exceptions.
        matrix = []
        for key, value, cite in rows:
            name = key[len(ROWS):]
            entry: dict[str, Any] = {"name": name, "label": value.get("label") or name, "cite": cite,
                                     **{k: v for k, v in value.items() if k != "label"}}
            row_excs = [{"name": k.split(".exceptions.")[1], "cite": c, **v}
                        for k, v, c in row_exceptions if k.split(".exceptions.")[0] == key]
            if row_excs:
                entry["exceptions"] = row_excs
            matrix.append(entry)
        data.setdefault("documents", {})["signing"] = {"rows": matrix}
    common = [(v, c) for k, v, c in chosen_all if k == "documents.signing.common_steps"]
    if common and rows:
        data["documents"]["signing"].update({"common_steps": common[0][0], "common_steps_cite": common[0][1]})
    for key, value, cite in exceptions:
        leaf_key, name = key.split(".exceptions.")
        leaf = _get(data, leaf_key.split("."))
        if leaf is not None:
            leaf.setdefault("exceptions", []).append({"name": name, "cite": cite, **value})
    overrides = {key: d.reason for key, d in (decisions or {}).items()
                 if d.reason and d.decision in ("accept", "correct") and not all_accepted}
    if overrides:
        data["text_overrides"] = overrides
    return data


def _put(data: dict, path: list[str], leaf: dict) -> None:
    for part in path[:-1]:
        data = data.setdefault(part, {})
    data[path[-1]] = leaf


def _get(data: dict, path: list[str]) -> dict | None:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def check(row: ProfileDraft, decisions: dict[str, DraftDecision]) -> tuple[Profile | None, list[str], list[TextProblem]]:
    """The reviewed profile (None while it does not load) with every problem: the loader's, and
    each kept value its cited article does not show (with the reason, where one is recorded)."""
    data = profile_data(row, decisions)
    titles = {code: leaf["value"] for code, leaf in data.get("posts", {}).items()}
    validator = TextValidator(row.text_id, titles, {k: d.reason for k, d in decisions.items() if d.reason})
    text_problems = [problem for key, d in decisions.items() if d.decision in ("accept", "correct")
                     for problem in validator.check_value(key, d.value, d.cite)]
    try:
        profile = load_profile_data(data, f"{row.profile_id}.yaml")
    except ProfileError as exc:
        return None, exc.problems, text_problems
    return profile, [], text_problems


def adopt(uow: UnitOfWork, *, draft_id: int, expected_version: int) -> StoredProfile:
    """Adopt a reviewed draft: every value decided, the profile loads, and every value its cited
    article does not show carries a recorded reason. `expected_version` is the draft's as the
    adopter saw it: a decision changed since (by another reviewer) refuses the adoption as stale."""
    permissions.require(uow, ONBOARD)
    row = get_draft(uow.session, draft_id)
    row.expect_version(expected_version, f"规则配置草稿「{row.name}」")
    ensure_loaded(uow.session)
    decisions = decisions_of(uow.session, draft_id)
    verdict = Verdict.passed()
    if row.state != "review":
        verdict &= Verdict.refused("draft_adopted", "该规则配置已采用。")
    undecided = [p.key for p in proposals_of(row) if p.key not in decisions]
    if undecided:
        verdict &= Verdict.refused("undecided", f"还有 {len(undecided)} 项未审核（采纳、更正或不采纳）。")
    profile, problems, text_problems = check(row, decisions)
    for line in problems:
        verdict &= Verdict.refused("invalid_profile", line)
    for problem in text_problems:
        if not problem.overridden_by:
            verdict &= Verdict.refused("not_in_text", f"{problem.line()}（如确需保留，请填写理由）")
    verdict.raise_if_refused()
    if profile is None:  # check() lists why with every profile that does not load: refused above
        raise RuleViolation(Verdict.refused("invalid_profile", "规则配置无法载入。"))
    stored = StoredProfile(id=row.profile_id, draft_id=row.id,
                           yaml=yaml.safe_dump(profile_data(row, decisions), allow_unicode=True, sort_keys=False),
                           adopted_by=_who(uow), adopted_at=uow.now)
    row.state = "adopted"
    uow.session.add(stored)
    uow.session.flush()
    uow.record("onboarding.adopt", object_type="profile", object_id=row.profile_id,
               after={"profile": row.profile_id, "name": row.name, "draft": row.id})
    register_profile(profile)
    return stored
