"""The request edge: what every request passes before any route sees it.

- the body's size (413 as soon as it passes the limit: a 50 MB body is never read in full);
- rates per IP address for the public portal and the login (per user later, in web/context.py);
- text in the path, query string, headers and raw body: no NUL bytes, lone surrogates or control
  characters (core.text.problem); integers within the database's range and dates within the years
  a record can hold, so a bad value is a 422 in Chinese, never a database error.

Body models then check each field's own shape (core.text.Input). This is pure ASGI: the body is
read here in chunks, checked, and handed on to the app unchanged.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, unquote

from fastapi.responses import JSONResponse
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zhengwu.core import text as edge
from zhengwu.core.limits import MIB, Limits, RateLimiter

_INTEGER = re.compile(r"^-?\d+$")
_DATE = re.compile(r"^(\d{4,})-(\d{1,2})(?:-(\d{1,2}))?")
MAX_QUERY_VALUE = 2000
MAX_IDEMPOTENCY_KEY = 200  # the stored key's column width


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def _scalar_problem(value: str) -> str | None:
    """A path segment or query value: one line of text; digits an integer in range; a date in range."""
    found = edge.problem(value, max_length=MAX_QUERY_VALUE)
    if found:
        return found
    if _INTEGER.match(value):
        return edge.integer_problem(int(value))
    matched = _DATE.match(value)
    if matched:
        year = int(matched.group(1))
        if not edge.FIRST_YEAR <= year <= edge.LAST_YEAR:
            return edge.date_problem(date(1, 1, 1) if year < edge.FIRST_YEAR else date(9999, 1, 1))
    return None


def _json_problem(value: Any) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return None
    if isinstance(value, str):
        # Which fields are one line is the model's to say; here only what no field may hold.
        return edge.problem(value, multiline=True, max_length=edge.MAX_TEXT)
    if isinstance(value, int):
        return edge.integer_problem(value)
    if isinstance(value, list):
        return next((p for p in map(_json_problem, value) if p), None)
    if isinstance(value, dict):
        return next((p for p in (_json_problem(v) for v in (*value.keys(), *value.values())) if p), None)
    return None


def check_target(scope: Scope) -> None:
    path = scope.get("path", "")
    for segment in path.split("/"):
        found = _scalar_problem(unquote(segment)) if segment else None
        if found:
            raise Refusal(422, "validation_error", f"路径参数{found}。")
    query = scope.get("query_string", b"").decode("utf-8", "surrogateescape")
    for name, value in parse_qsl(query, keep_blank_values=True, errors="surrogateescape"):
        found = _scalar_problem(name) or _scalar_problem(value)
        if found:
            raise Refusal(422, "validation_error", f"查询参数「{name[:40]}」{found}。")
    for name, value in scope.get("headers", []):
        if name == b"idempotency-key":
            text = value.decode("latin-1")
            if len(text) > MAX_IDEMPOTENCY_KEY or edge.problem(text):
                raise Refusal(422, "validation_error",
                              f"请求头 Idempotency-Key 须为不超过 {MAX_IDEMPOTENCY_KEY} 个字符的单行文本。")


def check_body(content_type: str, body: bytes) -> None:
    # Only text bodies: an uploaded file (multipart) is bytes, checked by whatever reads it.
    if not body or not content_type.startswith(("application/json", "application/x-www-form-urlencoded")):
        return
    if b"\x00" in body:
        raise Refusal(422, "validation_error", "请求内容含有空字符（NUL），请删除后重试。")
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(422, "validation_error", "请求内容不是有效的 UTF-8 文本。") from None
    if content_type.startswith("application/json"):
        try:
            value = json.loads(decoded)
        except ValueError:
            return  # the route's own validation says "不是有效的 JSON"
        found = _json_problem(value)
    elif content_type.startswith("application/x-www-form-urlencoded"):
        pairs = parse_qsl(decoded, keep_blank_values=True, errors="surrogateescape")
        found = next((p for p in (edge.problem(v, multiline=True, max_length=edge.MAX_TEXT) for _, v in pairs) if p),
                     None)
    else:
        return
    if found:
        raise Refusal(422, "validation_error", f"请求内容{found}。")


def _size(limit: int) -> str:
    return f"{limit // MIB} MB" if limit % MIB == 0 else f"{limit // 1024} KB"


def _client_ip(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def check_rate(scope: Scope, limits: Limits, limiter: RateLimiter) -> None:
    path, method = scope.get("path", ""), scope.get("method", "GET")
    write = method not in ("GET", "HEAD", "OPTIONS")
    if path.startswith(("/public/", "/api/public/")):
        rate, kind = (limits.public_write, "public_write") if write else (limits.public_read, "public_read")
    elif path in ("/api/session", "/login") and write:
        rate, kind = limits.login, "login"
    else:
        return
    wait = limiter.allow((kind, _client_ip(scope)), rate)
    if wait:
        raise too_many(wait)


def too_many(wait: float) -> Refusal:
    seconds = int(wait) + 1
    return Refusal(429, "rate_limited", f"请求过于频繁，请约 {seconds} 秒后再试。", {"Retry-After": str(seconds)})


async def respond(scope: Scope, receive: Receive, send: Send, refusal: Refusal) -> None:
    body = {"code": refusal.code, "message": refusal.message, "cite": None}
    if scope.get("path", "").startswith("/api"):
        response = JSONResponse(body, status_code=refusal.status, headers=refusal.headers)
    else:
        from zhengwu.web.errors import page

        response = page(Request(scope, receive), refusal.status, body)
        response.headers.update(refusal.headers)
    await response(scope, receive, send)


class Edge:
    def __init__(self, app: ASGIApp, limits: Limits, limiter: RateLimiter):
        self.app, self.limits, self.limiter = app, limits, limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            check_target(scope)
            check_rate(scope, self.limits, self.limiter)
            body = await self._read(scope, receive)
            headers = dict(scope.get("headers", []))
            check_body(headers.get(b"content-type", b"").decode("latin-1").lower(), body)
        except Refusal as refusal:
            await respond(scope, receive, send, refusal)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read(self, scope: Scope, receive: Receive) -> bytes:
        limit = self.limits.body_limit(scope.get("path", ""))
        upload = self.limits.upload_path_limit(scope.get("path", ""))
        too_large = Refusal(413, "too_large", f"上传的文件过大：此类文件不能超过 {_size(upload)}。" if upload
                            else f"请求内容过大（上限 {limit // 1024} KB）。")
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise too_large
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)
