"""Meeting pages: the calendar with cadence flags, a meeting (agenda, materials, attendance,
minutes, resolutions), the topic queue, conference approvals, and the user's .ics feed.

Every form posts to a use case of the meetings section modules (`scheduling`, `topic_flow`, …);
a refusal shows the platform's error page with the Chinese message and the article behind it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Literal, overload

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from zhengwu.calendar import CHINA_TZ, china_date
from zhengwu.core import audit, paging
from zhengwu.core import permissions
from zhengwu.core.errors import InvalidInput, NotFound, ZhengwuError
from zhengwu.core.tenants import pinned_profile, profile_on
from zhengwu.meetings import (absences, conference_approval, department_meetings, feeds, finalizing_service, ics,
                              minutes_flow, minutes_print, queries, rules, scheduling, topic_flow)
from zhengwu.org import rules as org_rules
from zhengwu.org import service as org_service
from zhengwu.rulebook import labels
from zhengwu.rulebook.provenance import rule_of
from zhengwu.versions import service as versions
from zhengwu.web.context import CheckedForm, TenantPageContext, TenantPageCtx, db_of, now_of, settings_of
from zhengwu.web.shell import add_nav

router = APIRouter(include_in_schema=False)

add_nav("会议", "meetings", action="meetings.view", order=200)
add_nav("议题", "topics", action="meetings.view", order=210)
add_nav("会议审批", "conferences", action="meetings.view", order=220)

audit.label(
    actions={
        "meetings.schedule": "安排会议", "meetings.send_materials": "送达会议材料", "meetings.record_attendance": "登记出席", "meetings.request_absence": "会议请假",
        "meetings.approve_absence": "批准会议请假", "meetings.reject_absence": "不批准会议请假",
        "meetings.propose_topic": "提出议题", "meetings.consult": "书面征求意见", "meetings.answer_consultation": "登记部门意见",
        "meetings.escalate": "报请协调分歧", "meetings.coordinate": "协调分歧", "meetings.legality_review": "合法性审查",
        "meetings.consent_late_topic": "同意临时受理议题", "meetings.submit_materials": "报送议题材料",
        "meetings.topic_step": "议题审核审批", "meetings.put_on_agenda": "列入会议议程", "meetings.withdraw_topic": "撤回议题",
        "meetings.draft_minutes": "起草纪要", "meetings.edit_minutes": "修改纪要", "meetings.countersign_minutes": "会签纪要", "meetings.review_minutes": "审核纪要",
        "meetings.add_resolution": "写入议定事项", "meetings.create_feed": "生成日历订阅链接", "meetings.revoke_feed": "撤销日历订阅链接", "meetings.sign_minutes": "签发纪要", "meetings.record_issue": "登记文件印发", "meetings.record_to_office": "登记文件报送办公室",
        "meetings.request_conference": "报请召开会议", "meetings.approve_conference": "会议审批",
    },
    objects={"meeting": "会议", "attendance": "出席记录", "topic": "议题", "minutes": "纪要", "resolution": "议定事项",
             "conference": "会议审批", "calendar_feed": "日历订阅链接"},
)


def _names(ctx: TenantPageContext) -> dict[str, str]:
    return labels.titles(ctx.profile)


def _back(ctx: TenantPageContext, path: str) -> RedirectResponse:
    return RedirectResponse(f"/t/{ctx.current_tenant.slug}/{path}", status_code=303)


@overload
def _int(form: FormData, name: str, *, required: Literal[True] = True) -> int: ...
@overload
def _int(form: FormData, name: str, *, required: bool) -> int | None: ...
def _int(form: FormData, name: str, *, required: bool = True) -> int | None:
    value = str(form.get(name, "")).strip()
    if not value and not required:
        return None
    if not value.isdigit():
        raise ZhengwuError(f"表单项「{name}」应为数字。", code="validation_error")
    return int(value)


def _version(form: FormData) -> int:
    """The version of the object the page showed, sent back by its form: a change made since is
    refused as stale; a form without it is from no page of ours (or an outdated one)."""
    value = str(form.get("version", "")).strip()
    if not value.isdigit():
        raise InvalidInput("表单缺少「所见版本」，无法确认您看到的是最新内容：请刷新页面后重试。")
    return int(value)


def _date(form: FormData, name: str) -> date:
    try:
        return date.fromisoformat(str(form.get(name, "")))
    except ValueError:
        raise ZhengwuError("请填写日期（如 2024-03-21）。", code="validation_error") from None


def _moment(day: date, clock: str) -> datetime:
    try:
        return datetime.combine(day, time.fromisoformat(clock), tzinfo=CHINA_TZ)
    except ValueError:
        raise ZhengwuError("请填写时间（如 09:00）。", code="validation_error") from None


def _run(ctx: TenantPageContext, action: str, use_case):
    with ctx.unit_of_work(action, ctx.current_tenant) as uow:
        return use_case(uow)


def _people(ctx: TenantPageContext, session):
    return org_service.people(session, ctx.current_tenant.id)


# --- the calendar ---------------------------------------------------------------------------


@router.get("/t/{tenant}/meetings")
def calendar(ctx: TenantPageContext = TenantPageCtx, month: str | None = None, after: str = ""):
    ctx.authorize("meetings.view", ctx.current_tenant)
    today = ctx.today
    try:
        first = date.fromisoformat(f"{month}-01") if month else today.replace(day=1)
    except ValueError:
        first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    profile = ctx.profile
    with ctx.db.read() as session:
        meetings = queries.meetings_between(session, ctx.current_tenant, datetime.combine(first, time(), CHINA_TZ),
                                            datetime.combine(following, time(), CHINA_TZ), after=paging.cursor(after))
        who = _people(ctx, session)
        # Every period that has ended since the government started working here (at most the
        # last two years), flagged when short: periods before it kept its meetings elsewhere.
        since = max(date(today.year - 1, 1, 1), china_date(ctx.current_tenant.created_at))
        checks = queries.cadence(session, ctx.current_tenant, since, today - timedelta(days=1))
        standing = department_meetings.standing_observers(session, ctx.current_tenant)
        leaders = [p for p in queries.leaders(session, ctx.current_tenant) if p.kind in org_rules.LEADER_KINDS]
        heads = [p for p in queries.leaders(session, ctx.current_tenant) if p.kind not in org_rules.LEADER_KINDS]
    kinds = rules.meeting_types(profile)
    types = []
    for kind in kinds:
        block = rules.meeting_type(profile, kind)
        leaf = block.cadence
        composition: list[tuple[str, Any]] = [("组成", block.members), ("主持", block.chair), ("受委托主持", block.chair_by_delegation),
                       ("常设列席", block.standing_observers), ("列席", block.observers)]
        types.append({"kind": kind, "name": labels.word(kind, _names(ctx)),
                      "composition": [(label, labels.value(leaf.value, _names(ctx)), rule_of(profile, leaf).basis)
                                      for label, leaf in composition if leaf is not None and leaf.value]
                      + ([("常设列席单位", "、".join(standing[kind][1]) if kind in standing else "尚未确定",
                           rule_of(profile, block.standing_observers_set_by).basis)]
                         if block.standing_observers_set_by else []),
                      "cadence": labels.word(leaf.value) if leaf else "（未规定）",
                      "basis": rule_of(profile, leaf).basis if leaf else "",
                      "short": [p for p in checks.get(kind, []) if p.short][-6:]})
    return ctx.render("meetings/calendar.html", meetings=meetings, first=first,
                      previous=(first - timedelta(days=1)).strftime("%Y-%m"), following=following.strftime("%Y-%m"),
                      types=types, who=who, names=_names(ctx), leaders=leaders, heads=heads, today=today,
                      standing_set=any(rules.meeting_type(profile, k).standing_observers_set_by for k in kinds),
                      can_organise=ctx.can("meetings.organise"))


@router.post("/t/{tenant}/meetings")
def schedule(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    day = _date(form, "day")
    meeting = _run(ctx, "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind=str(form.get("kind", "")), title=str(form.get("title", "")),
        starts_at=_moment(day, str(form.get("start", "09:00"))), ends_at=_moment(day, str(form.get("end", "11:00"))),
        chair_id=_int(form, "chair_id"), location=str(form.get("location", "")),
        delegated_by_id=_int(form, "delegated_by_id", required=False),
        observer_ids=[int(str(v)) for v in form.getlist("observer_ids") if str(v).isdigit()]))
    return _back(ctx, f"meetings/{meeting.id}")


def feed_response(session, tenant, user_id: int, base_url: str, now: datetime) -> Response:
    """The .ics of a person's meetings in one government."""
    profile = profile_on(session, tenant.id, china_date(now))
    names = {k: labels.word(k, labels.titles(profile)) for k in rules.meeting_types(profile)}
    body = ics.feed(queries.meetings_of_user(session, tenant, user_id), tenant_slug=tenant.slug,
                    tenant_name=tenant.name, base_url=base_url, kind_names=names, stamp=now)
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{tenant.slug}-meetings.ics"'})


