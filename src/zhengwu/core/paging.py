"""Paged lists: keyset paging on an indexed column and a capped count.

A list never returns every row. A page is the rows after a cursor (the key of the last row the
reader saw), ordered by an indexed key, so the database reads one page's rows whatever the page
number — unlike OFFSET, which reads and drops every row before the page. The count beside a list
stops at `COUNT_CAP`: the database reads at most that many matching index entries, and the page
says "1000 件以上" beyond it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, TypeVar

from sqlalchemy import Select, func, literal, select
from sqlalchemy.orm import Session

T = TypeVar("T")

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
COUNT_CAP = 1000


def page_size(limit: int | None) -> int:
    """A requested page size, kept between 1 and MAX_PAGE_SIZE."""
    if limit is None:
        return PAGE_SIZE
    return max(1, min(int(limit), MAX_PAGE_SIZE))


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    next_after: Any  # pass as ?after= to read the next page; None on the last page
    total: int | None  # matching rows, counted up to COUNT_CAP (None: not counted)
    capped: bool = False  # more than COUNT_CAP match

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, index):
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def total_text(self) -> str:
        if self.total is None:
            return ""
        return f"{COUNT_CAP} 件以上" if self.capped else f"共 {self.total} 件"

    def as_json(self, row: Callable[[T], Any]) -> dict:
        return {"items": [row(r) for r in self.rows], "next_after": self.next_after, "total": self.total,
                "total_capped": self.capped}


def capped_count(session: Session, query: Select, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows `query` matches, reading at most cap + 1 of them. The inner query selects a
    constant, not the rows' columns: the database need not build a thousand rows (with their
    bodies) to count them, and reads only the index where it covers the filters."""
    matches = query.with_only_columns(literal(1), maintain_column_froms=True).order_by(None).limit(cap + 1)
    found = session.execute(select(func.count()).select_from(matches.subquery())).scalar_one()
    return min(found, cap), found > cap


def keyset(session: Session, query: Select, key, *, after: Any = None, limit: int | None = None,
           descending: bool = True, count: bool = True, scalars: bool = True,
           key_of: Callable[[Any], Any] | None = None) -> Page:
    """One page of `query` ordered by `key` (an indexed, unique column), after the cursor `after`.

    `query` carries the filters and no ORDER BY; `count` adds the capped count of all matches;
    `key_of` reads the key from a row where the row is not the entity that holds it.
    """
    size = page_size(limit)
    paged = query
    if after is not None:
        paged = paged.where(key < after if descending else key > after)
    paged = paged.order_by(key.desc() if descending else key.asc()).limit(size + 1)
    result = session.execute(paged)
    rows = list(result.scalars() if scalars else result.all())
    more = len(rows) > size
    rows = rows[:size]
    next_after = (key_of or (lambda row: getattr(row, key.key)))(rows[-1]) if more else None
    total, capped = capped_count(session, query) if count else (None, False)
    return Page(rows, next_after, total, capped)


def cursor(value: Any) -> int | None:
    """A cursor from a query string: a positive integer, or None (first page) for anything else."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None


def headers(page: Page) -> dict[str, str]:
    """A page's place in its list, for an API that answers with the list itself: `X-Next-After`
    (pass as ?after= for the next page; absent on the last) and `X-Total-Count` ("1000+" when
    capped; absent when not counted)."""
    found = {}
    if page.next_after is not None:
        found["X-Next-After"] = str(page.next_after)
    if page.total is not None:
        found["X-Total-Count"] = f"{COUNT_CAP}+" if page.capped else str(page.total)
    return found
