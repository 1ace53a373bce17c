"""Gathering the compliance report: each domain replays the period through its own service
(`deviations(...)`, and `deviation_days(...)` where they run to thousands) and this module only
collects, orders and summarises what they find."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from typing import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from sqlalchemy.orm import Session

from zhengwu.core.spreadsheet import chinese_day, print_setup, put
from zhengwu.core.tenants import Tenant, profile_on
from zhengwu.decisions import service as decisions
from zhengwu.disclosure import service as disclosure
from zhengwu.documents import countersigning
from zhengwu.emergency import service as emergency
from zhengwu.meetings import queries
from zhengwu.rulebook.cite import describe
from zhengwu.rulebook.labels import version_label
from zhengwu.rulebook.profile import load_profile
from zhengwu.supervision import service as supervision
from zhengwu.supervision.export import fit_row

DOMAINS = {
    "meetings": "会议",
    "documents": "公文",
    "supervision": "督查督办",
    "decisions": "重大决策与合同",
    "disclosure": "政务公开",
    "emergency": "突发事件报告",
}


Finder = Callable[[Session, int, date, date, date], list[dict]]
# Each domain's deviations of a period as of a day (session, tenant id, start, end, today), in
# the order of DOMAINS.
FINDERS: dict[str, Finder] = {
    "meetings": queries.deviations,
    "documents": countersigning.deviations,
    "supervision": supervision.deviations,
    "decisions": lambda session, tenant_id, start, end, today: decisions.deviations(session, tenant_id, start, end),
    "disclosure": disclosure.deviations,
    "emergency": lambda session, tenant_id, start, end, today: emergency.deviations(session, tenant_id, start, end),
}
# The domains whose deviations run to thousands (the ledger's overdue tasks: 22,000 in a year at
# a million documents) say how many fall on each day without building them; their finder must
# keep exactly the deviations on days up to `end` when given an earlier `end`.
COUNTERS: dict[str, Callable[[Session, int, date, date, date], Counter[date]]] = {
    "supervision": supervision.deviation_days,
}


def _months(start: date, end: date, counts: Counter[str]) -> dict[str, int]:
    """Every month of the period ("2024-03") with its count, and any other month counted."""
    months, day = {}, date(start.year, start.month, 1)
    while day <= end:
        months[f"{day.year}-{day.month:02d}"] = 0
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    for month, count in counts.items():
        months[month] = months.get(month, 0) + count
    return months


def _order(d: dict) -> tuple:
    return (d["on"], list(DOMAINS).index(d["domain"]), d["code"], str(d["object_id"]))


def basis_text(cite: str | None) -> str:
    return describe(cite) if cite else "—"


@dataclass
class Report:
    tenant: str
    start: date
    end: date
    today: date
    deviations: list[dict] = field(default_factory=list)

    def by_domain(self) -> dict[str, int]:
        counts = Counter(d["domain"] for d in self.deviations)
        return {key: counts.get(key, 0) for key in DOMAINS}

    def by_month(self) -> dict[str, int]:
        """Deviations per month of the period (the month of the date each one fell due)."""
        return _months(self.start, self.end, Counter(d["on"][:7] for d in self.deviations))

    def as_json(self) -> dict:
        return {"tenant": self.tenant, "from": self.start.isoformat(), "to": self.end.isoformat(),
                "as_of": self.today.isoformat(), "count": len(self.deviations), "by_domain": self.by_domain(),
                "deviations": self.deviations}

    def as_text(self) -> str:
        lines = [f"{self.tenant} 合规报告：{self.start.isoformat()} 至 {self.end.isoformat()}（截至 {self.today.isoformat()}）",
                 f"共发现偏差 {len(self.deviations)} 项。"]
        for n, d in enumerate(self.deviations, start=1):
            lines.append(f"{n}. [{DOMAINS[d['domain']]}] {d['on']} {d['title']}")
            lines.append(f"   {d['message']}")
            lines.append(f"   依据：{basis_text(d['cite'])}（{d['code']}）")
            lines.append(f"   判定所依版本：{d['rules']}")
        return "\n".join(lines) + "\n"

    def as_xlsx(self) -> bytes:
        """The report as the office prints it: the period and the as-of date under the title,
        one row per deviation (its date a real date), totals per category, page numbers."""
        book = Workbook()
        sheet = book.active
        sheet.title = "合规报告"
        headers = (("序号", 6), ("类别", 14), ("对象", 36), ("日期", 14), ("偏差", 60), ("依据", 36),
                   ("判定所依版本", 30))
        last = len(headers)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
        put(sheet, 1, 1, f"{self.tenant}合规报告", font=Font(name="方正小标宋简体", size=16, bold=True),
            alignment=Alignment(horizontal="center"))
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
        put(sheet, 2, 1, f"报告期：{chinese_day(self.start)}至{chinese_day(self.end)}　截至：{chinese_day(self.today)}",
            alignment=Alignment(horizontal="right"))
        thin = Side(style="thin")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        for column, (name, width) in enumerate(headers, start=1):
            cell = put(sheet, 3, column, name, font=Font(name="黑体", bold=True), border=border,
                       alignment=Alignment(horizontal="center"))
            sheet.column_dimensions[cell.column_letter].width = width
        wrap = Alignment(wrap_text=True, vertical="center")
        for n, d in enumerate(self.deviations, start=1):
            on = date.fromisoformat(d["on"])
            values = (n, DOMAINS[d["domain"]], d["title"], on, d["message"], basis_text(d["cite"]), d["rules"])
            for column, value in enumerate(values, start=1):
                put(sheet, n + 3, column, value, border=border, alignment=wrap)
            fit_row(sheet, n + 3, [chinese_day(on) if v is on else v for v in values], [width for _, width in headers])
        line = len(self.deviations) + 5
        bold = Font(name="黑体", bold=True)
        put(sheet, line, 2, "合计", font=bold, border=border)
        put(sheet, line, 3, len(self.deviations), font=bold, border=border, alignment=Alignment(horizontal="center"))
        for offset, (key, count) in enumerate(self.by_domain().items(), start=1):
            put(sheet, line + offset, 2, DOMAINS[key], border=border)
            put(sheet, line + offset, 3, count, border=border, alignment=Alignment(horizontal="center"))
        print_setup(sheet, title_rows="3:3")
        out = BytesIO()
        book.save(out)
        return out.getvalue()

    def render(self, fmt: str) -> bytes:
        if fmt == "json":
            return json.dumps(self.as_json(), ensure_ascii=False, indent=2).encode()
        if fmt == "xlsx":
            return self.as_xlsx()
        return self.as_text().encode()


def _judged(session: Session, tenant_id: int, deviation: dict, known: dict[str, str]) -> dict:
    """Name the rules version that judged the line: the one the domain used (an object's own
    version), else the one in force on the line's date (each date and label looked up once per
    report: `known`)."""
    profile_id = deviation.get("profile_id")
    if not profile_id:
        on = deviation["on"]
        if on not in known:
            known[on] = profile_on(session, tenant_id, date.fromisoformat(on)).id
        profile_id = known[on]
    label = known.get("label:" + profile_id)
    if label is None:
        label = known["label:" + profile_id] = version_label(load_profile(profile_id))
    return {**deviation, "profile_id": profile_id, "rules": label}


def compliance_report(session: Session, tenant: Tenant, start: date, end: date, today: date) -> Report:
    """Every deviation of [start, end] found by replaying each domain against the tenant's
    profile, as of `today` (what is still undone counts only once its deadline has passed)."""
    known: dict[str, str] = {}
    found = [_judged(session, tenant.id, {**d, "domain": domain}, known)
             for domain, find in FINDERS.items() for d in find(session, tenant.id, start, end, today)]
    found.sort(key=_order)
    return Report(tenant.name, start, end, today, found)


@dataclass(frozen=True)
class Overview:
    """What the dashboard shows of the report: how many deviations, per domain and per month, and
    the first `shown` in the report's order — the figures and rows of `compliance_report`
    (a test holds them to it), without building the thousands the page does not list."""

    today: date
    by_domain: dict[str, int]
    by_month: dict[str, int]
    first: list[dict]

    @property
    def count(self) -> int:
        return sum(self.by_domain.values())


def compliance_overview(session: Session, tenant: Tenant, start: date, end: date, today: date,
                        shown: int) -> Overview:
    """The dashboard's part of `compliance_report(session, tenant, start, end, today)`: its counts
    and its first `shown` deviations."""
    rows: dict[str, list[dict]] = {}
    days: dict[str, Counter[date]] = {}
    for domain, find in FINDERS.items():
        if domain in COUNTERS:
            days[domain] = COUNTERS[domain](session, tenant.id, start, end, today)
        else:
            rows[domain] = find(session, tenant.id, start, end, today)
            days[domain] = Counter(date.fromisoformat(d["on"]) for d in rows[domain])
    # The report is ordered by day first: its first `shown` rows are among those up to the day
    # where the running count reaches `shown`, so the counted domains build only those.
    every_day = sum(days.values(), Counter())
    last, running = end, 0
    for day in sorted(every_day):
        running += every_day[day]
        if running >= shown:
            last = day
            break
    for domain in COUNTERS:
        rows[domain] = FINDERS[domain](session, tenant.id, start, min(last, end), today) if last >= start else []
    known: dict[str, str] = {}
    first = sorted((_judged(session, tenant.id, {**d, "domain": domain}, known)
                    for domain in DOMAINS for d in rows[domain] if d["on"] <= last.isoformat()), key=_order)[:shown]
    months: Counter[str] = Counter()
    for counted in days.values():
        for day, count in counted.items():
            months[f"{day.year}-{day.month:02d}"] += count
    return Overview(today, {domain: days[domain].total() for domain in DOMAINS}, _months(start, end, months), first)
