"""Use cases of disclosure: items enter the queue (from meetings, documents or the office),
pass the confidentiality check, are published with their interpretation; the public files
requests that the office extends once and answers on the statutory clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from zhengwu.calendar import china_date, default_calendar
from zhengwu.core import audit, permissions, serials
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.paging import Page, keyset
from zhengwu.core.tenants import profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.users import User
from zhengwu.core.realdates import real_date
from zhengwu.core.verdict import Verdict
from zhengwu.deadlines import service as deadlines
from zhengwu.core.deviations import deviation
from zhengwu.disclosure import rules
from zhengwu.disclosure.models import DisclosureItem, DisclosureRequest
from zhengwu.org.rules import OFFICE_KINDS
from zhengwu.rulebook.profile import Profile
from zhengwu.rulebook.provenance import refusal, rule, rule_cite

DIRECTORS = ("office_director", "secretary_general", "deputy_office_director", "deputy_secretary_general")
# 《政府信息公开条例》第三十六条: the kinds of answer to a request.
REPLY_KINDS = {
    "already_public": "已主动公开，告知获取方式",
    "provided": "予以公开",
    "refused": "不予公开并说明理由",
    "not_exist": "信息不存在",
    "not_ours": "不属于本机关公开职责",
    "duplicate": "重复申请，不予重复处理",
    "special_law": "按有关法律、行政法规办理",
}
REPLY_CITE = "law-disclosure-2019:36"
REPLY_DEADLINE = "disclosure_reply"  # deadline kind (registered in disclosure/deadlines.py)

permissions.define("disclosure.view", "查看政务公开事项和公开申请", "本单位成员", permissions.member)
permissions.define("disclosure.submit", "提交公开事项", "本单位各部门及政府办公室在职人员",
                   permissions.any_of(permissions.holds_a_post, permissions.operator))
permissions.define("disclosure.manage", "保密审查、发布政务公开事项、答复公开申请", "政府办公室",
                   permissions.office_or_operator(*OFFICE_KINDS))
permissions.define("disclosure.extend", "批准延长公开申请答复期限", "政府信息公开工作机构负责人",
                   permissions.holds(*DIRECTORS), "law-disclosure-2019:33")

audit.label(
    actions={"disclosure.submit": "提交公开事项", "disclosure.check": "保密审查", "disclosure.withhold": "不予公开",
             "disclosure.interpretation": "登记政策解读", "disclosure.publish": "发布公开事项",
             "disclosure.request": "收到政府信息公开申请", "disclosure.register_request": "登记线下收到的公开申请",
             "disclosure.extend": "延长答复期限",
             "disclosure.reply": "答复公开申请"},
    objects={"disclosure_item": "政务公开事项", "disclosure_request": "政府信息公开申请"},
)


def _item(session: Session, tenant_id: int, item_id: int) -> DisclosureItem:
    return get_in_tenant(session, DisclosureItem, item_id, tenant_id, "公开事项")


def get_request(session: Session, tenant_id: int, request_id: int) -> DisclosureRequest:
    return get_in_tenant(session, DisclosureRequest, request_id, tenant_id, "公开申请")


def items(session: Session, tenant_id: int, state: str | None = None) -> list[DisclosureItem]:
    query = select(DisclosureItem).where(DisclosureItem.tenant_id == tenant_id)
    if state is not None:
        query = query.where(DisclosureItem.state == state)
    return list(session.execute(query.order_by(DisclosureItem.formed_on.desc(), DisclosureItem.id.desc())).scalars())


def item_page(session: Session, tenant_id: int, state: str | None = None, *, after: int | None = None,
              limit: int | None = None) -> Page[DisclosureItem]:
    """A page of items in one state (or all), newest entered first: what the desk and the API show."""
    query = select(DisclosureItem).where(DisclosureItem.tenant_id == tenant_id)
    if state is not None:
        query = query.where(DisclosureItem.state == state)
    return keyset(session, query, DisclosureItem.id, after=after, limit=limit)


def published_page(session: Session, tenant_id: int, *, after: int | None = None,
                   limit: int | None = None) -> Page[DisclosureItem]:
    """What the public portal lists, a page at a time: published items, newest entered first."""
    return item_page(session, tenant_id, "published", after=after, limit=limit)


def request_page(session: Session, tenant_id: int, *, after: int | None = None,
                 limit: int | None = None) -> Page[DisclosureRequest]:
    """A page of disclosure requests, newest first."""
    query = select(DisclosureRequest).where(DisclosureRequest.tenant_id == tenant_id)
    return keyset(session, query, DisclosureRequest.id, after=after, limit=limit)


def submit(uow: TenantWork, *, kind: str, title: str, formed_on: date, body: str = "",
           meeting_kind: str | None = None, classification: str | None = None, source_ref: str | None = None,
           interpretation: str | None = None) -> DisclosureItem:
    """Queue a resolution, policy or government document for publication; a classified one is
    recorded as withheld (《政府信息公开条例》第十四条). `disclosure.handlers` calls this on the
    meetings' and documents' events, when a resolution is decided or a document issued."""
    permissions.require(uow, "disclosure.submit")
    rules.check_item(kind, title, meeting_kind, classification).raise_if_refused()
    profile = profile_on(uow.session, uow.tenant_id, formed_on)  # the clock runs from the day it was formed
    needed, cite = rules.required(profile, kind, meeting_kind)
    item = DisclosureItem(
        tenant_id=uow.tenant_id, kind=kind, title=title.strip(), body=body.strip(), meeting_kind=meeting_kind,
        source_ref=(source_ref or "").strip() or None, formed_on=formed_on, classification=classification,
        required=needed, state="withheld" if classification else "queued",
        withheld_reason=f"定为{rules.CLASSIFICATION_LABELS[classification]}" if classification else None,
        interpretation=(interpretation or "").strip() or None, created_at=uow.now)
    uow.session.add(item)
    uow.session.flush()
    uow.record("disclosure.submit", object_type="disclosure_item", object_id=item.id, subject=item,
               cite=rules.CLASSIFIED_CITE if classification else cite)
    return item


def check_confidentiality(uow: TenantWork, item_id: int, expected_version: int, *, cleared: bool, note: str = "") -> DisclosureItem:
    """The confidentiality check (保密审查): cleared for publication, or withheld with the reason."""
    permissions.require(uow, "disclosure.manage")
    item = _item(uow.session, uow.tenant_id, item_id)
    item.expect_version(expected_version, f"公开事项「{item.title}」")
    if item.state != "queued":
        Verdict.refused("not_queued", f"「{item.title}」不在待公开队列中。").raise_if_refused()
    if item.confidentiality_checked_at is not None:
        Verdict.refused("already_checked", f"「{item.title}」已于 {item.confidentiality_checked_at:%Y-%m-%d} 经"
                        f"{item.confidentiality_checked_by}保密审查。").raise_if_refused()
    if not cleared and not note.strip():
        refusal("reason_missing", "不予公开须说明理由", rules.CLASSIFIED_CITE).raise_if_refused()
    profile = profile_on(uow.session, uow.tenant_id, uow.today)
    item.confidentiality_checked_at, item.confidentiality_checked_by = uow.now, uow.actor.label
    if cleared:
        action, cite = "disclosure.check", rule_cite(profile, "disclosure.confidentiality_review")
    else:
        item.state, item.withheld_reason = "withheld", note.strip()
        action, cite = "disclosure.withhold", rules.CLASSIFIED_CITE
    uow.session.flush()
    uow.record(action, object_type="disclosure_item", object_id=item.id, subject=item, cite=cite)
    return item


def set_interpretation(uow: TenantWork, item_id: int, expected_version: int, text: str) -> DisclosureItem:
    permissions.require(uow, "disclosure.manage")
    item = _item(uow.session, uow.tenant_id, item_id)
    item.expect_version(expected_version, f"公开事项「{item.title}」")
    if item.state != "queued":
        Verdict.refused("not_queued", f"「{item.title}」不在待公开队列中，解读须与政策同步发布。").raise_if_refused()
    if not text.strip():
        Verdict.refused("text_missing", "解读内容不能为空。").raise_if_refused()
    item.interpretation = text.strip()
    uow.session.flush()
    uow.record("disclosure.interpretation", object_type="disclosure_item", object_id=item.id, subject=item, cite=rule_cite(profile_on(uow.session, uow.tenant_id, uow.today),
                                                    "disclosure.interpretation_with_policy"))
    return item


def publish(uow: TenantWork, item_id: int, expected_version: int) -> DisclosureItem:
    permissions.require(uow, "disclosure.manage")
    item = _item(uow.session, uow.tenant_id, item_id)
    item.expect_version(expected_version, f"公开事项「{item.title}」")
    if item.state == "published":
        Verdict.refused("already_published", f"「{item.title}」已公开。").raise_if_refused()
    profile = profile_on(uow.session, uow.tenant_id, item.formed_on)
    verdict = rules.check_publish(profile, item.state_for_rules())
    if item.state == "withheld" and verdict.ok:
        verdict = Verdict.refused("withheld", f"「{item.title}」经审查不予公开：{item.withheld_reason}")
    verdict.raise_if_refused()
    item.state, item.published_at = "published", uow.now
    uow.session.flush()
    uow.record("disclosure.publish", object_type="disclosure_item", object_id=item.id, subject=item, cite=rules.required(profile, item.kind, item.meeting_kind)[1])
    return item


# --- requests ------------------------------------------------------------------------------


def requests(session: Session, tenant_id: int) -> list[DisclosureRequest]:
    query = select(DisclosureRequest).where(DisclosureRequest.tenant_id == tenant_id)
    return list(session.execute(query.order_by(DisclosureRequest.state, DisclosureRequest.received_on,
                                               DisclosureRequest.id)).scalars())


def request_profile(session: Session, request: DisclosureRequest) -> Profile:
    """The rules of a request's clock: those in force on the day it was received."""
    return profile_on(session, request.tenant_id, request.received_on)


