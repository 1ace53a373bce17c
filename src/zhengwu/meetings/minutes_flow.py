"""纪要 and 议定事项: drafting, editing, countersigning, reviewing and signing the minutes, the
resolutions written into them, and the issue of the documents a meeting approved.

Signed minutes are published as `meetings.events.MinutesSigned`: the supervision domain makes
each resolution a task and the disclosure domain queues the disclosed ones (in the same
transaction); this module imports neither."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengwu.calendar import china_date, default_calendar
from zhengwu.core import permissions
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Verdict
from zhengwu.deadlines import service as deadlines
from zhengwu.meetings.events import MinutesSigned, SignedResolution
from zhengwu.meetings import notify, rules
from zhengwu.meetings.models import Meeting, Minutes, MinutesSignature, Resolution
from zhengwu.org import rules as org_rules
from zhengwu.org.models import Department
from zhengwu.rulebook.profile import Leaf
from zhengwu.rulebook.provenance import rule_of
from zhengwu.meetings.deadlines import ISSUE_DEADLINE
from zhengwu.meetings.queries import attendance, get_meeting, issue_deadline_of, resolutions_of, signatures
from zhengwu.meetings.scene import Scene, _fresh, person, _raise, roles_of, scene_for


def _case(session: Session, scene: Scene, meeting: Meeting, minutes: Minutes) -> rules.MinutesCase:
    signed = signatures(session, minutes.id)
    return rules.MinutesCase(
        kind=meeting.kind, delegated=meeting.delegated_by_id is not None, matters=frozenset(meeting.matters),
        invoked=frozenset(meeting.invoked), countersigners_due=frozenset(str(u) for u in minutes.countersigners_due),
        countersigned=frozenset(str(s.user_id) for s in signed if s.kind == "countersign"),
        reviewed=any(s.kind == "review" for s in signed))


def draft_minutes(uow: TenantWork, *, meeting_id: int, body: str, number: str = "", expected_version: int) -> Minutes:
    """纪要 drafted by the post the profile names (the office); who must countersign is fixed now,
    from those who attended (大洼 38: the attending deputies). `expected_version` is the meeting's
    (the minutes record the attendance the drafter saw)."""
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    scene = scene_for(uow, uow.tenant_id, uow.now)
    meeting = get_in_tenant(uow.session, Meeting, meeting_id, uow.tenant_id, "会议")
    _raise(rules.check_drafter(scene.profile, meeting.kind, roles_of(scene, actor_id, meeting=meeting)))
    _fresh(meeting, expected_version, f"会议「{meeting.title}」")  # told only to one who may draft
    if meeting.state != "held":
        Verdict.refused("meetings.not_held", "会议尚未召开（未登记出席情况），不能起草纪要。").raise_if_refused()
    block = rules.meeting_type(scene.profile, meeting.kind)
    if block.minutes_signer is None:
        Verdict.refused("meetings.no_minutes", "本单位工作规则未规定此类会议形成纪要。").raise_if_refused()
    if uow.session.execute(select(Minutes.id).where(Minutes.meeting_id == meeting.id)).first():
        Verdict.refused("meetings.minutes_exist", "本次会议已有纪要。").raise_if_refused()
    _raise(rules.check_minutes_text(body))
    code, leaf = rules.countersign_required(scene.profile, meeting.kind)
    due: list[int] = []
    if code == "attending_deputies":
        for row in attendance(uow.session, meeting.id):
            if row.status == "present" and roles_of(scene, row.user_id) & set(org_rules.DEPUTY_KINDS):
                due.append(row.user_id)
    minutes = Minutes(tenant_id=uow.tenant_id, meeting_id=meeting.id, state="draft", number=number.strip(),
                      body=body.strip(), drafted_by_id=actor_id, countersigners_due=due, created_at=uow.now)
    uow.session.add(minutes)
    uow.session.flush()
    uow.record("meetings.draft_minutes", object_type="minutes", object_id=minutes.id, subject=minutes,
               cite=rule_of(scene.profile, block.minutes_drafter or leaf).cite if (block.minutes_drafter or leaf) else None)
    notify.minutes_waiting(uow, scene, meeting, minutes, set(), _case(uow.session, scene, meeting, minutes))
    return minutes


def edit_minutes(uow: TenantWork, *, minutes_id: int, body: str, number: str | None = None,
                 expected_version: int) -> Minutes:
    """The office edits its drafted 纪要 text until it is signed; the text is what prints (GB/T
    9704 10.3), never replaced by the resolutions."""
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    scene = scene_for(uow, uow.tenant_id, uow.now)
    minutes, meeting = _minutes_for_work(uow, minutes_id, expected_version)
    _raise(rules.check_drafter(scene.profile, meeting.kind, roles_of(scene, actor_id, meeting=meeting)))
    _raise(rules.check_minutes_text(body))
    minutes.body = body.strip()
    if number is not None:
        minutes.number = number.strip()
    uow.session.flush()
    uow.record("meetings.edit_minutes", object_type="minutes", object_id=minutes.id, subject=minutes)
    return minutes


def _minutes_for_work(uow: TenantWork, minutes_id: int, expected_version: int) -> tuple[Minutes, Meeting]:
    minutes = get_in_tenant(uow.session, Minutes, minutes_id, uow.tenant_id, "纪要")
    _fresh(minutes, expected_version, "纪要")
    if minutes.state == "signed":
        Verdict.refused("meetings.minutes_signed", "纪要已签发，不能再修改。").raise_if_refused()
    return minutes, get_in_tenant(uow.session, Meeting, minutes.meeting_id, uow.tenant_id, "会议")


def _may_countersign(session: Session, scene: Scene, minutes: Minutes, user_id: int, cite: str | None) -> Verdict:
    if user_id not in minutes.countersigners_due:
        return Verdict.refused("forbidden", "您不在本纪要的会签人之列。", cite)
    if any(s.kind == "countersign" and s.user_id == user_id for s in signatures(session, minutes.id)):
        return Verdict.refused("meetings.already_signed", "您已会签。")
    return Verdict.passed()


def _reviewer(scene: Scene, meeting: Meeting) -> Leaf | None:
    """Who reviews the minutes before sign-off, where the profile names one (大连 40)."""
    return rules.meeting_type(scene.profile, meeting.kind).minutes_reviewer


def _may_review(scene: Scene, meeting: Meeting, user_id: int) -> Verdict:
    leaf = _reviewer(scene, meeting)
    if leaf is None:
        return Verdict.refused("meetings.no_review", "本类会议纪要无须审核。")
    if leaf.value not in roles_of(scene, user_id, meeting=meeting):
        who = org_rules.title(scene.profile, leaf.value)
        return Verdict.refused("forbidden", f"纪要应由{who}审核（{rule_of(scene.profile, leaf).basis}）",
                               rule_of(scene.profile, leaf).cite, who=who)
    return Verdict.passed()


def _signed_off(session: Session, minutes: Minutes) -> frozenset[str]:
    """The signer codes the minutes are already signed off as."""
    return frozenset(s.as_code for s in signatures(session, minutes.id) if s.kind == "sign_off" and s.as_code)


def _may_sign(session: Session, scene: Scene, meeting: Meeting, minutes: Minutes, user_id: int, today: date) -> Verdict:
    case = _case(session, scene, meeting, minutes)
    signed = _signed_off(session, minutes)
    return (rules.check_on_or_after_meeting_day(meeting.day, today, "签发纪要")
            & rules.check_minutes_text(minutes.body)
            & rules.check_sign_off(scene.profile, case, roles_of(scene, user_id, meeting=meeting), signed))


def minutes_steps(session: Session, tenant: Tenant, minutes: Minutes, user_id: int, now: datetime) -> dict[str, Verdict]:
    """What a person may do next on unsigned minutes — 会签, 审核, 签发 — each by the same check
    the step itself runs (without its effects), so a page offers only the steps that would pass."""
    scene = scene_for(session, tenant.id, now)
    meeting = get_meeting(session, tenant, minutes.meeting_id)
    _code, leaf = rules.countersign_required(scene.profile, meeting.kind)
    return {"countersign": _may_countersign(session, scene, minutes, user_id,
                                            rule_of(scene.profile, leaf).cite if leaf else None),
            "review": _may_review(scene, meeting, user_id),
            "sign": _may_sign(session, scene, meeting, minutes, user_id, china_date(now))}


def countersign_minutes(uow: TenantWork, *, minutes_id: int, expected_version: int) -> Minutes:
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    scene = scene_for(uow, uow.tenant_id, uow.now)
    minutes, meeting = _minutes_for_work(uow, minutes_id, expected_version)
    code, leaf = rules.countersign_required(scene.profile, meeting.kind)
    cite = rule_of(scene.profile, leaf).cite if leaf else None
    _raise(_may_countersign(uow.session, scene, minutes, actor_id, cite))
    signed = {s.user_id for s in signatures(uow.session, minutes.id) if s.kind == "countersign"}
    uow.session.add(MinutesSignature(tenant_id=uow.tenant_id, minutes_id=minutes.id, kind="countersign",
                                     user_id=actor_id, cite=cite, at=uow.now))
    uow.session.flush()
    uow.record("meetings.countersign_minutes", object_type="minutes", object_id=minutes.id, subject=minutes, cite=cite)
    notify.minutes_waiting(uow, scene, meeting, minutes, signed | {actor_id},
                           _case(uow.session, scene, meeting, minutes))
    return minutes


def review_minutes(uow: TenantWork, *, minutes_id: int, expected_version: int) -> Minutes:
    """审核 by the reviewer the profile names (大连 40: the 秘书长 who chaired)."""
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    scene = scene_for(uow, uow.tenant_id, uow.now)
    minutes, meeting = _minutes_for_work(uow, minutes_id, expected_version)
    leaf = _reviewer(scene, meeting)
    _raise(_may_review(scene, meeting, actor_id))
    cite = rule_of(scene.profile, leaf).cite
    uow.session.add(MinutesSignature(tenant_id=uow.tenant_id, minutes_id=minutes.id, kind="review",
                                     user_id=actor_id, cite=cite, at=uow.now))
    uow.session.flush()
    uow.record("meetings.review_minutes", object_type="minutes", object_id=minutes.id, subject=minutes, cite=cite)
    return minutes


def add_resolution(uow: TenantWork, *, minutes_id: int, text: str, department_id: int, deadline: date,
                   topic_id: int | None = None, classified: bool = False, document_title: str = "",
                   issue_exception: str | None = None, expected_version: int) -> Resolution:
    """议定事项 written into the draft minutes, each with a responsible department and deadline;
    a document the meeting approved gets the profile's issue deadline, and the disclosure flag.
    `expected_version` is the minutes' version (the resolution is a new row of the minutes)."""
    permissions.require(uow, "meetings.organise")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    minutes, meeting = _minutes_for_work(uow, minutes_id, expected_version)
    get_in_tenant(uow.session, Department, department_id, uow.tenant_id, "部门")
    if not text.strip():
        Verdict.refused("meetings.missing_text", "议定事项不能为空。").raise_if_refused()
    day = meeting.day
    flag = rules.disclosure_flag(scene.profile, meeting.kind, classified or meeting.classified)
    deadline_rule = rules.IssueDeadline(None, None, None, "")
    if document_title.strip():
        deadline_rule = rules.issue_deadline(scene.profile, meeting.kind, day, default_calendar(), issue_exception)
    resolution = Resolution(
        tenant_id=uow.tenant_id, meeting_id=meeting.id, topic_id=topic_id, text=text.strip(),
        department_id=department_id, deadline=deadline, classified=classified or meeting.classified,
        disclose=flag.disclose, disclosure_cite=flag.cite, document_title=document_title.strip(),
        issue_exception=issue_exception, to_office_by=deadline_rule.to_office_by, issue_by=deadline_rule.issue_by,
        issue_cite=deadline_rule.cite, created_at=uow.now)
    uow.session.add(resolution)
    uow.session.flush()
    if resolution.issue_by is not None:
        deadlines.schedule(uow, ISSUE_DEADLINE, resolution.id, due=resolution.issue_by, cite=resolution.issue_cite,
                           title=f"印发会议通过的《{resolution.document_title}》", trail_type="resolution",
                           trail_id=resolution.id, start_on=day, unit="workdays",
                           count=default_calendar().workdays_between(day, resolution.issue_by))
    uow.record("meetings.add_resolution", object_type="resolution", object_id=resolution.id,
               subject=resolution, cite=deadline_rule.cite or flag.cite)
    return resolution


