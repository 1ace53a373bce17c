"""Entry point of the `zhengwu` command: each concern adds its own Typer sub-app here.

A command imports only what it needs: `zhengwu calendar add` must not pay for the web app,
alembic and every domain (1.6 s of imports on a small machine). `main()` — the console script —
reads which command is asked for and registers that one alone; `app`, the whole command tree
(for `--help`, tests and `python -m zhengwu` with no command), is built on first use.
"""

from __future__ import annotations

import importlib
import sys

import typer

HELP = "政务：按《人民政府工作规则》运行政府工作的平台。"

# command → (module, attribute, whether it is a group of subcommands or a single command)
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "rules": ("zhengwu.cli.rules", "app", True),
    "profile": ("zhengwu.cli.profile", "app", True),
    "calendar": ("zhengwu.cli.calendar", "app", True),
    "serve": ("zhengwu.cli.serve", "serve", False),
    "worker": ("zhengwu.cli.serve", "worker", False),
    "db": ("zhengwu.cli.db", "app", True),
    "admin": ("zhengwu.cli.admin", "app", True),
    "tenant": ("zhengwu.cli.tenant", "app", True),
    "audit": ("zhengwu.cli.audit", "app", True),
    "meetings": ("zhengwu.cli.meetings", "app", True),
    "decisions": ("zhengwu.cli.decisions", "app", True),
    "disclosure": ("zhengwu.cli.decisions", "disclosure_app", True),
    "org": ("zhengwu.cli.org", "app", True),
}


def _new_app() -> typer.Typer:
    app = typer.Typer(name="zhengwu", help=HELP, no_args_is_help=True, add_completion=False)
    # A callback keeps the tree a group even when it holds the one command asked for (`serve`),
    # which Typer would otherwise run without its name.
    app.callback()(lambda: None)
    return app


def _add(app: typer.Typer, name: str) -> None:
    module_name, attribute, group = COMMANDS[name]
    module = importlib.import_module(module_name)
    if name == "rules":
        from zhengwu.cli import signer
        from zhengwu.onboarding import cli as onboarding_cli

        module.app.command("signer")(signer.signer)
        module.app.command("add")(onboarding_cli.add)
    if name == "profile":
        from zhengwu.onboarding import cli as onboarding_cli

        module.app.command("draft")(onboarding_cli.draft)
    target = getattr(module, attribute)
    if group:
        app.add_typer(target, name=name)
    else:
        app.command(name)(target)


def build(names=None) -> typer.Typer:
    """The command tree with the named commands (all of them by default)."""
    app = _new_app()
    for name in names or COMMANDS:
        _add(app, name)
    return app


def __getattr__(name: str):
    if name == "app":
        globals()["app"] = built = build()
        return built
    raise AttributeError(name)


def main() -> None:
    """The console script: only the asked-for command's modules are imported."""
    asked = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    (build([asked]) if asked in COMMANDS else build())(prog_name="zhengwu")
