"""The topic queue (议题): proposing, consulting departments, coordinating a disagreement, the
legality review, a late topic's consent, submitting materials, the profile's review pipeline, the
agenda. A topic keeps the rules version it started under (`scene.pinned`)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from zhengwu.calendar import default_calendar
from zhengwu.core import permissions
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import RuleViolation, Verdict
from zhengwu.meetings import notify, rules
from zhengwu.meetings.models import Consultation, Meeting, Topic, TopicStep
from zhengwu.org import rules as org_rules
from zhengwu.org.models import Department
from zhengwu.rulebook.provenance import rule_of
from zhengwu.meetings.queries import consultations, consultations_of, meetings_by_id
from zhengwu.meetings.scene import Scene, _fresh, person, pinned, _raise, roles_of, scene_for


def _require_topic_reach(uow: TenantWork, scene: Scene, topic_id: int) -> None:
    """A topic's steps are taken by its lead department, its overseeing deputy, the government's
    leaders, the chair or the office; anyone else is refused before the topic's state is told."""
    actor_id = person(uow)
    topic = get_in_tenant(uow.session, Topic, topic_id, uow.tenant_id, "议题")
    meeting = uow.session.get(Meeting, topic.meeting_id) if topic.meeting_id else None
    roles = roles_of(scene, actor_id, department_id=topic.lead_department_id, meeting=meeting)
    if not roles & {*org_rules.LEADER_KINDS, "office", "lead_department", "oversight_deputy", "chair", "delegating_leader"}:
        permissions.refuse("forbidden", "只有议题的承办部门、分管领导、会议主持人或政府办公室可以办理该议题。")


def _rule_topic(session: Session, topic: Topic) -> rules.Topic:
    return _topic_facts(topic, consultations(session, topic.id))


def _topic_facts(topic: Topic, answers: list[tuple[Consultation, str]]) -> rules.Topic:
    """The topic as the pipeline rules read it, with its consultations' answers."""
    return rules.Topic(
        meeting_kind=topic.meeting_kind, state=topic.state,
        consultations=tuple(rules.Consultation(name, c.agrees, c.note) for c, name in answers),
        coordinated=topic.coordinated, needs_legality_review=topic.needs_legality_review,
        legality_reviewed=topic.legality_reviewed_by_id is not None, materials_on=topic.materials_on,
        late_consent=topic.late_consent_by_id is not None, steps_done=topic.steps_done,
        documents_reviewed=topic.documents_reviewed_by_id is not None,
        documents_finalized=topic.documents_finalized_by_id is not None)


def _advance(uow: TenantWork, scene: Scene, topic: Topic, name: str, **facts) -> rules.Topic:
    result, verdict = rules.advance(scene.profile, _rule_topic(uow.session, topic), name, **facts)
    _raise(verdict)
    topic.state = result.state
    return result


def _meeting_day(session: Session, topic: Topic, meeting_id: int | None) -> tuple[Meeting, date]:
    meeting = get_in_tenant(session, Meeting, meeting_id, topic.tenant_id, "会议")
    if meeting.kind != topic.meeting_kind:
        Verdict.refused("meetings.kind_mismatch", "议题所报的会议类型与该会议不一致。").raise_if_refused()
    return meeting, meeting.day


def _topic_cite(scene: Scene, kind: str) -> str | None:
    block = scene.profile.meeting(kind)
    leaf = block.topic_pipeline or block.topic_proposers if block else None
    return rule_of(scene.profile, leaf).cite if leaf else None


