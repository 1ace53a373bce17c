"""How errors reach people: JSON with a stable code under /api, a Chinese page elsewhere.

FastAPI's own validation errors are replaced by Chinese ones that name the field.

A page error keeps the frame (header, navigation) of the user who met it. A refused form POST
shows the page the form was sent from again — fetched afresh, so it shows the current state —
with the refusal above it (one message, the article once, who may do it instead) and what was
typed put back into the form (static/forms.js), so nothing has to be typed twice.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlsplit


from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
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


_TENANT_PATH = re.compile(r"^/t/([^/]+)/")
# Form fields the fresh page supplies itself: the session's token and the object's current version.
_NOT_RESTORED = frozenset({"csrf_token", "version"})


def refusal_view(body: dict) -> dict:
    """What a person reads of a refusal: the message, the article only when the message does not
    already end with it, and who may do it instead."""
    from zhengwu.web.templating import env

    cite = body.get("cite")
    described = env.filters["cite"](cite) if cite else ""
    return {"message": body.get("message", ""), "cite": described if described and described not in body.get("message", "") else "",
            "who": body.get("who")}


def _frame(request: Request):
    """The page context of the user who met the error (header, navigation of the tenant in the
    path when they may enter it), or None when nobody is logged in."""
    from zhengwu.core.tenants import find_tenant
    from zhengwu.web.context import Context, PageContext, TenantPageContext, _page_login

    try:
        login = _page_login(request)
    except ZhengwuError:
        return None
    found = _TENANT_PATH.match(request.url.path)
    tenant = None
    if found:
        with request.app.state.db.read() as session:
            tenant = find_tenant(session, found.group(1))
        if tenant is not None and not Context(request, login).can("tenant.view", tenant):
            tenant = None
    return TenantPageContext(request, login, tenant) if tenant is not None else PageContext(request, login, None)


def page(request: Request, status: int, body: dict):
    from zhengwu.web.templating import templates

    values = {"error": body, "refusal": refusal_view(body), "status": status, "back": _back(request)}
    ctx = _frame(request)
    if ctx is not None:
        return ctx.render("error.html", status_code=status, **values)
    return templates.TemplateResponse(request, "error.html", {**values, "user": None, "tenant": None, "nav": []},
                                      status_code=status)


async def _get_page(request: Request, path: str) -> tuple[int, str | None]:
    """GET a page of this app in-process, as the same browser session (its cookies)."""
    target = urlsplit(path)
    headers = [(k, v) for k, v in request.scope["headers"] if k in (b"cookie", b"host", b"user-agent", b"accept-language")]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": request.url.scheme, "path": target.path, "raw_path": target.path.encode(),
             "query_string": target.query.encode(), "root_path": "", "headers": headers,
             "client": request.scope.get("client"), "server": request.scope.get("server"),
             "state": dict(request.scope.get("state") or {})}
    status, chunks, html = 0, [], True

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        nonlocal status, html
        if message["type"] == "http.response.start":
            status = message["status"]
            kind = dict(message.get("headers") or []).get(b"content-type", b"")
            html = kind.startswith(b"text/html")
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await request.app(scope, receive, send)
    return status, b"".join(chunks).decode() if html else None


async def _same_page_again(request: Request, status: int, body: dict):
    """A refused form: the page it was sent from, fetched again, with the refusal and the typed values."""
    form = request.scope.get("zhengwu_form")
    back = _back(request)
    if request.method != "POST" or form is None or back is None or request.headers.get("hx-request"):
        return None
    status_of_page, html = await _get_page(request, back)
    if status_of_page != 200 or html is None:
        return None
    from zhengwu.web.templating import env

    alert = env.get_template("_refusal.html").render(refusal=refusal_view(body), status=status)
    # A password is never written back into a page.
    typed = [[k, v] for k, v in form.multi_items()
             if isinstance(v, str) and k not in _NOT_RESTORED and "password" not in k]
    # JSON inside <script type="application/json"> is data, not code; "<" is escaped so it cannot end the tag.
    data = json.dumps({"action": request.url.path, "values": typed}, ensure_ascii=False).replace("<", "\\u003c")
    html = html.replace('<main class="content">', '<main class="content">' + alert, 1)
    html = html.replace("</body>", f'<script type="application/json" id="typed-values">{data}</script></body>', 1)
    return HTMLResponse(html, status_code=status)


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
        response = await _same_page_again(request, status, body) or page(request, status, body)
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
        return await _same_page_again(request, 422, body) or page(request, 422, body)

    @app.exception_handler(CalendarError)
    async def _calendar(request: Request, exc: CalendarError):
        # A date no rule can count (before 2000 or after 2099): the user's input, not a fault.
        body = {"code": "date_out_of_range", "message": str(exc), "cite": None}
        if _is_api(request):
            return BeijingJSONResponse(body, status_code=422)
        return await _same_page_again(request, 422, body) or page(request, 422, body)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        body = validation_body(list(exc.errors()))
        if _is_api(request):
            return BeijingJSONResponse(body, status_code=422)
        return await _same_page_again(request, 422, body) or page(request, 422, body)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        # A fault of ours: the person reads Chinese and nothing of the fault; the server log keeps it.
        body = {"code": "internal_error", "message": "系统出现内部错误，操作未完成。请稍后重试；如仍出错，请联系平台管理员。",
                "cite": None}
        if _is_api(request):
            return BeijingJSONResponse(body, status_code=500)
        return page(request, 500, body)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        message = _HTTP_MESSAGES.get(exc.status_code, "请求无法处理。")
        body = {"code": f"http_{exc.status_code}", "message": message, "cite": None}
        if _is_api(request):
            return BeijingJSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))
        return page(request, exc.status_code, body)