def clock(session: Session, request: DisclosureRequest, today: date) -> rules.RequestClock:
    return rules.request_clock(request_profile(session, request), default_calendar(), request.state_for_rules(), today)




def _who(uow: TenantWork) -> str:
    """The registering person's name as pages show it (an actor's label carries the login id)."""
    user = uow.session.get(User, uow.actor.user_id) if uow.actor.user_id is not None else None
    return user.display_name if user else uow.actor.label


SERIES = "disclosure_request"


def request_number(year: int, seq: int) -> str:
    """申请编号: 「依申请〔2026〕3号」, the year of receipt (Beijing calendar), counted from 1 each year."""
    return f"依申请〔{year}〕{seq}号"


def _new_request(uow: TenantWork, app: rules.Application, received_on: date, channel: str) -> DisclosureRequest:
    request = DisclosureRequest(tenant_id=uow.tenant_id, applicant=app.applicant.strip()[:100],
                                identity_type=app.identity_type, identity_number=app.identity_number.strip()[:50],
                                medium=app.medium, delivery=app.delivery,
                                contact=app.contact.strip()[:200], description=app.description.strip(),
                                received_on=received_on, channel=channel, registered_by=_who(uow),
                                state="open", created_at=uow.now,
                                number=request_number(received_on.year,
                                                      serials.take(uow.session, uow.tenant_id, SERIES, received_on.year)))
    uow.session.add(request)
    uow.session.flush()
    _schedule_reply(uow, request)
    return request


