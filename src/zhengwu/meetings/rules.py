"""Meeting rules (会议制度): cadence, the topic pipeline, absence, minutes, resolutions and
conference approval, each checked against the tenant's profile and cited.

Pure: the profile, the facts of the case and the dates come in, verdicts go out. Who a person
is for a matter (区长, the 分管副区长 of the topic, the chair of this meeting, the leader who
delegated it) comes in as a set of *roles* — actor codes of the profile vocabulary — resolved by
the service from the org; the rules never look a person up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from zhengwu.calendar import WorkCalendar
from zhengwu.core.verdict import RuleViolation, Verdict
from zhengwu.meetings import finalizing
from zhengwu.rulebook import labels
from zhengwu.rulebook.profile import Leaf, MeetingType, NamedException, Profile
from zhengwu.rulebook.provenance import refusal, rule_of

Roles = frozenset[str]

# Steps a pipeline gives to a group of units (相关列席单位): the office gathers and records their
# opinions, as it does for the written consultation of departments.
_UNITS = ("standing_observers", "related_departments")

# Pipeline actions that are a leader's or the office's step on the topic, in the profile's order.
_DECISION_ACTIONS = ("collect", "review", "legality_review", "approve", "decide", "finalize", "consult", "notify")


# --- provenance ----------------------------------------------------------------------------


def _name(profile: Profile, code: str) -> str:
    return labels.post(code, labels.titles(profile))


def _meeting_name(profile: Profile, kind: str) -> str:
    return labels.word(kind, labels.titles(profile))


def meeting_type(profile: Profile, kind: str) -> MeetingType:
    """The profile's block for a meeting type; a type this government's text does not have is
    refused (422) in Chinese — a request naming it, or an object kept from a version that had it."""
    block = profile.meeting(kind)
    if block is None or kind not in meeting_types(profile):
        raise RuleViolation(Verdict.refused("meetings.unknown_kind", f"本单位的工作规则没有「{labels.word(kind)}」这种会议。"))
    return block


def _organiser(profile: Profile) -> Leaf | None:
    """Who organises the meetings (the office, unless the profile names another post)."""
    return profile.meetings.organised_by if profile.meetings else None


def meeting_types(profile: Profile) -> list[str]:
    return list(profile.meetings.types.value) if profile.meetings and profile.meetings.types else []


# --- cadence -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodCheck:
    """One period of a cadence: how many meetings it needs, how many were held, the verdict."""

    start: dt.date
    end: dt.date  # inclusive
    required: int
    held: int
    verdict: Verdict
    profile_id: str | None = None  # the rules version that counted this period

    @property
    def short(self) -> bool:
        return not self.verdict.ok


def _month_start(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _calendar_periods(cadence: str, since: dt.date, until: dt.date):
    """(start, end, required) of the calendar periods a cadence counts in, covering since..until."""
    span, required = {
        "2/month": (1, 2),
        "1/month": (1, 1),
        "1/quarter": (3, 1),
        "1/2months": (2, 1),
        "1/half_year": (6, 1),
        ">=2/year": (12, 2),
    }[cadence]
    month0 = (since.month - 1) // span * span + 1
    start = dt.date(since.year, month0, 1)
    while start <= until:
        nxt = _month_start(start, span)
        yield start, nxt - dt.timedelta(days=1), required
        start = nxt


def check_cadence(
    profile: Profile,
    kind: str,
    held: list[dt.date],
    since: dt.date,
    until: dt.date,
    calendar: WorkCalendar,
) -> list[PeriodCheck]:
    """Meetings held against the type's cadence, period by period, for periods that have ended
    by `until`. Calendar cadences count per month, quarter, half year or year. 「每两周」 counts
    in working time: from the previous meeting (or `since`), the next must come within ten
    working days, so the Spring Festival and National Day weeks lengthen the window rather than
    putting the office in breach. Irregular types owe nothing."""
    block = meeting_type(profile, kind)
    leaf = block.cadence
    if leaf is None or leaf.value == "irregular":
        return []
    name = _meeting_name(profile, kind)
    days = sorted(d for d in held if since <= d <= until)
    results = []
    if leaf.value == "1/2weeks":
        last = since
        while True:
            due = calendar.add_workdays(last, 10)
            window = [d for d in days if last < d <= due]
            if due > until and not window:
                break
            if window:
                results.append(PeriodCheck(last, window[0], 1, 1, Verdict.passed()))
                last = window[0]
                continue
            results.append(
                PeriodCheck(
                    last, due, 1, 0,
                    refusal("meetings.cadence_short",
                            f"{name}应每两周召开一次，{last.isoformat()}之后的十个工作日内（至{due.isoformat()}）未召开", rule_of(profile, leaf)),
                )
            )
            last = due
        return results
    for start, end, required in _calendar_periods(leaf.value, since, until):
        if start < since or end > until:
            continue
        count = sum(1 for d in days if start <= d <= end)
        verdict = Verdict.passed()
        if count < required:
            verdict = refusal("meetings.cadence_short",
                f"{name}应按{labels.word(leaf.value)}召开，{start.isoformat()}至{end.isoformat()}只召开了{count}次（应至少{required}次）", rule_of(profile, leaf))
        results.append(PeriodCheck(start, end, required, count, verdict))
    return results


# --- chair and delegation ------------------------------------------------------------------


def check_chair(profile: Profile, kind: str, chair: Roles, delegated_by: Roles | None = None) -> Verdict:
    """Who may chair a meeting of this type; those who chair only by delegation (受委托) need a
    delegating leader who may chair it in their own right."""
    block = meeting_type(profile, kind)
    leaf = block.chair
    if leaf is None:
        return Verdict.passed()
    allowed = set(leaf.value)
    by_delegation = set(block.chair_by_delegation.value) if block.chair_by_delegation else set()
    own = allowed - by_delegation
    name = _meeting_name(profile, kind)
    if chair & own:
        return Verdict.passed()
    if not chair & allowed:
        who = "或".join(_name(profile, a) for a in leaf.value)
        return refusal("meetings.chair_not_allowed", f"{name}应由{who}主持", rule_of(profile, leaf))
    # Where every chair sits by delegation (大连 40: 市长、副市长委托秘书长), any leader's
    # delegation will do; otherwise it must come from one who may chair in their own right.
    if delegated_by and (not own or delegated_by & own):
        return Verdict.passed()
    who = "或".join(_name(profile, a) for a in sorted(own, key=leaf.value.index)) or "政府领导同志"
    delegate = "或".join(_name(profile, a) for a in sorted(chair & by_delegation))
    return refusal("meetings.delegation_required", f"{name}由{delegate}主持须受{who}委托", rule_of(profile, block.chair_by_delegation))


# --- the topic pipeline (议题) ---------------------------------------------------------------


@dataclass(frozen=True)
class Consultation:
    """A related department's written answer (书面征求意见). `agrees` None = not yet answered."""

    department: str
    agrees: bool | None = None
    note: str = ""


