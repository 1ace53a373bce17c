"""Acting authority and leave (请销假), as the profile says: pure, no storage, no clock.

Implements the article family 「区长出国/外出期间由常务副区长代行（主持）」, 「副区长之间实行
AB 角互补」, 「工作补位制」 and 「严格执行请销假制度」: who holds a post's authority at a given
moment, who approves a leave, and the checks a leave request and its decision must pass.

The org is handed over as a snapshot (`OrgState`): seats (posts with their holder), absences
(approved or filed leaves, cut short where 销假 ended them), portfolios and cover pairs.
Every refusal is a Verdict whose reason cites the article (依据《…》第…条).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from zhengwu.core.verdict import Verdict
from zhengwu.rulebook import labels
from zhengwu.rulebook.profile import Profile
from zhengwu.rulebook.provenance import Rule, refusal, rule_of

# Post kinds of the org. The first group are the profile's posts (GLOSSARY codes); the office's
# own staff have no rule of their own in the texts and carry the office's work.
LEADER_KINDS = ("head", "executive_deputy", "deputy")
DEPUTY_KINDS = ("executive_deputy", "deputy")
OFFICE_DIRECTOR_KINDS = ("office_director", "secretary_general")
POST_KINDS = (
    "head", "executive_deputy", "deputy", "office_director", "secretary_general", "deputy_office_director",
    "deputy_secretary_general", "department_head", "office_clerk", "legal_office", "supervision_office",
    # 党组书记/副书记 chair the 党组会议 (大洼 35, 大连 36); often held together with the head's post.
    "party_secretary", "party_deputy_secretary",
    # Reviewers and bodies a text names as taking a step (海南区 24: 法律顾问、市场监管局; 审计局).
    "legal_adviser", "market_regulator", "audit_office",
)
# Posts a profile may name that are units, not posts someone holds: the office is staffed by the
# OFFICE_KINDS.
UNIT_POSTS = ("office",)
OFFICE_KINDS = ("office_director", "secretary_general", "deputy_office_director", "deputy_secretary_general",
                "office_clerk")
COVER_KINDS = ("ab_partner", "fill_in")
OCCASIONS = ("abroad", "out_of_area", "leave", "concurrent_duties")

# Leave states: a leave is in effect (its holder absent) while approved, or filed where the
# profile names no approver (the text asks only that it be reported).
REQUESTED, APPROVED, FILED, REJECTED, WITHDRAWN, CANCELLED = (
    "requested", "approved", "filed", "rejected", "withdrawn", "cancelled")
IN_EFFECT = (APPROVED, FILED)
OPEN = (REQUESTED, APPROVED, FILED)

# The profile's leave rules are written per office: a deputy's rule covers the executive deputy.
_LEAVE_RULE_OF = {"deputy": "deputy", "executive_deputy": "deputy", "office_director": "office_director",
                  "secretary_general": "secretary_general", "department_head": "department_head"}

_DEFAULT_TITLES = {"office_clerk": "办公室工作人员", "department_head": "部门主要负责人"}


@dataclass(frozen=True)
class Seat:
    post_id: int
    kind: str
    holder_id: int | None
    department_id: int | None = None
    title: str = ""


@dataclass(frozen=True)
class Absence:
    """A leave in effect: its holder is away from `starts_at` until `ends_at` (exclusive)."""

    leave_id: int
    person_id: int
    starts_at: datetime
    ends_at: datetime
    occasion: str
    designated_post_id: int | None = None  # the deputy named to act (by the head)
    mandate: bool = False  # 「受区长委托」: the head entrusted the executive deputy

    def covers(self, at: datetime) -> bool:
        return self.starts_at <= at < self.ends_at


@dataclass(frozen=True)
class OrgState:
    seats: tuple[Seat, ...]
    absences: tuple[Absence, ...] = ()
    portfolios: tuple[tuple[int, int], ...] = ()  # (department_id, deputy post_id)
    pairs: tuple[tuple[str, int, int], ...] = ()  # (ab_partner|fill_in, post_id, post_id)

    def seat(self, post_id: int | None) -> Seat | None:
        return next((s for s in self.seats if s.post_id == post_id), None)

    def seats_of(self, kind: str) -> list[Seat]:
        return [s for s in self.seats if s.kind == kind]

    def absence(self, person_id: int | None, at: datetime) -> Absence | None:
        if person_id is None:
            return None
        return next((a for a in self.absences if a.person_id == person_id and a.covers(at)), None)

    def partner(self, kind: str, post_id: int) -> Seat | None:
        for pair_kind, first, second in self.pairs:
            if pair_kind == kind and post_id in (first, second):
                return self.seat(second if first == post_id else first)
        return None

    def overseer(self, department_id: int | None) -> Seat | None:
        return next((self.seat(p) for d, p in self.portfolios if d == department_id), None)


@dataclass(frozen=True)
class Authority:
    """Who exercises a post's authority at a moment, and on which rule."""

    post_id: int
    holder_id: int | None
    acting_id: int | None  # the person exercising it: the holder when present
    acting_post_id: int | None  # the post the acting person holds
    via: str  # holder | vacant | executive_deputy | designated_deputy | ab_partner | fill_in | deputy | nobody
    note: str  # Chinese, for pages
    cite: str | None = None
    leave_id: int | None = None

    @property
    def is_acting(self) -> bool:
        return self.acting_id is not None and self.acting_id != self.holder_id