def _schedule_reply(uow: TenantWork, request: DisclosureRequest) -> None:
    """The reply's deadline fires by itself: 催办 before and on the day, overdue after."""
    profile = profile_on(uow.session, uow.tenant_id, request.received_on)
    state = request.state_for_rules()
    deadlines.schedule(uow, REPLY_DEADLINE, request.id, due=rules.reply_due(profile, default_calendar(), state),
                       title=f"{request.applicant}申请公开「{request.description[:40]}」", trail_type="disclosure_request",
                       trail_id=request.id, cite=rule_cite(profile, rules.REPLY_KEY), start_on=request.received_on,
                       count=rule(profile, rules.REPLY_KEY).value + state.extension_workdays, unit="workdays")


def file_request(uow: TenantWork, app: rules.Application) -> DisclosureRequest:
    """A request from the public through the portal, with what 条例第二十九条 requires; received
    the day it is filed online (the portal confirms it at once, 第三十一条第（三）项)."""
    rules.check_application(app).raise_if_refused()
    request = _new_request(uow, app, uow.today, "online")
    uow.record("disclosure.request", object_type="disclosure_request", object_id=request.id, subject=request,
               cite=rule_cite(profile_on(uow.session, uow.tenant_id, uow.today), rules.REPLY_KEY))
    return request


def register_request(uow: TenantWork, app: rules.Application, *, channel: str, on: date | None) -> DisclosureRequest:
    """The office registers a request that came in person, by post or by fax, with the day it
    counts as received under 条例第三十一条 (`on`: the day it was handed in, signed for or
    confirmed); the reply clock runs from that day, the audit keeps who registered it and when."""
    permissions.require(uow, "disclosure.manage")
    rules.check_application(app).raise_if_refused()
    receipt = rules.receipt(channel, on)
    received_on = real_date(receipt.received_on, uow.today, f"收到申请之日（{receipt.basis}）")
    request = _new_request(uow, app, received_on, channel)
    uow.record("disclosure.register_request", object_type="disclosure_request", object_id=request.id,
               subject=request, cite=receipt.cite,
               detail={"channel": rules.RECEIPT_CHANNELS[channel][0], "received_on": received_on.isoformat(),
                       "basis": receipt.basis, "registered_on": uow.today.isoformat()})
    return request