@router.get("/t/{tenant}/meetings.ics")
def my_feed(ctx: TenantPageContext = TenantPageCtx):
    ctx.authorize("meetings.view", ctx.current_tenant)
    with ctx.db.read() as session:
        return feed_response(session, ctx.current_tenant, ctx.user.id, settings_of(ctx.request).base_url, ctx.now)


@router.get("/t/{tenant}/meetings/subscription")
def subscription(ctx: TenantPageContext = TenantPageCtx):
    ctx.authorize("meetings.view", ctx.current_tenant)
    with ctx.db.read() as session:
        active = feeds.active_feed(session, ctx.current_tenant.id, ctx.user.id)
    return ctx.render("meetings/subscription.html", active=active, url=None)


@router.post("/t/{tenant}/meetings/subscription")
def new_subscription(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    token = _run(ctx, "meetings.create_feed", feeds.create_feed)
    with ctx.db.read() as session:
        active = feeds.active_feed(session, ctx.current_tenant.id, ctx.user.id)
    return ctx.render("meetings/subscription.html", active=active,
                      url=feeds.feed_url(settings_of(ctx.request).base_url, token))


@router.post("/t/{tenant}/meetings/subscription/revoke")
def revoke_subscription(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    _run(ctx, "meetings.revoke_feed", feeds.revoke_feed)
    return _back(ctx, "meetings/subscription")


@router.get("/calendar/{token}.ics")
def subscribed_feed(token: str, request: Request):
    """What a calendar program fetches: no session, the secret link is the credential. A
    revoked link, or one whose owner no longer may see the government's meetings, is gone."""
    db, now = db_of(request), now_of(request)
    with db.read() as session:
        found = feeds.owner_of(session, token)
        if found is not None:
            tenant, user_id = found
            subject = permissions.subject_for(session, user_id, tenant.id, now)
            if permissions.check("meetings.view", subject).ok:
                return feed_response(session, tenant, user_id, settings_of(request).base_url, now)
    raise NotFound("订阅链接无效或已撤销，请在平台「会议日程 → 日历订阅」重新生成。")


# --- one meeting ----------------------------------------------------------------------------


@router.get("/t/{tenant}/meetings/{meeting_id}")
def meeting_page(meeting_id: int, ctx: TenantPageContext = TenantPageCtx):
    ctx.authorize("meetings.view", ctx.current_tenant)
    tenant = ctx.current_tenant
    profile = ctx.profile
    today = ctx.today
    with ctx.db.read() as session:
        meeting = queries.get_meeting(session, tenant, meeting_id)
        who = _people(ctx, session)
        agenda = queries.agenda(session, meeting.id)
        waiting = [t for t in queries.topics(session, tenant, meeting_id=meeting.id, limit=paging.MAX_PAGE_SIZE)
                   if t.state == "approved"]
        blocked = finalizing_service.agenda_blocked(session, tenant, waiting, ctx.now)
        rows = queries.attendance(session, meeting.id)
        minutes = queries.minutes_of(session, meeting.id)
        signatures = queries.signatures(session, minutes.id) if minutes else []
        resolutions = queries.resolutions_of(session, meeting.id)
        departments = {d.id: d.name for d in queries.departments(session, tenant)}
        codes = minutes_flow.required_signers(session, tenant, minutes, ctx.now) if minutes else []
        deciding = absences.absences_i_may_decide(session, tenant, meeting, rows, ctx.user.id, ctx.now)
        # Only the steps this person may take now are offered (the same checks the steps run).
        steps = (minutes_flow.minutes_steps(session, tenant, minutes, ctx.user.id, ctx.now)
                 if minutes and minutes.state != "signed" else {})
        # 常设列席单位 as set by the one the text names (大洼 37), listed with each of its meetings.
        standing = department_meetings.standing_observers(session, tenant).get(meeting.kind, (None, []))[1]
    signers = [labels.post(code, _names(ctx)) for code in codes]
    mine = next((r for r in rows if r.user_id == ctx.user.id), None)
    return ctx.render(
        "meetings/meeting.html", meeting=meeting, who=who, agenda=agenda, waiting=waiting, rows=rows,
        minutes=minutes, signatures=signatures, resolutions=resolutions, departments=departments, steps=steps,
        deciding=deciding, standing=standing, blocked=blocked,
        kind_name=labels.word(meeting.kind, _names(ctx)), signers=signers, mine=mine, today=today,
        overdue={r.id: queries.issue_overdue(r, today) for r in resolutions}, states=rules.TOPIC_STATES,
        can_organise=ctx.can("meetings.organise"), names=_names(ctx),
        absence_grounds=_absence_grounds(profile),
        has_review=rules.meeting_type(profile, meeting.kind).minutes_reviewer is not None)


def _absence_grounds(profile) -> list[tuple[str, str]]:
    absence = profile.meetings.absence if profile.meetings else None
    restricted = absence.restricted if absence is not None else None
    return [(e.name, e.label) for e in restricted.exceptions] if restricted is not None and restricted.value else []


@router.post("/t/{tenant}/meetings/{meeting_id}/attendance")
def attendance(meeting_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    present = [int(str(v)) for v in form.getlist("present") if str(v).isdigit()]
    _run(ctx, "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting_id, present_ids=present, expected_version=_version(form)))
    return _back(ctx, f"meetings/{meeting_id}")


@router.post("/t/{tenant}/meetings/{meeting_id}/materials")
def send_materials(meeting_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    _run(ctx, "meetings.send_materials", lambda uow: scheduling.send_materials(
        uow, meeting_id=meeting_id, expected_version=_version(form)))
    return _back(ctx, f"meetings/{meeting_id}")


@router.post("/t/{tenant}/meetings/{meeting_id}/absence")
def absence(meeting_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    _run(ctx, "meetings.request_absence", lambda uow: absences.request_absence(
        uow, meeting_id=meeting_id, reason=str(form.get("reason", "")), ground=str(form.get("ground", "")) or None,
        substitute=str(form.get("substitute", "")), expected_version=_version(form)))
    return _back(ctx, f"meetings/{meeting_id}")


@router.post("/t/{tenant}/attendance/{attendance_id}/decision")
def absence_decision(attendance_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    approve = form.get("approve") == "1"
    row = _run(ctx, "meetings.approve_absence" if approve else "meetings.reject_absence",
               lambda uow: absences.decide_absence(uow, attendance_id=attendance_id, approve=approve,
                                                  consent_substitute=form.get("consent_substitute") == "1",
                                                  expected_version=_version(form)))
    return _back(ctx, f"meetings/{row.meeting_id}")


@router.post("/t/{tenant}/meetings/{meeting_id}/minutes")
def draft(meeting_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    _run(ctx, "meetings.draft_minutes", lambda uow: minutes_flow.draft_minutes(
        uow, meeting_id=meeting_id, body=str(form.get("body", "")), number=str(form.get("number", "")),
        expected_version=_version(form)))
    return _back(ctx, f"meetings/{meeting_id}#minutes")


@router.post("/t/{tenant}/minutes/{minutes_id}/resolutions")
def add_resolution(minutes_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    resolution = _run(ctx, "meetings.add_resolution", lambda uow: minutes_flow.add_resolution(
        uow, minutes_id=minutes_id, text=str(form.get("text", "")), department_id=_int(form, "department_id"),
        deadline=_date(form, "deadline"), topic_id=_int(form, "topic_id", required=False),
        classified=form.get("classified") == "1", document_title=str(form.get("document_title", "")),
        issue_exception=str(form.get("issue_exception", "")) or None, expected_version=_version(form)))
    return _back(ctx, f"meetings/{resolution.meeting_id}#minutes")


@router.post("/t/{tenant}/minutes/{minutes_id}/edit")
def edit_minutes(minutes_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    minutes = _run(ctx, "meetings.edit_minutes", lambda uow: minutes_flow.edit_minutes(
        uow, minutes_id=minutes_id, body=str(form.get("body", "")), number=str(form.get("number", "")),
        expected_version=_version(form)))
    return _back(ctx, f"meetings/{minutes.meeting_id}#minutes")


_MINUTES_ACTIONS = {
    "countersign": ("meetings.countersign_minutes", minutes_flow.countersign_minutes),
    "review": ("meetings.review_minutes", minutes_flow.review_minutes),
    "sign": ("meetings.sign_minutes", minutes_flow.sign_minutes),
}


# After the fixed paths above: `{step}` would otherwise swallow them.
@router.post("/t/{tenant}/minutes/{minutes_id}/{step}")
def minutes_step(minutes_id: int, step: str, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    if step not in _MINUTES_ACTIONS:
        raise ZhengwuError("没有这项纪要操作。", code="not_found")
    action, call = _MINUTES_ACTIONS[step]
    minutes = _run(ctx, action, lambda uow: call(uow, minutes_id=minutes_id, expected_version=_version(form)))
    return _back(ctx, f"meetings/{minutes.meeting_id}#minutes")


@router.get("/t/{tenant}/minutes/{minutes_id}")
def minutes_page(minutes_id: int, ctx: TenantPageContext = TenantPageCtx):
    """The minutes live on their meeting's page (已办 links here by the minutes alone)."""
    ctx.authorize("meetings.view", ctx.current_tenant)
    with ctx.db.read() as session:
        minutes = queries.get_minutes(session, ctx.current_tenant, minutes_id)
    return _back(ctx, f"meetings/{minutes.meeting_id}#minutes")


@router.get("/t/{tenant}/minutes/{minutes_id}.docx")
def minutes_docx(minutes_id: int, ctx: TenantPageContext = TenantPageCtx):
    ctx.authorize("meetings.view", ctx.current_tenant)
    with ctx.db.read() as session:
        body = minutes_print.minutes_docx(session, ctx.current_tenant, minutes_id)
        disposition = minutes_print.minutes_disposition(session, ctx.current_tenant, minutes_id)
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"Content-Disposition": disposition})


@router.post("/t/{tenant}/resolutions/{resolution_id}/issue")
def issue(resolution_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    resolution = _run(ctx, "meetings.record_issue", lambda uow: minutes_flow.record_issue(
        uow, resolution_id=resolution_id, issued_on=_date(form, "issued_on"), expected_version=_version(form)))
    return _back(ctx, f"meetings/{resolution.meeting_id}#minutes")


# --- topics ---------------------------------------------------------------------------------


@router.get("/t/{tenant}/topics")
def topic_queue(ctx: TenantPageContext = TenantPageCtx, after: str = ""):
    ctx.authorize("meetings.view", ctx.current_tenant)
    tenant = ctx.current_tenant
    profile = ctx.profile
    names = _names(ctx)
    with ctx.db.read() as session:
        queue = queries.topics(session, tenant, after=paging.cursor(after))
        who = _people(ctx, session)
        departments = {d.id: d.name for d in queries.departments(session, tenant)}
        meetings = {m.id: m for m in queries.meetings_between(session, tenant, ctx.now - timedelta(days=1),
                                                              ctx.now + timedelta(days=120), limit=paging.MAX_PAGE_SIZE)}
        placed = {t.meeting_id for t in queue if t.meeting_id and t.meeting_id not in meetings}
        meetings.update({m.id: m for m in queries.meetings_by_id(session, tenant, placed)})
        answers = queries.consultations_of(session, [t.id for t in queue])
        pinned = {t.id: pinned_profile(session, t) for t in queue}
        may = topic_flow.topic_actions_of(session, tenant, list(queue), ctx.user.id, ctx.now)
    rows = []
    for t in queue:
        steps = rules.pipeline_steps(pinned[t.id], t.meeting_kind)
        following = steps[t.steps_done] if t.state == "submitted" and t.steps_done < len(steps) else None
        rows.append({"topic": t, "kind": labels.word(t.meeting_kind, names), "state": rules.TOPIC_STATES[t.state],
                     "next": f"{labels.post(following.by, names)}{labels.word(following.action)}" if following else None,
                     "department": departments.get(t.lead_department_id, ""), "proposer": who(t.proposer_id),
                     "meeting": meetings.get(t.meeting_id), "answers": answers.get(t.id, []), "may": may[t.id]})
    kinds = [(k, labels.word(k, names)) for k in rules.meeting_types(profile)]
    return ctx.render("meetings/topics.html", rows=rows, page=queue, kinds=kinds, departments=departments,
                      meetings=sorted(meetings.values(), key=lambda m: m.starts_at),
                      can_organise=ctx.can("meetings.organise"), names=names)


@router.post("/t/{tenant}/topics")
def propose(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    _run(ctx, "meetings.propose_topic", lambda uow: topic_flow.propose_topic(
        uow, meeting_kind=str(form.get("meeting_kind", "")), title=str(form.get("title", "")),
        lead_department_id=_int(form, "lead_department_id", required=False), summary=str(form.get("summary", "")),
        needs_legality_review=form.get("needs_legality_review") == "1"))
    return _back(ctx, "topics")


@router.get("/t/{tenant}/topics/{topic_id}")
def topic_page(topic_id: int, ctx: TenantPageContext = TenantPageCtx):
    ctx.authorize("meetings.view", ctx.current_tenant)
    tenant = ctx.current_tenant
    names = _names(ctx)
    with ctx.db.read() as session:
        topic = queries.get_topic(session, tenant, topic_id)
        profile = pinned_profile(session, topic)
        pin = versions.pinned_view(session, topic, ctx.today)
        who = _people(ctx, session)
        departments = {d.id: d.name for d in queries.departments(session, tenant)}
        answers = queries.consultations(session, topic.id)
        steps = queries.topic_steps(session, topic.id)
        may = topic_flow.topic_actions(session, tenant, topic, ctx.user.id, ctx.now)
        papers = finalizing_service.documents_actions(session, tenant, topic, ctx.user.id, ctx.now)
        meetings = [m for m in queries.meetings_between(session, tenant, ctx.now - timedelta(days=1),
                                                        ctx.now + timedelta(days=120), limit=paging.MAX_PAGE_SIZE)
                    if m.kind == topic.meeting_kind and m.state == "planned"]
    pipeline = rules.pipeline_steps(profile, topic.meeting_kind)
    coordinator, _ = rules.disagreement_coordinator(profile, topic.meeting_kind)
    late = rules.late_topic_exception(profile, topic.meeting_kind)
    block = rules.meeting_type(profile, topic.meeting_kind)
    return ctx.render(
        "meetings/topic.html", topic=topic, who=who, departments=departments, answers=answers, steps=steps,
        step_labels={s.id: f"{labels.post(s.by, names)}{labels.word(s.action)}" for s in steps},
        meetings=meetings, state=rules.TOPIC_STATES[topic.state], kind=labels.word(topic.meeting_kind, names),
        pipeline=[(f"{labels.post(p.by, names)}{labels.word(p.action)}", i < topic.steps_done) for i, p in enumerate(pipeline)],
        pipeline_basis=rule_of(profile, block.topic_pipeline).basis if block.topic_pipeline else "",
        coordinator=labels.post(coordinator, names), late=late,
        late_basis=rule_of(profile, late).basis if late else "", disagreeing=any(c.agrees is False for c, _ in answers),
        pin=pin, move_url=f"/t/{tenant.slug}/versions/move/topic/{topic.id}", can_move=ctx.can("versions.move"),
        may=may, papers=papers)


_TOPIC_ACTIONS = {
    "documents-review": ("meetings.review_documents", lambda uow, tid, f: finalizing_service.review_documents(
        uow, topic_id=tid, note=str(f.get("note", "")), expected_version=_int(f, "version"))),
    "documents-finalize": ("meetings.finalize_documents", lambda uow, tid, f: finalizing_service.finalize_documents(
        uow, topic_id=tid, note=str(f.get("note", "")), expected_version=_int(f, "version"))),
    "materials": ("meetings.submit_materials", lambda uow, tid, f: topic_flow.submit_materials(
        uow, topic_id=tid, meeting_id=_int(f, "meeting_id"), materials=str(f.get("materials", "")),
        expected_version=_version(f))),
    "step": ("meetings.topic_step", lambda uow, tid, f: topic_flow.take_step(
        uow, topic_id=tid, note=str(f.get("note", "")), expected_version=_version(f))),
    "agenda": ("meetings.put_on_agenda", lambda uow, tid, f: topic_flow.put_on_agenda(
        uow, topic_id=tid, expected_version=_version(f))),
    "withdraw": ("meetings.withdraw_topic", lambda uow, tid, f: topic_flow.withdraw_topic(
        uow, topic_id=tid, expected_version=_version(f))),
    "consult": ("meetings.consult", lambda uow, tid, f: topic_flow.consult_departments(
        uow, topic_id=tid, department_ids=[int(v) for v in f.getlist("department_ids") if str(v).isdigit()],
        expected_version=_version(f))),
    "answer": ("meetings.answer_consultation", lambda uow, tid, f: topic_flow.answer_consultation(
        uow, topic_id=tid, department_id=_int(f, "department_id"), agrees=f.get("agrees") == "1",
        note=str(f.get("note", "")), expected_version=_version(f))),
    "escalate": ("meetings.escalate", lambda uow, tid, f: topic_flow.escalate_disagreement(
        uow, topic_id=tid, note=str(f.get("note", "")), expected_version=_version(f))),
    "coordinate": ("meetings.coordinate", lambda uow, tid, f: topic_flow.coordinate(
        uow, topic_id=tid, resolved=f.get("resolved") == "1", note=str(f.get("note", "")),
        expected_version=_version(f))),
    "legality-review": ("meetings.legality_review", lambda uow, tid, f: topic_flow.record_legality_review(
        uow, topic_id=tid, expected_version=_version(f))),
    "late-consent": ("meetings.consent_late_topic", lambda uow, tid, f: topic_flow.consent_late_topic(
        uow, topic_id=tid, meeting_id=_int(f, "meeting_id"), note=str(f.get("note", "")),
        expected_version=_version(f))),
}


@router.post("/t/{tenant}/topics/{topic_id}/{step}")
def topic_step(topic_id: int, step: str, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    if step not in _TOPIC_ACTIONS:
        raise ZhengwuError("没有这项议题操作。", code="not_found")
    action, call = _TOPIC_ACTIONS[step]
    topic = _run(ctx, action, lambda uow: call(uow, topic_id, form))
    if step == "agenda":
        return _back(ctx, f"meetings/{topic.meeting_id}")
    return _back(ctx, f"topics/{topic.id}")


# --- conferences ----------------------------------------------------------------------------


@router.get("/t/{tenant}/conferences")
def conference_list(ctx: TenantPageContext = TenantPageCtx, after: str = ""):
    ctx.authorize("meetings.view", ctx.current_tenant)
    tenant = ctx.current_tenant
    profile = ctx.profile
    names = _names(ctx)
    chain = rules.conference_chain(profile)
    with ctx.db.read() as session:
        requests = queries.conferences(session, tenant, after=paging.cursor(after))
        departments = {d.id: d.name for d in queries.departments(session, tenant)}
        pins = {r.id: versions.pinned_view(session, r, ctx.today) for r in requests}
        started_under = {r.id: pinned_profile(session, r) for r in requests}
        mine = conference_approval.conference_steps_i_may_take(session, tenant, requests, ctx.user.id, ctx.now)
        # A step a meeting takes is recorded with a resolution of that meeting's signed minutes.
        decided = queries.signed_resolutions(session, tenant)
    limits = []
    c = profile.conference
    if c is not None:
        for key, text in (("max_minutes", "会议用时不超过{}分钟"), ("max_speech_minutes", "领导讲话不超过{}分钟"),
                          ("max_half_days", "会议时间不超过{}个半天"), ("per_department_per_year", "每个部门每年不超过{}次"),
                          ("request_lead_workdays", "提前{}个工作日报送请示"), ("request_lead_days", "请示召开会议须提前{}天"),
                          ("national_meeting_lead_months", "承接全国性会议提前{}个月请示"),
                          ("annual_plan_due", "年度会议计划于每年{}前报送")):
            leaf = getattr(c, key)
            if leaf is not None and leaf.value is not None:
                limits.append((text.format(leaf.value), rule_of(profile, leaf).basis))
    types = rules.meeting_types(profile)
    rows = []
    for r in requests:
        steps = rules.conference_chain(started_under[r.id], r.kind, r.national)
        step = steps[r.steps_done] if r.state == "requested" and r.steps_done < len(steps) else None
        following = steps[r.steps_done + 1] if step and r.steps_done + 1 < len(steps) else None
        rows.append({
            "request": r, "department": departments.get(r.department_id, ""),
            "what": labels.word(r.meeting_kind, names) if r.kind == "meeting_request" else ("全国性会议" if r.national else "全区（市）性会议"),
            "next": f"{labels.post(step.by, names)}{labels.word(step.action)}" if step else None,
            "resolutions": [(res.id, text) for res, kind, text in decided if step and kind == step.by] if step and step.by in types else None,
            "optional": f"{labels.post(following.by, names)}（{following.note}）" if following and following.when_needed else None,
            "pin": pins[r.id], "mine": r.id in mine,
        })
    offered = [(e.name, e.label) for key in ("max_minutes", "max_speech_minutes", "max_half_days", "per_department_per_year",
                                              "request_lead_days")
               if c is not None and (leaf := getattr(c, key)) is not None for e in leaf.exceptions]
    ask_kinds = [(k, labels.word(k, names)) for k in ("head_office", "topical") if k in types] \
        if c is not None and c.meeting_request_chain is not None else []
    return ctx.render("meetings/conferences.html", rows=rows, page=requests, limits=limits, departments=departments, ask_kinds=ask_kinds,
                      offered=offered,
                      chain=[f"{labels.post(s.by, names)}{labels.word(s.action)}" for s in chain],
                      chain_basis=rule_of(profile, c.approval_chain).basis if c and c.approval_chain else "",
                      can_move=ctx.can("versions.move"))


@router.post("/t/{tenant}/conferences")
def request_conference(ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    asked = str(form.get("meeting_kind", ""))
    _run(ctx, "meetings.request_conference", lambda uow: conference_approval.request_conference(
        uow, department_id=_int(form, "department_id"), title=str(form.get("title", "")), held_on=_date(form, "held_on"),
        duration_minutes=_int(form, "duration_minutes"), speech_minutes=_int(form, "speech_minutes", required=False) or 0,
        national=form.get("national") == "1", kind="meeting_request" if asked else "conference",
        meeting_kind=asked or None, exceptions=[e for e in form.getlist("exceptions") if isinstance(e, str) and e]))
    return _back(ctx, "conferences")


@router.post("/t/{tenant}/conferences/{request_id}/approve")
def approve_conference(request_id: int, ctx: TenantPageContext = TenantPageCtx, form: FormData = CheckedForm):
    _run(ctx, "meetings.approve_conference", lambda uow: conference_approval.approve_conference(
        uow, request_id=request_id, expected_version=_version(form),
        resolution_id=_int(form, "resolution_id", required=False), needed=form.get("needed") == "1"))
    return _back(ctx, "conferences")