# --- profile access -----------------------------------------------------------------------


def titles(profile: Profile) -> dict[str, str]:
    """The government's own titles for its posts (区长 / 市长 …)."""
    found: dict[str, str] = {**_DEFAULT_TITLES, **{code: leaf.value.title for code, leaf in profile.declared_posts.items()},
             **{code: leaf.value for code, leaf in profile.posts.items()}}
    if "office_director" not in found and "secretary_general" in found:
        found["office_director"] = found["secretary_general"]
    return found


def title(profile: Profile, kind: str) -> str:
    return labels.post(kind, titles(profile))


def _acting(profile: Profile):
    return profile.acting


def _leave_rule(profile: Profile, kind: str):
    key = _LEAVE_RULE_OF.get(kind)
    return getattr(profile.leave, key, None) if key and profile.leave else None


@dataclass(frozen=True)
class LeaveRoute:
    """Where a leave of a post goes: its approver (None: only reported) and the office report."""

    approver: str | None
    approver_rule: Rule
    office_report: str | None
    office_report_rule: Rule

    @property
    def rule(self) -> Rule:
        """The rule a refusal about this route rests on: the approver's, else the report's,
        preferring one the locality's text states to an inherited one."""
        present = [r for r in (self.approver_rule, self.office_report_rule) if r.value is not None]
        return next((r for r in present if r.cites), present[0] if present else self.approver_rule)

    @property
    def cite(self) -> str | None:
        return self.rule.cite

    @property
    def approver_cite(self) -> str | None:
        return self.approver_rule.cite


def leave_route(profile: Profile, kind: str) -> LeaveRoute:
    rule = _leave_rule(profile, kind)
    approver = rule.approver if rule else None
    report = rule.office_report if rule else None
    return LeaveRoute(approver.value if approver else None, rule_of(profile, approver),
                      report.value if report else None, rule_of(profile, report))


# --- acting authority ---------------------------------------------------------------------


def _available(state: OrgState, seat: Seat | None, at: datetime) -> bool:
    return seat is not None and seat.holder_id is not None and state.absence(seat.holder_id, at) is None


def _nobody(seat: Seat, absence: Absence, note: str, cite: str | None) -> Authority:
    # Nobody is named to act: the authority stays with its holder, who is away.
    return Authority(seat.post_id, seat.holder_id, seat.holder_id, seat.post_id, "nobody", note, cite,
                     absence.leave_id)


def _to(seat: Seat, absence: Absence, by: Seat, via: str, note: str, cite: str | None) -> Authority:
    return Authority(seat.post_id, seat.holder_id, by.holder_id, by.post_id, via, note, cite, absence.leave_id)


def _occasion_covered(profile: Profile, leaf_name: str, occasion: str) -> tuple[bool, str | None]:
    leaf = getattr(_acting(profile), leaf_name, None) if _acting(profile) else None
    if leaf is None:
        return True, None
    return occasion in leaf.value, rule_of(profile, leaf).cite


