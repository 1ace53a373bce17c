"""The errors a user or an API client can meet, each with a stable code and a Chinese message.

Every API error body has the shape `{"code", "message", "cite", ...}`; `error_response()` maps
an exception to its HTTP status and body. The web layer shows the same message on a page.
"""

from __future__ import annotations

from typing import Any

from zhengwu.core.verdict import Reason, RuleViolation, Verdict


class ZhengwuError(Exception):
    status = 400
    code = "error"

    def __init__(self, message: str, *, cite: str | None = None, code: str | None = None, **extra: Any):
        super().__init__(message)
        self.message = message
        self.cite = cite
        if code:
            self.code = code
        self.extra = extra

    def body(self) -> dict:
        return {"code": self.code, "message": self.message, "cite": self.cite, **self.extra}


class NotFound(ZhengwuError):
    status = 404
    code = "not_found"


class StaleVersion(ZhengwuError):
    """Someone changed the object since the client read it; `current` is what it is now."""

    status = 409
    code = "stale_version"

    def __init__(self, what: str, expected: int | None, current: dict | None):
        super().__init__(
            f"{what}已被他人修改（您看到的是第 {expected} 版），请以当前内容为准后重试。"
            if expected is not None
            else f"{what}已被他人同时修改，请刷新后重试。",
            expected_version=expected,
            current=current,
        )


class IdempotencyKeyReused(ZhengwuError):
    status = 422
    code = "idempotency_key_reused"


class InvalidInput(ZhengwuError):
    """Text, a number or a date that cannot be stored as sent (core.text), refused before any use case."""

    status = 422
    code = "validation_error"


class RateLimited(ZhengwuError):
    status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, headers: dict | None = None):
        super().__init__(message)
        self.headers = headers or {}

    def body(self) -> dict:
        return {"code": self.code, "message": self.message, "cite": None}


class LoginRequired(ZhengwuError):
    status = 401
    code = "login_required"

    def __init__(self, message: str = "请先登录。"):
        super().__init__(message)


class CsrfRejected(ZhengwuError):
    status = 403
    code = "csrf_rejected"

    def __init__(self):
        super().__init__("表单已失效或来源不明（CSRF 校验未通过），请刷新页面后重新提交。")


class PermissionDenied(RuleViolation):
    """A user tried an action their posts do not allow; carries the refusing verdict."""

    status = 403


def verdict_body(verdict: Verdict, code: str | None = None) -> dict:
    first: Reason = verdict.reasons[0] if verdict.reasons else Reason("refused", "不符合规则")
    who = next((r.who for r in verdict.reasons if r.who), None)
    return {
        "code": code or first.code,
        "message": "；".join(r.message for r in verdict.reasons) or first.message,
        "cite": first.cite,
        "reasons": [r.as_dict() for r in verdict.reasons],
        **({"who": who} if who else {}),
    }


def error_response(exc: Exception) -> tuple[int, dict]:
    if isinstance(exc, PermissionDenied):
        return 403, verdict_body(exc.verdict)
    if isinstance(exc, RuleViolation):
        return 422, verdict_body(exc.verdict)
    if isinstance(exc, ZhengwuError):
        return exc.status, exc.body()
    raise TypeError(f"not a zhengwu error: {exc!r}")


_VALIDATION_MESSAGES = {
    "missing": "缺少必填项",
    "string_type": "应为文本",
    "string_too_short": "内容过短",
    "string_too_long": "内容过长",
    "string_pattern_mismatch": "格式不正确",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为是或否",
    "bool_type": "应为是或否",
    "date_parsing": "应为日期（如 2024-01-31）",
    "date_from_datetime_parsing": "应为日期（如 2024-01-31）",
    "datetime_parsing": "应为日期时间（如 2024-01-31T09:00）",
    "datetime_from_date_parsing": "应为日期时间（如 2024-01-31T09:00）",
    "enum": "不是允许的取值",
    "literal_error": "不是允许的取值",
    "union_tag_invalid": "不是允许的取值",
    "union_tag_not_found": "缺少必填项",
    "greater_than_equal": "数值过小",
    "greater_than": "数值过小",
    "less_than_equal": "数值过大",
    "less_than": "数值过大",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_attributes_type": "应为对象",
    "json_invalid": "不是有效的 JSON",
    "extra_forbidden": "不允许的字段",
    "uuid_parsing": "格式不正确",
}

_LOCATIONS = {"body": "请求体", "query": "查询参数", "path": "路径参数", "header": "请求头", "cookie": "Cookie"}


def validation_body(errors: list[dict]) -> dict:
    """Chinese messages for FastAPI/pydantic validation errors, each naming its field."""
    fields: list[dict[str, Any]] = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        where = _LOCATIONS.get(loc[0], loc[0]) if loc else ""
        field = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "")
        context = error.get("ctx") or {}
        if error.get("type") == "zhengwu_input":
            problem = str(context.get("problem"))
        elif error.get("type") == "string_too_long" and "max_length" in context:
            problem = f"过长（最多 {context['max_length']} 字）"
        elif error.get("type") == "too_long" and "max_length" in context:
            problem = f"过多（最多 {context['max_length']} 项）"
        elif error.get("type") == "too_short" and "min_length" in context:
            problem = f"过少（至少 {context['min_length']} 项）"
        else:
            problem = _VALIDATION_MESSAGES.get(error.get("type", ""), "取值无效")
        from zhengwu.core.text import FIELD_LABELS

        named = f"「{FIELD_LABELS[field]}」（{field}）" if field in FIELD_LABELS else f"「{field}」"
        fields.append({"field": field, "location": where, "type": error.get("type"),
                       "message": f"{where}字段{named}{problem}"})
    return {
        "code": "validation_error",
        "message": "；".join(f["message"] for f in fields) or "请求内容无效",
        "cite": None,
        "fields": fields,
    }
