"""One transaction per use case, with its audit events inside it.

A use case runs in `unit_of_work(...)`: its changes and its audit events commit together or
not at all. When the use case is refused (a RuleViolation, including PermissionDenied), the
transaction is rolled back so nothing changes, and the refusal itself is written to the audit
chain in a transaction of its own — every refusal is on record.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterator, overload

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from zhengwu.core import audit, events
from zhengwu.calendar.clock import SystemClock, china_date
from zhengwu.core.db import Database
from zhengwu.core.errors import PermissionDenied, StaleVersion
from zhengwu.core.verdict import RuleViolation, Verdict


@dataclass(frozen=True)
class Actor:
    """Who does it: a logged-in user, or the system itself (CLI, demo seeding)."""

    user_id: int | None
    label: str

    @classmethod
    def system(cls, via: str = "命令行") -> "Actor":
        return cls(None, f"系统（{via}）")


_UNSET: Any = object()


class UnitOfWork:
    def __init__(self, session: Session, actor: Actor, tenant_id: int | None, now: datetime, action: str):
        self.session = session
        self.actor = actor
        self.tenant_id = tenant_id
        self.now = now
        self.action = action

    @property
    def today(self) -> date:
        """The Beijing calendar day of this use case: what its deadlines count from."""
        return china_date(self.now)

    def person(self, doing: str) -> int:
        """The user taking a step only a person takes (asking for leave, deciding one, reminding a
        holder): the system actor (command line, seeding, event handlers) has no user and is refused."""
        if self.actor.user_id is None:
            raise PermissionDenied(Verdict.refused(
                "person_only", f"{doing}须由工作人员本人登录后办理，{self.actor.label}不能代为办理。"))
        return self.actor.user_id

    def record(
        self,
        action: str | None = None,
        *,
        object_type: str | None = None,
        object_id: Any = None,
        before: Any = None,
        after: Any = None,
        cite: str | None = None,
        tenant_id: int | None = _UNSET,
        detail: Any = None,
        subject: Any = None,
        label: str | None = None,
    ) -> audit.Pending:
        """Audit a change made in this unit of work (same transaction). Name the changed row as
        `subject` and its before/after are taken from the transaction's own changes."""
        return audit.append(
            self.session,
            tenant_id=self.tenant_id if tenant_id is _UNSET else tenant_id,
            actor_user_id=self.actor.user_id,
            actor=self.actor.label,
            action=action or self.action,
            at=self.now,
            object_type=object_type,
            object_id=object_id,
            before=before,
            after=after,
            cite=cite,
            detail=detail,
            subject=subject,
            label=label,
        )


class TenantWork(UnitOfWork):
    """A unit of work inside one tenant (`unit_of_work(..., tenant_id=<id>)`): what tenant-scoped
    services take, so the type checker knows their `tenant_id` is never None."""

    def publish(self, event: object) -> None:
        """Tell the other domains what happened; their handlers run in this transaction."""
        events.BUS.publish(self, event)

    tenant_id: int


@overload
def unit_of_work(db: Database, actor: Actor, action: str, *, tenant_id: int, now: datetime | None = None,
                 object_type: str | None = None, object_id: Any = None) -> AbstractContextManager[TenantWork]: ...
@overload
def unit_of_work(db: Database, actor: Actor, action: str, *, tenant_id: int | None = None,
                 now: datetime | None = None, object_type: str | None = None,
                 object_id: Any = None) -> AbstractContextManager[UnitOfWork]: ...
@contextmanager  # type: ignore[misc]  # the overloads above name the tenant-scoped result
def unit_of_work(
    db: Database,
    actor: Actor,
    action: str,
    *,
    tenant_id: int | None = None,
    now: datetime | None = None,
    object_type: str | None = None,
    object_id: Any = None,
) -> Iterator[UnitOfWork]:
    """Run one use case named `action` (e.g. "tenant.switch_profile") as one transaction."""
    now = now or SystemClock().now()
    try:
        with db.write() as session:
            yield (UnitOfWork if tenant_id is None else TenantWork)(session, actor, tenant_id, now, action)
    except RuleViolation as refusal:
        record_refusal(db, actor, action, refusal, tenant_id=tenant_id, now=now,
                       object_type=object_type, object_id=object_id)
        raise
    except StaleDataError:
        raise StaleVersion("该记录", None, None) from None


def record_refusal(db: Database, actor: Actor, action: str, refusal: RuleViolation, *,
                   tenant_id: int | None, now: datetime, object_type: str | None = None,
                   object_id: Any = None) -> None:
    reasons = [reason.as_dict() for reason in refusal.verdict.reasons]
    with db.write() as session:
        audit.append(
            session,
            tenant_id=tenant_id,
            actor_user_id=actor.user_id,
            actor=actor.label,
            action=action,
            at=now,
            object_type=object_type,
            object_id=object_id,
            cite=next((r["cite"] for r in reasons if r["cite"]), None),
            outcome=audit.REFUSED,
            detail={"reasons": reasons},
        )
