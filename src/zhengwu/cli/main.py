"""Entry point of the `zhengwu` command: each concern adds its own Typer sub-app here."""

import typer

from zhengwu.cli import admin, audit, db, serve, tenant
from zhengwu.cli import decisions as decisions_cli
from zhengwu.cli import calendar as calendar_cli
from zhengwu.cli import meetings as meetings_cli
from zhengwu.cli import profile, rules, signer
from zhengwu.cli import org as org_cli
from zhengwu.onboarding import cli as onboarding_cli

app = typer.Typer(
    name="zhengwu",
    help="政务：按《人民政府工作规则》运行政府工作的平台。",
    no_args_is_help=True,
    add_completion=False,
)

rules.app.command("signer")(signer.signer)
rules.app.command("add")(onboarding_cli.add)
profile.app.command("draft")(onboarding_cli.draft)
app.add_typer(rules.app, name="rules")
app.add_typer(profile.app, name="profile")
app.add_typer(calendar_cli.app, name="calendar")
app.command("serve")(serve.serve)
app.add_typer(db.app, name="db")
app.add_typer(admin.app, name="admin")
app.add_typer(tenant.app, name="tenant")
app.add_typer(audit.app, name="audit")
app.add_typer(meetings_cli.app, name="meetings")
app.add_typer(decisions_cli.app, name="decisions")
app.add_typer(decisions_cli.disclosure_app, name="disclosure")
app.add_typer(org_cli.app, name="org")
