"""The web application: one FastAPI app serving the JSON API under /api and the Chinese pages.

`create_app(settings)` opens the database (preparing an empty one), mounts every domain's API
and page routers and the static assets. The app keeps no state between requests beyond the
database, so several workers can serve one PostgreSQL.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
import gc
import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from zhengwu.calendar.clock import Clock, SystemClock
from zhengwu.core import migrate
from zhengwu.core.limits import RateLimiter
from zhengwu.core.db import Database
from zhengwu.core.settings import Settings
from zhengwu.deadlines import api as deadlines_api
from zhengwu.deadlines import pages as deadlines_pages
from zhengwu.deadlines.processor import Ticker
from zhengwu.decisions import api as decisions_api
from zhengwu.decisions import pages as decisions_pages
from zhengwu.disclosure import api as disclosure_api
from zhengwu.disclosure import pages as disclosure_pages
from zhengwu.documents import api as documents_api
from zhengwu.documents import pages as documents_pages
from zhengwu.emergency import api as emergency_api
from zhengwu.emergency import pages as emergency_pages
from zhengwu.files import api as files_api
from zhengwu.files import pages as files_pages
from zhengwu.holiday_notices import api as holiday_notices_api
from zhengwu.holiday_notices import pages as holiday_notices_pages
from zhengwu.holiday_notices import service as holiday_notices
from zhengwu.meetings import api as meetings_api
from zhengwu.meetings import department_api as meetings_department_api
from zhengwu.meetings import department_pages as meetings_department_pages
from zhengwu.meetings import pages as meetings_pages
from zhengwu.notices import api as notices_api
from zhengwu.notices import delivery as notice_delivery
from zhengwu.notices import pages as notices_pages
from zhengwu.onboarding import pages as onboarding_pages
from zhengwu.onboarding.store import ensure_loaded
from zhengwu.compliance import pages as compliance_pages
from zhengwu.supervision import api as supervision_api
from zhengwu.supervision import pages as supervision_pages
from zhengwu.org import api as org_api
from zhengwu.org import pages as org_pages
from zhengwu.versions import pages as versions_pages
from zhengwu.todo import api as todo_api
from zhengwu.todo import pages as todo_pages
from zhengwu.org import reference as org_reference
from zhengwu import wiring
from zhengwu.web import api as platform_api
from zhengwu.web import edge, errors
from zhengwu.web import pages as platform_pages
from zhengwu.web.beijing import BeijingJSONResponse

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
    holiday_notices_api.router,
    holiday_notices_pages.router,
    org_api.router,
    org_pages.router,
    org_reference.router,
    documents_api.router,
    documents_pages.router,
    meetings_api.router,
    meetings_pages.router,
    meetings_department_api.router,
    meetings_department_pages.router,
    supervision_api.router,
    supervision_pages.router,
    compliance_pages.router,
    deadlines_api.router,
    deadlines_pages.router,
    versions_pages.router,
    onboarding_pages.router,
    files_api.router,
    files_pages.router,
    todo_api.router,
    todo_pages.router,
    notices_api.router,
    notices_pages.router,
]


# Scripts only from this site (no inline script can run, so injected markup cannot either); inline
# style attributes stay allowed: htmx sets its indicator style and an injected style does no harm
# that the escaping of every page does not already prevent.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
                           "frame-ancestors 'none'")


def settle() -> None:
    """Ready a serving process for its life: load jieba's dictionary (search's first use would),
    then take what the process holds by now out of the cyclic collector's walks. A full collection
    walked the ~300k objects of the loaded modules, models and templates in ~0.3 s, stalling
    whichever request set it off: one request in ten of a 20 ms page took 200 ms at 1M documents
    (bench/results/scale-sqlite-1m-b.md)."""
    from zhengwu.rulebook.search import tokenize

    tokenize("预热")
    gc.freeze()


def create_app(settings: Settings, db: Database | None = None, clock: Clock | None = None,
               limiter: RateLimiter | None = None, *, run_deadlines: bool = False, serving: bool = False) -> FastAPI:
    """`run_deadlines`: fire due deadlines in a background thread every `deadline_tick_seconds`
    (the embedded default of `zhengwu serve`; tests drive the processor themselves). `serving`: the
    app is this process's for its life (`zhengwu serve`), so it settles at start (`settle`); a test
    process builds many apps and keeps collecting what they leave."""
    wiring.install()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if serving:
            settle()
        if not run_deadlines:
            yield
            return
        ticker = Ticker(app.state.db, app.state.clock, settings.deadline_tick_seconds,
                        before_tick=lambda: holiday_notices.refresh(app.state.db),
                        after_tick=lambda: notice_delivery.deliver_due(app.state.db, app.state.clock)).start()
        try:
            yield
        finally:
            ticker.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="政务平台 API",
        description="按各级人民政府《工作规则》运行政府工作的平台。错误统一为 "
                    '{"code", "message", "cite"}；修改类请求支持 Idempotency-Key。',
        version="0.1.0",
        default_response_class=BeijingJSONResponse,
    )
    app.state.settings = settings
    app.state.db = db or migrate.open_database(settings)
    app.state.clock = clock or SystemClock()
    app.state.limiter = limiter or RateLimiter()
    # The operator's entered holiday notices are part of every deadline from the first request.
    holiday_notices.refresh(app.state.db)
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
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        # Pages, API answers and downloads carry government records: never kept by a browser or
        # a proxy; the static assets are the same for everyone.
        static = request.url.path.startswith("/static/")
        response.headers.setdefault("Cache-Control", "public, max-age=3600" if static else "no-store")
        return response

    app.add_middleware(edge.Edge, limits=settings.limits, limiter=app.state.limiter)

    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


RUN_DEADLINES_ENV = "ZHENGWU_RUN_DEADLINES"


def app_from_env() -> FastAPI:
    """The app of one `zhengwu serve --workers N` process, configured from the environment
    (ZHENGWU_DATA_DIR, ZHENGWU_DATABASE_URL, …) as the parent process left it. Every worker may
    fire deadlines: the row locks let no two of them take the same one."""
    return create_app(Settings.from_env(), run_deadlines=os.environ.get(RUN_DEADLINES_ENV) == "1",
                      serving=True)