def sign_minutes(uow: TenantWork, *, minutes_id: int, expected_version: int) -> Minutes:
    """签发: countersigns and review first, then the signer the profile names (with its matter-based
    and delegation exceptions). When the last required signer signs, the minutes are signed and
    each resolution becomes a supervision task."""
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    scene = scene_for(uow, uow.tenant_id, uow.now)
    minutes, meeting = _minutes_for_work(uow, minutes_id, expected_version)
    _raise(_may_sign(uow.session, scene, meeting, minutes, actor_id, uow.today))
    case = _case(uow.session, scene, meeting, minutes)
    signed = _signed_off(uow.session, minutes)
    roles = roles_of(scene, actor_id, meeting=meeting)
    code = rules.signer_code(scene.profile, case, roles, signed)
    if code is None:  # (the sign-off check above names whose turn it is; nobody else signs)
        permissions.refuse("meetings.wrong_signer", "您不是本纪要尚待签发的签发人。")
    rule = next(r for c, r in rules.minutes_signers(scene.profile, case) if c == code)
    cite = rule_of(scene.profile, rule).cite
    uow.session.add(MinutesSignature(tenant_id=uow.tenant_id, minutes_id=minutes.id, kind="sign_off", as_code=code,
                                     user_id=actor_id, cite=cite, at=uow.now))
    if rules.minutes_fully_signed(scene.profile, case, signed | {code}):
        minutes.state = "signed"
        minutes.signed_at = uow.now
        _publish_signed(uow, scene, meeting)
    uow.session.flush()
    uow.record("meetings.sign_minutes", object_type="minutes", object_id=minutes.id, subject=minutes, cite=cite, detail={"as": code})
    return minutes


