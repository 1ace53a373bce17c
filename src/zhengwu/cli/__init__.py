"""The `zhengwu` command line: one Typer sub-app per module in this package."""
