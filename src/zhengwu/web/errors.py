"""How errors reach people: JSON with a stable code under /api, a Chinese page elsewhere.

FastAPI's own validation errors are replaced by Chinese ones that name the field.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from zhengwu.calendar import CalendarError
from zhengwu.core.errors import LoginRequired, ZhengwuError, error_response, validation_body
from zhengwu.core.verdict import RuleViolation
from zhengwu.web.beijing import BeijingJSONResponse

_HTTP_MESSAGES = {404: "页面或资源不存在。", 405: "不支持该请求方法。"}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _back(request: Request) -> str | None:
    """The page the refused form was sent from, so the user returns to their work (same site only)."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc or not referer.path.startswith("/"):
        return None
    back = referer.path + (f"?{referer.query}" if referer.query else "")
    return None if back == request.url.path else back


def page(request: Request, status: int, body: dict):
    from zhengwu.web.templating import templates

    return templates.TemplateResponse(request, "error.html", {"error": body, "status": status, "user": None,
                                                              "tenant": None, "nav": [], "back": _back(request)},
                                      status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired):
        if _is_api(request):
            return BeijingJSONResponse(exc.body(), status_code=401, headers={"WWW-Authenticate": "Bearer"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(ZhengwuError)
    @app.exception_handler(RuleViolation)
    async def _known(request: Request, exc: Exception):
        status, body = error_response(exc)
        headers = getattr(exc, "headers", None)
        if _is_api(request):
            return BeijingJSONResponse(body, status_code=status, headers=headers)
        response = page(request, status, body)
        response.headers.update(headers or {})
        return response

    @app.exception_handler(DataError)
    @app.exception_handler(OverflowError)
    async def _out_of_range(request: Request, exc: Exception):
        # The edge (web/edge.py, core/text.py) refuses what it can name; a value the database
        # still cannot hold is the client's input too, and the transaction has rolled back.
        body = {"code": "validation_error", "message": "请求中的数值或文本超出允许范围，未作任何更改。", "cite": None}
        if _is_api(request):
            return BeijingJSONResponse(body, status_code=422)
        return page(request, 422, body)

    @app.exception_handler(CalendarError)
    async def _calendar(request: Request, exc: CalendarError):
        # A date no rule can count (before 2000 or after 2099): the user's input, not a fault.
        body = {"code": "date_out_of_range", "message": str(exc), "cite": None}
        if _is_api(request):
            return BeijingJSONResponse(body, status_code=422)
        return page(request, 422, body)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        body = validation_body(list(exc.errors()))
        if _is_api(request):
            return BeijingJSONResponse(body, status_code=422)
        return page(request, 422, body)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        message = _HTTP_MESSAGES.get(exc.status_code, "请求无法处理。")
        body = {"code": f"http_{exc.status_code}", "message": message, "cite": None}
        if _is_api(request):
            return BeijingJSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))
        return page(request, exc.status_code, body)
