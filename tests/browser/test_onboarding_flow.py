"""Onboarding in a real browser: the operator uploads a new government's rules text, drafts a
profile, reviews each value beside its article (采纳 / 更正 / 不采纳), adopts it; at 390 px too."""

from __future__ import annotations

import pytest
from browser.conftest import LiveServer, _require_chromium
from onboarding_texts import TOWNSHIP

pytestmark = pytest.mark.browser
ADMIN_USERNAME, DEMO_PASSWORD = "ops", "onboarding-pass-1"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """A platform with only its operator: onboarding needs no tenant."""
    _require_chromium()
    from zhengwu.core import migrate, users
    from zhengwu.core.settings import Settings
    from zhengwu.core.uow import Actor, unit_of_work
    from zhengwu.web.app import create_app

    settings = Settings(data_dir=tmp_path_factory.mktemp("onboarding-data"))
    db = migrate.open_database(settings)
    with unit_of_work(db, Actor.system(), "user.create") as uow:
        users.create_user(uow, username=ADMIN_USERNAME, display_name="平台运维", password=DEMO_PASSWORD,
                          platform_admin=True)
    server = LiveServer(create_app(settings, db))
    server.start()
    yield server
    server.stop()
    db.dispose()


def _login(page):
    page.goto("/login")
    page.fill("#username", ADMIN_USERNAME)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_operator_uploads_reviews_and_adopts(page, screenshot, tmp_path):
    text = tmp_path / "某镇工作规则.txt"
    text.write_text(TOWNSHIP, encoding="utf-8")
    _login(page)
    page.click("#onboarding-link")
    page.wait_for_url("**/platform/onboarding")
    screenshot(page, "1-index")
    page.set_input_files("#file", str(text))
    page.click("#upload button[type=submit]")
    page.wait_for_url("**/platform/onboarding/texts/*")
    assert "《某镇人民政府工作规则》" in page.locator("h1").inner_text()
    assert "未作修复" in page.locator("#repairs").inner_text()
    screenshot(page, "2-text")

    page.click("#draft button[type=submit]")
    page.wait_for_url("**/platform/onboarding/drafts/*")
    assert "审核规则配置：某镇人民政府" in page.locator("h1").inner_text()
    body = page.locator("main").inner_text()
    for english in ("meetings.", "executive", "minutes_signer", "head_absent"):
        assert english not in body
    card = page.locator("#v-emergency-report_minutes")
    assert "20" in card.inner_text() and "必须于20分钟内报告镇政府" in card.inner_text()
    screenshot(page, "3-review")

    card.locator("input[name=value]").fill("15")
    card.locator("button[value=correct]").click()
    page.wait_for_load_state()
    assert "条文中看不到此取值" in page.locator("#v-emergency-report_minutes").inner_text()
    assert "条文中没有数字 15" in page.locator("#check").inner_text()
    page.locator("#v-emergency-report_minutes button[value=reject]").click()
    page.wait_for_load_state()
    assert "已不采纳" in page.locator("#v-emergency-report_minutes").inner_text()

    # Accept every value still open, one form at a time, as the reviewer would.
    while True:
        open_cards = page.locator(".onb-value:not(:has(.onb-decided))")
        if open_cards.count() == 0:
            break
        open_cards.first.locator("button[value=accept]").click()
        page.wait_for_load_state()
    assert "平台运维" in page.locator(".onb-decided").first.inner_text()
    page.click("#check button[type=submit]")
    page.wait_for_url("**adopted=1")
    assert "规则配置已采用" in page.locator("#adopted").inner_text()
    screenshot(page, "4-adopted")

    page.set_viewport_size({"width": 390, "height": 844})
    review_url = page.url
    for step, url in (("5-review-390", review_url), ("6-text-390", page.locator("main a").first.get_attribute("href")),
                      ("7-index-390", "/platform/onboarding")):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, step
        screenshot(page, step)
