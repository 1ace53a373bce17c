"""Notices: turning the domains' events into notices, each person's notice centre, the channel
settings, and 催办 by the office.

`on_event` runs inside the publishing use case's transaction (core/events.py): the in-app
notices and the outbox rows of e-mails and webhook posts commit with the step that caused them,
or not at all. Nothing is sent here — `notices.delivery` sends the outbox after the commit, so a
mail server that is down never fails anybody's action.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from zhengwu.core import audit, permissions
from zhengwu.core.db import written_at_commit
from zhengwu.core.errors import NotFound
from zhengwu.core.notify_events import Decided, Item, Notify, Reminded, To, WorkArrived, WorkReturned
from zhengwu.core.paging import Page, keyset
from zhengwu.core.permissions import any_of, holds, holds_a_post, platform_admin
from zhengwu.core.settings import base_url_from_env
from zhengwu.core.tenants import Tenant
from zhengwu.core.uow import TenantWork
from zhengwu.core.users import Membership, User
from zhengwu.core.verdict import RuleViolation, Verdict
from zhengwu.notices.models import ChannelSettings, Notice, OutboxMessage, Preference
from zhengwu.org import rules as org_rules
from zhengwu.org import state_cache
from zhengwu.org.models import Department
from zhengwu.org.service import authorities, is_member, kept_with_org, load_state
from zhengwu.rulebook.cite import basis

# 《党政机关公文处理工作条例》第二十四条第（六）项: 催办 is the office's step of 收文办理.
REMIND_CITE = "law-gongwen-2012:24.6"
OFFICE_LEADS = ("office_director", "secretary_general", "deputy_office_director", "deputy_secretary_general")

# Notices are about work, and work comes to posts: a member who holds none has no notice centre.
permissions.define("notice.view", "查看本人通知", "本单位在职人员", holds_a_post)
permissions.define("notice.remind", "催办", "政府办公室工作人员", holds(*org_rules.OFFICE_KINDS), REMIND_CITE)
permissions.define("notice.settings", "设置本单位的通知渠道（邮件服务器、群机器人）",
                   "办公室主任（秘书长）、副主任（副秘书长）或平台管理员", any_of(holds(*OFFICE_LEADS), platform_admin))

audit.label(actions={"notice.remind": "催办", "notice.settings": "设置通知渠道", "notice.preferences": "设置本人接收方式"},
            objects={"notice_settings": "通知渠道", "notice_preference": "接收方式"})

KIND_LABELS = {"arrived": "待办", "returned": "退回", "decided": "办理结果", "reminded": "催办", "overdue": "逾期"}
MAX_ROBOTS = 5
MAX_NOTE = 500


def _kind(event: Notify) -> str:
    if isinstance(event, Reminded):
        return "overdue" if event.overdue else "reminded"
    if isinstance(event, WorkReturned):
        return "returned"
    if isinstance(event, Decided):
        return "decided"
    return "arrived"


# --- recipients -----------------------------------------------------------------------------


def recipients(session: Session, tenant_id: int, to: To, now: datetime) -> list[int]:
    """The people `to` names on `now`: the users named, the principal heads of the units named,
    and whoever holds the posts named — or acts in them while the holder is away (AB角, 补位).
    From the org kept under its stamp (org.service): every step that makes work asks."""
    state, _, held = authorities(session, tenant_id, now)
    posts = set(to.posts) | (set(org_rules.OFFICE_KINDS) if "office" in to.posts else set())
    found = list(dict.fromkeys(to.users))
    for seat in state.seats:
        unit = seat.kind == "department_head" and seat.department_id in to.units
        if not (unit or seat.kind in posts):
            continue
        for user_id in (seat.holder_id, held[seat.post_id].acting_id):
            if user_id is not None and user_id not in found:
                found.append(user_id)
    # Only members of the government: a stale id must not reach a stranger.
    return [u for u in found if is_member(session, tenant_id, u)]


def addressed(session: Session, tenant_id: int, to: To) -> str:
    """「财政局、张区长」: whom a group robot's message is for."""
    names = []
    if to.units:
        rows = dict(session.execute(select(Department.id, Department.name).where(
            Department.tenant_id == tenant_id, Department.id.in_(list(to.units)))).all())
        names += [rows[u] for u in to.units if u in rows]
    if to.users:
        rows = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(list(to.users)))).all())
        names += [rows[u] for u in to.users if u in rows]
    if to.posts:
        names += [_post_title(session, tenant_id, p) for p in to.posts]
    return "、".join(dict.fromkeys(n for n in names if n))


