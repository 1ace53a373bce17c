"""Reading typed values out of submitted forms, with Chinese errors naming the field."""

from __future__ import annotations

from datetime import date, datetime

from starlette.datastructures import FormData

from zhengwu.core import text as edge
from zhengwu.core.errors import InvalidInput, ZhengwuError


def text(form: FormData, name: str) -> str:
    """A text field, checked as every API field is (core.text): prose fields may break lines."""
    value = form.get(name, "")
    if not isinstance(value, str):
        return ""
    problem = edge.problem(value, multiline=name in edge.MULTILINE_FIELDS)
    if problem:
        raise InvalidInput(f"所填内容{problem}。")
    return value


def integer(form: FormData, name: str, label: str) -> int:
    value = text(form, name).strip()
    if not value.lstrip("-").isdigit():
        raise ZhengwuError(f"「{label}」应为整数。", code="validation_error")
    problem = edge.integer_problem(int(value))
    if problem:
        raise InvalidInput(f"「{label}」{problem}。")
    return int(value)


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
