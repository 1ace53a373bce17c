from zhengwu.cli.main import main

main()