def _post_title(session: Session, tenant_id: int, post: str) -> str:
    if post == "office":
        return "政府办公室"
    state = load_state(session, tenant_id)
    return next((s.title for s in state.seats_of(post)), "")


# --- writing notices --------------------------------------------------------------------------


def channel_settings(session: Session, tenant_id: int) -> ChannelSettings:
    """The government's channel settings; unsaved ones are the defaults (in-app only)."""
    row = session.execute(select(ChannelSettings).where(ChannelSettings.tenant_id == tenant_id)).scalar_one_or_none()
    return row or ChannelSettings(tenant_id=tenant_id, inapp=True, email=False, webhook=False, smtp_host="",
                                  smtp_port=25, smtp_sender="", smtp_starttls=False, smtp_username="",
                                  smtp_password="", robot_urls=[])


def preference(session: Session, tenant_id: int, user_id: int) -> Preference:
    row = session.execute(select(Preference).where(Preference.tenant_id == tenant_id,
                                                   Preference.user_id == user_id)).scalar_one_or_none()
    return row or Preference(tenant_id=tenant_id, user_id=user_id, inapp=True, email=False, webhook=False,
                             email_address="", webhook_url="")


# What each step's notices ask — the government's channels, each recipient's choices, the
# tenant's address — is kept with the org under its stamp (org.service.kept_with_org), as plain
# values: a step that tells people of their work reads none of it while nothing changed. A write
# to the channels or a choice redraws the stamp (below), so the next transaction reads it anew.
state_cache.watch(ChannelSettings, Preference)


@dataclass(frozen=True)
class _Channels:
    inapp: bool
    email: bool
    webhook: bool
    robot_urls: tuple[str, ...]


@dataclass(frozen=True)
class _Choice:
    inapp: bool
    email: bool
    webhook: bool
    email_address: str
    webhook_url: str


def _channels(session: Session, tenant_id: int) -> _Channels:
    def read() -> _Channels:
        row = channel_settings(session, tenant_id)
        return _Channels(row.inapp, row.email, row.webhook, tuple(row.robot_urls or ()))

    return kept_with_org(session, tenant_id, "notice_channels", read)


def _preference(session: Session, tenant_id: int, user_id: int) -> _Choice:
    def read() -> _Choice:
        row = preference(session, tenant_id, user_id)
        return _Choice(row.inapp, row.email, row.webhook, row.email_address, row.webhook_url)

    return kept_with_org(session, tenant_id, ("notice_preference", user_id), read)


def _slug(session: Session, tenant_id: int) -> str:
    """The tenant's address in a link: a slug is given once, at its creation, and never changes."""
    return kept_with_org(session, tenant_id, "slug", lambda: session.get_one(Tenant, tenant_id).slug)


@dataclass(frozen=True)
class Message:
    subject: str
    body: str  # plain text: the e-mail body, the robot's text


def compose(event: Notify, url: str) -> Message:
    """What every channel says: the kind, the item, why, the due day, the article and the link."""
    label = KIND_LABELS[_kind(event)]
    subject = f"【{label}】{event.what}：{event.title}"
    lines = [subject]
    if isinstance(event, WorkReturned) and event.reason:
        lines.append(f"退回理由：{event.reason}")
    if isinstance(event, Decided) and event.outcome:
        lines.append(f"结果：{event.outcome}")
    if isinstance(event, Reminded):
        if event.message:
            lines.append(event.message)
        if event.by:
            lines.append(f"催办人：{event.by}")
    if event.due is not None:
        lines.append(f"办理期限：{event.due.year}年{event.due.month}月{event.due.day}日")
    if event.cite:
        try:
            lines.append(basis(event.cite))
        except Exception:  # noqa: BLE001 — a cite that no longer resolves is still worth sending as stored
            lines.append(f"依据：{event.cite}")
    lines.append(f"办理链接：{url}")
    return Message(subject[:500], "\n".join(lines))