@dataclass(frozen=True)
class Topic:
    """What the rules need to know of a topic. The service keeps the rest."""

    meeting_kind: str
    state: str = "proposed"
    consultations: tuple[Consultation, ...] = ()
    coordinated: bool | None = None  # the coordinator's outcome for a disagreement
    needs_legality_review: bool = False  # a normative-document draft or a major decision
    legality_reviewed: bool = False
    materials_on: dt.date | None = None  # when the materials reached the office
    late_consent: bool = False  # the named exception's approver consented to a late topic
    steps_done: int = 0  # how many of the profile's pipeline steps after the proposal are taken
    documents_reviewed: bool = False  # 会议文件审核把关 (西市 21), see `meetings.finalizing`
    documents_finalized: bool = False  # 会议文件审定/批印 (大洼 35/36/39, 大连 36–39, 西市 21)


@dataclass(frozen=True)
class PipelineStep:
    action: str
    by: str
    note: str | None
    alternatives: tuple[str, ...] = ()
    when_needed: bool = False  # 「必要时」: only when the previous approver asks for it

    @property
    def takers(self) -> tuple[str, ...]:
        return (self.by, *self.alternatives)


def pipeline_steps(profile: Profile, kind: str) -> list[PipelineStep]:
    """The steps a topic takes after its proposal and the departments' written consultation,
    in the profile's order (office review, 秘书长审核, 常务副职核批, 首长确定 …)."""
    leaf = meeting_type(profile, kind).topic_pipeline
    if leaf is None:
        return []
    return [
        PipelineStep(s.action, s.by, s.note)
        for s in leaf.value
        if s.action in _DECISION_ACTIONS and not (s.action == "consult" and s.by == "related_departments")
    ]


def check_proposer(profile: Profile, kind: str, proposer: Roles) -> Verdict:
    """Who may propose a topic: the lead department, or leaders where the profile lets them."""
    block = meeting_type(profile, kind)
    leaf = block.topic_proposers
    if leaf is None:
        return Verdict.passed()
    if proposer & set(leaf.value):
        return Verdict.passed()
    who = "或".join(_name(profile, a) for a in leaf.value)
    return refusal("meetings.proposer_not_allowed", f"{_meeting_name(profile, kind)}的议题应由{who}提出", rule_of(profile, leaf))


def disagreement_coordinator(profile: Profile, kind: str) -> tuple[str, Leaf | None]:
    """Who coordinates a disagreement among the consulted departments: the profile's
    coordinator, else the 分管副职 (the seeds that are silent still route by portfolio)."""
    leaf = meeting_type(profile, kind).disagreement_coordinator
    return (leaf.value, leaf) if leaf else ("oversight_deputy", None)