def _head_authority(profile: Profile, state: OrgState, seat: Seat, absence: Absence, at: datetime) -> Authority:
    acting = _acting(profile)
    head = title(profile, "head")
    covered, occasions_cite = _occasion_covered(profile, "head_absent_occasions", absence.occasion)
    if not covered:
        allowed = "、".join(labels.word(o) for o in acting.head_absent_occasions.value)
        return _nobody(seat, absence, f"{head}{labels.word(absence.occasion)}：规则规定的代行情形仅为{allowed}，"
                                      f"职权仍由{head}本人行使", occasions_cite)
    order = acting.head_absent.value if acting and acting.head_absent else []
    cite = rule_of(profile, acting.head_absent).cite if acting and acting.head_absent else None
    needs_mandate = bool(acting and acting.head_absent_needs_mandate and acting.head_absent_needs_mandate.value)
    designated = state.seat(absence.designated_post_id)
    # A designation is the head's own choice and takes precedence where the text allows one.
    if "designated_deputy" in order and designated is not None and _available(state, designated, at):
        return _to(seat, absence, designated, "designated_deputy",
                   f"{head}外出期间，由{head}指定的{designated.title or title(profile, 'deputy')}主持工作", cite)
    if "executive_deputy" in order:
        if needs_mandate and not absence.mandate:
            mandate_cite = rule_of(profile, acting.head_absent_needs_mandate).cite
            return _nobody(seat, absence, f"{head}未委托，{title(profile, 'executive_deputy')}不代行", mandate_cite)
        for deputy in state.seats_of("executive_deputy"):
            if _available(state, deputy, at):
                return _to(seat, absence, deputy, "executive_deputy",
                           f"{head}外出期间，由{title(profile, 'executive_deputy')}代行{head}职务", cite)
    return _nobody(seat, absence, f"{head}外出期间，规则所定的代行人均不在岗", cite)


def _deputy_authority(profile: Profile, state: OrgState, seat: Seat, absence: Absence, at: datetime) -> Authority:
    acting = _acting(profile)
    deputy = seat.title or title(profile, "deputy")
    rule = acting.deputy_absent if acting else None
    if rule is None or rule.value is None:
        return _nobody(seat, absence, f"规则未规定{title(profile, 'deputy')}外出时由谁代行，职权仍由本人行使",
                       rule_of(profile, rule).cite)
    covered, occasions_cite = _occasion_covered(profile, "deputy_absent_occasions", absence.occasion)
    if not covered:
        allowed = "、".join(labels.word(o) for o in acting.deputy_absent_occasions.value)
        return _nobody(seat, absence, f"代行情形仅为{allowed}，职权仍由本人行使", occasions_cite)
    designated = state.seat(absence.designated_post_id)
    if designated is not None:
        exception = designation_exception(profile, seat.kind)
        if exception is not None and _available(state, designated, at):
            return _to(seat, absence, designated, "designated_deputy",
                       f"{deputy}外出期间，{exception.label}：{designated.title}", rule_of(profile, exception).cite)
    partner = state.partner(rule.value, seat.post_id)
    word = "AB角" if rule.value == "ab_partner" else "补位"
    if partner is not None and _available(state, partner, at):
        return _to(seat, absence, partner, rule.value, f"{deputy}外出期间，由{word}{partner.title}代行工作职责",
                   rule_of(profile, rule).cite)
    missing = "未确定" if partner is None else "也不在岗"
    return _nobody(seat, absence, f"{deputy}外出期间，其{word}{missing}，无人代行", rule_of(profile, rule).cite)


def authority(profile: Profile, state: OrgState, post_id: int, at: datetime) -> Authority:
    """Who holds the authority of a post at `at`, and the article that says so."""
    seat = state.seat(post_id)
    if seat is None:
        raise KeyError(post_id)
    if seat.holder_id is None:
        return Authority(seat.post_id, None, None, None, "vacant", "空缺")
    absence = state.absence(seat.holder_id, at)
    if absence is None:
        return Authority(seat.post_id, seat.holder_id, seat.holder_id, seat.post_id, "holder", "在岗")
    if seat.kind == "head":
        return _head_authority(profile, state, seat, absence, at)
    if seat.kind in DEPUTY_KINDS:
        return _deputy_authority(profile, state, seat, absence, at)
    return _nobody(seat, absence, "请假期间，规则未规定代行人", None)


def acting_for(profile: Profile, state: OrgState, at: datetime) -> list[Authority]:
    """Every post whose holder is away at `at`, with who acts (or that nobody does)."""
    return [a for seat in state.seats if seat.holder_id is not None
            and (a := authority(profile, state, seat.post_id, at)).via != "holder"]


def implied(kinds) -> frozenset[str]:
    """Post kinds with the kinds they include: the 常务副区长 is one of the 副区长 (every text lists
    the executive deputy among the deputies, 大洼 5/36, 大连 5/38, 海南区 7, 西市 5), so a rule
    naming 副区长 (chair, proposer, signer) names the executive deputy too."""
    found = set(kinds)
    if "executive_deputy" in found:
        found.add("deputy")
    return frozenset(found)


