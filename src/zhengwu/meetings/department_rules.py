"""Departments' own meetings (部门工作会议) and the meeting lists the texts give to one person.

- Whom a department's own meeting may invite (大洼 42, 大连 43, 海南区 55/85, 西市 25): government
  leaders 「一般不出席部门的工作会议」 and 镇、园区（地区）负责人 are not invited, except by a named
  exception of the profile — one that holds by the org (西市: the leader concurrently heads the
  department), or one whose approver must consent (the invited leader, the 分管副区长 for the
  区政府, the 主要领导). A leader no exception admits (海南区: the 区长, 「一律不邀请」) is refused.
- Who sets a meeting kind's 常设列席单位 (大洼 37 「常设列席单位由区长确定」).
- Who issues the 通报 of meeting attendance (大连 42 「市政府办公厅负责定期通报会议出席和会议纪律情况」).

Pure: the profile and the facts come in (who is invited and what posts they hold, resolved by the
service from the org), verdicts and the consents needed go out.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhengwu.core.verdict import Verdict
from zhengwu.rulebook import labels
from zhengwu.rulebook.profile import Leaf, NamedException, Profile
from zhengwu.rulebook.provenance import refusal, rule_of

Roles = frozenset[str]

# The exception that holds by the org: the invited leader heads the department holding the meeting.
HEADS_THE_DEPARTMENT = "department_head"
# The approver code for the invited leader's own consent.
INVITED_LEADER = "invited_leader"


@dataclass(frozen=True)
class InvitedLeader:
    key: str  # the person (user id as text)
    name: str
    posts: Roles  # the government posts they hold (head / executive_deputy / deputy, implied)
    heads_department: bool = False  # 兼任本部门负责人 (西市 25)


@dataclass(frozen=True)
class Consent:
    """One exception an invitation takes, and whose consent it needs (None: holds by itself)."""

    name: str
    label: str
    approver: str | None
    cite: str | None
    leader: str | None = None  # the invited leader it is for

    @property
    def key(self) -> str:
        return f"{self.name}:{self.leader or ''}"

    def plain(self) -> dict:
        return {"name": self.name, "label": self.label, "approver": self.approver, "cite": self.cite,
                "leader": self.leader}

    @classmethod
    def of(cls, data: dict) -> Consent:
        return cls(data["name"], data["label"], data.get("approver"), data.get("cite"), data.get("leader"))


def _admits(exception: NamedException, leader: InvitedLeader) -> bool:
    if exception.value == HEADS_THE_DEPARTMENT:
        return leader.heads_department
    if isinstance(exception.value, list):
        return bool(set(exception.value) & leader.posts)
    return exception.approver is not None


def _labels(profile: Profile, leaf: Leaf) -> str:
    return "；".join(e.label for e in leaf.exceptions)


def _consent(profile: Profile, exception: NamedException, leader: str | None) -> Consent:
    return Consent(exception.name, exception.label, exception.approver, rule_of(profile, exception).cite, leader)


def check_invitation(profile: Profile, leaders: list[InvitedLeader], local_units: int) -> tuple[Verdict, list[Consent]]:
    """The invitation of a department's own meeting: refused for a leader (or 镇、园区负责人) the text
    keeps away with no exception that admits them; else the consents the admitting exceptions need,
    in order (an exception that holds by the org needs none and is listed with approver None)."""
    rules = profile.conference
    verdicts: list[Verdict] = []
    consents: list[Consent] = []
    attend = rules.leaders_attend_department_meetings if rules else None
    if attend is not None and attend.value is False:
        for leader in leaders:
            exception = next((e for e in attend.exceptions if _admits(e, leader)), None)
            if exception is None:
                others = _labels(profile, attend)
                verdicts.append(refusal(
                    "department_meeting.leader_not_invited",
                    f"部门的工作会议不邀请{leader.name}出席" + (f"（例外仅限：{others}）" if others else ""),
                    rule_of(profile, attend)))
            else:
                consents.append(_consent(profile, exception, leader.key))
    local = rules.local_heads_invited if rules else None
    if local is not None and local.value is False and local_units:
        exception = next((e for e in local.exceptions if e.approver), None)
        if exception is None:
            verdicts.append(refusal("department_meeting.local_heads_not_invited",
                                    "部门的工作会议不邀请镇、园区（地区）负责人出席", rule_of(profile, local)))
        else:
            consents.append(_consent(profile, exception, None))
    return Verdict.all(verdicts), consents


def pending(required: list[Consent], given: frozenset[str]) -> list[Consent]:
    """The consents still to be given (an exception that holds by the org needs none)."""
    return [c for c in required if c.approver is not None and c.key not in given]


def may_give(consent: Consent, roles: Roles, person: str) -> bool:
    """The invited leader consents for themself; any other approver by the role it names."""
    if consent.approver == INVITED_LEADER:
        return consent.leader == person
    return consent.approver in roles


def check_consent(profile: Profile, required: list[Consent], given: frozenset[str], roles: Roles, person: str) -> Verdict:
    """Refused unless this person gives at least one of the consents still pending."""
    waiting = pending(required, given)
    if any(may_give(c, roles, person) for c in waiting):
        return Verdict.passed()
    if not waiting:
        return Verdict.refused("department_meeting.done", "该部门会议的审批已办结。")
    first = waiting[0]
    who = "受邀出席的领导本人" if first.approver == INVITED_LEADER else labels.post(first.approver or "", labels.titles(profile))
    return Verdict.refused("meetings.wrong_step_actor", f"「{first.label}」应由{who}同意", first.cite)


# --- 常设列席单位 (大洼 37) -------------------------------------------------------------------


def standing_observers_setter(profile: Profile, kind: str) -> Leaf | None:
    block = profile.meeting(kind)
    return block.standing_observers_set_by if block is not None else None


def check_standing_observers_setter(profile: Profile, kind: str, roles: Roles) -> Verdict:
    """Only the post the text names sets a meeting kind's 常设列席单位; where the text names nobody,
    the list is the text's own (or none) and cannot be set."""
    leaf = standing_observers_setter(profile, kind)
    meeting = labels.word(kind, labels.titles(profile))
    if leaf is None:
        return Verdict.refused("meetings.standing_observers_not_set_here",
                               f"本单位工作规则未规定由谁确定{meeting}的常设列席单位")
    if leaf.value in roles:
        return Verdict.passed()
    return refusal("meetings.wrong_step_actor",
                   f"{meeting}的常设列席单位由{labels.post(leaf.value, labels.titles(profile))}确定", rule_of(profile, leaf))


# --- 会议出席通报 (大连 42) -------------------------------------------------------------------


def check_bulletin(profile: Profile, roles: Roles, since, until, today) -> Verdict:
    """The office issues the 通报 of attendance over a period that has passed. The text says
    「定期」 and gives no period: the office chooses it (no cadence is checked)."""
    absence = profile.meetings.absence if profile.meetings else None
    leaf = absence.attendance_reported_by_office if absence else None
    if "office" not in roles:
        return Verdict.refused("meetings.wrong_step_actor", "会议出席和会议纪律情况由政府办公室（办公厅）通报",
                               rule_of(profile, leaf).cite if leaf is not None else None)
    if leaf is None or not leaf.value:
        return Verdict.refused("meetings.no_attendance_bulletin", "本单位工作规则未规定通报会议出席情况")
    cite = rule_of(profile, leaf)
    if since > until:
        return refusal("meetings.bad_period", "通报期间的起始日期不能晚于截止日期", cite)
    if until > today:
        return refusal("meetings.bad_period", "只能通报已经过去的期间（截止日期不能晚于今天）", cite)
    return Verdict.passed()
