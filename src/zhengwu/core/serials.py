"""Register numbers counted per government and per year: 发文字号 (by issuer), 收文编号, the
numbers of the public's 政府信息公开申请. One counter row per tenant, series and year, locked while
a number is taken: concurrent registrations get distinct, consecutive numbers, and a rolled-back
registration gives its number back (gap-free). The year is the caller's — the Beijing calendar
year of the day the thing was received or issued — so numbering starts again at 1 on 1 January."""

from __future__ import annotations

from sqlalchemy import Integer, String, UniqueConstraint, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from zhengwu.core.base import Base, TenantOwned
from zhengwu.core.db import written_at_commit


class SerialCounter(TenantOwned, Base):
    """The last number taken in one series of one tenant in one year."""

    __tablename__ = "serial_counters"
    __table_args__ = (UniqueConstraint("tenant_id", "series", "year", name="uq_serial_counters_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series: Mapped[str] = mapped_column(String(40), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    last_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


def _taking(dialect: str):
    """The statement taking a number, built once per dialect (its construction and cache key cost
    more than running it): the first number of a year creates the counter, a later one moves it."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    counters = SerialCounter.__table__
    return (insert(SerialCounter).values(tenant_id=bindparam("tenant_id"), series=bindparam("series"),
                                    year=bindparam("year"), last_seq=1)
            .on_conflict_do_update(index_elements=["tenant_id", "series", "year"],
                                   set_={"last_seq": counters.c.last_seq + 1})  # type: ignore[attr-defined]  # __table__ is a Table
            .returning(SerialCounter.last_seq))


_TAKING = {dialect: _taking(dialect) for dialect in ("postgresql", "sqlite")}


def take(session: Session, tenant_id: int, series: str, year: int) -> int:
    """The next number of `series` in `year` for the tenant (1, 2, …), held until the caller's
    transaction ends."""
    # (tenant, series, year) → [the last number this transaction took, the last it wrote]: a batch
    # issuing fifty documents locks the counter once and writes where it ended once, at commit.
    taken: dict[tuple, list[int]] = written_at_commit(session, "serials", dict, _write_taken)
    key = (tenant_id, series, year)
    if key in taken:  # the counter row is this transaction's already: the next number is counted here
        taken[key][0] += 1
        return taken[key][0]
    # One statement: the upsert locks the counter row until the transaction ends (PostgreSQL;
    # SQLite's writer holds the database), so concurrent takers queue for distinct, consecutive
    # numbers. On the connection: no use case holds a counter row, so the session has none to flush.
    connection = session.connection()
    number = connection.execute(_TAKING[connection.dialect.name],
                                {"tenant_id": tenant_id, "series": series, "year": year}).scalar_one()
    taken[key] = [number, number]  # [last taken, last written]
    return number


_MOVE = (SerialCounter.__table__.update()  # type: ignore[attr-defined]  # __table__ is a Table
         .where(SerialCounter.__table__.c.tenant_id == bindparam("t"), SerialCounter.__table__.c.series == bindparam("s"),  # type: ignore[attr-defined]
                SerialCounter.__table__.c.year == bindparam("y"))  # type: ignore[attr-defined]
         .values(last_seq=bindparam("n")))


def _write_taken(session: Session, taken: dict[tuple, list[int]]) -> None:
    moved = [{"t": t, "s": s, "y": y, "n": last} for (t, s, y), (last, written) in taken.items() if last != written]
    if moved:
        session.connection().execute(_MOVE, moved)
