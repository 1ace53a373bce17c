"""Use cases of 会议文件的审定 (rules in `meetings.finalizing`): the office's review where the
text asks it (西市 21 审核把关), then the finalizer's 审定/批印 (大洼 35/36/39, 大连 36–39,
西市 21). Each runs in the caller's unit of work and is audited with its article; only the post
the profile names may take it, and a refusal says who may. `put_on_agenda` and
`send_materials` (meetings.topic_flow, meetings.scheduling) refuse a topic whose documents are not finalized.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from zhengwu.core import audit, permissions
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import TenantWork
from zhengwu.core.verdict import Verdict
from zhengwu.meetings import finalizing, notify
from zhengwu.meetings.scene import Scene, pinned, roles_of, scene_for
from zhengwu.meetings.models import Meeting, Topic
from zhengwu.org import rules as org_rules
from zhengwu.rulebook.provenance import rule_of

audit.label(actions={"meetings.review_documents": "审核会议文件", "meetings.finalize_documents": "审定会议文件"})

_REACH = frozenset({*org_rules.LEADER_KINDS, "party_secretary", "office", "lead_department", "oversight_deputy", "chair",
                    "delegating_leader"})
_ACTOR_CODES = ("forbidden", "meetings.wrong_finalizer", "meetings.wrong_documents_reviewer")


def _raise(verdict: Verdict) -> None:
    permissions.raise_refused(verdict, _ACTOR_CODES)


def _meeting(session: Session, topic: Topic) -> Meeting | None:
    return session.get(Meeting, topic.meeting_id) if topic.meeting_id else None


def _roles(scene: Scene, topic: Topic, meeting: Meeting | None, user_id: int | None) -> frozenset[str]:
    if user_id is None:
        return frozenset()
    return roles_of(scene, user_id, department_id=topic.lead_department_id, meeting=meeting)


def documents_actions(session: Session, tenant: Tenant, topic: Topic, user_id: int, now: datetime) -> dict:
    """What the page shows of the topic's documents: the step due (`review`/`finalize`/None),
    who takes it, and this person's verdict on each step (the checks the steps run)."""
    scene = pinned(session, scene_for(session, tenant.id, now), topic)
    profile = scene.profile
    meeting = _meeting(session, topic)
    papers = finalizing.papers_of(topic)
    roles = _roles(scene, topic, meeting, user_id)
    review, finalize = finalizing.reviewer_leaf(profile, topic.meeting_kind), finalizing.finalizer_leaf(profile, topic.meeting_kind)
    return {"required": finalize is not None or review is not None,
            "next": finalizing.next_step(profile, papers),
            "reviewer": finalizing.reviewer(profile, topic.meeting_kind),
            "finalizer": finalizing.finalizers(profile, topic.meeting_kind),
            "review_basis": rule_of(profile, review).basis if review else "",
            "finalize_basis": rule_of(profile, finalize).basis if finalize else "",
            "review": finalizing.check_review(profile, papers, roles) if review else None,
            "finalize": finalizing.check_finalize(profile, papers, roles) if finalize else None}


def agenda_blocked(session: Session, tenant: Tenant, topics: list[Topic], now: datetime) -> dict[int, Verdict]:
    """Per topic waiting for the agenda: the refusal standing in its way (documents not finalized)."""
    scene = scene_for(session, tenant.id, now)
    found = {}
    for topic in topics:
        verdict = finalizing.check_finalized(pinned(session, scene, topic).profile, finalizing.papers_of(topic))
        if not verdict.ok:
            found[topic.id] = verdict
    return found


def _work(uow: TenantWork, topic_id: int, expected_version: int):
    permissions.require(uow, "meetings.take_part")
    scene = scene_for(uow, uow.tenant_id, uow.now)
    topic = get_in_tenant(uow.session, Topic, topic_id, uow.tenant_id, "议题")
    scene = pinned(uow.session, scene, topic)
    meeting = _meeting(uow.session, topic)
    roles = _roles(scene, topic, meeting, uow.actor.user_id)
    if uow.actor.user_id is not None and not roles & _REACH:
        # As for every step of a topic: an outsider is refused before anything of it is told.
        raise PermissionDenied(Verdict.refused("forbidden", "只有议题的承办部门、分管领导、会议主持人、政府领导或政府办公室可以办理该议题。"))
    return scene, topic, meeting, roles


def _fresh(topic: Topic, expected_version: int) -> None:
    topic.expect_version(expected_version, f"议题「{topic.title}」")


def review_documents(uow: TenantWork, *, topic_id: int, expected_version: int, note: str = "") -> Topic:
    """审核把关 of the topic's meeting documents by the post the profile names (西市 21: the office)."""
    scene, topic, meeting, roles = _work(uow, topic_id, expected_version)
    leaf = finalizing.reviewer_leaf(scene.profile, topic.meeting_kind)
    verdict = finalizing.check_review(scene.profile, finalizing.papers_of(topic), roles)
    if verdict.reasons and verdict.reasons[0].code in _ACTOR_CODES:
        raise PermissionDenied(verdict)  # before the topic's version is told
    _fresh(topic, expected_version)
    _raise(verdict)
    topic.documents_reviewed_by_id = uow.actor.user_id
    topic.documents_reviewed_at = uow.now
    if note.strip():
        topic.documents_note = note.strip()
    uow.session.flush()
    uow.record("meetings.review_documents", object_type="topic", object_id=topic.id, subject=topic,
               cite=rule_of(scene.profile, leaf).cite if leaf else None, detail={"note": note.strip()})
    notify.documents_waiting(uow, scene, topic, meeting)
    return topic


def finalize_documents(uow: TenantWork, *, topic_id: int, expected_version: int, note: str = "") -> Topic:
    """审定 (批印) of the topic's meeting documents by the post the profile names; the materials
    are fixed from then on, and the topic may go on the agenda."""
    scene, topic, meeting, roles = _work(uow, topic_id, expected_version)
    leaf = finalizing.finalizer_leaf(scene.profile, topic.meeting_kind)
    verdict = finalizing.check_finalize(scene.profile, finalizing.papers_of(topic), roles)
    if verdict.reasons and verdict.reasons[0].code in _ACTOR_CODES:
        raise PermissionDenied(verdict)
    _fresh(topic, expected_version)
    _raise(verdict)
    codes = list(leaf.value) if leaf else []
    topic.documents_finalized_by_id = uow.actor.user_id
    topic.documents_finalized_at = uow.now
    topic.documents_finalized_as = next((c for c in codes if c in roles), None)
    if note.strip():
        topic.documents_note = note.strip()
    uow.session.flush()
    uow.record("meetings.finalize_documents", object_type="topic", object_id=topic.id, subject=topic,
               cite=rule_of(scene.profile, leaf).cite if leaf else None,
               detail={"as": topic.documents_finalized_as, "note": note.strip()})
    return topic
