"""待办 and 已办: one list of work per person across every domain.

The list is computed, never stored: each domain registers a provider (in its own `todo.py`,
wired in `zhengwu.wiring.install()`) that asks the database which of its objects wait for this
person's step now, by indexed columns of state and of the person's posts and units, and answers
a bounded number of items with a count. An item leaves the list when the step is taken, because
the state the provider asks about changed — there is no copy to go stale. This package knows no
domain: it holds the item type, the registry and the merging.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from zhengwu.calendar.clock import china_date
from zhengwu.core import paging
from zhengwu.core.audit import DONE, AuditEvent
from zhengwu.core.permissions import Subject, check
from zhengwu.core.tenants import Tenant

PANEL_ITEMS = 8  # the home page shows the first few; /todo shows them all, by kind
KIND_ITEMS = 20  # items a provider answers at most on the /todo page (its count says how many more)


@dataclass(frozen=True)
class Item:
    """One step waiting for the person."""

    kind: str  # what is to be done, in Chinese: 签发纪要, 会签公文, 审批请假 …
    title: str  # the object's title as its users know it
    link: str  # the page where the step is taken, under the tenant: "documents/12"
    step: str  # whose step, in words: 「您（区长）签发」「本部门（财政局）会签」
    due: date | None = None  # the deadline, where the step has one
    overdue: bool = False
    since: date | None = None  # when the work arrived, where known

    def sort_key(self) -> tuple:
        # Overdue first, then by deadline, then the work without one, oldest first.
        return (not self.overdue, self.due or date.max, self.since or date.max, self.title)


@dataclass(frozen=True)
class Found:
    """A provider's answer: its first items and how many there are (up to the count cap)."""

    items: list[Item]
    total: int
    capped: bool = False

    @classmethod
    def none(cls) -> "Found":
        return cls([], 0)


@dataclass
class Asker:
    """Who is asking, and where: what every provider needs to find this person's work."""

    session: Session
    tenant: Tenant
    user_id: int
    now: datetime
    subject: Subject
    limit: int = KIND_ITEMS
    memo: dict = field(default_factory=dict)  # values several providers of one domain share

    @property
    def today(self) -> date:
        return china_date(self.now)

    def may(self, action: str) -> bool:
        """Whether the person's posts allow `action` (the permission every step checks first)."""
        return check(action, self.subject).ok

    def found(self, items: list[Item], query: Select) -> Found:
        """The first `limit` items, and the capped count of `query` (the database stops at
        paging.COUNT_CAP). Counted every time, not only when the items fill the page: the
        statements a page runs stay the same however many rows there are."""
        total, capped = paging.capped_count(self.session, query)
        return Found(items[: self.limit], max(total, len(items[: self.limit])), capped)


Provider = Callable[[Asker], Found]


@dataclass(frozen=True)
class Registered:
    key: str
    label: str  # the group's heading on the /todo page: 公文, 会议, 请销假 …
    provider: Provider
    order: int


_providers: dict[str, Registered] = {}


def register(key: str, label: str, provider: Provider, *, order: int = 100) -> None:
    """Add a domain's provider (idempotent by key: wiring may run twice)."""
    _providers[key] = Registered(key, label, provider, order)


def providers() -> list[Registered]:
    return sorted(_providers.values(), key=lambda r: (r.order, r.key))


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    items: list[Item]
    total: int
    capped: bool


@dataclass(frozen=True)
class TodoList:
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(g.total for g in self.groups)

    @property
    def capped(self) -> bool:
        return any(g.capped for g in self.groups)

    @property
    def total_text(self) -> str:
        return f"{self.total}+" if self.capped else str(self.total)

    def first(self, n: int = PANEL_ITEMS) -> list[Item]:
        """The most pressing items across every group."""
        return sorted((i for g in self.groups for i in g.items), key=Item.sort_key)[:n]


def todo_for(session: Session, tenant: Tenant, user_id: int, now: datetime, subject: Subject, *,
             limit: int = KIND_ITEMS) -> TodoList:
    """The person's whole list: every provider's items, groups with nothing left out."""
    asker = Asker(session, tenant, user_id, now, subject, limit=limit)
    merged: dict[str, Group] = {}  # a domain's providers share its heading
    for registered in providers():
        found = registered.provider(asker)
        if not found.total:
            continue
        had = merged.get(registered.label)
        if had is None:
            merged[registered.label] = Group(registered.key, registered.label, list(found.items), found.total,
                                             found.capped)
        else:
            merged[registered.label] = Group(had.key, had.label, had.items + found.items, had.total + found.total,
                                             had.capped or found.capped)
    return TodoList([Group(g.key, g.label, sorted(g.items, key=Item.sort_key), g.total, g.capped)
                     for g in merged.values()])


# --- 已办: what the person did, from the audit chain ---------------------------------------

DONE_PAGE = 30
Link = Callable[[str], str | None]
_links: dict[str, Link] = {}


def link_object(object_type: str, link: Link) -> None:
    """How a done item links to its object: `link(object_id)` → a path under the tenant, or
    None where the object has no page of its own."""
    _links[object_type] = link


@dataclass(frozen=True)
class Done:
    seq: int
    at: datetime
    action: str  # the audit action code; pages show its Chinese label
    object_type: str | None
    link: str | None
    title: str  # what the event names the object, where its summary says


def _title(summary: dict) -> str:
    if isinstance((summary or {}).get("label"), str):
        return summary["label"]
    after = (summary or {}).get("after") or (summary or {}).get("before") or {}
    for key in ("title", "matter", "occasion_label", "number", "applicant"):
        value = after.get(key) if isinstance(after, dict) else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def done_by(session: Session, tenant: Tenant, user_id: int, *, after: int | None = None,
            limit: int | None = DONE_PAGE) -> paging.Page[Done]:
    """The person's own completed steps in the tenant, newest first, a page at a time (keyset on
    the event id, on the index by tenant, actor and outcome: it reads one page, whatever the
    length of the chain). Only their own events: they may read what they did."""
    query = select(AuditEvent).where(AuditEvent.tenant_id == tenant.id, AuditEvent.actor_user_id == user_id,
                                     AuditEvent.outcome == DONE, AuditEvent.object_type.is_not(None))
    page = paging.keyset(session, query, AuditEvent.id, after=after, limit=limit, count=True)
    rows = []
    for event in page.rows:
        link = _links.get(event.object_type or "")
        rows.append(Done(event.id, event.at, event.action, event.object_type,
                         link(event.object_id) if link and event.object_id else None, _title(event.summary)))
    return paging.Page(rows, page.next_after, page.total, page.capped)