def _publish_signed(uow: TenantWork, scene: Scene, meeting: Meeting) -> None:
    """The resolutions are decided: supervision puts each on its ledger (the task's id comes back
    through `supervision.events.TaskOpened`), and disclosure queues those the profile has
    disclosed, where the disclosure office checks confidentiality and publishes them."""
    tracked = scene.profile.supervision.resolutions_tracked if scene.profile.supervision else None
    uow.publish(MinutesSigned(
        tenant_id=uow.tenant_id, meeting_id=meeting.id, meeting_title=meeting.title, meeting_kind=meeting.kind,
        day=meeting.day, tracked_cite=rule_of(scene.profile, tracked).cite if tracked else None,
        resolutions=tuple(SignedResolution(resolution_id=r.id, text=r.text, department_id=r.department_id,
                                           deadline=r.deadline, disclose=r.disclose)
                          for r in resolutions_of(uow.session, meeting.id))))


def record_issue(uow: TenantWork, *, resolution_id: int, issued_on: date, expected_version: int) -> Resolution:
    """印发 of a document the meeting approved; a late issue is recorded and flagged, with its article."""
    permissions.require(uow, "meetings.organise")
    resolution = get_in_tenant(uow.session, Resolution, resolution_id, uow.tenant_id, "议定事项")
    _fresh(resolution, expected_version, "议定事项")
    if not resolution.document_title:
        Verdict.refused("meetings.no_document", "该议定事项没有需印发的文件。").raise_if_refused()
    resolution.issued_on = issued_on
    uow.session.flush()
    deadlines.close(uow, ISSUE_DEADLINE, resolution.id, outcome="issued")
    late = rules.check_issue(issue_deadline_of(resolution), issued_on)
    uow.record("meetings.record_issue", object_type="resolution", object_id=resolution.id, subject=resolution, cite=resolution.issue_cite,
               detail={"late": not late.ok, "reasons": [r.as_dict() for r in late.reasons]})
    return resolution