def check_consultation_complete(profile: Profile, topic: Topic) -> Verdict:
    missing = [c.department for c in topic.consultations if c.agrees is None]
    if missing:
        return Verdict.refused(
            "meetings.consultation_open",
            f"尚有部门未书面回复意见：{'、'.join(missing)}；意见征求完毕后方可报送议题",
        )
    return Verdict.passed()


def check_disagreement(profile: Profile, topic: Topic) -> Verdict:
    """海南区 50 family: a topic the departments disagree on goes to the coordinator; one that
    stays unresolved is not put to the meeting where the profile says so."""
    disagreeing = [c.department for c in topic.consultations if c.agrees is False]
    if not disagreeing or topic.coordinated:
        return Verdict.passed()
    block = meeting_type(profile, topic.meeting_kind)
    refused = block.unresolved_topics_refused
    if refused is None or not refused.value:
        return Verdict.passed()
    coordinator, _ = disagreement_coordinator(profile, topic.meeting_kind)
    state = "经协调仍未取得一致" if topic.coordinated is False else f"尚未报请{_name(profile, coordinator)}协调一致"
    return refusal("meetings.unresolved_disagreement",
        f"{'、'.join(disagreeing)}对议题有不同意见，{state}，不能提交会议研究", rule_of(profile, refused))


def legality_review_leaf(profile: Profile, kind: str):
    """The article that puts legality review before a draft or a major decision is discussed."""
    block = meeting_type(profile, kind)
    if block.legality_review_first is not None and block.legality_review_first.value:
        return block.legality_review_first
    reviews = profile.documents.required_reviews if profile.documents else None
    if reviews is not None and any(r.review == "legality_review" for r in reviews.value):
        return reviews
    steps = profile.decisions.required_steps if profile.decisions else None
    if steps is not None and "legality_review" in steps.value:
        return steps
    return None


def check_legality_review(profile: Profile, topic: Topic) -> Verdict:
    if not topic.needs_legality_review or topic.legality_reviewed:
        return Verdict.passed()
    leaf = legality_review_leaf(profile, topic.meeting_kind)
    if leaf is None:
        return Verdict.passed()
    reviewer = _name(profile, "legal_office")
    return refusal("meetings.legality_review_missing",
        f"规范性文件草案、重大行政决策等议题须先经{reviewer}合法性审查，方可提请会议研究", rule_of(profile, leaf))


def materials_due(profile: Profile, kind: str, meeting_day: dt.date, calendar: WorkCalendar) -> dt.date | None:
    """The last day the materials may reach the office (会前 N 个工作日), or None when the
    profile only asks for them before the meeting."""
    leaf = meeting_type(profile, kind).materials_lead_workdays
    if leaf is None or leaf.value is None:
        return None
    return calendar.add_workdays(meeting_day, -leaf.value)


def late_topic_exception(profile: Profile, kind: str) -> NamedException | None:
    leaf = meeting_type(profile, kind).materials_lead_workdays
    return leaf.exceptions[0] if leaf is not None and leaf.exceptions else None


def late_topic_approver(profile: Profile, kind: str) -> str | None:
    """Whose consent opens the late-topic exception: the one the profile names, else the chair
    (the text admits late topics 「特殊情况」 without naming who judges; the chair sets the agenda)."""
    exception = late_topic_exception(profile, kind)
    if exception is None:
        return None
    return exception.approver or "chair"


def check_materials(profile: Profile, topic: Topic, meeting_day: dt.date, calendar: WorkCalendar) -> Verdict:
    """Materials due N working days before the meeting; late ones only with the consent of the
    exception's approver, recorded on the topic."""
    block = meeting_type(profile, topic.meeting_kind)
    name = _meeting_name(profile, topic.meeting_kind)
    if topic.materials_on is None:
        leaf = block.materials_before_meeting or block.materials_lead_workdays
        if leaf is None:
            return Verdict.passed()
        return refusal("meetings.materials_missing", f"议题材料尚未送交办公室，不能列入{name}议程", rule_of(profile, leaf))
    due = materials_due(profile, topic.meeting_kind, meeting_day, calendar)
    if due is None:
        if topic.materials_on >= meeting_day and block.materials_before_meeting is not None:
            return refusal("meetings.materials_late", "会议材料应在会前送交", rule_of(profile, block.materials_before_meeting))
        return Verdict.passed()
    leaf = block.materials_lead_workdays
    if leaf is None or topic.materials_on <= due:  # (a due day is counted from the lead time)
        return Verdict.passed()
    exception = late_topic_exception(profile, topic.meeting_kind)
    if exception is not None and topic.late_consent:
        return Verdict.passed()
    message = (
        f"议题材料应于会前{leaf.value}个工作日（{due.isoformat()}前）送办公室，"
        f"实际{topic.materials_on.isoformat()}送达，逾期不能列入{meeting_day.isoformat()}的{name}"
    )
    approver = late_topic_approver(profile, topic.meeting_kind)
    if exception is not None and approver is not None:
        message += f"；{exception.label}，须经{_name(profile, approver)}同意"
    return refusal("meetings.materials_late", message, rule_of(profile, leaf))


