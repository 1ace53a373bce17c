"""Major administrative decisions (重大行政决策): the steps before collective discussion, the
meeting that decides, implementation tracking, post-evaluation and the responsibility record.

Article families: the profile's 「把公众参与、专家论证、风险评估、合法性审查和集体讨论决定作为
重大决策的必须程序」 (大洼 20, 大连 21, 海南区 27, 西市 11), 「由…全体会议或…常务会议讨论和决定」
(大洼 21 …), the social-stability risk assessment and hearing where public interest is touched
(大洼 22 …), the decision catalogue (海南区 27), lifelong accountability (海南区 44); and
《重大行政决策程序暂行条例》 15 (comment period), 25 (legality review before discussion),
36 (post-evaluation). Pure: dates come in as arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from zhengwu.core.verdict import Verdict
from zhengwu.rulebook.labels import titles, word
from zhengwu.rulebook.profile import Profile
from zhengwu.rulebook.provenance import leaf_at, refusal, rule, rule_cite

STEP_LABELS = {
    "public_participation": "公众参与",
    "expert_review": "专家论证",
    "risk_assessment": "风险评估",
    "legality_review": "合法性审查",
    "collective_decision": "集体讨论决定",
    "stability_risk_assessment": "社会稳定风险评估",
    "hearing": "听证会等形式听取各方面意见",
    "party_committee_report": "向党委请示报告",
    "consultation": "与相关部门协商、征求各地意见（不涉及的注明）",
}
# Steps recorded before the meeting; collective_decision is the meeting itself.
PRE_MEETING = "collective_decision"
POST_EVALUATION_CITE = "law-decision-2019:36"
# The national rule behind each step: a refusal resting on it cites 《重大行政决策程序暂行条例》 too.
LAW_OF_STEP = {
    "public_participation": "law-decision-2019:14",
    "expert_review": "law-decision-2019:19",
    "risk_assessment": "law-decision-2019:22",
    "stability_risk_assessment": "law-decision-2019:22",
    "legality_review": "law-decision-2019:25",
    "collective_decision": "law-decision-2019:30",
    "consultation": "law-decision-2019:13",  # 「应当与其充分协商」
    "party_committee_report": "law-decision-2019:31",  # 「出台前应当按照规定向同级党委请示报告」
}
CATALOG_LAW = "law-decision-2019:3"  # 「确定决策事项目录、标准，经同级党委同意后向社会公布」
DECIDING_MEETING_LAW = LAW_OF_STEP["collective_decision"]  # 「应当经决策机关常务会议或者全体会议讨论」


@dataclass(frozen=True)
class StepRecord:
    """One step done, with the material that shows it (文号、报告名称、会议记录…)."""

    step: str
    done_on: date
    evidence: str
    opened_on: date | None = None  # public participation: the comment period
    closed_on: date | None = None
    shortened_reason: str | None = None  # 因情况紧急缩短期限的说明


@dataclass(frozen=True)
class DecisionState:
    title: str
    touches_public_interest: bool
    listed_in_catalog: bool
    steps: tuple[StepRecord, ...] = ()
    decided: bool = False

    def step(self, code: str) -> StepRecord | None:
        return next((s for s in self.steps if s.step == code), None)


@dataclass(frozen=True)
class RequiredStep:
    step: str
    cite: str | None

    @property
    def label(self) -> str:
        return STEP_LABELS[self.step]


@dataclass(frozen=True)
class Responsible:
    """A person kept on the decision's responsibility record (终身责任追究)."""

    name: str
    role: str


@dataclass(frozen=True)
class Decision:
    meeting_kind: str
    meeting_on: date
    responsible: tuple[Responsible, ...] = field(default_factory=tuple)


def meeting_name(profile: Profile, kind: str) -> str:
    """The government's own name of a meeting kind (区政府常务会议)."""
    return word(kind, titles(profile))


def _flag(profile: Profile, key: str) -> bool:
    leaf = leaf_at(profile, key)
    return bool(leaf and leaf.value)


def required_steps(profile: Profile, touches_public_interest: bool) -> list[RequiredStep]:
    """The steps to record before collective discussion, in the order the text lists them."""
    leaf = leaf_at(profile, "decisions.required_steps")
    cite = rule_cite(profile, "decisions.required_steps")
    steps = [RequiredStep(s, cite) for s in (leaf.value if leaf else []) if s != PRE_MEETING]
    if touches_public_interest and _flag(profile, "decisions.stability_risk_assessment"):
        # 「涉及重大公共利益…要进行社会稳定风险评估，并采取听证会等多种形式听取各方面意见」
        extra = rule_cite(profile, "decisions.stability_risk_assessment")
        steps += [RequiredStep("stability_risk_assessment", extra), RequiredStep("hearing", extra)]
    if _flag(profile, "decisions.consultation"):
        # 「涉及相关部门的，应当充分协商；涉及各地的，应当事先征求意见」: recorded with its evidence,
        # or with a note that nothing else is touched.
        steps.append(RequiredStep("consultation", rule_cite(profile, "decisions.consultation")))
    if _flag(profile, "decisions.party_committee_report"):
        # 西市 8、40 「重大决策…必须向区委请示报告」: reported before the government decides.
        steps.append(RequiredStep("party_committee_report", rule_cite(profile, "decisions.party_committee_report")))
    return steps