def extend_request(uow: TenantWork, request_id: int, expected_version: int, *, workdays: int, reason: str) -> DisclosureRequest:
    """One extension, approved by the head of the disclosure office (the actor)."""
    permissions.require(uow, "disclosure.extend")
    request = get_request(uow.session, uow.tenant_id, request_id)
    request.expect_version(expected_version, f"第 {request.id} 号公开申请")
    profile = request_profile(uow.session, request)
    verdict = rules.check_extension(profile, default_calendar(), request.state_for_rules(), workdays,
                                    uow.actor.label, uow.today)
    if not reason.strip():
        verdict &= Verdict.refused("reason_missing", "延长答复期限须说明理由，并告知申请人。")
    verdict.raise_if_refused()
    request.extension_workdays, request.extension_reason = workdays, reason.strip()
    request.extension_approver, request.extended_on = uow.actor.label, uow.today
    uow.session.flush()
    _schedule_reply(uow, request)
    uow.record("disclosure.extend", object_type="disclosure_request", object_id=request.id, subject=request, cite=rule_cite(profile, rules.EXTENSION_KEY))
    return request


def reply_request(uow: TenantWork, request_id: int, expected_version: int, *, reply_kind: str, text: str) -> DisclosureRequest:
    """Answer the request; a late answer is still given, and flagged with the article."""
    permissions.require(uow, "disclosure.manage")
    request = get_request(uow.session, uow.tenant_id, request_id)
    request.expect_version(expected_version, f"第 {request.id} 号公开申请")
    verdict = Verdict.passed()
    if request.state == "replied":
        verdict &= Verdict.refused("already_replied", f"第 {request.id} 号申请已于 {request.replied_on} 答复。")
    if reply_kind not in REPLY_KINDS:
        verdict &= refusal("unknown_reply", "请选择答复类型", REPLY_CITE)
    if not text.strip():
        verdict &= Verdict.refused("text_missing", "答复内容不能为空。")
    verdict.raise_if_refused()
    profile = request_profile(uow.session, request)
    request.state, request.replied_on = "replied", uow.today
    request.reply_kind, request.reply_text = reply_kind, text.strip()
    timing = clock(uow.session, request, uow.today)
    request.late = timing.late
    uow.session.flush()
    deadlines.close(uow, REPLY_DEADLINE, request.id, outcome="replied_late" if timing.late else "replied")
    uow.record("disclosure.reply", object_type="disclosure_request", object_id=request.id, subject=request, cite=rule_cite(profile, rules.REPLY_KEY),
               detail={"reasons": [r.as_dict() for r in timing.verdict.reasons]} if timing.late else None)
    return request


# --- for the compliance report -------------------------------------------------------------


def deviations(session: Session, tenant_id: int, start: date, end: date, today: date) -> list[dict]:
    """Items the profile requires published whose deadline fell in [start, end] and that were
    published late or not at all by `today`; requests whose reply was due in the period and came
    late or not at all. Each: {object_type, object_id, title, on, code, message, cite}."""
    calendar = default_calendar()
    found = []
    for item in items(session, tenant_id):
        profile = profile_on(session, tenant_id, item.formed_on)
        due = rules.publication_due(profile, calendar, item.formed_on)
        if due is None or not start <= due <= end:
            continue
        published_on = china_date(item.published_at) if item.published_at else None
        if published_on is not None and published_on > today:
            published_on = None  # as seen on `today`, not yet published
        verdict = rules.check_published_in_time(profile, calendar, item.state_for_rules(), published_on, today)
        found += [deviation("disclosure_item", item.id, item.title, due, r, profile) for r in verdict.reasons]
    for request in requests(session, tenant_id):
        state = request.state_for_rules()
        if state.replied_on is not None and state.replied_on > today:
            state = replace(state, replied_on=None)  # as seen on `today`, not yet answered
        profile = request_profile(session, request)
        timing = rules.request_clock(profile, calendar, state, today)
        if start <= timing.due_on <= end:
            found += [deviation("disclosure_request", request.id, request.description[:60], timing.due_on, r, profile)
                      for r in timing.verdict.reasons]
    return found