def check_step_actor(profile: Profile, topic: Topic, actor: Roles) -> Verdict:
    """The next pipeline step may be taken only by the post the profile names for it."""
    steps = pipeline_steps(profile, topic.meeting_kind)
    leaf = meeting_type(profile, topic.meeting_kind).topic_pipeline
    if topic.steps_done >= len(steps):
        return Verdict.refused("meetings.pipeline_complete", "议题已完成全部审核审批程序")
    step = steps[topic.steps_done]
    if step.by in actor or (step.by in _UNITS and "office" in actor):
        return Verdict.passed()
    return refusal("meetings.wrong_step_actor",
        f"议题当前应由{_name(profile, step.by)}{labels.word(step.action)}", rule_of(profile, leaf))


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str


TOPIC_STATES = {
    "proposed": "已提出",
    "consulting": "征求意见中",
    "coordinating": "分歧协调中",
    "submitted": "审核审批中",
    "approved": "已确定上会",
    "scheduled": "已列入议程",
    "withdrawn": "已撤回",
}
_OPEN = ("proposed", "consulting", "coordinating", "submitted", "approved")
TOPIC_TRANSITIONS = {
    t.name: t
    for t in (
        Transition("consult", "书面征求相关部门意见", ("proposed",), "consulting"),
        Transition("answer", "记录部门回复意见", ("consulting",), "consulting"),
        Transition("escalate", "报请协调分歧", ("consulting",), "coordinating"),
        Transition("coordinate", "记录协调结果", ("coordinating",), "consulting"),
        Transition("submit", "报送议题材料", ("proposed", "consulting"), "submitted"),
        Transition("take_step", "审核审批", ("submitted",), "submitted"),
        Transition("schedule", "列入会议议程", ("approved",), "scheduled"),
        Transition("withdraw", "撤回议题", _OPEN, "withdrawn"),
    )
}


def _guard(profile: Profile, topic: Topic, name: str, **facts) -> Verdict:
    """The rule checks standing between a topic and a transition."""
    if name == "escalate":
        if not any(c.agrees is False for c in topic.consultations):
            return Verdict.refused("meetings.no_disagreement", "各部门意见一致，无须报请协调")
        return Verdict.passed()
    if name == "coordinate":
        coordinator, leaf = disagreement_coordinator(profile, topic.meeting_kind)
        if coordinator in facts["actor"]:
            return Verdict.passed()
        message = f"部门间的分歧应报请{_name(profile, coordinator)}协调"
        return refusal("meetings.wrong_coordinator", message, rule_of(profile, leaf)) if leaf else Verdict.refused(
            "meetings.wrong_coordinator", message
        )
    if name == "submit":
        return Verdict.all(
            [
                check_consultation_complete(profile, topic),
                check_disagreement(profile, topic),
                check_legality_review(profile, topic),
                check_materials(profile, topic, facts["meeting_day"], facts["calendar"]),
            ]
        )
    if name == "take_step":
        return check_step_actor(profile, topic, facts["actor"])
    if name == "schedule":
        return Verdict.all(
            [
                check_disagreement(profile, topic),
                check_legality_review(profile, topic),
                check_materials(profile, topic, facts["meeting_day"], facts["calendar"]),
                finalizing.check_finalized(profile, finalizing.Papers(
                    topic.meeting_kind, submitted=True, reviewed=topic.documents_reviewed,
                    finalized=topic.documents_finalized)),
            ]
        )
    return Verdict.passed()


def advance(profile: Profile, topic: Topic, name: str, **facts) -> tuple[Topic, Verdict]:
    """Apply one transition of the topic pipeline: (new topic, verdict). A refused step leaves
    the topic as it was. Facts: `actor` (roles) for coordinate/take_step; `meeting_day` and
    `calendar` for submit/schedule; `coordinated` for coordinate; `consultation` for answer."""
    transition = TOPIC_TRANSITIONS[name]
    if topic.state not in transition.sources:
        return topic, Verdict.refused(
            "meetings.illegal_transition",
            f"议题{TOPIC_STATES[topic.state]}，不能{transition.label}",
        )
    verdict = _guard(profile, topic, name, **facts)
    if not verdict.ok:
        return topic, verdict
    changes: dict = {"state": transition.target}
    if name == "consult":
        changes["consultations"] = tuple(Consultation(d) for d in facts["departments"])
    elif name == "answer":
        answer: Consultation = facts["consultation"]
        known = [c.department for c in topic.consultations]
        if answer.department not in known:
            return topic, Verdict.refused("meetings.not_consulted", f"未向{answer.department}征求意见")
        changes["consultations"] = tuple(answer if c.department == answer.department else c for c in topic.consultations)
    elif name == "coordinate":
        changes["coordinated"] = facts["coordinated"]
    elif name == "take_step":
        done = topic.steps_done + 1
        changes["steps_done"] = done
        if done >= len(pipeline_steps(profile, topic.meeting_kind)):
            changes["state"] = "approved"
    elif name == "submit" and not pipeline_steps(profile, topic.meeting_kind):
        changes["state"] = "approved"
    return replace(topic, **changes), verdict


