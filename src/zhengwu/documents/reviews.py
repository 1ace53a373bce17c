"""Reviews before issue and filing after it.

Implements the profile's `documents.required_reviews` (legality review 大洼 17, 大连 48, 海南区
21, 西市 30; fair-competition review 海南区 22 and 27 — not 西市, whose 30 is legality review
only; public comment 海南区 21; policy interpretation prepared together 海南区 37), the legality
statement of the issue request (海南区 57), the 「经区政府同意」 note (西市 33), filing
(备案) to the bodies the profile names (大洼 18 and 28, 大连 19 and 29, 海南区 23, 西市 14 and 32),
and the reminders after issue: periodic clean-up and post-evaluation (海南区 21).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from zhengwu.core.verdict import Verdict
from zhengwu.rulebook import labels
from zhengwu.rulebook.provenance import rule, rule_cite
from zhengwu.rulebook.sources import load

# Words by which an article of the text speaks of each review: a leaf resting on several
# articles cites, for each review, the one that says it.
_KEYWORDS = {
    "legality_review": ("合法性审查", "合法性审核"),
    "fair_competition_review": ("公平竞争审查",),
    "public_comment": ("征求意见",),
    "interpretation": ("解读",),
}


@dataclass(frozen=True)
class RequiredReview:
    review: str
    by: str
    cite: str | None
    before: str = "issue"  # sign_off | issue

    @property
    def label(self) -> str:
        return labels.word(self.review)


@dataclass(frozen=True)
class ReviewRecord:
    review: str
    passed: bool
    on: date
    period_end: date | None = None  # public comment: the last day comments were taken


def _applies(applies_to: str, issuer: str, normative: bool, policy: bool, flags: frozenset[str] = frozenset()) -> bool:
    if applies_to == "normative_government":
        return normative and issuer in ("government", "office")
    if applies_to == "normative_department":
        return normative and issuer == "department"
    if applies_to == "normative":
        return normative
    if applies_to == "policy":
        return policy
    if applies_to in (REGULATION, BILL):  # a 规章 or 法规议案 draft: the document says which it is on
        return issuer == "government" and applies_to in flags
    return False


def _cite_for(profile, leaf, review: str) -> str | None:
    cite = leaf.cite
    refs = [cite] if isinstance(cite, str) else list(cite or [])
    for ref in refs:
        qualified = profile.qualify(ref)
        book, _, article = qualified.partition(":")
        text = load(book).get(article).text
        if any(word in text for word in _KEYWORDS.get(review, ())):
            return qualified
    return profile.cite(leaf)


# What a department says of its own normative document (大洼 18, 大连 19, 海南区 22, 西市 32):
# 「涉及公众权益、社会关注度高」 (public_interest), 「部门联合制定」 (joint), 「重要」 (important).
DEPARTMENT_FLAGS = ("public_interest", "joint", "important")
REGULATION = "regulation"  # a document on a 政府规章 (its reserved matter): 大连 17, 18
BILL = "bill"  # a 地方性法规 draft the government submits as a 议案 (its reserved matter): 大连 17, 18
LEGISLATION = (REGULATION, BILL)
DEPARTMENT_KEY = "documents.department_normative"


def _department_reviews(profile, flags: frozenset[str]) -> list[RequiredReview]:
    """A department's own normative document: the legality review its drafting department answers
    for; the government's answer to the prior 请示 before the sign-off where the matter touches
    the public's interests; the government's approval before issue of a joint document (every
    one, or the important ones, as the text says)."""
    leaf = profile.documents.department_normative if profile.documents else None
    if leaf is None or leaf.value is None:
        return []
    rule_ = leaf.value
    cite = rule_cite(profile, DEPARTMENT_KEY)
    found = []
    if rule_.legality_review_by is not None:
        found.append(RequiredReview("legality_review", rule_.legality_review_by, cite))
    if rule_.prior_request and "public_interest" in flags:
        found.append(RequiredReview("prior_request", rule_.answered_by, cite, "sign_off"))
    if "joint" in flags and (rule_.joint_approval == "all"
                             or (rule_.joint_approval == "important" and "important" in flags)):
        found.append(RequiredReview("government_approval", rule_.answered_by, cite))
    return found


def required_reviews(profile, *, issuer: str, normative: bool, policy: bool,
                     flags: frozenset[str] = frozenset()) -> list[RequiredReview]:
    leaf = profile.documents.required_reviews if profile.documents else None
    found: dict[str, RequiredReview] = {}
    for item in leaf.value if leaf is not None else []:
        if item.applies_to == "contract" or not _applies(item.applies_to, issuer, normative, policy, flags):
            continue
        if item.review not in found:
            found[item.review] = RequiredReview(item.review, item.by, _cite_for(profile, leaf, item.review), item.before)
    if issuer == "department" and normative:
        for need in _department_reviews(profile, flags):
            found.setdefault(need.review, need)
    regulation = profile.documents.regulation_reviews if profile.documents else None
    if regulation is not None and flags & set(LEGISLATION):
        for item in regulation.value:
            if _applies(item.applies_to, issuer, normative, policy, flags):
                found.setdefault(item.review, RequiredReview(item.review, item.by, _cite_for(profile, regulation, item.review),
                                                             item.before))
    return list(found.values())


_GOVERNMENT_ANSWERS = ("prior_request", "government_approval")


def _missing(profile, need: RequiredReview, when: str) -> str:
    """The refusal's words for a review not yet recorded (`when`: 签发前 or 印发前)."""
    if need.review == "prior_request":
        return "涉及公众权益、社会关注度高的部门规范性文件，须事先请示政府并获同意后方可签发。"
    if need.review == "government_approval":
        return "部门联合制定的规范性文件，发布前须经政府批准。"
    who = labels.post(need.by, {c: leaf.value for c, leaf in (profile.posts or {}).items()})
    return f"{when}须先经{who}{need.label}并通过。"