def propose_topic(uow: TenantWork, *, meeting_kind: str, title: str, lead_department_id: int | None,
                  summary: str = "", needs_legality_review: bool = False) -> Topic:
    """提出议题: by whoever the profile lets propose for this meeting type."""
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    scene = scene_for(uow, uow.tenant_id, uow.now)
    block = rules.meeting_type(scene.profile, meeting_kind)  # refused when this government's text has no such meeting
    if lead_department_id is not None:
        get_in_tenant(uow.session, Department, lead_department_id, uow.tenant_id, "部门")
    if not title.strip():
        Verdict.refused("meetings.missing_title", "议题名称不能为空。").raise_if_refused()
    roles = roles_of(scene, actor_id, department_id=lead_department_id)
    if rules.check_chair(scene.profile, meeting_kind, roles).ok and block.chair:
        # 「议题由主持召开会议的领导确定」 (大洼 39): before a meeting exists, whoever may chair one proposes.
        roles |= {"chair"}
    _raise(rules.check_proposer(scene.profile, meeting_kind, roles))
    topic = Topic(tenant_id=uow.tenant_id, meeting_kind=meeting_kind, title=title.strip(), summary_text=summary.strip(),
                  lead_department_id=lead_department_id, proposer_id=actor_id, state="proposed",
                  needs_legality_review=needs_legality_review, coordination_note="", materials="",
                  late_consent_note="", steps_done=0, created_at=uow.now, profile_id=scene.profile.id)
    uow.session.add(topic)
    uow.session.flush()
    uow.record("meetings.propose_topic", object_type="topic", object_id=topic.id, subject=topic,
               cite=_topic_cite(scene, meeting_kind))
    return topic


def _take_up(uow: TenantWork, topic_id: int) -> tuple[int, Scene, Topic]:
    """Who acts on which topic, under the rules the topic was made under: the opening of every step."""
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    topic = get_in_tenant(uow.session, Topic, topic_id, uow.tenant_id, "议题")
    return actor_id, pinned(uow.session, scene_for(uow, uow.tenant_id, uow.now), topic), topic


def _topic_for_work(uow: TenantWork, topic_id: int, expected_version: int) -> Topic:
    topic = get_in_tenant(uow.session, Topic, topic_id, uow.tenant_id, "议题")
    _fresh(topic, expected_version, f"议题「{topic.title}」")
    return topic


def _is_proposer_or_office(scene: Scene, topic: Topic, user_id: int) -> bool:
    return user_id == topic.proposer_id or bool(roles_of(scene, user_id, department_id=topic.lead_department_id)
                                                & {"office", "lead_department"})


def _proposer_or_office(scene: Scene, topic: Topic, user_id: int) -> None:
    if not _is_proposer_or_office(scene, topic, user_id):
        raise PermissionDenied(Verdict.refused("forbidden", "只有议题的主办部门、提出人或政府办公室可办理此事。",
                                               who="议题的主办部门、提出人或政府办公室"))


def _may_answer_for(scene: Scene, user_id: int, department_id: int) -> bool:
    """A department's written answer: its head, or the office that received it."""
    return bool(roles_of(scene, user_id, department_id=department_id) & {"office", "lead_department"})


def topic_actions(session: Session, tenant: Tenant, topic: Topic, user_id: int, now: datetime) -> dict:
    """What a person may do on a topic now, by the checks its steps run (without their effects):
    a page offers only these. `step` is the pipeline step's verdict (its refusal says whose step it is)."""
    meeting = session.get(Meeting, topic.meeting_id) if topic.meeting_id else None
    return _actions(pinned(session, scene_for(session, tenant.id, now), topic), topic, user_id, meeting,
                    consultations(session, topic.id))


def topic_actions_of(session: Session, tenant: Tenant, topics, user_id: int, now: datetime) -> dict[int, dict]:
    """`topic_actions` for each topic of a page, with the org, the consultations and the meetings
    read once for all of them (the queue's statements stay flat however long it is)."""
    scene = scene_for(session, tenant.id, now)
    answers = consultations_of(session, [t.id for t in topics])
    meetings = {m.id: m for m in meetings_by_id(session, tenant, {t.meeting_id for t in topics if t.meeting_id})}
    return {t.id: _actions(pinned(session, scene, t), t, user_id, meetings.get(t.meeting_id) if t.meeting_id else None,
                           answers.get(t.id, [])) for t in topics}


