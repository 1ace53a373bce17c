"""Text, numbers and dates as they arrive from outside: checked once, at the edge, in Chinese.

Every request body model derives from `Input`: each text field refuses control characters (a
tab or line break only in a multi-line field), NUL bytes and lone surrogates, and is
length-limited; each integer fits the database's 32-bit columns; each date lies in the years a
government record can hold. Page forms go through the same `problem` (web/forms.py), and the
request edge (web/edge.py) refuses the same characters in query strings, paths and raw bodies
of routes that have no model.

Why refuse rather than strip: the text is a government record; silently changing what a clerk
typed would make the record differ from what they saw. Exports still clean what older rows hold
(core/exports.py).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

# Fields whose text is prose (a body, a report, a note): line breaks and tabs are allowed there.
MULTILINE_FIELDS = frozenset({
    "body", "description", "dissent", "evidence", "late_explanation", "interpretation", "materials", "note",
    "opinion", "our_reasons", "their_reasons", "proposal", "reason", "reasons", "report", "statement", "summary",
    "text", "shortened_reason", "decision_note", "content", "minutes", "resolutions", "problems", "matter",
})
MAX_LINE = 500  # a title, a name, a code: one line
MAX_TEXT = 100_000  # a document body: about 60 printed pages of Chinese

# Tighter limits by field name, the same in request models (Input) and page forms (web/forms.py):
# a title fits the 版头 of a document and a table row; an opinion, a reason or a note is a
# paragraph or a few; a request from the public or a report is a page or two. Only a body (a
# document, a 纪要) may be long.
FIELD_LIMITS = {
    "title": 200, "document_title": 200, "name": 100, "display_name": 50, "applicant": 100, "contact": 200,
    "location": 200, "counterparty": 200, "lead_department": 100, "responsible": 100, "person": 100,
    "number": 50, "identity_number": 50, "source_ref": 200, "meeting_ref": 200, "reference": 200,
    "opinion": 2000, "reason": 2000, "reasons": 2000, "note": 2000, "dissent": 2000, "shortened_reason": 2000,
    "late_explanation": 2000, "decision_note": 2000, "our_reasons": 2000, "their_reasons": 2000,
    "text": 20_000, "description": 5000,  # text: a State Council holiday notice is pasted whole "matter": 5000, "evidence": 5000, "problems": 5000, "proposal": 5000,
    "statement": 5000, "summary": 5000, "resolutions": 5000, "materials": 5000,
    "report": 10_000, "interpretation": 10_000,
}
# The Chinese name of each field a person types into, for messages naming it.
FIELD_LABELS = {
    "title": "标题", "document_title": "需印发的文件", "name": "名称", "display_name": "姓名", "applicant": "申请人姓名或名称",
    "contact": "联系方式", "location": "地点", "counterparty": "合同相对方", "lead_department": "牵头单位",
    "responsible": "责任人", "person": "人员", "number": "编号", "identity_number": "身份证明号码",
    "source_ref": "来源", "meeting_ref": "会议", "reference": "文号", "opinion": "意见", "reason": "理由",
    "reasons": "理由", "note": "说明", "dissent": "不同意见", "shortened_reason": "缩短期限的理由",
    "late_explanation": "迟报说明", "decision_note": "决定说明", "our_reasons": "本单位理由", "their_reasons": "对方理由",
    "text": "内容", "description": "所需信息的描述", "matter": "事项", "evidence": "材料说明", "problems": "问题",
    "proposal": "提议", "statement": "说明", "summary": "摘要", "resolutions": "议定事项", "materials": "会议材料",
    "report": "报告", "interpretation": "政策解读", "body": "正文", "content": "内容", "minutes": "纪要",
}


def limit_of(name: str, multiline: bool | None = None) -> int:
    """The longest text a field of this name may hold."""
    multiline = name in MULTILINE_FIELDS if multiline is None else multiline
    return FIELD_LIMITS.get(name, MAX_TEXT if multiline else MAX_LINE)


def label_of(name: str) -> str:
    return FIELD_LABELS.get(name, name)
INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # PostgreSQL INTEGER, the narrowest id column we have
FIRST_YEAR, LAST_YEAR = 1900, 2199  # older or later is a typo, and the working-day calendar refuses it anyway

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def problem(value: str, *, multiline: bool = False, max_length: int | None = None) -> str | None:
    """What is wrong with a piece of text, in Chinese; None when it may be stored."""
    if "\x00" in value:
        return "含有空字符（NUL），请删除后重试"
    if _SURROGATE.search(value):
        return "含有无效的 Unicode 字符（孤立代理项），请重新输入"
    found = _CONTROL.search(value)
    if found:
        return f"含有不可见的控制字符（U+{ord(found.group()):04X}），请删除后重试"
    if not multiline and _LINE_BREAKS.search(value):
        return "不能包含换行符或制表符"
    limit = max_length or (MAX_TEXT if multiline else MAX_LINE)
    if len(value) > limit:
        return f"过长（最多 {limit} 字，实为 {len(value)} 字）"
    return None


def integer_problem(value: int) -> str | None:
    if not INT_MIN <= value <= INT_MAX:
        return f"超出允许范围（{INT_MIN} 至 {INT_MAX}）"
    return None


def date_problem(value: date) -> str | None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        return f"年份超出允许范围（{FIRST_YEAR}–{LAST_YEAR} 年）"
    return None


def _explicit_max(info: ValidationInfo, model: type[BaseModel]) -> int | None:
    field = model.model_fields.get(info.field_name or "")
    if field is None:
        return None
    return next((m.max_length for m in field.metadata if getattr(m, "max_length", None)), None)


def _check(value: Any, *, multiline: bool, max_length: int | None) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return problem(value, multiline=multiline, max_length=max_length)
    if isinstance(value, int):
        return integer_problem(value)
    if isinstance(value, (date, datetime)):
        return date_problem(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return next((p for p in (_check(v, multiline=multiline, max_length=max_length) for v in value) if p), None)
    if isinstance(value, dict):
        return next((p for p in (_check(v, multiline=multiline, max_length=max_length)
                                 for v in (*value.keys(), *value.values())) if p), None)
    return None


class Input(BaseModel):
    """The base of every request body: each field checked by `problem`, `integer_problem` or
    `date_problem`, and a refusal names the field (core.errors.validation_body)."""

    model_config = ConfigDict(str_max_length=MAX_TEXT)

    @field_validator("*", mode="after")
    @classmethod
    def _at_the_edge(cls, value: Any, info: ValidationInfo) -> Any:
        name = info.field_name or ""
        found = _check(value, multiline=name in MULTILINE_FIELDS,
                       max_length=_explicit_max(info, cls) or FIELD_LIMITS.get(name))
        if found:
            raise PydanticCustomError("zhengwu_input", "{problem}", {"problem": found})
        return value

