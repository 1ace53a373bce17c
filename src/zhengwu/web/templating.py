"""Jinja2 templates: the frame's own and every domain package's `templates/` folder."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from zhengwu.calendar import default_calendar

from zhengwu.core import audit
from zhengwu.core import text as edge
from zhengwu.rulebook.articles import RulebookError
from zhengwu.rulebook.cite import describe
from zhengwu.rulebook.labels import version_label
from zhengwu.rulebook.profile import load_profile
from zhengwu.web.shell import object_panels

PACKAGE = Path(__file__).resolve().parent.parent


def _template_dirs() -> list[str]:
    # The frame first, then each domain (zhengwu/<domain>/templates/<domain>/…) by name.
    own = PACKAGE / "web" / "templates"
    domains = sorted(p for p in PACKAGE.glob("*/templates") if p.is_dir() and p != own)
    return [str(own), *map(str, domains)]


def _datetime(value, fmt: str = "%Y-%m-%d %H:%M") -> str:
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo("Asia/Shanghai")).strftime(fmt) if value else ""


def _cite(cite: str | None) -> str:
    """An article id as people read it; a cite that no longer resolves is still shown as stored."""
    if not cite:
        return ""
    try:
        return describe(cite)
    except RulebookError:
        return cite


def _due(value) -> str:
    """A deadline as a date, marked 暂定 (with its basis on hover) when it rests on a year whose
    holiday notice is not entered yet."""
    if value is None:
        return ""
    calendar = default_calendar()
    if not calendar.is_provisional(value):
        return value.isoformat()
    basis = calendar.schedule(value.year).source
    return Markup(f'{escape(value.isoformat())}<abbr class="tag tag-warn provisional" title="{escape(basis)}">暂定</abbr>')
def _page_link(request, param: str, value) -> str:
    """This page's path and query with one cursor changed (None: dropped), the other filters kept."""
    from urllib.parse import urlencode

    query = [(k, v) for k, v in request.query_params.multi_items() if k != param]
    if value is not None:
        query.append((param, str(value)))
    return request.url.path + (f"?{urlencode(query)}" if query else "")


env = Environment(loader=FileSystemLoader(_template_dirs()), autoescape=select_autoescape(["html"]))
env.filters["datetime"] = _datetime
env.filters["cite"] = _cite
env.filters["due"] = _due
env.filters["rules_label"] = lambda profile_id: version_label(load_profile(profile_id))
env.filters["action_label"] = audit.action_label
env.filters["object_label"] = audit.object_label
env.filters["person"] = audit.person
env.globals["page_link"] = _page_link
env.globals["object_panels"] = object_panels
# Each text field's length limit (core/text.py), for `maxlength` on every form's inputs (static/forms.js).
env.globals["field_limits"] = json.dumps({"fields": edge.FIELD_LIMITS, "line": edge.MAX_LINE, "text": edge.MAX_TEXT,
                                          "multiline": sorted(edge.MULTILINE_FIELDS)})
templates = Jinja2Templates(env=env)
