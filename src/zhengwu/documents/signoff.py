"""Sign-off (签发): the chain the profile's signing matrix names, and who may take each step.

Implements the 公文审核签发 articles (大洼 45–46, 大连 47–48, 海南区 57 and 61–62, 西市 31)
through `zhengwu.rulebook.signing.chain`, and 《党政机关公文处理工作条例》 第二十二条. A step
is taken by someone who holds one of the step's posts *for this document today*: the posts
they hold, the relational roles they have for it (分管 the sending department, 有关 because it
touches their portfolio, designated by the head), and every post they act for on that day
(acting authority is the org domain's answer, passed in). Anyone else is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhengwu.core.verdict import Verdict
from zhengwu.documents.rules import GONGWEN
from zhengwu.rulebook import labels
from zhengwu.rulebook.signing import SigningError, Step, chain


@dataclass(frozen=True)
class Facts:
    """What the signing matrix asks of a document."""

    issuer: str  # government | office | department (its own document)
    doc_type: str
    important: bool = False
    normative: bool = False
    from_executive_meeting: bool = False
    addressee: str | None = None
    matter: str | None = None
    cross_portfolio: bool = False
    own_department: bool = False  # a department's own outgoing document


# A department's own document is signed by the department's head (《党政机关公文处理工作条例》
# 第二十二条 「公文应当经本机关负责人审批签发」): the government's signing matrix is not asked.
DEPARTMENT_SIGN_OFF = Step(kind="sign_off", post="department", cite=f"{GONGWEN}:22")


def facts_of(doc) -> Facts:
    """The signing facts of a stored document (its issuer, type and recorded facts): also read by
    the versions domain when a new rules version re-pins the chains in progress."""
    f = doc.facts or {}
    return Facts(issuer=doc.issuer, doc_type=doc.doc_type, important=bool(f.get("important")),
                 normative=bool(f.get("normative")), from_executive_meeting=bool(f.get("from_executive_meeting")),
                 addressee=f.get("addressee"), matter=f.get("matter"), cross_portfolio=bool(f.get("cross_portfolio")),
                 own_department=own_department_document(doc))


def own_department_document(doc) -> bool:
    """A department's own outgoing document (an incoming 请示 also has the department as issuer)."""
    return doc.direction == "outgoing" and doc.issuer == "department"


def signing_chain(profile, facts: Facts) -> list[Step]:
    """The ordered steps; SigningError when the profile's text names no signer for it."""
    if facts.own_department:
        return [DEPARTMENT_SIGN_OFF]
    return chain(
        profile,
        facts.issuer,
        facts.doc_type,
        important=facts.important,
        normative=facts.normative,
        from_executive_meeting=facts.from_executive_meeting,
        addressee=facts.addressee,
        matter=facts.matter,
        cross_portfolio=facts.cross_portfolio,
    )


def check_chain(profile, facts: Facts) -> Verdict:
    try:
        signing_chain(profile, facts)
    except SigningError as exc:
        return Verdict.refused("no_signer_in_profile", str(exc), None)
    return Verdict.passed()


def check_holdable(profile, steps: list[Step], fillable: set[str]) -> Verdict:
    """A chain is sent for signing only when every step can be taken: someone in the org fills
    one of its posts for this document (`fillable`: the post kinds held and the relational roles
    someone has for it). A step nobody holds would stall the document for good, so it is refused
    now, naming the missing post and the article that asks for it."""
    verdicts = []
    for step in steps:
        if not set(step.posts) & fillable:
            names = {"review": "审核", "countersign": "会签", "sign_off": "签发"}
            verdicts.append(Verdict.refused(
                "step_unholdable",
                f"本件公文须经{posts_text(profile, step)}{names.get(step.kind, step.kind)}，但本单位目前无人担任此职务"
                f"（或该部门尚未确定分管领导），请先在组织机构中设定后再送签。",
                step.cite))
    return Verdict.all(verdicts)


def step_key(step: Step) -> str:
    return f"{step.kind}:{step.post}"


def _titles(profile) -> dict[str, str]:
    posts = profile.posts or {}
    return {code: leaf.value for code, leaf in posts.items()}


def posts_text(profile, step: Step) -> str:
    titles = _titles(profile)
    return "或".join(labels.post(p, titles) for p in step.posts)


def pending_steps(steps: list[Step], done: set[str]) -> list[Step]:
    return [s for s in steps if step_key(s) not in done]


def awaited_posts(steps: list[Step], done: set[str]) -> frozenset[str]:
    """The posts that may take a step of the chain now, in `check_step`'s order: those of the
    pending reviews and countersigns (taken in any order), or, once none is left, the sign-off's.
    Stored per document so a leader's queue is a query on their posts, not a walk of every chain."""
    pending = pending_steps(steps, done)
    first = [s for s in pending if s.kind != "sign_off"] or pending
    return frozenset(post for s in first for post in s.posts)


# Refusals of the person, not of the chain's state: permission refusals (403).
ACTOR_CODES = ("not_named_by_matrix", "not_on_chain")


def check_step(profile, steps: list[Step], done: set[str], kind: str, capacities: set[str]) -> Verdict:
    """Whether someone with `capacities` may take the next `kind` step (review, countersign or
    sign_off). Review and countersign steps may be taken in any order; the sign-off only after
    every earlier step, and only by a post the step names."""
    candidates = [s for s in pending_steps(steps, done) if s.kind == kind]
    if not candidates:
        names = {"review": "审核", "countersign": "会签", "sign_off": "签发"}
        return Verdict.refused(
            "no_such_step",
            f"本件公文的审批流程中没有待办的{names.get(kind, kind)}环节。",
            steps[-1].cite if steps else f"{GONGWEN}:22",
        )
    mine = [s for s in candidates if capacities & set(s.posts)]
    if not mine:
        step = candidates[0]
        return Verdict.refused(
            "not_named_by_matrix" if kind == "sign_off" else "not_on_chain",
            f"此环节应由{posts_text(profile, step)}办理，您今天不在此职位，也未代行此职位。",
            step.cite,
        )
    if kind == "sign_off":
        before = [s for s in pending_steps(steps, done) if s.kind != "sign_off"]
        if before:
            step = before[0]
            names = {"review": "审核", "countersign": "会签"}
            return Verdict.refused(
                "chain_incomplete",
                f"签发前须先经{posts_text(profile, step)}{names[step.kind]}。",
                step.cite,
            )
    return Verdict.passed()


def step_taken(steps: list[Step], done: set[str], kind: str, capacities: set[str]) -> Step:
    """The step a permitted actor takes (call after `check_step` passed)."""
    return next(s for s in pending_steps(steps, done) if s.kind == kind and capacities & set(s.posts))
