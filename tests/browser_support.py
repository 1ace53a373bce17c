"""What the browser flows share: logging a demo person in, in a page whose earlier login is dropped."""

from __future__ import annotations

from zhengwu.demo import DEMO_PASSWORD


def login(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