# --- absence and substitutes ----------------------------------------------------------------


def absence_approver(profile: Profile, leader: bool) -> tuple[str | None, Leaf | None]:
    absence = profile.meetings.absence if profile.meetings else None
    leaf = None
    if absence is not None:
        leaf = absence.leader_approver if leader else absence.other_approver
    return (leaf.value, leaf) if leaf else (None, None)


def check_absence(profile: Profile, *, leader: bool, approver: Roles, reason: str | None = None) -> Verdict:
    """An absence from a meeting goes to the approver the profile names (the chair, the head,
    the secretary-general); where absence is restricted (「原则上不应请假」) only the admitted
    reasons — the exceptions of that rule — are accepted."""
    absence = profile.meetings.absence if profile.meetings else None
    verdicts = []
    restricted = absence.restricted if absence is not None else None
    if restricted is not None and restricted.value:
        admitted = {e.name: e for e in restricted.exceptions}
        if reason not in admitted:
            labels_ = "、".join(e.label for e in restricted.exceptions) or "特殊情况"
            verdicts.append(refusal("meetings.absence_not_admitted", f"原则上不应请假，除{labels_}外", rule_of(profile, restricted)))
    code, leaf = absence_approver(profile, leader)
    if code is not None and code not in approver:
        verdicts.append(refusal("meetings.wrong_absence_approver", f"请假应向{_name(profile, code)}提出", rule_of(profile, leaf)))
    return Verdict.all(verdicts)


def absence_filed_with_office(profile: Profile) -> tuple[bool, Leaf | None]:
    absence = profile.meetings.absence if profile.meetings else None
    leaf = absence.other_filed_with_office if absence is not None else None
    return (bool(leaf.value), leaf) if leaf else (False, None)


def check_substitute(profile: Profile, consented: bool) -> Verdict:
    """大连 42 family: 「未经同意不得由他人代替出席会议」."""
    absence = profile.meetings.absence if profile.meetings else None
    leaf = absence.substitute_needs_consent if absence is not None else None
    if leaf is None or not leaf.value or consented:
        return Verdict.passed()
    return refusal("meetings.substitute_without_consent", "未经同意不得由他人代替出席会议", rule_of(profile, leaf))


# --- minutes (纪要) -------------------------------------------------------------------------


@dataclass(frozen=True)
class MinutesCase:
    """The facts of a meeting that decide who drafts, countersigns and signs its minutes."""

    kind: str
    delegated: bool = False  # held by delegation (受委托召开)
    matters: frozenset[str] = frozenset()  # subject matters, e.g. land_use (海南区 53)
    invoked: frozenset[str] = frozenset()  # exceptions named by the office, e.g. head_finalizes
    countersigners_due: frozenset[str] = frozenset()  # ids of those who must countersign
    countersigned: frozenset[str] = frozenset()
    reviewed: bool = False  # by the minutes reviewer where there is one (大连 40)


def minutes_drafter(profile: Profile, kind: str) -> str:
    leaf = meeting_type(profile, kind).minutes_drafter
    organiser = _organiser(profile)
    return leaf.value if leaf else (organiser.value if organiser else "office")


def check_drafter(profile: Profile, kind: str, drafter: Roles) -> Verdict:
    block = meeting_type(profile, kind)
    code = minutes_drafter(profile, kind)
    if code in drafter:
        return Verdict.passed()
    leaf = block.minutes_drafter or _organiser(profile)
    return refusal("meetings.wrong_drafter", f"纪要应由{_name(profile, code)}起草", rule_of(profile, leaf))


def countersign_required(profile: Profile, kind: str) -> tuple[str | None, Leaf | None]:
    leaf = meeting_type(profile, kind).minutes_countersign
    return (leaf.value, leaf) if leaf and leaf.value else (None, None)


def _signer_exception_applies(exception: NamedException, case: MinutesCase) -> bool:
    if exception.value == "delegating_leader":
        return case.delegated
    if exception.matters:
        return bool(case.matters & set(exception.matters))
    return exception.name in case.invoked


def minutes_signers(profile: Profile, case: MinutesCase) -> list[tuple[str, Leaf | NamedException]]:
    """Who must sign the minutes off (each with the rule that says so). The exceptions that
    apply replace the ordinary signer; when several apply, each of them must sign. None for a
    meeting type whose minutes the profile does not provide for."""
    leaf = meeting_type(profile, case.kind).minutes_signer
    if leaf is None:
        return []
    applied: list[tuple[str, Leaf | NamedException]] = [(e.value, e) for e in leaf.exceptions
                                                        if _signer_exception_applies(e, case)]
    return applied or [(leaf.value, leaf)]


