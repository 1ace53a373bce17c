"""Entry point of the `zhengwu` command: each concern adds its own Typer sub-app here."""

import typer

app = typer.Typer(
    name="zhengwu",
    help="政务：按《人民政府工作规则》运行政府工作的平台。",
    no_args_is_help=True,
    add_completion=False,
)

from zhengwu.cli import admin, audit, db, serve, tenant  # noqa: E402

app.command("serve")(serve.serve)
app.add_typer(db.app, name="db")
app.add_typer(admin.app, name="admin")
app.add_typer(tenant.app, name="tenant")
app.add_typer(audit.app, name="audit")