# Relational reviewers: the drafting department (or the office that drafts for the government).
_DRAFTERS = ("lead_department", "department")


def check_reviewer(profile, need: RequiredReview, capacities: set[str], drafts_it: bool) -> Verdict:
    """The review is recorded by the body the profile names (海南区 21 「经区司法局合法性审查」:
    the 区司法局, never the drafting department reviewing itself)."""
    if need.by in _DRAFTERS:
        if drafts_it:
            return Verdict.passed()
    elif need.by in capacities:
        return Verdict.passed()
    titles = {code: leaf.value for code, leaf in (profile.posts or {}).items()}
    who = "起草部门" if need.by in _DRAFTERS else labels.post(need.by, titles)
    return Verdict.refused("wrong_reviewer", f"{need.label}应由{who}出具并记录，您不是{who}。", need.cite)


def check_before_sign_off(profile, *, issuer: str, normative: bool, policy: bool,
                          recorded: dict[str, ReviewRecord], flags: frozenset[str] = frozenset()) -> Verdict:
    """Reviews the text puts before the decision are recorded and passed before the sign-off."""
    verdicts = []
    for need in required_reviews(profile, issuer=issuer, normative=normative, policy=policy, flags=flags):
        if need.before != "sign_off":
            continue
        record = recorded.get(need.review)
        if record is None or not record.passed:
            verdicts.append(Verdict.refused(f"{need.review}_missing", _missing(profile, need, "签发前"), need.cite))
    return Verdict.all(verdicts)


