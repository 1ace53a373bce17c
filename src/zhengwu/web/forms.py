"""Reading typed values out of submitted forms, with Chinese errors naming the field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, overload

from starlette.datastructures import FormData

from zhengwu.core import text as edge
from zhengwu.core.errors import InvalidInput, ZhengwuError


def field_problem(name: str, value: str, *, multiline: bool | None = None) -> str | None:
    """What is wrong with one submitted field, naming it in Chinese; None when it may be stored."""
    multiline = name in edge.MULTILINE_FIELDS if multiline is None else multiline
    problem = edge.problem(value, multiline=multiline, max_length=edge.limit_of(name))
    return f"「{edge.label_of(name)}」{problem}。" if problem else None


def check_all(form: FormData) -> None:
    """Every text field of a submitted form, checked once when the form arrives (CheckedForm):
    its length limit and control characters, so a page reading a field directly gets the same
    limits as one reading it through `text`. Line breaks are left to the page (a drafter may
    break a long title where it should turn, GB/T 9704 7.3.1); `text` refuses them elsewhere."""
    for name, value in form.multi_items():
        if isinstance(value, str) and name != "csrf_token":
            problem = field_problem(name, value, multiline=True)
            if problem:
                raise InvalidInput(problem)


def text(form: FormData, name: str) -> str:
    """A text field, checked as every API field is (core.text): prose fields may break lines."""
    value = form.get(name, "")
    if not isinstance(value, str):
        return ""
    problem = field_problem(name, value)
    if problem:
        raise InvalidInput(problem)
    return value


def integer(form: FormData, name: str, label: str) -> int:
    value = text(form, name).strip()
    if not value.lstrip("-").isdigit():
        raise ZhengwuError(f"「{label}」应为整数。", code="validation_error")
    problem = edge.integer_problem(int(value))
    if problem:
        raise InvalidInput(f"「{label}」{problem}。")
    return int(value)


@overload
def day(form: FormData, name: str, label: str, *, required: Literal[True] = True) -> date: ...
@overload
def day(form: FormData, name: str, label: str, *, required: bool) -> date | None: ...
def day(form: FormData, name: str, label: str, *, required: bool = True) -> date | None:
    value = text(form, name).strip()
    if not value and not required:
        return None
    try:
        found = date.fromisoformat(value)
    except ValueError:
        raise ZhengwuError(f"「{label}」应为日期（如 2025-09-30）。", code="validation_error") from None
    problem = edge.date_problem(found)
    if problem:
        raise InvalidInput(f"「{label}」{problem}。")
    return found


def moment(form: FormData, name: str, label: str) -> datetime:
    """A `datetime-local` field (Beijing wall time, no zone)."""
    try:
        found = datetime.fromisoformat(text(form, name).strip())
    except ValueError:
        raise ZhengwuError(f"「{label}」应为日期时间（如 2025-10-01 09:30）。", code="validation_error") from None
    problem = edge.date_problem(found)
    if problem:
        raise InvalidInput(f"「{label}」{problem}。")
    return found
