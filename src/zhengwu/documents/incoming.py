"""Incoming checks (收文初审): what a department's document must satisfy before the office
takes it, each check a verdict with its cite and its named exceptions.

Implements 大洼 43, 大连 44–45 and 50, 海南区 56–57 and 63, 西市 27 and 29–30, and
《党政机关公文处理工作条例》 第十五条第（四）项 and 第二十四条第（三）项 (non-conforming
documents are returned with the reasons). Pure: the office's registration date and the
calendar are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from zhengwu.calendar import WorkCalendar
from zhengwu.core.verdict import Verdict
from zhengwu.documents.rules import GONGWEN
from zhengwu.rulebook.profile import Profile
from zhengwu.rulebook.provenance import Rule, rule

BASE = "documents.incoming"


@dataclass(frozen=True)
class Disagreement:
    """A department that would not countersign: each side's reasons and the lead's proposal."""

    department: str
    their_reasons: str
    our_reasons: str
    proposal: str

    @property
    def complete(self) -> bool:
        return all(s.strip() for s in (self.their_reasons, self.our_reasons, self.proposal))


@dataclass(frozen=True)
class IncomingDocument:
    """What the office sees of a document a department sends to the government."""

    doc_type: str
    sender: str
    sent_on: date
    addressed_to: str = "office"  # office | leader (to a leader personally)
    exception: str | None = None  # a named exception the sender claims (leader_assigned, …)
    classification: str | None = None
    urgency: str | None = None  # urgent | extra_urgent
    urgency_explained: bool = False  # 特急 reasons in the text or 附注, office told beforehand
    decision_needed_by: date | None = None  # when the sender needs the government's answer
    signed_by: str = "principal_head"  # principal_head | presiding_head | other
    principal_head_absent: bool = False
    matter_count: int = 1
    contains_request: bool = False  # a 报告 carrying a request for approval
    also_to_party_committee: bool = False
    joint_approval: bool = False  # 大连 50: the government approves first, then the Party committee
    touches_departments: tuple[str, ...] = ()
    countersigned_by: tuple[str, ...] = ()
    disagreements: tuple[Disagreement, ...] = field(default_factory=tuple)
    asks_to_issue: bool = False  # 发文请示 with a proxy draft
    legality_statement: bool = False


def _on(r: Rule) -> bool:
    return bool(r.value)


def addressed_to_office(profile: Profile, doc: IncomingDocument) -> Verdict:
    """Sent to the office, not to a leader personally — save the profile's named exceptions."""
    r = rule(profile, f"{BASE}.addressed_to_office")
    if not _on(r) or doc.addressed_to == "office":
        return Verdict.passed()
    claimed = doc.exception
    if claimed is None and doc.classification == "top_secret":
        claimed = "top_secret"
    if claimed and r.exception(claimed) is not None:
        if claimed == "top_secret" and doc.classification != "top_secret":
            return Verdict.refused(
                "not_top_secret",
                "只有绝密公文可以作为“必须直接报送的绝密事项”直接报送领导同志个人，本件未标注绝密。",
                r.exception_cite("top_secret", profile),
            )
        return Verdict.passed()
    allowed = "、".join(e.label for e in r.exceptions)
    if claimed:
        return Verdict.refused(
            "exception_not_in_profile",
            f"本级工作规则没有“{claimed}”这一例外；除{allowed}外，公文不得直接报送领导同志个人。",
            r.cite,
        )
    return Verdict.refused(
        "addressed_to_leader",
        f"公文应报送政府办公室统一办理，不得直接报送领导同志个人（除{allowed}外）。{r.inherited_note}",
        r.cite,
    )


def signed_by_principal_head(profile: Profile, doc: IncomingDocument) -> Verdict:
    """Signed by the sender's principal head, or by whoever presides in the head's absence
    where the profile names that exception (大连 44)."""
    r = rule(profile, f"{BASE}.signed_by_principal_head")
    if not _on(r) or doc.signed_by == "principal_head":
        return Verdict.passed()
    acting = r.exception("acting_head")
    if doc.signed_by == "presiding_head" and acting is not None:
        if doc.principal_head_absent:
            return Verdict.passed()
        return Verdict.refused(
            "principal_head_not_absent",
            "主要负责人未外出，公文应由主要负责人签发，不能由主持工作的负责人代签。",
            r.exception_cite("acting_head", profile),
        )
    return Verdict.refused(
        "not_signed_by_principal_head",
        f"报送政府的公文应由{doc.sender}主要负责人签发。{r.inherited_note}",
        r.cite,
    )


def one_matter_per_request(profile: Profile, doc: IncomingDocument) -> Verdict:
    r = rule(profile, f"{BASE}.one_matter_per_request")
    if not _on(r) or doc.doc_type != "request" or doc.matter_count <= 1:
        return Verdict.passed()
    return Verdict.refused(
        "request_several_matters",
        f"请示应当一文一事，本件请示了{doc.matter_count}个事项。{r.inherited_note}{r.law_note}",
        r.cite or f"{GONGWEN}:15.4",
    )