def record_to_office(uow: TenantWork, *, resolution_id: int, reached_on: date,
                     expected_version: int) -> Resolution:
    """The document a meeting approved reached the office from its drafting department (西市 22:
    within 3 working days); a late arrival is recorded and flagged with its article."""
    permissions.require(uow, "meetings.organise")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    resolution = get_in_tenant(uow.session, Resolution, resolution_id, uow.tenant_id, "议定事项")
    _fresh(resolution, expected_version, "议定事项")
    if not resolution.document_title:
        Verdict.refused("meetings.no_document", "该议定事项没有需印发的文件。").raise_if_refused()
    if reached_on > scene.today:
        Verdict.refused("meetings.date_in_future", "报送日期不能晚于今天。").raise_if_refused()
    meeting = get_in_tenant(uow.session, Meeting, resolution.meeting_id, uow.tenant_id, "会议")
    resolution.to_office_on = reached_on
    uow.session.flush()
    late = rules.check_to_office(scene.profile, meeting.kind, resolution.to_office_by, reached_on, scene.today)
    leaf = rules.meeting_type(scene.profile, meeting.kind).to_office_within_workdays
    uow.record("meetings.record_to_office", object_type="resolution", object_id=resolution.id, subject=resolution, cite=rule_of(scene.profile, leaf).cite if leaf else None,
               detail={"late": not late.ok, "reasons": [r.as_dict() for r in late.reasons]})
    return resolution


def required_signers(session: Session, tenant: Tenant, minutes: Minutes, now: datetime) -> list[str]:
    """The signer codes these minutes need (the profile's signer, or the exceptions that apply)."""
    scene = scene_for(session, tenant.id, now)
    meeting = get_meeting(session, tenant, minutes.meeting_id)
    return [code for code, _ in rules.minutes_signers(scene.profile, _case(session, scene, meeting, minutes))]
