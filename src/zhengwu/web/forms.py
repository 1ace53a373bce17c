"""Reading typed values out of submitted forms, with Chinese errors naming the field."""

from __future__ import annotations

from datetime import date, datetime

from starlette.datastructures import FormData

from zhengwu.core.errors import ZhengwuError


def text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def integer(form: FormData, name: str, label: str) -> int:
    value = text(form, name).strip()
    if not value.lstrip("-").isdigit():
        raise ZhengwuError(f"「{label}」应为整数。", code="validation_error")
    return int(value)


def day(form: FormData, name: str, label: str, *, required: bool = True) -> date | None:
    value = text(form, name).strip()
    if not value and not required:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ZhengwuError(f"「{label}」应为日期（如 2025-09-30）。", code="validation_error") from None


def moment(form: FormData, name: str, label: str) -> datetime:
    """A `datetime-local` field (Beijing wall time, no zone)."""
    try:
        return datetime.fromisoformat(text(form, name).strip())
    except ValueError:
        raise ZhengwuError(f"「{label}」应为日期时间（如 2025-10-01 09:30）。", code="validation_error") from None