def no_request_in_report(profile: Profile, doc: IncomingDocument) -> Verdict:
    r = rule(profile, f"{BASE}.no_request_in_report")
    if not _on(r) or doc.doc_type == "request" or not doc.contains_request:
        return Verdict.passed()
    return Verdict.refused(
        "request_in_report",
        f"报告等非请示性公文不得夹带请示事项，请另行以请示报送。{r.inherited_note}{r.law_note}",
        r.cite or f"{GONGWEN}:15.4",
    )


def no_dual_request(profile: Profile, doc: IncomingDocument) -> Verdict:
    """Not to both the Party committee and the government (大连 50); a matter both must
    approve goes to the government first (its named exception)."""
    r = rule(profile, f"{BASE}.no_dual_request_party_and_government")
    if not _on(r) or doc.doc_type != "request" or not doc.also_to_party_committee:
        return Verdict.passed()
    if doc.joint_approval and r.exception("joint_approval") is not None:
        return Verdict.refused(
            "joint_approval_government_first",
            "确需党委、政府共同审批的事项，须经政府审批同意后再报党委，不得同时报送。",
            r.exception_cite("joint_approval", profile),
        )
    return Verdict.refused(
        "dual_request",
        "不得一事同时请示党委、政府，不得多头报送。",
        r.cite,
    )


def lead_time(profile: Profile, doc: IncomingDocument, calendar: WorkCalendar) -> Verdict:
    """Enough working days left for the government to decide (大连 45): the profile's normal
    lead, the urgent lead for 加急, and for 特急 the reasons explained instead."""
    if doc.doc_type != "request" or doc.decision_needed_by is None:
        return Verdict.passed()
    normal = rule(profile, "documents.request_lead_workdays.normal")
    urgent = rule(profile, "documents.request_lead_workdays.urgent")
    if doc.urgency == "extra_urgent" and urgent.exception("special_urgent") is not None:
        if doc.urgency_explained:
            return Verdict.passed()
        return Verdict.refused(
            "special_urgency_unexplained",
            "特殊紧急事项应在文中或附注处注明紧急原因及办理过程，并事先与政府办公室沟通说明。",
            urgent.exception_cite("special_urgent", profile),
        )
    needed = urgent if doc.urgency in ("urgent", "extra_urgent") and urgent.value is not None else normal
    if needed.value is None:
        return Verdict.passed()
    left = calendar.workdays_between(doc.sent_on, doc.decision_needed_by)
    if left >= needed.value:
        return Verdict.passed()
    kind = "紧急事项" if needed is urgent else "一般事项"
    return Verdict.refused(
        "lead_time_short",
        f"请示性公文应给政府留出研究决策时间：{kind}不少于{needed.value}个工作日，"
        f"本件{doc.sent_on.isoformat()}报送、要求{doc.decision_needed_by.isoformat()}前答复，只有{left}个工作日。",
        needed.cite,
    )


def countersigned(profile: Profile, doc: IncomingDocument) -> Verdict:
    """Matters touching other departments' powers carry each one's countersign, or a recorded
    disagreement with each side's reasons and a proposal (大洼 43, 大连 44, 西市 29)."""
    r = rule(profile, f"{BASE}.countersign_when_touching_other_departments")
    if not _on(r):
        return Verdict.passed()
    reasons_rule = rule(profile, f"{BASE}.disagreement_lists_reasons")
    disagreeing = {d.department: d for d in doc.disagreements}
    verdicts = []
    for department in doc.touches_departments:
        if department in doc.countersigned_by:
            continue
        disagreement = disagreeing.get(department)
        if disagreement is None:
            verdicts.append(
                Verdict.refused(
                    "countersign_missing",
                    f"本件涉及{department}的职权，须与其协商会签，或列明分歧及各方理据后报送。{r.inherited_note}",
                    r.cite,
                )
            )
        elif _on(reasons_rule) and not disagreement.complete:
            verdicts.append(
                Verdict.refused(
                    "disagreement_incomplete",
                    f"与{department}的分歧须列明各方理据并提出办理建议。{reasons_rule.inherited_note}",
                    reasons_rule.cite,
                )
            )
    return Verdict.all(verdicts)


def legality_statement(profile: Profile, doc: IncomingDocument) -> Verdict:
    """A request to issue a document carries its legality statement (海南区 57)."""
    r = rule(profile, f"{BASE}.legality_statement_attached")
    if not _on(r) or not doc.asks_to_issue or doc.legality_statement:
        return Verdict.passed()
    return Verdict.refused("legality_statement_missing", "发文请示应附合法性说明。", r.cite)


CHECKS = (
    addressed_to_office,
    signed_by_principal_head,
    one_matter_per_request,
    no_request_in_report,
    no_dual_request,
    countersigned,
    legality_statement,
)


def check_incoming(profile: Profile, doc: IncomingDocument, calendar: WorkCalendar) -> Verdict:
    """Every incoming check of the profile; a refusal lists every reason, each with its cite."""
    return Verdict.all([check(profile, doc) for check in CHECKS] + [lead_time(profile, doc, calendar)])


def return_cite(profile: Profile) -> str:
    """The article under which a non-conforming document goes back (海南区 63, else 条例 24(三))."""
    r = rule(profile, f"{BASE}.nonconforming_returned")
    return r.cite if r.value and r.cite else f"{GONGWEN}:24.3"