def on_event(uow: TenantWork, event: Notify) -> None:
    """The subscriber: notices and outbox rows for each recipient, on the channels the
    government enabled and the person chose. The actor is not told of their own step."""
    session = uow.session
    people = [u for u in recipients(session, event.tenant_id, event.to, uow.now) if u != uow.actor.user_id]
    found = _channels(session, event.tenant_id)
    url = f"{base_url_from_env()}/t/{_slug(session, event.tenant_id)}/{event.link.lstrip('/')}"
    message = compose(event, url)
    kind = _kind(event)
    rows = written_at_commit(session, _AT_COMMIT, _Written, _write)
    for user_id in people:
        mine = _preference(session, event.tenant_id, user_id)
        if found.inapp and mine.inapp:
            rows.notices.append(dict(tenant_id=event.tenant_id, user_id=user_id, kind=kind, what=event.what[:100],
                                     title=event.title[:500], subject=message.subject, body=message.body,
                                     link=event.link.lstrip("/"), cite=event.cite, due=event.due,
                                     object_type=event.object_type, object_id=event.object_id, read_at=None,
                                     created_at=uow.now))
        if found.email and mine.email and mine.email_address:
            rows.outbox.append(_outgoing(uow, event.tenant_id, "email", mine.email_address, message))
        if found.webhook and mine.webhook and mine.webhook_url:
            rows.outbox.append(_outgoing(uow, event.tenant_id, "webhook", mine.webhook_url, message))
    if found.webhook and found.robot_urls and people:
        to = addressed(session, event.tenant_id, event.to)
        group = Message(message.subject, f"致：{to}\n{message.body}" if to else message.body)
        rows.outbox.extend(_outgoing(uow, event.tenant_id, "webhook", robot, group) for robot in found.robot_urls)


def _outgoing(uow: TenantWork, tenant_id: int, channel: str, target: str, message: Message) -> dict:
    return dict(tenant_id=tenant_id, channel=channel, target=target, subject=message.subject, body=message.body,
                state="pending", attempts=0, next_attempt_at=uow.now, claimed_until=None, last_error=None,
                sent_at=None, created_at=uow.now)


# A step's notices and outbox rows are read by nobody in its own transaction (the notice centre
# and the deliverer read them after it commits), so they are written when it commits, all of a
# batch's in one statement a table, with neither an ORM object nor a flush of their own.
_AT_COMMIT = "notices"
_NOTICES = insert(Notice)
_OUTBOX = insert(OutboxMessage)


@dataclass
class _Written:
    notices: list[dict] = field(default_factory=list)
    outbox: list[dict] = field(default_factory=list)


def _write(session: Session, rows: _Written) -> None:
    connection = session.connection()
    for statement, values in ((_NOTICES, rows.notices), (_OUTBOX, rows.outbox)):
        if values:
            connection.execute(statement, values)


def install(bus) -> None:
    for event_type in (WorkArrived, WorkReturned, Decided, Reminded):
        bus.subscribe(event_type, on_event)


# --- the notice centre ----------------------------------------------------------------------


def inbox(session: Session, tenant_id: int, user_id: int, *, unread_only: bool = False, after: int | None = None,
          limit: int | None = None) -> Page[Notice]:
    query = select(Notice).where(Notice.tenant_id == tenant_id, Notice.user_id == user_id)
    if unread_only:
        query = query.where(Notice.read_at.is_(None))
    return keyset(session, query, Notice.id, after=after, limit=limit)


def unread_count(session: Session, tenant_id: int, user_id: int) -> int:
    return session.execute(select(func.count(Notice.id)).where(
        Notice.tenant_id == tenant_id, Notice.user_id == user_id, Notice.read_at.is_(None))).scalar() or 0


def _own_notice(session: Session, tenant_id: int, user_id: int, notice_id: int) -> Notice:
    row = session.get(Notice, notice_id)
    if row is None or row.tenant_id != tenant_id or row.user_id != user_id:
        raise NotFound("没有这条通知。")
    return row


def mark_read(session: Session, tenant_id: int, user_id: int, notice_id: int, now: datetime) -> Notice:
    """Reading one's own notice changes nothing of the government's work: not audited."""
    row = _own_notice(session, tenant_id, user_id, notice_id)
    if row.read_at is None:
        row.read_at = now
    return row


def mark_all_read(session: Session, tenant_id: int, user_id: int, now: datetime) -> int:
    result = session.execute(update(Notice).where(Notice.tenant_id == tenant_id, Notice.user_id == user_id,
                                                  Notice.read_at.is_(None)).values(read_at=now))
    return result.rowcount or 0  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult


def get_notice(session: Session, tenant_id: int, user_id: int, notice_id: int) -> Notice:
    return _own_notice(session, tenant_id, user_id, notice_id)


# --- settings -------------------------------------------------------------------------------


def _url_problem(url: str, field: str) -> Verdict:
    if not url.startswith(("http://", "https://")) or len(url) > 500 or any(c.isspace() for c in url):
        return Verdict.refused("bad_url", f"{field}「{url[:80]}」不是有效的网址（应以 http:// 或 https:// 开头，不含空格）。")
    return Verdict.passed()