def check_reviews(
    profile,
    *,
    issuer: str,
    normative: bool,
    policy: bool,
    recorded: dict[str, ReviewRecord],
    signed_on: date | None,
    issue_on: date,
    flags: frozenset[str] = frozenset(),
) -> Verdict:
    """Every review the profile requires is recorded and passed before issue; the comment
    period has ended; the interpretation was prepared no later than the sign-off."""
    verdicts = []
    for need in required_reviews(profile, issuer=issuer, normative=normative, policy=policy, flags=flags):
        record = recorded.get(need.review)
        if record is None:
            message = (_missing(profile, need, "印发前") if need.review in _GOVERNMENT_ANSWERS
                       else f"印发前须完成{need.label}并记录在案。")
            verdicts.append(Verdict.refused(f"{need.review}_missing", message, need.cite))
        elif not record.passed:
            verdicts.append(
                Verdict.refused(f"{need.review}_failed", f"{need.label}未通过，不得印发。", need.cite)
            )
        elif need.review == "public_comment" and record.period_end is not None and record.period_end >= issue_on:
            verdicts.append(
                Verdict.refused(
                    "public_comment_open",
                    f"公开征求意见至{record.period_end.isoformat()}结束，期间不得印发。",
                    need.cite,
                )
            )
        elif need.review == "interpretation" and signed_on is not None and record.on > signed_on:
            verdicts.append(
                Verdict.refused(
                    "interpretation_not_together",
                    "政策解读方案应与文件同步组织、同步审签，须在签发前准备。",
                    need.cite,
                )
            )
    return Verdict.all(verdicts)


def check_legality_statement(profile, *, normative: bool, proxy_draft: bool, attached: bool) -> Verdict:
    """The request to issue a proxy-drafted normative document carries a legality statement
    where the profile says so (海南区 57)."""
    r = rule(profile, "documents.incoming.legality_statement_attached")
    if not r.value or not normative or not proxy_draft or attached:
        return Verdict.passed()
    return Verdict.refused("legality_statement_missing", "发文请示应附合法性说明。", r.cite)


def consent_note(profile, issuer: str) -> tuple[str | None, str | None]:
    """The note an office document approved by the government's leaders carries (西市 33)."""
    r = rule(profile, "documents.consent_note")
    if issuer != "office" or not r.value:
        return None, None
    return r.value, r.cite


@dataclass(frozen=True)
class FilingRule:
    to: tuple[str, ...]
    catalogue_published_by: str | None
    cite: str | None
    note: str = ""  # said when the locality's text is silent and the default applies

    def labels(self) -> list[str]:
        return [labels.word(t) for t in self.to]


def filing_rule(profile, issuer: str, normative: bool) -> FilingRule | None:
    """Where an issued normative document is filed, or None when no filing applies."""
    if not normative:
        return None
    key = "documents.department_filing" if issuer == "department" else "documents.government_filing"
    r = rule(profile, key)
    if r.value is None:
        return None
    return FilingRule(tuple(r.value.to), r.value.catalogue_published_by, r.cite, r.inherited_note)


NO_FILING_BODY = "本规则未规定备案机关。"


def check_filing(profile, issuer: str, normative: bool, filed_to: set[str]) -> Verdict:
    need = filing_rule(profile, issuer, normative)
    if need is None:
        return Verdict.refused("no_filing_rule", NO_FILING_BODY, None)
    missing = [t for t in need.to if t not in filed_to]
    if missing:
        return Verdict.refused(
            "filing_incomplete",
            f"规范性文件应报送{'、'.join(labels.word(t) for t in missing)}备案。{need.note}",
            need.cite,
        )
    return Verdict.passed()


# --- after issue: periodic clean-up and post-evaluation (海南区 21) ---------------------------

AFTER_ISSUE = {"normative_cleanup": "documents.normative_cleanup",
               "normative_post_evaluation": "documents.normative_post_evaluation",
               # 大连 18 「政府规章实施后要进行后评估」: one post-evaluation of an issued 规章.
               "regulation_post_evaluation": "documents.regulation_post_evaluation"}
# Which issued documents each duty is about: the government's normative documents, or its 规章.
_SUBJECT = {"normative_cleanup": "normative", "normative_post_evaluation": "normative",
            "regulation_post_evaluation": REGULATION}
