"""What domains add to the shared frame: navigation entries, home-page panels, and object panels
(a section another domain adds to an object's page, e.g. its files, without either importing the
other: the page's template asks `object_panels(ctx, "document", doc.id)`).

Each domain registers its entries when its pages module is imported; the layout shows a nav
entry only to users whose standing allows its action, and the home page shows every panel that
has something for the user.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable

from markupsafe import Markup

if TYPE_CHECKING:
    from zhengwu.web.context import TenantPageContext


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str  # under the tenant, e.g. "audit" → /t/<slug>/audit
    action: str | None
    order: int
    count: Callable[["TenantPageContext"], str | None] | None = None  # the badge's text, worked out per page
    badge: str | None = None


@dataclass(frozen=True)
class HomePanel:
    render: Callable[["TenantPageContext"], Markup | None]
    order: int


_nav: list[NavItem] = []
_panels: list[HomePanel] = []
_object_panels: list[Callable[["TenantPageContext", str, int], Markup | None]] = []


def add_nav(label: str, path: str, *, action: str | None = None, order: int = 100,
            count: Callable[["TenantPageContext"], str | None] | None = None) -> None:
    """`count(ctx)` gives the entry a badge (the number of items waiting), None for none."""
    _nav.append(NavItem(label, path, action, order, count))
    _nav.sort(key=lambda item: item.order)


def add_home_panel(render: Callable[["TenantPageContext"], Markup | None], *, order: int = 100) -> None:
    _panels.append(HomePanel(render, order))
    _panels.sort(key=lambda panel: panel.order)


def nav_for(ctx: "TenantPageContext") -> list[NavItem]:
    return [replace(item, badge=item.count(ctx)) if item.count else item
            for item in _nav if item.action is None or ctx.can(item.action)]


def panels_for(ctx: "TenantPageContext") -> list[Markup]:
    return [html for panel in _panels if (html := panel.render(ctx)) is not None]


def add_object_panel(render: Callable[["TenantPageContext", str, int], Markup | None]) -> None:
    """`render(ctx, object_type, object_id)`: a section for that object's page, or None."""
    if render not in _object_panels:
        _object_panels.append(render)


def object_panels(ctx: "TenantPageContext", object_type: str, object_id: int) -> Markup:
    return Markup("").join(html for render in _object_panels if (html := render(ctx, object_type, object_id)))
