"""The meetings' 待办: minutes to countersign, review or sign (签发纪要), topics whose next
step is the person's (报送材料、审核、核批、确定、协调), consultations their department has to
answer, 会议审批 steps, and, for the office, approved topics to put on an agenda.

Who may take each step is the rules' own answer (`rules.check_sign_off`,
`rules.check_step_actor`) for the roles `service.roles_of` gives the person, so an item shows
only where the step would be accepted. Unsigned minutes and open topics are few among a year's;
they are read by state on their (tenant, state) indexes, at most `paging.MAX_PAGE_SIZE` of them.
"""

from __future__ import annotations

from sqlalchemy import select

from zhengwu.calendar import china_date
from zhengwu.core import paging
from zhengwu.core.tenants import pinned_profile
from zhengwu.meetings import department_meetings as department_service
from zhengwu.meetings import finalizing, rules
from zhengwu.meetings.scene import Scene, _acts_in, pinned, roles_of, scene_for
from zhengwu.meetings.models import ConferenceRequest, Consultation, Meeting, Minutes, MinutesSignature, Topic
from zhengwu.org.models import Department
from zhengwu.rulebook import labels
from zhengwu.todo import Asker, Found, Item, link_object, register


def _scene(asker: Asker) -> Scene:
    if "meetings.scene" not in asker.memo:
        asker.memo["meetings.scene"] = scene_for(asker.session, asker.tenant.id, asker.now)
    return asker.memo["meetings.scene"]


def _bounded(asker: Asker, items: list[Item], read: int) -> Found:
    """Items filtered from at most MAX_PAGE_SIZE rows: counted as found, marked capped when the
    read was full (more rows may hold more)."""
    return Found(items[: asker.limit], len(items), read >= paging.MAX_PAGE_SIZE)


def minutes(asker: Asker) -> Found:
    if not asker.may("meetings.take_part"):
        return Found.none()
    session, scene = asker.session, _scene(asker)
    rows = session.execute(select(Minutes, Meeting).join(Meeting, Meeting.id == Minutes.meeting_id)
                           .where(Minutes.tenant_id == asker.tenant.id, Minutes.state == "draft")
                           .order_by(Minutes.id).limit(paging.MAX_PAGE_SIZE)).all()
    signatures: dict[int, list[MinutesSignature]] = {}
    if rows:
        for s in session.execute(select(MinutesSignature).where(
                MinutesSignature.minutes_id.in_([m.id for m, _ in rows]))).scalars():
            signatures.setdefault(s.minutes_id, []).append(s)
    items = []
    for m, meeting in rows:
        if meeting.kind not in rules.meeting_types(scene.profile):
            continue  # a type the rules in force do not have: no step of theirs to offer
        signed = signatures.get(m.id, [])
        case = rules.MinutesCase(
            kind=meeting.kind, delegated=meeting.delegated_by_id is not None, matters=frozenset(meeting.matters),
            invoked=frozenset(meeting.invoked), countersigners_due=frozenset(str(u) for u in m.countersigners_due),
            countersigned=frozenset(str(s.user_id) for s in signed if s.kind == "countersign"),
            reviewed=any(s.kind == "review" for s in signed))
        roles = roles_of(scene, asker.user_id, meeting=meeting)
        title = f"{meeting.title}纪要"
        link = f"meetings/{meeting.id}#minutes"
        since = china_date(m.created_at)
        block = rules.meeting_type(scene.profile, meeting.kind)
        if asker.user_id in m.countersigners_due and str(asker.user_id) not in case.countersigned:
            items.append(Item("会签纪要", title, link, "您参加了会议，请会签", since=since))
        elif block.minutes_reviewer is not None and not case.reviewed and block.minutes_reviewer.value in roles:
            items.append(Item("审核纪要", title, link, f"请您（{labels.post(block.minutes_reviewer.value)}）审核",
                              since=since))
        elif rules.check_sign_off(scene.profile, case, roles,
                                  frozenset(s.as_code for s in signed if s.kind == "sign_off" and s.as_code)).ok:
            items.append(Item("签发纪要", title, link, "纪要待您签发", since=since))
    return _bounded(asker, items, len(rows))


