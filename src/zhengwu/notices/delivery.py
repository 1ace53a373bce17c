"""Delivering the outbox: e-mail over SMTP and webhook posts to group robots, after the commit.

The rows were written in the transaction of the step that caused them (notices.service), so a
message exists exactly when its step happened. A deliverer claims one row at a time in a short
transaction — `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, the single writer lock on SQLite —
marking it `sending` with a lease, so two deliverers never take the same row. It then sends with
no transaction open (a slow mail server holds no lock), and records the outcome: sent, or the
error and the next try after a growing pause; after MAX_ATTEMPTS the row is `failed` with its
last error for the operator. A deliverer that dies while sending leaves a lease that runs out,
and the row is tried again: an e-mail may then arrive twice, never zero times.

The deliverer runs in the same loops as the deadline processor: `zhengwu serve`'s background
thread and `zhengwu worker`.
"""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from sqlalchemy import and_, or_, select

from zhengwu.calendar import Clock
from zhengwu.core.db import Database
from zhengwu.notices.models import OutboxMessage
from zhengwu.notices.service import channel_settings

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)  # longer than any one send (SMTP and HTTP time out after TIMEOUT)
TIMEOUT = 20  # seconds


def backoff(attempts: int) -> timedelta:
    """The pause before try `attempts + 1`: 1, 2, 4 … minutes, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


@dataclass(frozen=True)
class Claimed:
    id: int
    channel: str
    target: str
    subject: str
    body: str
    smtp: dict  # the government's SMTP settings as they are now


class DeliveryError(Exception):
    pass


def claim_next(db: Database, clock: Clock) -> Claimed | None:
    now = clock.now()
    with db.write() as session:
        row = session.execute(
            select(OutboxMessage).where(or_(
                and_(OutboxMessage.state == "pending", OutboxMessage.next_attempt_at <= now),
                and_(OutboxMessage.state == "sending", OutboxMessage.claimed_until < now)))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(1)
            .with_for_update(skip_locked=True)).scalar_one_or_none()
        if row is None:
            return None
        row.state, row.claimed_until, row.attempts = "sending", now + LEASE, row.attempts + 1
        found = channel_settings(session, row.tenant_id)
        smtp = {"enabled": found.email, "host": found.smtp_host, "port": found.smtp_port,
                "sender": found.smtp_sender, "starttls": found.smtp_starttls, "username": found.smtp_username,
                "password": found.smtp_password}
        return Claimed(row.id, row.channel, row.target, row.subject, row.body, smtp)


def send_email(message: Claimed) -> None:
    smtp = message.smtp
    if not smtp["host"] or not smtp["sender"]:
        raise DeliveryError("本单位尚未配置邮件服务器或发件人地址")
    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = formataddr(("政务工作平台", smtp["sender"]))
    mail["To"] = message.target
    mail["Message-ID"] = make_msgid(idstring=f"notice-{message.id}")
    mail.set_content(message.body, charset="utf-8")
    with smtplib.SMTP(smtp["host"], smtp["port"], timeout=TIMEOUT) as client:
        if smtp["starttls"]:
            client.starttls()
        if smtp["username"]:
            client.login(smtp["username"], smtp["password"])
        client.send_message(mail)


def send_webhook(message: Claimed) -> None:
    """A group robot's text message (政务微信 / 钉钉 shape); they answer errcode 0 when accepted."""
    data = json.dumps({"msgtype": "text", "text": {"content": message.body}}, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(message.target, data=data, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 — the URL is the government's robot
        answer = response.read(65536)
    try:
        parsed = json.loads(answer) if answer else {}
    except ValueError:
        parsed = {}
    if isinstance(parsed, dict) and parsed.get("errcode") not in (None, 0):
        raise DeliveryError(f"机器人拒收：{parsed.get('errcode')} {parsed.get('errmsg', '')}")


SENDERS = {"email": send_email, "webhook": send_webhook}


def _finish(db: Database, clock: Clock, claimed: Claimed, error: str | None) -> str:
    now = clock.now()
    with db.write() as session:
        row = session.get_one(OutboxMessage, claimed.id)
        if row.state != "sending":
            return row.state
        row.claimed_until = None
        if error is None:
            row.state, row.sent_at, row.last_error = "sent", now, None
        else:
            row.last_error = error[:2000]
            if row.attempts >= MAX_ATTEMPTS:
                row.state = "failed"
            else:
                row.state, row.next_attempt_at = "pending", now + backoff(row.attempts)
        return row.state


def deliver_next(db: Database, clock: Clock) -> str | None:
    """Claim, send and record one message; its new state, or None when nothing is due."""
    claimed = claim_next(db, clock)
    if claimed is None:
        return None
    try:
        SENDERS[claimed.channel](claimed)
        error = None
    except Exception as exc:  # noqa: BLE001 — any failure of the far side is recorded and retried
        error = f"{type(exc).__name__}: {exc}"
        log.warning("notice %s to %s failed: %s", claimed.id, claimed.channel, error)
    return _finish(db, clock, claimed, error)


def deliver_due(db: Database, clock: Clock, *, limit: int = 500) -> list[str]:
    """Deliver what is due (at most `limit`, so one tick ends); the states they reached."""
    done: list[str] = []
    while len(done) < limit:
        state = deliver_next(db, clock)
        if state is None:
            break
        done.append(state)
    return done