def check_sign_off(profile: Profile, case: MinutesCase, signer: Roles, signed: frozenset[str] = frozenset()) -> Verdict:
    """A sign-off of the minutes by `signer` (roles): the countersigns and review must be in, and
    the signer must be one the profile names and who has not yet signed (`signed` = actor codes
    already signed)."""
    block = meeting_type(profile, case.kind)
    verdicts = []
    code, cs_leaf = countersign_required(profile, case.kind)
    missing = case.countersigners_due - case.countersigned
    if code is not None and missing:
        verdicts.append(
            refusal("meetings.countersign_missing",
                    f"纪要须经{_name(profile, code)}会签后方可签发，尚缺{len(missing)}人会签", rule_of(profile, cs_leaf))
        )
    if block.minutes_reviewer is not None and not case.reviewed:
        verdicts.append(
            refusal("meetings.minutes_not_reviewed",
                    f"纪要须先经{_name(profile, block.minutes_reviewer.value)}审核", rule_of(profile, block.minutes_reviewer))
        )
    required = minutes_signers(profile, case)
    if not required:
        return Verdict.refused("meetings.no_minutes", "本单位工作规则未规定此类会议形成纪要。")
    pending = [(c, rule) for c, rule in required if c not in signed]
    if not any(c in signer for c, _ in pending):
        who = "、".join(_name(profile, c) for c, _ in required)
        rule = required[0][1]
        verdicts.append(
            Verdict.refused(
                "meetings.wrong_signer",
                f"{_meeting_name(profile, case.kind)}纪要应由{who}签发（{rule_of(profile, rule).basis}）",
                rule_of(profile, rule).cite or rule_of(profile, block.minutes_signer).cite, who=who,
            )
        )
    return Verdict.all(verdicts)


def minutes_fully_signed(profile: Profile, case: MinutesCase, signed: frozenset[str]) -> bool:
    required = minutes_signers(profile, case)
    return bool(required) and all(code in signed for code, _ in required)


def signer_code(profile: Profile, case: MinutesCase, signer: Roles, signed: frozenset[str] = frozenset()) -> str | None:
    """Which required signer `signer` signs as (the first pending one they hold)."""
    for code, _ in minutes_signers(profile, case):
        if code not in signed and code in signer:
            return code
    return None


# --- resolutions: issue deadlines and disclosure ---------------------------------------------


@dataclass(frozen=True)
class IssueDeadline:
    to_office_by: dt.date | None
    issue_by: dt.date | None
    cite: str | None
    basis: str


def issue_deadline(
    profile: Profile, kind: str, meeting_day: dt.date, calendar: WorkCalendar, exception: str | None = None
) -> IssueDeadline:
    """When a document the meeting approved must reach the office and be issued (working days
    after the meeting; a named exception such as 重大修改 changes the number)."""
    block = meeting_type(profile, kind)
    issue = block.issue_within_workdays
    to_office = block.to_office_within_workdays
    issue_days = issue.value if issue else None
    rule: Leaf | NamedException | None = issue
    if issue is not None and exception:
        for e in issue.exceptions:
            if e.name == exception:
                issue_days, rule = e.value, e
    return IssueDeadline(
        to_office_by=calendar.add_workdays(meeting_day, to_office.value) if to_office and to_office.value else None,
        issue_by=calendar.add_workdays(meeting_day, issue_days) if issue_days else None,
        cite=rule_of(profile, rule).cite if rule else None,
        basis=rule_of(profile, rule).basis if rule else "",
    )


def check_issue(deadline: IssueDeadline, issued_on: dt.date) -> Verdict:
    if deadline.issue_by is None or issued_on <= deadline.issue_by:
        return Verdict.passed()
    return Verdict.refused(
        "meetings.issue_late",
        f"会议通过的文件应于{deadline.issue_by.isoformat()}前印发，实际{issued_on.isoformat()}印发，已逾期（{deadline.basis}）",
        deadline.cite,
    )


def check_to_office(profile: Profile, kind: str, to_office_by: dt.date | None, reached_on: dt.date | None,
                    today: dt.date) -> Verdict:
    """西市 22 family: a document the meeting approved reaches the office within N working days
    (「3个工作日内由承办部门报区政府办公室履行发文程序」); late, or not there by a passed deadline, is flagged."""
    leaf = meeting_type(profile, kind).to_office_within_workdays
    if to_office_by is None or leaf is None:
        return Verdict.passed()
    if reached_on is not None and reached_on <= to_office_by:
        return Verdict.passed()
    if reached_on is None and today <= to_office_by:
        return Verdict.passed()
    state = f"实际{reached_on.isoformat()}报送" if reached_on else f"至{today.isoformat()}仍未报送"
    return refusal("meetings.to_office_late",
                  f"会议通过的文件应于{to_office_by.isoformat()}前由承办部门报送办公室，{state}", rule_of(profile, leaf))