def _address_problem(address: str, field: str) -> Verdict:
    name, at, domain = address.partition("@")
    if not at or not name or "." not in domain or any(c.isspace() for c in address) or len(address) > 200:
        return Verdict.refused("bad_address", f"{field}「{address[:80]}」不是有效的电子邮件地址。")
    return Verdict.passed()


def save_settings(uow: TenantWork, *, inapp: bool, email: bool, webhook: bool, smtp_host: str, smtp_port: int,
                  smtp_sender: str, smtp_starttls: bool, smtp_username: str, smtp_password: str | None,
                  robot_urls: list[str], expected_version: int | None) -> ChannelSettings:
    """The government's channels. `smtp_password` None keeps the stored one (pages never show it).
    `expected_version` is that of the settings the person saw, None when they saw the defaults
    (none saved yet): settings saved meanwhile by someone else are then refused as stale."""
    permissions.require(uow, "notice.settings")
    robots = [u.strip() for u in robot_urls if u.strip()]
    verdict = Verdict.passed()
    if not 1 <= smtp_port <= 65535:
        verdict &= Verdict.refused("bad_port", "邮件服务器端口应为 1 至 65535 之间的整数。")
    if email and not smtp_host.strip():
        verdict &= Verdict.refused("smtp_host_missing", "启用电子邮件通知须填写邮件服务器地址。")
    if email or smtp_sender.strip():
        verdict &= _address_problem(smtp_sender.strip(), "发件人地址")
    if len(robots) > MAX_ROBOTS:
        verdict &= Verdict.refused("too_many_robots", f"群机器人地址最多 {MAX_ROBOTS} 个。")
    for robot in robots:
        verdict &= _url_problem(robot, "群机器人地址")
    verdict.raise_if_refused()
    row = uow.session.execute(select(ChannelSettings).where(ChannelSettings.tenant_id == uow.tenant_id)).scalar_one_or_none()
    if row is None:
        row = channel_settings(uow.session, uow.tenant_id)
        uow.session.add(row)
    else:
        row.expect_version(expected_version, "本单位的通知渠道设置")
    row.inapp, row.email, row.webhook = inapp, email, webhook
    row.smtp_host, row.smtp_port, row.smtp_sender = smtp_host.strip(), smtp_port, smtp_sender.strip()
    row.smtp_starttls, row.smtp_username = smtp_starttls, smtp_username.strip()
    if smtp_password is not None:
        row.smtp_password = smtp_password
    row.robot_urls = robots
    row.updated_at = uow.now
    uow.session.flush()
    uow.record("notice.settings", object_type="notice_settings", object_id=row.id, subject=row)
    return row


def save_preferences(uow: TenantWork, *, inapp: bool, email: bool, webhook: bool, email_address: str,
                     webhook_url: str, expected_version: int | None) -> Preference:
    """A person's own choices; a channel chosen needs its address. `expected_version` is that of
    the choices the person saw, None when they saw the defaults (none saved yet): choices saved
    meanwhile (in another window) are then refused as stale."""
    permissions.require(uow, "notice.view")
    user_id = uow.person("设置本人的通知方式")
    email_address, webhook_url = email_address.strip(), webhook_url.strip()
    verdict = Verdict.passed()
    if email or email_address:
        verdict &= _address_problem(email_address, "电子邮件地址")
    if webhook or webhook_url:
        verdict &= _url_problem(webhook_url, "个人机器人地址")
    verdict.raise_if_refused()
    row = uow.session.execute(select(Preference).where(Preference.tenant_id == uow.tenant_id,
                                                       Preference.user_id == user_id)).scalar_one_or_none()
    if row is None:
        row = preference(uow.session, uow.tenant_id, user_id)
        uow.session.add(row)
    else:
        row.expect_version(expected_version, "本人的通知接收方式")
    row.inapp, row.email, row.webhook = inapp, email, webhook
    row.email_address, row.webhook_url, row.updated_at = email_address, webhook_url, uow.now
    uow.session.flush()
    uow.record("notice.preferences", object_type="notice_preference", object_id=row.id, subject=row)
    return row


# --- 催办 ------------------------------------------------------------------------------------


ItemLookup = Callable[[Session, int, str], Item | None]
_ITEMS: dict[str, ItemLookup] = {}


def remindable(object_type: str, lookup: ItemLookup) -> None:
    """A domain's items the office may chase: `lookup(session, tenant_id, object_id)` describes
    one, or None when the tenant has no such item (registered in `zhengwu.wiring.install()`)."""
    _ITEMS[object_type] = lookup


