"""What the domains tell people about: work that arrived, came back, was decided, or is chased.

Data only, no imports of any service: a domain publishes one of these through its unit of work
(`uow.publish(WorkArrived(...))`) at the step that makes work for someone, and the notices
domain (subscribed in `zhengwu.wiring.install()`) turns it into notices on each recipient's
channels in the same transaction. A domain names recipients as it knows them — people, units
(departments) or posts ("head", or "office" for every office post) — and the notices domain
resolves them to whoever holds or acts in those posts that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class To:
    users: tuple[int, ...] = ()
    units: tuple[int, ...] = ()  # department ids: their principal heads
    posts: tuple[str, ...] = ()  # post kinds; "office" stands for every post of the government office

    def __bool__(self) -> bool:
        return bool(self.users or self.units or self.posts)


@dataclass(frozen=True, kw_only=True)
class Notify:
    tenant_id: int
    to: To
    what: str  # the kind of work, in Chinese: 「请示待登记呈批」「会签请求」
    title: str  # the item's own title
    link: str  # the item's page under the tenant: "documents/12"
    cite: str | None = None  # the article the step rests on
    due: date | None = None
    # The item itself (an audit object), so the office can 催办 it from the notice.
    object_type: str | None = None
    object_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class WorkArrived(Notify):
    """New work for the recipients: a document to review or sign, a countersign request, a
    topic to review, a leave to approve, a task assigned, minutes to sign."""


@dataclass(frozen=True, kw_only=True)
class WorkReturned(Notify):
    """Work sent back to the recipients (a 请示 returned, a document sent back), with why."""

    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class Decided(Notify):
    """A decision on the recipients' matter: leave approved or refused, a 请示 answered."""

    outcome: str = ""  # 「批准」「不予批准」「已批复」


@dataclass(frozen=True, kw_only=True)
class Reminded(Notify):
    """催办: by the office (a person) or by the deadline processor (before, on and after the due day)."""

    message: str = ""
    by: str = ""  # who chases, in Chinese
    overdue: bool = False


@dataclass(frozen=True)
class Item:
    """A pending item the office may 催办, as its domain describes it (looked up by the id the
    office chose, never taken from the form)."""

    what: str  # 「请示（已呈批）」
    title: str
    link: str
    pending: bool  # still waiting on someone: a finished item is not chased