_ONCE = ("normative_post_evaluation", "regulation_post_evaluation")
# The texts say 「定期清理」 and 「实施后要进行后评估」 without naming an interval. The reminder
# cadence is therefore the platform's, not the rule's: one year, and every reminder says so.
REMINDER_YEARS = 1
CADENCE_NOTE = "本规则未规定周期，系统按每年一次提醒。"


@dataclass(frozen=True)
class IssuedNormative:
    document_id: int
    title: str
    doc_number: str | None
    issuer: str
    issued_on: date
    normative: bool = True
    regulation: bool = False  # a 政府规章 (大连 18)

    def is_subject_of(self, kind: str) -> bool:
        return self.regulation if _SUBJECT[kind] == REGULATION else self.normative


@dataclass(frozen=True)
class Reminder:
    document_id: int
    title: str
    doc_number: str | None
    kind: str  # normative_cleanup | normative_post_evaluation | regulation_post_evaluation
    due_on: date
    last_on: date | None
    cite: str | None

    @property
    def label(self) -> str:
        return labels.word(self.kind)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28) + timedelta(days=1)


def after_issue_kinds(profile) -> dict[str, str | None]:
    """The after-issue duties the profile names, each with its cite."""
    found = {}
    for kind, key in AFTER_ISSUE.items():
        r = rule(profile, key)
        if r.value:
            found[kind] = r.cite
    return found


def after_issue_kinds_for(profile, *, normative: bool, regulation: bool) -> dict[str, str | None]:
    """The after-issue duties that apply to one document: a normative document's, a 规章's."""
    subject = IssuedNormative(0, "", None, "government", date.min, normative=normative, regulation=regulation)
    return {k: c for k, c in after_issue_kinds(profile).items() if subject.is_subject_of(k)}


def after_issue_reminders(profile, issued: list[IssuedNormative], done: dict[tuple[int, str], date],
                          on: date) -> list[Reminder]:
    """The government's issued normative documents (and 规章, 大连 18) due, on `on`, for clean-up
    (again every cycle after the issue or the last clean-up) or for their one post-evaluation (a
    cycle after the issue, until one is recorded). `done` maps (document, kind) to the last
    recorded date."""
    kinds = after_issue_kinds(profile)
    due = []
    for doc in issued:
        if doc.issuer not in ("government", "office"):  # 「区政府规范性文件」
            continue
        for kind, cite in kinds.items():
            if not doc.is_subject_of(kind):
                continue
            last = done.get((doc.document_id, kind))
            if kind in _ONCE and last is not None:
                continue
            due_on = _years_after(last or doc.issued_on, REMINDER_YEARS)
            if due_on <= on:
                due.append(Reminder(doc.document_id, doc.title, doc.doc_number, kind, due_on, last, cite))
    return sorted(due, key=lambda r: (r.due_on, r.document_id, r.kind))


def check_after_issue(profile, kind: str, state: str, *, normative: bool = True, regulation: bool = False) -> Verdict:
    """A clean-up or post-evaluation is recorded on an issued document the profile asks it of:
    a normative document's, or a 规章's post-evaluation (大连 18) on a document on a 规章."""
    kinds = after_issue_kinds(profile)
    cite = kinds.get(kind)
    what = "政府规章" if _SUBJECT.get(kind) == REGULATION else "规范性文件"
    if kind not in kinds:
        return Verdict.refused("no_after_issue_rule", f"本规则未规定{what}的{labels.word(kind)}。", None)
    if state not in ("issued", "filed"):
        return Verdict.refused("not_issued", f"{labels.word(kind)}只适用于已印发的{what}。", cite)
    subject = IssuedNormative(0, "", None, "government", date.min, normative=normative, regulation=regulation)
    if not subject.is_subject_of(kind):
        return Verdict.refused("not_normative" if what == "规范性文件" else "not_regulation",
                               f"{labels.word(kind)}只适用于{what}。", cite)
    return Verdict.passed()
