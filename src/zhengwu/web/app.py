"""The web application: one FastAPI app serving the JSON API under /api and the Chinese pages.

`create_app(settings)` opens the database (preparing an empty one), mounts every domain's API
and page routers and the static assets. The app keeps no state between requests beyond the
database, so several workers can serve one PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from zhengwu.calendar.clock import Clock, SystemClock
from zhengwu.core import migrate
from zhengwu.core.db import Database
from zhengwu.core.settings import Settings
from zhengwu.decisions import api as decisions_api
from zhengwu.decisions import pages as decisions_pages
from zhengwu.disclosure import api as disclosure_api
from zhengwu.disclosure import pages as disclosure_pages
from zhengwu.documents import api as documents_api
from zhengwu.documents import pages as documents_pages
from zhengwu.emergency import api as emergency_api
from zhengwu.emergency import pages as emergency_pages
from zhengwu.meetings import api as meetings_api
from zhengwu.meetings import pages as meetings_pages
from zhengwu.onboarding import pages as onboarding_pages
from zhengwu.onboarding.store import ensure_loaded
from zhengwu.compliance import pages as compliance_pages
from zhengwu.supervision import api as supervision_api
from zhengwu.supervision import pages as supervision_pages
from zhengwu.org import api as org_api
from zhengwu.org import pages as org_pages
from zhengwu.org import reference as org_reference
from zhengwu.web import api as platform_api
from zhengwu.web import errors
from zhengwu.web import pages as platform_pages

STATIC = Path(__file__).resolve().parent / "static"

# Each domain contributes an API router and a pages router.
ROUTERS = [
    platform_api.router,
    platform_pages.router,
    decisions_api.router,
    decisions_pages.router,
    disclosure_api.router,
    disclosure_api.public_router,
    disclosure_pages.router,
    emergency_api.router,
    emergency_pages.router,
    org_api.router,
    org_pages.router,
    org_reference.router,
    documents_api.router,
    documents_pages.router,
    meetings_api.router,
    meetings_pages.router,
    supervision_api.router,
    supervision_pages.router,
    compliance_pages.router,
    onboarding_pages.router,
]


def create_app(settings: Settings, db: Database | None = None, clock: Clock | None = None) -> FastAPI:
    app = FastAPI(
        title="政务平台 API",
        description="按各级人民政府《工作规则》运行政府工作的平台。错误统一为 "
                    '{"code", "message", "cite"}；修改类请求支持 Idempotency-Key。',
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.db = db or migrate.open_database(settings)
    app.state.clock = clock or SystemClock()
    # Rules texts and profiles added at run time are cited and searched like the shipped ones.
    with app.state.db.read() as session:
        ensure_loaded(session)
    errors.install(app)

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