def comment_min_days(profile: Profile) -> int | None:
    leaf = leaf_at(profile, "decisions.public_comment_min_days")
    return leaf.value if leaf else None


def check_step_record(profile: Profile, record: StepRecord, today: date) -> Verdict:
    """A step may be recorded only with its evidence, not in the future, and — for public
    participation — with a comment period of the legal length unless shortened with a reason."""
    label = STEP_LABELS.get(record.step)
    if label is None:
        return Verdict.refused("unknown_step", f"没有名为「{record.step}」的决策程序。")
    source = rule(profile, "decisions.required_steps")
    verdict = Verdict.passed()
    if not record.evidence.strip():
        verdict &= refusal("evidence_missing", f"「{label}」须附依据材料（如报告、意见书、会议记录的名称或文号）", source)
    if record.done_on > today:
        verdict &= Verdict.refused("step_in_future", f"「{label}」的完成日期 {record.done_on} 晚于今天，不能登记。")
    if record.step == "public_participation":
        verdict &= _check_comment_period(profile, record)
    return verdict


def _check_comment_period(profile: Profile, record: StepRecord) -> Verdict:
    source = rule(profile, "decisions.public_comment_min_days")
    if record.opened_on is None or record.closed_on is None:
        return refusal("comment_period_missing", "公众参与须登记公开征求意见的起止日期", source)
    if record.closed_on < record.opened_on:
        return Verdict.refused("comment_period_reversed", "公开征求意见的截止日期早于开始日期。")
    if record.done_on < record.closed_on:
        return Verdict.refused("comment_period_open",
                               f"公开征求意见至 {record.closed_on} 才截止，意见采纳情况不能早于截止日期登记。")
    minimum = comment_min_days(profile)
    days = (record.closed_on - record.opened_on).days
    if minimum is None or days >= minimum:
        return Verdict.passed()
    if record.shortened_reason and record.shortened_reason.strip():
        return Verdict.passed()  # the named exception: urgency, stated when the comments were sought
    return refusal(
        "comment_period_short",
        f"公开征求意见期限仅 {days} 日，少于 {minimum} 日；因情况紧急需要缩短的，须说明理由",
        source,
    )


def check_ready(profile: Profile, state: DecisionState, on: date | None = None) -> Verdict:
    """May the decision go to collective discussion (on the meeting day `on`, if known)?"""
    verdict = Verdict.passed()
    if _flag(profile, "decisions.catalog") and not state.listed_in_catalog:
        verdict &= refusal("not_in_catalog", f"「{state.title}」未列入本年度重大行政决策事项目录，不得提交集体讨论",
                           rule(profile, "decisions.catalog"), law=CATALOG_LAW)
    for required in required_steps(profile, state.touches_public_interest):
        record = state.step(required.step)
        law = LAW_OF_STEP.get(required.step)
        if record is None:
            verdict &= refusal(f"missing_{required.step}",
                               f"「{state.title}」尚未登记「{required.label}」及其依据材料，不得提交集体讨论",
                               required.cite, law=law)
            continue
        if on is not None and record.done_on > on:
            verdict &= refusal(f"late_{required.step}",
                               f"「{required.label}」于 {record.done_on} 完成，晚于集体讨论日 {on}",
                               required.cite, law=law)
        if record.step == "public_participation":
            verdict &= _check_comment_period(profile, record)
    return verdict


def check_decide(profile: Profile, state: DecisionState, decision: Decision) -> Verdict:
    """Decided only by a meeting the profile names, after every step, with people on record."""
    if state.decided:
        return Verdict.refused("already_decided", f"「{state.title}」已作出决定，不能重复决定。")
    verdict = check_ready(profile, state, decision.meeting_on)
    kinds = leaf_at(profile, "decisions.decided_by")
    if kinds is not None and decision.meeting_kind not in kinds.value:
        allowed = "或".join(meeting_name(profile, k) for k in kinds.value)
        verdict &= refusal("wrong_meeting",
                           f"重大行政决策须由{allowed}讨论决定，{meeting_name(profile, decision.meeting_kind)}无权决定",
                           rule(profile, "decisions.decided_by"), law=DECIDING_MEETING_LAW)
    if _flag(profile, "decisions.lifelong_accountability") and not any(
            r.name.strip() and r.role.strip() for r in decision.responsible):
        verdict &= refusal("responsible_missing", "重大决策实行终身责任追究，作出决定时须登记决策责任人及其职责",
                           rule(profile, "decisions.lifelong_accountability"))
    return verdict


def check_implementation_report(profile: Profile, state: DecisionState) -> Verdict:
    """Tracking the implementation (跟踪决策的实施情况) starts once the decision is made."""
    if state.decided:
        return Verdict.passed()
    return refusal("not_decided", f"「{state.title}」尚未作出决定，无实施情况可报",
                   rule(profile, "decisions.implementation_tracking"))


def check_post_evaluation(state: DecisionState, evidence: str) -> Verdict:
    """Post-evaluation (决策后评估) of a decision that was made, with its report."""
    verdict = Verdict.passed()
    if not state.decided:
        verdict &= refusal("not_decided", f"「{state.title}」尚未作出决定，不能进行决策后评估", POST_EVALUATION_CITE)
    if not evidence.strip():
        verdict &= refusal("evidence_missing", "决策后评估须附评估报告", POST_EVALUATION_CITE)
    return verdict
