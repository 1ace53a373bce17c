"""Entry point of the `zhengwu` command: each concern adds its own Typer sub-app here."""

import typer

from zhengwu.cli import rules
from zhengwu.cli.profile import app as profile_app
from zhengwu.cli.signer import signer

app = typer.Typer(
    name="zhengwu",
    help="政务：按《人民政府工作规则》运行政府工作的平台。",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(rules.app, name="rules")
rules.app.command("signer")(signer)
app.add_typer(profile_app, name="profile")
