"""What domains add to the shared frame: navigation entries and home-page panels.

Each domain registers its entries when its pages module is imported; the layout shows a nav
entry only to users whose standing allows its action, and the home page shows every panel that
has something for the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from markupsafe import Markup

if TYPE_CHECKING:
    from zhengwu.web.context import PageContext


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str  # under the tenant, e.g. "audit" → /t/<slug>/audit
    action: str | None
    order: int
    # A count shown beside the label (unread notices); 0 shows nothing.
    badge: Callable[["PageContext"], int] | None = None


@dataclass(frozen=True)
class HomePanel:
    render: Callable[["PageContext"], Markup | None]
    order: int


_nav: list[NavItem] = []
_panels: list[HomePanel] = []


def add_nav(label: str, path: str, *, action: str | None = None, order: int = 100,
            badge: Callable[["PageContext"], int] | None = None) -> None:
    _nav.append(NavItem(label, path, action, order, badge))
    _nav.sort(key=lambda item: item.order)


def add_home_panel(render: Callable[["PageContext"], Markup | None], *, order: int = 100) -> None:
    _panels.append(HomePanel(render, order))
    _panels.sort(key=lambda panel: panel.order)


def nav_for(ctx: "PageContext") -> list[NavItem]:
    return [item for item in _nav if item.action is None or ctx.can(item.action)]


def panels_for(ctx: "PageContext") -> list[Markup]:
    return [html for panel in _panels if (html := panel.render(ctx)) is not None]