def item(session: Session, tenant_id: int, object_type: str | None, object_id: str | None) -> Item | None:
    lookup = _ITEMS.get(object_type or "")
    return lookup(session, tenant_id, str(object_id)) if lookup and object_id is not None else None


def remind(uow: TenantWork, *, object_type: str, object_id: str, unit_id: int | None = None,
           user_id: int | None = None, message: str = "") -> list[int]:
    """催办 in one action: the office chases a unit or a person about one pending item; they
    are told on their channels, and the 催办 is audited (who, when, whom, about what)."""
    permissions.require(uow, "notice.remind")
    found = item(uow.session, uow.tenant_id, object_type, object_id)
    if found is None:
        raise NotFound("本单位没有这项待办事项。")
    to = _target(uow, unit_id, user_id)
    message = message.strip()
    verdict = Verdict.passed()
    if not found.pending:
        verdict &= Verdict.refused("item_done", f"{found.what}「{found.title}」已经办结，无须催办。", REMIND_CITE)
    if len(message) > MAX_NOTE:
        verdict &= Verdict.refused("note_too_long", f"催办说明过长（最多 {MAX_NOTE} 字，实为 {len(message)} 字）。",
                                   REMIND_CITE)
    verdict.raise_if_refused()
    people = [u for u in recipients(uow.session, uow.tenant_id, to, uow.now) if u != uow.actor.user_id]
    if not people:
        Verdict.refused("nobody_to_remind", "所选部门目前无人在岗（主要负责人空缺），无法催办。", REMIND_CITE).raise_if_refused()
    by = uow.session.get(User, uow.actor.user_id)
    whom = addressed(uow.session, uow.tenant_id, to)
    uow.publish(Reminded(tenant_id=uow.tenant_id, to=to, what=found.what, title=found.title, link=found.link,
                         cite=REMIND_CITE, message=message or "请抓紧办理，按期办结。",
                         by=by.display_name if by else uow.actor.label, object_type=object_type,
                         object_id=str(object_id)))
    uow.record("notice.remind", object_type=object_type, object_id=str(object_id), cite=REMIND_CITE,
               detail={"to": whom, "what": found.what, "title": found.title, "message": message})
    return people


def remind_about_notice(uow: TenantWork, *, notice_id: int, unit_id: int | None, user_id: int | None,
                        message: str = "") -> list[int]:
    """催办 from the notice centre: about the item one of the actor's own notices names."""
    row = _own_notice(uow.session, uow.tenant_id, uow.person("从通知催办"), notice_id)
    if row.object_type is None or row.object_id is None:
        raise RuleViolation(Verdict.refused("nothing_to_remind", "这条通知没有对应的待办事项，无法催办。", REMIND_CITE))
    return remind(uow, object_type=row.object_type, object_id=row.object_id, unit_id=unit_id, user_id=user_id,
                  message=message)


def _target(uow: TenantWork, unit_id: int | None, user_id: int | None) -> To:
    """Whom to chase: a unit of this government or one of its members; another's ids are unknown."""
    if unit_id is not None:
        unit = uow.session.get(Department, unit_id)
        if unit is None or unit.tenant_id != uow.tenant_id:
            raise NotFound("本单位没有这个部门。")
        return To(units=(unit_id,))
    if user_id is not None:
        known = uow.session.execute(select(Membership.id).where(Membership.tenant_id == uow.tenant_id,
                                                                Membership.user_id == user_id)).first()
        if known is None:
            raise NotFound("本单位没有这位人员。")
        return To(users=(user_id,))
    Verdict.refused("no_target", "请选择要催办的部门或人员。", REMIND_CITE).raise_if_refused()
    raise AssertionError  # unreachable: refused above


def remind_targets(session: Session, tenant_id: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The units and the people the office may chase, for the 催办 form."""
    units = [(unit_id, name) for unit_id, name in session.execute(
        select(Department.id, Department.name).where(Department.tenant_id == tenant_id).order_by(Department.id))]
    state = load_state(session, tenant_id)
    names = dict(session.execute(select(User.id, User.display_name).join(Membership, Membership.user_id == User.id)
                                 .where(Membership.tenant_id == tenant_id)).all())
    people: list[tuple[int, str]] = []
    for seat in state.seats:
        if seat.holder_id in names and all(seat.holder_id != p for p, _ in people):
            people.append((seat.holder_id, f"{names[seat.holder_id]}（{seat.title}）"))
    return units, people
