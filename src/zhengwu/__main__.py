from zhengwu.cli.main import app

app(prog_name="zhengwu")