def posts_of(profile: Profile, state: OrgState, person_id: int, at: datetime) -> frozenset[str]:
    """The post kinds whose authority a person exercises at `at`: held and present, or acted in
    (with the kinds they include, see `implied`)."""
    return implied(seat.kind for seat in state.seats
                   if authority(profile, state, seat.post_id, at).acting_id == person_id)


# --- leave --------------------------------------------------------------------------------


def designation_exception(profile: Profile, kind: str):
    """The named exception that lets another deputy act for an absent deputy (None: none)."""
    rule = profile.acting.deputy_absent if profile.acting else None
    if kind not in DEPUTY_KINDS or rule is None:
        return None
    return next((e for e in rule.exceptions if e.value in ("designated_deputy", "deputy")), None)


def check_designation(profile: Profile, state: OrgState, seat: Seat, designated_post_id: int | None) -> Verdict:
    """May the leave of `seat` name `designated_post_id` to act? Only where the text allows it."""
    if designated_post_id is None:
        return Verdict.passed()
    designated = state.seat(designated_post_id)
    deputy = title(profile, "deputy")
    if designated is None or designated.kind not in DEPUTY_KINDS or designated.post_id == seat.post_id:
        return Verdict.refused("invalid_designation", f"指定代行的须是本单位的另一位{deputy}。")
    acting = profile.acting
    if seat.kind == "head":
        allowed = acting is not None and acting.head_absent is not None and "designated_deputy" in acting.head_absent.value
        if not allowed:
            return refusal("designation_not_allowed",
                           f"{title(profile, 'head')}外出期间应由{title(profile, 'executive_deputy')}代行，规则未允许另行指定",
                           rule_of(profile, acting.head_absent if acting else None))
        return Verdict.passed()
    if designation_exception(profile, seat.kind) is None:
        rule = acting.deputy_absent if acting else None
        return refusal("designation_not_allowed", f"规则未允许为{deputy}另行指定代行人", rule_of(profile, rule))
    return Verdict.passed()


def check_pair(profile: Profile, kind: str, first: Seat, second: Seat) -> Verdict:
    """AB角 / 补位 pairs exist only where the profile's 「副职缺位」 rule is that kind of cover."""
    rule = profile.acting.deputy_absent if profile.acting else None
    if kind not in COVER_KINDS:
        return Verdict.refused("invalid_pair_kind", f"配对类别「{kind}」无效：应为 AB角 或 补位。")
    if rule is None or rule.value != kind:
        have = {"ab_partner": "AB角", "fill_in": "补位"}.get(rule.value, "无") if rule and rule.value else "无"
        return refusal("pair_not_in_rules",
                       f"本单位规则规定的副职互补方式为：{have}，不能建立{'AB角' if kind == 'ab_partner' else '补位'}配对",
                       rule_of(profile, rule))
    if first.kind not in DEPUTY_KINDS or second.kind not in DEPUTY_KINDS or first.post_id == second.post_id:
        return Verdict.refused("pair_needs_deputies", f"配对须是两位不同的{title(profile, 'deputy')}。")
    return Verdict.passed()


@dataclass(frozen=True)
class LeaveDraft:
    requester_id: int
    post_id: int
    occasion: str
    starts_at: datetime
    ends_at: datetime
    designated_post_id: int | None = None
    mandate: bool = False


