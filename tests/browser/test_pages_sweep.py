"""Every page as every demo role, on a 390×844 phone: no codes on the page, nothing sideways.

The pages are the app's own GET routes (not a list kept here): those without path parameters
are visited directly, and those with parameters (`/t/{tenant}/documents/{doc_id}` …) are filled
from the links the visited pages show, so a new page is swept as soon as something links to it.
Each page is checked for what a user must never read — login ids, profile ids, action codes,
snake_case keys, cites in id form, English error text, 「本租户」, raw ids — and, at phone size,
for a page wider than the screen or a button outside it (one inside a container that scrolls
on its own is reachable and counts as inside).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from zhengwu.demo import ADMIN_USERNAME, DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SWEEP_TENANT = "dawa"  # the demo government with every role, 督查室 included
ROLES = ["head", "exec", "dep1", "office", "dcs", "czj", "sun", "admin"]
DOWNLOADS = (".docx", ".pdf", ".xlsx", ".ics", "/download")  # files are fetched, not pages
PER_ROUTE = 2  # filled-in pages per parametrised route and role: enough to see each kind of state

FORBIDDEN = [
    ("登录名", re.compile(r"\b[a-z][a-z-]*\.(?:head|exec|dep\d|office\d?|dcs|czj|rsj|sfj|zrj|zjj|jd)\b")),
    ("登录名", re.compile(r"(?<![A-Za-z0-9_.-])(?:sun|admin)(?![A-Za-z0-9_-])")),
    ("规则配置代码", re.compile(r"\b[a-z][a-z-]*-(?:19|20)\d\d\b")),
    ("条款代码", re.compile(r"\b[a-z][a-z-]*-\d{4}:\d+")),
    ("操作代码", re.compile(r"\b[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*\b(?<!\.docx)(?<!\.pdf)(?<!\.xlsx)(?<!\.ics)")),
    ("蛇形键名", re.compile(r"\b[a-z]+_[a-z0-9_]+\b")),
    ("英文报错", re.compile(r"Internal Server Error|Not Found|Method Not Allowed|Unprocessable|Forbidden|"
                           r"Bad Request|Traceback|Exception|None\b|undefined|null\b")),
    ("「本租户」", re.compile("租户")),
    ("原始标识", re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b[0-9a-f]{24,}\b")),
]

# Width of the page and buttons beyond the screen, skipping those in a container that scrolls itself.
LAYOUT_PROBE = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
  const off = [];
  for (const el of document.querySelectorAll('button, a.button, input[type=submit]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if ((r.right > width + 1 || r.left < -1) && !scrolls(el)) off.push(el.innerText.trim() || el.value || el.outerHTML.slice(0, 60));
  }
  return {scrollWidth: document.documentElement.scrollWidth, offscreen: off};
}"""


def page_routes() -> list[str]:
    """The app's GET pages (no API, no downloads, no token links); /login too."""
    from zhengwu.web.app import ROUTERS  # the app's routers, as create_app mounts them

    paths = []
    for route in (r for router in ROUTERS for r in router.routes):
        if "GET" not in getattr(route, "methods", ()):
            continue
        path = route.path
        # The API's own documentation (/docs, /redoc, /openapi.json) is for programmers, in English.
        if path.startswith(("/api", "/static", "/calendar/", "/docs", "/redoc", "/openapi")) or path.endswith(DOWNLOADS):
            continue
        paths.append(path)
    return paths


def _pattern(path: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(path)) + "$")


def _findings(page, url: str) -> list[str]:
    found = []
    text = page.locator("body").inner_text()
    for what, pattern in FORBIDDEN:
        for hit in sorted(set(m.group() for m in pattern.finditer(text)))[:3]:
            found.append(f"{url}: {what}「{hit}」")
    layout = page.evaluate(LAYOUT_PROBE)
    if layout["scrollWidth"] > PHONE["width"]:
        found.append(f"{url}: 页面宽 {layout['scrollWidth']}px，手机上需横向滚动")
    for label in layout["offscreen"][:3]:
        found.append(f"{url}: 按钮「{label}」在屏幕外")
    return found


def _sweep(page, start: list[str], templates: list[str]) -> list[str]:
    """Visit the start pages, then pages of parametrised routes found in their links."""
    patterns = [(t, _pattern(t)) for t in templates if "{" in t]
    seen, queue, per_route, found = set(), list(start), defaultdict(int), []
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        page.goto(url)
        found += _findings(page, url)
        for href in page.eval_on_selector_all("a[href^='/']", "els => els.map(e => e.getAttribute('href'))"):
            path = href.split("?")[0].split("#")[0]
            # A page of its own route (…/documents/queue) is not an instance of …/documents/{doc_id}.
            if path in seen or path in queue or path in start or path.endswith(DOWNLOADS):
                continue
            for template, pattern in patterns:
                if pattern.match(path) and per_route[template] < PER_ROUTE:
                    per_route[template] += 1
                    queue.append(path)
                    break
    return found


def _log_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_codes_or_scrolls_sideways(role, phone, live_server, screenshot):
    templates = page_routes()
    username = ADMIN_USERNAME if role == "admin" else "sun" if role == "sun" else f"{SWEEP_TENANT}.{role}"
    _log_in(phone, username)
    start = [t.replace("{tenant}", SWEEP_TENANT) for t in templates
             if "{" not in t.replace("{tenant}", "") and not t.startswith("/public/")]
    found = _sweep(phone, start, templates)
    screenshot(phone, "last")
    assert not found, "\n".join(found)


def test_the_public_portal_shows_no_codes_to_anyone(phone, live_server):
    found = _sweep(phone, [f"/public/{slug}" for slug in ("dawa", "wolong", "dalian", "wuhai-hainan", "xishi")],
                   page_routes())
    assert not found, "\n".join(found)
