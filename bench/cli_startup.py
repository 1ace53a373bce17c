"""CLI start-up: `zhengwu calendar add` as the console script runs it (only the asked-for
command imported) beside the whole command tree loaded first, as before issue 18. Medians of
--runs fresh processes; prints seconds. A benchmark, not a test.

    PYTHONPATH=src python bench/cli_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

LAZY = "from zhengwu.cli.main import main; import sys; sys.argv = ['zhengwu'] + sys.argv[1:]; main()"
WHOLE = "from zhengwu.cli.main import app; app(prog_name='zhengwu')"
ARGS = ["calendar", "add", "2024-09-27", "7"]


def timed(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, *ARGS], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    bare = timed("pass", args.runs)
    lazy, whole = timed(LAZY, args.runs), timed(WHOLE, args.runs)
    print(f"python -c pass: {bare:.3f} s; zhengwu calendar add: {lazy:.3f} s (command alone), "
          f"{whole:.3f} s (whole command tree); load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