def _actions(scene: Scene, topic: Topic, user_id: int, meeting: Meeting | None,
             answers: list[tuple[Consultation, str]]) -> dict:
    roles = roles_of(scene, user_id, department_id=topic.lead_department_id, meeting=meeting)
    facts = _topic_facts(topic, answers)
    _result, step = rules.advance(scene.profile, facts, "take_step", actor=roles)
    approver = rules.late_topic_approver(scene.profile, topic.meeting_kind)
    answer_for = {c.department_id for c, _name in answers if _may_answer_for(scene, user_id, c.department_id)}
    return {"step": step, "proposer_or_office": _is_proposer_or_office(scene, topic, user_id),
            "legality": "legal_office" in roles_of(scene, user_id), "answer_for": answer_for,
            "coordinate": rules.advance(scene.profile, facts, "coordinate", actor=roles, coordinated=True)[1].ok,
            "late_consent": approver is not None and approver in roles}


def consult_departments(uow: TenantWork, *, topic_id: int, department_ids: list[int],
                        expected_version: int) -> Topic:
    """书面征求相关部门意见: the answers are recorded one by one."""
    actor_id, scene, topic = _take_up(uow, topic_id)
    _proposer_or_office(scene, topic, actor_id)
    _fresh(topic, expected_version, f"议题「{topic.title}」")  # told only to one who may act on it
    departments = [get_in_tenant(uow.session, Department, d, uow.tenant_id, "部门") for d in dict.fromkeys(department_ids)]
    if not departments:
        Verdict.refused("meetings.no_departments", "请选择要征求意见的部门。").raise_if_refused()
    _advance(uow, scene, topic, "consult", departments=[d.name for d in departments])
    for d in departments:
        uow.session.add(Consultation(tenant_id=uow.tenant_id, topic_id=topic.id, department_id=d.id, note=""))
    uow.session.flush()
    uow.record("meetings.consult", object_type="topic", object_id=topic.id, subject=topic,
               detail={"departments": [d.name for d in departments]})
    return topic


def answer_consultation(uow: TenantWork, *, topic_id: int, department_id: int, agrees: bool, note: str = "",
                        expected_version: int) -> Topic:
    """A department's written answer, entered by its head or by the office that received it."""
    actor_id, scene, topic = _take_up(uow, topic_id)
    row = uow.session.execute(select(Consultation).where(Consultation.topic_id == topic.id,
                                                         Consultation.department_id == department_id)).scalar_one_or_none()
    department = get_in_tenant(uow.session, Department, department_id, uow.tenant_id, "部门")
    if not _may_answer_for(scene, actor_id, department_id):
        raise PermissionDenied(Verdict.refused("forbidden", f"{department.name}的意见应由该部门负责人回复，或由政府办公室登记。"))
    _fresh(topic, expected_version, f"议题「{topic.title}」")
    if row is None:
        raise RuleViolation(Verdict.refused("meetings.not_consulted", f"未向{department.name}征求意见。"))
    if not agrees and not note.strip():
        Verdict.refused("meetings.reasons_required", "有不同意见的，须写明理由。").raise_if_refused()
    _advance(uow, scene, topic, "answer", consultation=rules.Consultation(department.name, agrees, note))
    row.agrees, row.note = agrees, note.strip()
    row.answered_by_id, row.answered_at = actor_id, uow.now
    uow.session.flush()
    uow.record("meetings.answer_consultation", object_type="topic", object_id=topic.id,
               after={"department": department.name, "agrees": agrees, "note": row.note})
    return topic


def escalate_disagreement(uow: TenantWork, *, topic_id: int, note: str = "", expected_version: int) -> Topic:
    """报请协调: the lead department attaches its coordination note, listing each side's reasons."""
    actor_id, scene, topic = _take_up(uow, topic_id)
    _proposer_or_office(scene, topic, actor_id)
    _fresh(topic, expected_version, f"议题「{topic.title}」")  # told only to one who may act on it
    _advance(uow, scene, topic, "escalate")
    topic.coordination_note = note.strip()
    uow.session.flush()
    _, leaf = rules.disagreement_coordinator(scene.profile, topic.meeting_kind)
    uow.record("meetings.escalate", object_type="topic", object_id=topic.id, subject=topic,
               cite=rule_of(scene.profile, leaf).cite if leaf else None)
    return topic


