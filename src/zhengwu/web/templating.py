"""Jinja2 templates: the frame's own and every domain package's `templates/` folder."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

PACKAGE = Path(__file__).resolve().parent.parent


def _template_dirs() -> list[str]:
    # The frame first, then each domain (zhengwu/<domain>/templates/<domain>/…) by name.
    own = PACKAGE / "web" / "templates"
    domains = sorted(p for p in PACKAGE.glob("*/templates") if p.is_dir() and p != own)
    return [str(own), *map(str, domains)]


def _datetime(value, fmt: str = "%Y-%m-%d %H:%M") -> str:
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo("Asia/Shanghai")).strftime(fmt) if value else ""


env = Environment(loader=FileSystemLoader(_template_dirs()), autoescape=select_autoescape(["html"]))
env.filters["datetime"] = _datetime
templates = Jinja2Templates(env=env)
