"""Browser tests: the real app under uvicorn on loopback, driven by Debian's Chromium.

The server runs in a background thread on a free port against a temporary data directory
seeded with the demo tenants. Playwright drives /usr/bin/chromium and never downloads a
browser. Without Chromium the tests are skipped with the reason, unless
ZHENGWU_REQUIRE_BROWSER=1 (CI), where that is a failure.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from support import missing

CHROMIUM = Path("/usr/bin/chromium")


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    missing("the browser", f"{CHROMIUM} is not installed (apt-get install chromium)", "ZHENGWU_REQUIRE_BROWSER")


class LiveServer:
    """uvicorn serving the app in a thread; `url` is its base address.

    The listening socket is bound here, on a port the system picks, and handed to uvicorn: no
    other process (another test worker, a client's outgoing connection) can take the port between
    choosing it and listening on it."""

    def __init__(self, app):
        import uvicorn

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.app = app
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def now(self):
        """The server's "now" (the demo clock when the suite runs on one), for times typed into forms."""
        return self.app.state.clock.now()

    def start(self) -> None:
        self.thread.start()
        # Wait until uvicorn says it is listening (not a timing assertion: a readiness wait).
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()


@pytest.fixture(scope="session")
def live_data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser-data")


# The suite runs in the last week of a year whose next year's holiday notice is not entered, so
# deadlines run into a provisional year (暂定) and the year's end is exercised;
# ZHENGWU_TEST_TODAY runs it on another day.
BROWSER_DAY = os.environ.get("ZHENGWU_TEST_TODAY", "2026-12-28")


@pytest.fixture(scope="session")
def live_clock():
    """The live server's clock: BROWSER_DAY at the wall clock's time of day, until a test moves
    it (a meeting is held on its day, so the meeting flow moves to that day and back)."""
    from datetime import datetime

    from zhengwu.calendar.clock import FixedClock, SystemClock

    return FixedClock(datetime.combine(date.fromisoformat(BROWSER_DAY), SystemClock().now().timetz()))


@pytest.fixture(scope="session")
def live_server(live_data_dir, live_clock):
    """The demo, served on a free loopback port, for the whole browser session."""
    _require_chromium()
    from zhengwu.core import migrate
    from zhengwu.core.settings import Settings
    from zhengwu.demo import seed_demo
    from zhengwu.web.app import create_app

    settings = Settings(data_dir=live_data_dir)
    db = migrate.open_database(settings)
    seed_demo(db, now=live_clock.now())
    server = LiveServer(create_app(settings, db, live_clock))
    server.start()
    yield server
    server.stop()
    db.dispose()


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) at a desktop size, pointed at the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 860},
                                  locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(artifacts_dir, request):
    """screenshot(page, "step") saves <artifacts>/<test name>-<step>.png and returns the path."""

    def take(page, step: str) -> Path:
        name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
        path = artifacts_dir / f"{name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