def coordinate(uow: TenantWork, *, topic_id: int, resolved: bool, note: str = "",
               expected_version: int) -> Topic:
    """The coordinator's outcome (海南区 50: the 分管副区长)."""
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    scene = scene_for(uow, uow.tenant_id, uow.now)
    _require_topic_reach(uow, scene, topic_id)
    topic = _topic_for_work(uow, topic_id, expected_version)
    scene = pinned(uow.session, scene, topic)
    _advance(uow, scene, topic, "coordinate", actor=roles_of(scene, actor_id, department_id=topic.lead_department_id),
             coordinated=resolved)
    topic.coordinated = resolved
    topic.coordinated_by_id = actor_id
    if note.strip():
        topic.coordination_note = note.strip()
    uow.session.flush()
    _, leaf = rules.disagreement_coordinator(scene.profile, topic.meeting_kind)
    uow.record("meetings.coordinate", object_type="topic", object_id=topic.id, subject=topic,
               cite=rule_of(scene.profile, leaf).cite if leaf else None)
    return topic


def record_legality_review(uow: TenantWork, *, topic_id: int, expected_version: int) -> Topic:
    """合法性审查 done, recorded by the legal office."""
    actor_id, scene, topic = _take_up(uow, topic_id)
    if "legal_office" not in roles_of(scene, actor_id):
        raise PermissionDenied(Verdict.refused("forbidden", "合法性审查应由法制机构（司法局）出具。", who="法制机构（司法局）"))
    _fresh(topic, expected_version, f"议题「{topic.title}」")  # told only to one who may act on it
    topic.legality_reviewed_by_id = actor_id
    uow.session.flush()
    leaf = rules.legality_review_leaf(scene.profile, topic.meeting_kind)
    uow.record("meetings.legality_review", object_type="topic", object_id=topic.id, subject=topic, cite=rule_of(scene.profile, leaf).cite if leaf else None)
    return topic


def consent_late_topic(uow: TenantWork, *, topic_id: int, meeting_id: int, note: str,
                       expected_version: int) -> Topic:
    """The named exception's approver admits a late topic; the consent is recorded with its article."""
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    scene = scene_for(uow, uow.tenant_id, uow.now)
    _require_topic_reach(uow, scene, topic_id)
    topic = _topic_for_work(uow, topic_id, expected_version)
    scene = pinned(uow.session, scene, topic)
    meeting, _ = _meeting_day(uow.session, topic, meeting_id)
    exception = rules.late_topic_exception(scene.profile, topic.meeting_kind)
    approver = rules.late_topic_approver(scene.profile, topic.meeting_kind)
    if exception is None or approver is None:
        raise RuleViolation(Verdict.refused("meetings.no_late_exception", "本单位的工作规则没有临时受理议题的例外。"))
    cite = rule_of(scene.profile, exception).cite
    if approver not in roles_of(scene, actor_id, meeting=meeting):
        name = org_rules.title(scene.profile, approver) if approver != "chair" else "会议主持人"
        raise PermissionDenied(Verdict.refused("forbidden", f"{exception.label}，须经{name}同意（{rule_of(scene.profile, exception).basis}）", cite))
    if not note.strip():
        Verdict.refused("meetings.reasons_required", "同意临时受理须写明特殊情况。").raise_if_refused()
    topic.late_consent_by_id = actor_id
    topic.late_consent_note = note.strip()
    uow.session.flush()
    uow.record("meetings.consent_late_topic", object_type="topic", object_id=topic.id, subject=topic, cite=cite, detail={"exception": exception.name, "label": exception.label})
    return topic