def topics(asker: Asker) -> Found:
    if not asker.may("meetings.take_part"):
        return Found.none()
    session, scene = asker.session, _scene(asker)
    organiser = asker.may("meetings.organise")
    states = ["proposed", "consulting", "submitted", "coordinating", "approved"]  # approved: the office, the finalizer
    rows = session.execute(select(Topic).where(Topic.tenant_id == asker.tenant.id, Topic.state.in_(states))
                           .order_by(Topic.id).limit(paging.MAX_PAGE_SIZE)).scalars().all()
    # Topics still waiting for a consulted department's answer are not ready for their materials.
    # (Each asked only when some topic needs it.)
    consulting = [t.id for t in rows if t.state == "consulting"]
    unanswered = set(session.execute(select(Consultation.topic_id).where(
        Consultation.topic_id.in_(consulting), Consultation.agrees.is_(None))).scalars()) if consulting else set()
    meeting_ids = {t.meeting_id for t in rows if t.meeting_id}
    meetings = {m.id: m for m in session.execute(select(Meeting).where(
        Meeting.id.in_(meeting_ids))).scalars()} if meeting_ids else {}
    items = []
    for topic in rows:
        link, since = f"topics/{topic.id}", china_date(topic.created_at)
        profile = pinned_profile(session, topic)
        papers = finalizing.papers_of(topic)
        if topic.state in ("submitted", "approved") and (step_due := finalizing.next_step(profile, papers)):
            # 会议文件: the reviewer's, then the finalizer's step (大洼 35/36/39, 大连 36–39, 西市 21).
            roles = roles_of(scene, asker.user_id, department_id=topic.lead_department_id,
                             meeting=meetings.get(topic.meeting_id) if topic.meeting_id else None)
            check = finalizing.check_review if step_due == "review" else finalizing.check_finalize
            if check(profile, papers, roles).ok:
                word = "审核" if step_due == "review" else "审定"
                items.append(Item(f"{word}会议文件", topic.title, link, f"提请会议审议的文件请您{word}", since=since))
        if topic.state == "approved":
            if not organiser or not finalizing.check_finalized(profile, papers).ok:
                continue
            # Put on the agenda from its meeting's page (or the topic list, before one is chosen).
            agenda = f"meetings/{topic.meeting_id}#agenda" if topic.meeting_id else "topics"
            items.append(Item("列入会议议程", topic.title, agenda, "议题已确定上会，请办公室列入议程", since=since))
            continue
        roles = roles_of(scene, asker.user_id, department_id=topic.lead_department_id,
                                 meeting=meetings.get(topic.meeting_id) if topic.meeting_id else None)
        if topic.state in ("proposed", "consulting"):
            # 报送议题材料: the proposer's or the lead department's step, once the answers are in.
            if topic.id not in unanswered and (topic.proposer_id == asker.user_id or "lead_department" in roles):
                items.append(Item("报送议题材料", topic.title, link, "请主办部门报送议题材料", since=since))
            continue
        if topic.state == "coordinating":
            coordinator, _leaf = rules.disagreement_coordinator(profile, topic.meeting_kind)
            if coordinator in roles:
                items.append(Item("协调议题分歧", topic.title, link, "部门意见不一致，请您协调", since=since))
            continue
        facts = rules.Topic(meeting_kind=topic.meeting_kind, state=topic.state, steps_done=topic.steps_done)
        if rules.check_step_actor(profile, facts, roles).ok:
            step = rules.pipeline_steps(profile, topic.meeting_kind)[topic.steps_done]
            word = labels.word(step.action)
            items.append(Item(f"{word}议题", topic.title, link, f"请您{word}", since=since))
    return _bounded(asker, items, len(rows))


def consultations(asker: Asker) -> Found:
    """Topics on which the person's department was asked its written opinion and has not answered."""
    scene = _scene(asker)
    departments = sorted({s.department_id for s in scene.state.seats if s.kind == "department_head"
                          and s.department_id and _acts_in(scene, s, asker.user_id)})
    if not departments:
        return Found.none()
    query = (select(Topic, Department.name).join(Consultation, Consultation.topic_id == Topic.id)
             .join(Department, Department.id == Consultation.department_id)
             .where(Topic.tenant_id == asker.tenant.id, Topic.state == "consulting",
                    Consultation.department_id.in_(departments), Consultation.agrees.is_(None)))
    rows = asker.session.execute(query.order_by(Topic.id).limit(asker.limit)).all()
    items = [Item("回复议题征求意见", t.title, f"topics/{t.id}", f"请{name}书面回复意见", since=china_date(t.created_at))
             for t, name in rows]
    return asker.found(items, query)


def conferences(asker: Asker) -> Found:
    """会议审批 whose next step of the profile's chain is the person's (or, for a step a meeting
    takes, the office's to record), as `service.approve_conference` would accept it."""
    if not asker.may("meetings.take_part"):
        return Found.none()
    session, scene = asker.session, _scene(asker)
    rows = session.execute(select(ConferenceRequest).where(ConferenceRequest.tenant_id == asker.tenant.id,
                                                           ConferenceRequest.state == "requested")
                           .order_by(ConferenceRequest.id).limit(paging.MAX_PAGE_SIZE)).scalars().all()
    items = []
    for row in rows:
        under = pinned(session, scene, row)
        chain = rules.conference_chain(under.profile, row.kind, row.national)
        if row.steps_done >= len(chain):
            continue
        step = chain[row.steps_done]
        roles = roles_of(under, asker.user_id, department_id=row.department_id)
        by_meeting = step.by in rules.meeting_types(under.profile)
        if (by_meeting and "office" in roles) or (not by_meeting and set(step.takers) & roles):
            word = labels.word(step.action)
            step_text = ("请办公室登记会议议定事项" if by_meeting else f"请您{word}")
            items.append(Item(f"{word}会议申请", row.title, "conferences", step_text, due=row.held_on,
                              since=row.requested_on))
    return _bounded(asker, items, len(rows))


def department_meetings(asker: Asker) -> Found:
    """部门工作会议 whose invitation waits for this person's consent (the invited leader's own, the
    分管副区长's for the 区政府, the 主要领导's), as `consent_department_meeting` would accept it."""
    if not asker.may("meetings.take_part"):
        return Found.none()
    rows = department_service.open_department_meetings(asker.session, asker.tenant, paging.MAX_PAGE_SIZE)
    mine = department_service.pending_of(asker.session, _scene(asker), rows, asker.user_id)
    items = [Item("同意部门会议邀请", row.title, "department-meetings", "；".join(c.label for c in mine[row.id]),
                  due=row.held_on, since=row.requested_on) for row in rows if row.id in mine]
    return _bounded(asker, items, len(rows))


def register_todo() -> None:
    register("meetings.minutes", "会议", minutes, order=20)
    register("meetings.topics", "会议", topics, order=21)
    register("meetings.consultations", "会议", consultations, order=22)
    register("meetings.conferences", "会议", conferences, order=23)
    register("meetings.department_meetings", "会议", department_meetings, order=24)
    link_object("meeting", lambda object_id: f"meetings/{object_id}" if object_id.isdigit() else None)
    link_object("topic", lambda object_id: f"topics/{object_id}" if object_id.isdigit() else None)
    link_object("minutes", lambda object_id: f"minutes/{object_id}" if object_id.isdigit() else None)