@dataclass(frozen=True)
class LeaveView:
    """A stored leave as the decision checks see it."""

    leave_id: int
    requester_id: int
    post_id: int
    state: str
    starts_at: datetime
    ends_at: datetime
    approver: str | None  # the profile's approver code, fixed when requested
    cite: str | None


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def check_request(profile: Profile, state: OrgState, draft: LeaveDraft, open_leaves: Iterable[LeaveView],
                  now: datetime, *, by_id: int, by_kinds: frozenset[str]) -> Verdict:
    """A leave request: for one's own post (or filed by the office for its holder), dates in order
    and in advance, no overlap with the holder's other leaves."""
    seat = state.seat(draft.post_id)
    if seat is None or seat.holder_id is None or seat.holder_id != draft.requester_id:
        return Verdict.refused("not_holder", "请假人须是该职务的现任者。")
    if by_id != draft.requester_id and not by_kinds & set(OFFICE_KINDS):
        return Verdict.refused("not_holder", "只能为本人担任的职务请假，或由政府办公室代为报请。")
    route = leave_route(profile, seat.kind)
    verdict = Verdict.passed()
    if draft.occasion not in OCCASIONS:
        verdict &= Verdict.refused("invalid_occasion", f"请假事由「{draft.occasion}」无效。")
    if draft.ends_at <= draft.starts_at:
        verdict &= Verdict.refused("invalid_period", "请假结束时间应晚于开始时间。")
    if draft.starts_at < now and (route.approver or route.office_report):
        # Every seed text says 「应事先…请假/报告」; an inherited route binds as an own one does,
        # and the refusal then says the rule is the default's.
        verdict &= refusal("not_in_advance", "请假应当事先提出，开始时间不能早于现在", route.rule)
    for leave in open_leaves:
        if leave.requester_id == draft.requester_id and leave.state in OPEN and \
                _overlaps(leave.starts_at, leave.ends_at, draft.starts_at, draft.ends_at):
            verdict &= Verdict.refused(
                "overlapping_leave",
                f"与您已有的请假（第 {leave.leave_id} 号，{leave.starts_at:%Y-%m-%d %H:%M} 至 "
                f"{leave.ends_at:%Y-%m-%d %H:%M}）时间重叠。")
            break
    if seat.kind == "head":
        verdict &= check_designation(profile, state, seat, draft.designated_post_id)
    elif draft.designated_post_id is not None:
        verdict &= Verdict.refused("designation_by_head", f"代行人由{title(profile, 'head')}在批准时安排，请假人不能自行指定。")
    if draft.mandate and seat.kind != "head":
        verdict &= Verdict.refused("mandate_by_head", f"只有{title(profile, 'head')}可以委托代行。")
    if route.approver == "oversight_deputy" and state.overseer(seat.department_id) is None:
        verdict &= refusal("no_oversight_deputy",
                           f"该部门尚未确定分管{title(profile, 'deputy')}，无法按规定请假", route.approver_rule)
    return verdict


def approver_seat(profile: Profile, state: OrgState, approver: str | None, seat: Seat) -> Seat | None:
    """The post whose authority approves a leave of `seat`: the head, the overseeing deputy, …"""
    if approver is None:
        return None
    if approver == "oversight_deputy":
        return state.overseer(seat.department_id)
    return next(iter(state.seats_of(approver)), None)


def approvers(profile: Profile, state: OrgState, leave: LeaveView, at: datetime) -> set[int]:
    """Who may decide a leave at `at`: whoever exercises the approver post's authority then."""
    seat = state.seat(leave.post_id)
    target = approver_seat(profile, state, leave.approver, seat) if seat else None
    if target is None:
        return set()
    acting = authority(profile, state, target.post_id, at).acting_id
    return {acting} if acting is not None and acting != leave.requester_id else set()


def check_decision(profile: Profile, state: OrgState, leave: LeaveView, decider_id: int, at: datetime) -> Verdict:
    """Approve or reject: only a requested leave, never one's own, only by the approver the text names."""
    if leave.state != REQUESTED:
        return Verdict.refused("not_pending", f"该请假已{STATE_LABELS.get(leave.state, leave.state)}，不能再审批。")
    if decider_id == leave.requester_id:
        return refusal("own_leave", "不能审批本人的请假", leave.cite)
    if decider_id not in approvers(profile, state, leave, at):
        seat = state.seat(leave.post_id)
        who = title(profile, leave.approver) if leave.approver else "（无）"
        return refusal("wrong_approver", f"{seat.title if seat else '该职务'}的请假应由{who}审批，您不是审批人", leave.cite)
    return Verdict.passed()


def check_cancel(leave: LeaveView, by_id: int, by_kinds: frozenset[str]) -> Verdict:
    """销假 (or withdrawing a pending request): the requester, or the office that keeps the record."""
    if leave.state not in OPEN:
        return Verdict.refused("not_open", f"该请假已{STATE_LABELS.get(leave.state, leave.state)}，不能销假或撤回。")
    if by_id != leave.requester_id and not by_kinds & set(OFFICE_KINDS):
        return Verdict.refused("not_requester", "只有请假人本人或政府办公室可以销假。")
    return Verdict.passed()


STATE_LABELS = {REQUESTED: "待审批", APPROVED: "已批准", FILED: "已报备", REJECTED: "未批准", WITHDRAWN: "已撤回",
                CANCELLED: "已销假"}