def submit_materials(uow: TenantWork, *, topic_id: int, meeting_id: int, materials: str,
                     expected_version: int) -> Topic:
    """报送议题材料 to the office for a meeting: consultation complete, disagreement resolved where
    required, legality review first, and on time (or with the recorded late consent)."""
    actor_id, scene, topic = _take_up(uow, topic_id)
    _proposer_or_office(scene, topic, actor_id)
    _fresh(topic, expected_version, f"议题「{topic.title}」")  # told only to one who may act on it
    meeting, day = _meeting_day(uow.session, topic, meeting_id)
    topic.materials_on = scene.today
    _advance(uow, scene, topic, "submit", meeting_day=day, calendar=default_calendar())
    topic.materials = materials.strip()
    topic.meeting_id = meeting.id
    uow.session.flush()
    block = rules.meeting_type(scene.profile, topic.meeting_kind)
    leaf = block.materials_lead_workdays or block.materials_before_meeting
    uow.record("meetings.submit_materials", object_type="topic", object_id=topic.id, subject=topic, cite=rule_of(scene.profile, leaf).cite if leaf else None)
    notify.topic_waiting(uow, scene, topic)
    notify.documents_waiting(uow, scene, topic, meeting)  # 会议文件审定 (meetings.finalizing)
    return topic


def take_step(uow: TenantWork, *, topic_id: int, note: str = "", expected_version: int) -> Topic:
    """The next step of the profile's pipeline (office review, 审核, 核批, 确定 …), by its post."""
    permissions.require(uow, "meetings.take_part")
    actor_id = person(uow)
    scene = scene_for(uow, uow.tenant_id, uow.now)
    _require_topic_reach(uow, scene, topic_id)
    topic = _topic_for_work(uow, topic_id, expected_version)
    scene = pinned(uow.session, scene, topic)
    meeting = get_in_tenant(uow.session, Meeting, topic.meeting_id, uow.tenant_id, "会议") if topic.meeting_id else None
    roles = roles_of(scene, actor_id, department_id=topic.lead_department_id, meeting=meeting)
    steps = rules.pipeline_steps(scene.profile, topic.meeting_kind)
    result = _advance(uow, scene, topic, "take_step", actor=roles)
    step = steps[topic.steps_done]
    block = rules.meeting_type(scene.profile, topic.meeting_kind)
    cite = rule_of(scene.profile, block.topic_pipeline).cite
    uow.session.add(TopicStep(tenant_id=uow.tenant_id, topic_id=topic.id, position=topic.steps_done, action=step.action,
                              by=step.by, user_id=actor_id, note=note.strip(), cite=cite, at=uow.now))
    topic.steps_done = result.steps_done
    uow.session.flush()
    uow.record("meetings.topic_step", object_type="topic", object_id=topic.id, subject=topic,
               cite=cite, detail={"action": step.action, "by": step.by})
    notify.topic_waiting(uow, scene, topic)
    return topic


def put_on_agenda(uow: TenantWork, *, topic_id: int, expected_version: int) -> Topic:
    """The office puts an approved topic on its meeting's agenda (checks run again: nothing may
    have slipped between approval and the agenda)."""
    permissions.require(uow, "meetings.organise")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    topic = _topic_for_work(uow, topic_id, expected_version)
    scene = pinned(uow.session, scene, topic)
    meeting, day = _meeting_day(uow.session, topic, topic.meeting_id)
    _advance(uow, scene, topic, "schedule", meeting_day=day, calendar=default_calendar())
    last = uow.session.execute(select(func.max(Topic.agenda_order)).where(Topic.meeting_id == meeting.id)).scalar()
    topic.agenda_order = (last or 0) + 1
    uow.session.flush()
    uow.record("meetings.put_on_agenda", object_type="topic", object_id=topic.id, subject=topic, cite=_topic_cite(scene, topic.meeting_kind))
    return topic


def withdraw_topic(uow: TenantWork, *, topic_id: int, expected_version: int) -> Topic:
    actor_id, scene, topic = _take_up(uow, topic_id)
    _proposer_or_office(scene, topic, actor_id)
    _fresh(topic, expected_version, f"议题「{topic.title}」")  # told only to one who may act on it
    _advance(uow, scene, topic, "withdraw")
    uow.session.flush()
    uow.record("meetings.withdraw_topic", object_type="topic", object_id=topic.id, subject=topic)
    return topic