@dataclass(frozen=True)
class DisclosureFlag:
    disclose: bool
    cite: str | None
    reason: str


def disclosure_flag(profile: Profile, kind: str, classified: bool) -> DisclosureFlag:
    """Resolutions of the meeting types the profile names are published unless classified."""
    leaf = profile.disclosure.meeting_decisions if profile.disclosure else None
    if leaf is None or kind not in leaf.value:
        return DisclosureFlag(False, None, "规则未要求公开此类会议的决定事项")
    if classified:
        return DisclosureFlag(False, rule_of(profile, leaf).cite, f"涉及国家秘密，依法不予公开（{rule_of(profile, leaf).basis}）")
    return DisclosureFlag(True, rule_of(profile, leaf).cite, f"应当及时公开（{rule_of(profile, leaf).basis}）")


# --- conference approval (全区性工作会议) ------------------------------------------------------


KINDS = ("conference", "meeting_request")


@dataclass(frozen=True)
class ConferenceRequest:
    """A request the approval chain takes: a 全区（市）性工作会议 (kind `conference`; `national` for
    承接全国性会议), or a request to convene a 首长办公会议/业务会议 (kind `meeting_request`, 大连 43)."""

    requested_on: dt.date
    held_on: dt.date
    duration_minutes: int
    speech_minutes: int = 0
    national: bool = False  # 承接全国性会议
    in_government_name: bool = True
    department_count_this_year: int = 0  # conferences already approved for this department
    planned_on: dt.date | None = None  # when it entered the annual plan
    exceptions: frozenset[str] = field(default_factory=frozenset)  # e.g. special_urgent
    kind: str = "conference"


def _months_before(day: dt.date, months: int) -> dt.date:
    first = _month_start(day, -months)
    last_day = (_month_start(first, 1) - dt.timedelta(days=1)).day
    return first.replace(day=min(day.day, last_day))


def _invoked(leaf, request: ConferenceRequest) -> NamedException | None:
    """The exception of a 「原则上」 limit the request invokes (to be consented by its approver)."""
    return next((e for e in leaf.exceptions if e.name in request.exceptions), None)


def _limit(profile: Profile, leaf, exceeded: bool, request: ConferenceRequest, code: str, message: str) -> Verdict:
    """A limit the request passes over is refused, unless it invokes the limit's named exception
    (「原则上」/「特殊情况经…同意」); the exception's approver must then consent before approval."""
    if not exceeded or _invoked(leaf, request) is not None:
        return Verdict.passed()
    labels_ = "；".join(f"{e.label}须经{_name(profile, e.approver)}同意" if e.approver else e.label for e in leaf.exceptions)
    return refusal(code, message + (f"（例外：{labels_}）" if labels_ else ""), rule_of(profile, leaf))


def check_conference(profile: Profile, request: ConferenceRequest, calendar: WorkCalendar) -> Verdict:
    """The profile's limits on a request: for a conference its length, speeches, half days, the
    yearly quota per department, the lead time and the annual plan; for a national meeting its
    lead in months; for a request to convene a 首长办公会议/业务会议 its lead in days (大连 43
    「召开市长办公会议和市政府业务会议…须提前15天…请示」)."""
    rules = profile.conference
    if rules is None:
        return Verdict.passed()
    verdicts = []
    if request.kind == "meeting_request":
        days = rules.request_lead_days
        urgent = days is not None and _invoked(days, request) is not None
        if days and days.value and not urgent and (request.held_on - request.requested_on).days < days.value:
            verdicts.append(refusal("conference.request_late", f"除特殊紧急情况外，须提前{days.value}天以文件形式请示", rule_of(profile, days)))
        return Verdict.all(verdicts)
    if rules.max_minutes and rules.max_minutes.value:
        verdicts.append(_limit(profile, rules.max_minutes, request.duration_minutes > rules.max_minutes.value, request,
                               "conference.too_long",
                               f"会议用时原则上不超过{rules.max_minutes.value}分钟，申请{request.duration_minutes}分钟"))
    if rules.max_speech_minutes and rules.max_speech_minutes.value:
        verdicts.append(_limit(profile, rules.max_speech_minutes, request.speech_minutes > rules.max_speech_minutes.value,
                               request, "conference.speech_too_long",
                               f"领导讲话不超过{rules.max_speech_minutes.value}分钟，安排了{request.speech_minutes}分钟"))
    if rules.max_half_days and rules.max_half_days.value:
        verdicts.append(_limit(profile, rules.max_half_days, request.duration_minutes > rules.max_half_days.value * 240,
                               request, "conference.too_long", f"会议时间一般不超过{rules.max_half_days.value}个半天"))
    quota = rules.per_department_per_year
    if request.in_government_name and quota and quota.value is not None:
        verdicts.append(_limit(profile, quota, request.department_count_this_year >= quota.value, request,
                               "conference.quota_used",
                               f"各部门以政府名义召开的全区性会议原则上每年不超过{quota.value}次，本年度已召开{request.department_count_this_year}次"))
    lead = rules.request_lead_workdays
    if lead and lead.value and calendar.workdays_between(request.requested_on, request.held_on) < lead.value:
        verdicts.append(refusal("conference.request_late", f"应提前{lead.value}个工作日报送请示", rule_of(profile, lead)))
    if request.national:
        months = rules.national_meeting_lead_months
        if months and months.value and request.requested_on > _months_before(request.held_on, months.value):
            verdicts.append(refusal("conference.request_late", f"承接全国性会议应至少提前{months.value}个月请示", rule_of(profile, months)))
    due = rules.annual_plan_due
    if due and due.value and request.in_government_name and not request.national:
        month, day = (int(x) for x in due.value.split("-"))
        deadline = dt.date(request.held_on.year - 1, month, day)
        if request.planned_on is None or request.planned_on > deadline:
            verdicts.append(refusal("conference.not_in_plan",
                                    f"以政府名义召开的全市性工作会议须列入{deadline.isoformat()}前报送的年度会议计划", rule_of(profile, due)))
    return Verdict.all(verdicts)


