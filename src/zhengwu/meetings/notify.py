"""Who a meeting step makes work for, told through the notice events (core/notify_events.py):
a topic reaching a post's step of review, minutes waiting for countersign or sign-off. Called
at the step inside its unit of work; only publishes."""

from __future__ import annotations

from zhengwu.core.notify_events import Item, To, WorkArrived
from zhengwu.core.uow import TenantWork
from zhengwu.meetings import rules
from zhengwu.meetings.models import Meeting, Minutes, Topic
from zhengwu.meetings.scene import roles_of
from zhengwu.org import rules as org_rules


def _filling(scene, codes: set[str], *, department_id: int | None = None, meeting: Meeting | None = None) -> tuple[int, ...]:
    """Everyone who fills one of the actor codes for this matter today (held or acting)."""
    found: list[int] = []
    for seat in scene.state.seats:
        acting = org_rules.authority(scene.profile, scene.state, seat.post_id, scene.now).acting_id
        if acting is not None and acting not in found and roles_of(scene, acting, department_id=department_id,
                                                                   meeting=meeting) & codes:
            found.append(acting)
    return tuple(found)


def topic_waiting(uow: TenantWork, scene, topic: Topic) -> None:
    """The topic's next step of the profile's pipeline (审核, 核批, 确定 …) is its post's work."""
    steps = rules.pipeline_steps(scene.profile, topic.meeting_kind)
    if topic.state != "submitted" or topic.steps_done >= len(steps):  # its materials are in, steps remain
        return
    step = steps[topic.steps_done]
    users = _filling(scene, {step.by, *step.alternatives}, department_id=topic.lead_department_id)
    if users:
        uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(users=users), what="议题待审核",
                                title=topic.title, link=f"topics/{topic.id}", object_type="topic",
                                object_id=str(topic.id)))


def minutes_waiting(uow: TenantWork, scene, meeting: Meeting, minutes: Minutes, signed_by: set[int],
                    case) -> None:
    """Minutes to countersign (those due who have not), then, when none is left, to sign off."""
    left = tuple(u for u in minutes.countersigners_due if u not in signed_by)
    link = f"meetings/{meeting.id}"
    if left:
        if uow.action == "meetings.draft_minutes":
            uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(users=left), what="纪要待会签",
                                    title=meeting.title, link=link, object_type="minutes", object_id=str(minutes.id)))
        return
    codes = {code for code, _ in rules.minutes_signers(scene.profile, case)}
    users = _filling(scene, codes, meeting=meeting)
    if users:
        uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(users=users), what="纪要待签发", title=meeting.title,
                                link=link, object_type="minutes", object_id=str(minutes.id)))


def topic_item(session, tenant_id: int, object_id: str) -> Item | None:
    """A topic as the office chases it (催办)."""
    topic = session.get(Topic, int(object_id)) if str(object_id).isdigit() else None
    if topic is None or topic.tenant_id != tenant_id:
        return None
    return Item(f"议题（{rules.TOPIC_STATES.get(topic.state, '')}）", topic.title, f"topics/{topic.id}",
                topic.state not in ("scheduled", "withdrawn"))