def conference_chain_leaf(profile: Profile, kind: str = "conference", national: bool = False):
    """The chain a request takes: the conference chain, the national-meeting chain for a national
    meeting where the text has one, the meeting-request chain for a request to convene."""
    rules = profile.conference
    if rules is None:
        return None
    if kind == "meeting_request":
        return rules.meeting_request_chain
    if national and rules.national_meeting_chain is not None:
        return rules.national_meeting_chain
    return rules.approval_chain


def conference_chain(profile: Profile, kind: str = "conference", national: bool = False) -> list[PipelineStep]:
    leaf = conference_chain_leaf(profile, kind, national)
    return [PipelineStep(s.action, s.by, s.note, tuple(s.alternatives), s.when_needed) for s in leaf.value] if leaf else []


def exceptions_awaiting_consent(profile: Profile, request: ConferenceRequest, consented: frozenset[str]) -> list[NamedException]:
    """The invoked exceptions whose approver has not yet consented."""
    rules = profile.conference
    if rules is None:
        return []
    leaves = (rules.max_minutes, rules.max_speech_minutes, rules.max_half_days, rules.per_department_per_year,
              rules.request_lead_days)
    found = []
    for leaf in leaves:
        if leaf is None:
            continue
        e = _invoked(leaf, request)
        if e is not None and e.approver and e.name not in consented:
            found.append(e)
    return found


def check_exceptions_consented(profile: Profile, request: ConferenceRequest, consented: frozenset[str]) -> Verdict:
    """A request passing over a 「原则上」 limit is approved only once the exception's approver consented."""
    return Verdict.all([
        Verdict.refused("conference.exception_unapproved",
                        f"本次会议适用例外「{e.label}」，须经{_name(profile, e.approver)}同意后方可批准（{rule_of(profile, e).basis}）",
                        rule_of(profile, e).cite)
        for e in exceptions_awaiting_consent(profile, request, consented) if e.approver is not None])

# --- the meeting's day and the 纪要's text (GB/T 9704 10.3, 条例第八条) --------------------------

# 《党政机关公文处理工作条例》第八条（十五）: 纪要 records a meeting's main facts and its decisions.
MINUTES_CITE = "law-gongwen-2012:8.15"
_BLANK = " \t\r\n\u3000\u00a0"


def check_on_or_after_meeting_day(meeting_day: dt.date, today: dt.date, doing: str) -> Verdict:
    """What a meeting did cannot be recorded before the day it meets: attendance (the meeting
    held) and the signing of its 纪要 wait for that day."""
    if today >= meeting_day:
        return Verdict.passed()
    return Verdict.refused(
        "meetings.before_meeting_day",
        f"会议定于{meeting_day.year}年{meeting_day.month}月{meeting_day.day}日召开，"
        f"今天（{today.year}年{today.month}月{today.day}日）不能{doing}。",
    )


def check_minutes_text(text: str) -> Verdict:
    """A 纪要 records the meeting's main facts and decisions: a blank text is no 纪要."""
    if text.strip(_BLANK):
        return Verdict.passed()
    return Verdict.refused(
        "meetings.minutes_blank",
        "纪要正文不能为空：纪要记载会议主要情况和议定事项（依据《党政机关公文处理工作条例》第八条），"
        "请由办公室填写纪要正文。",
        MINUTES_CITE,
    )
