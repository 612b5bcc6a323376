#!/usr/bin/env python3
"""Long lists through a fresh `vanthu run` (issue 15, items 2 and 3).

For each size (default 1,000, 2,500, 5,000 and 10,000 rows) a list made
like benches/data/ds-5000.xlsx (benches/data/make.py: title rows, section
rows, collectives and individuals with mixed awards, so one list gives a
Tờ trình and several Quyết định, each with its long Danh sách) is dropped
into a fresh office and one `vanthu run` of the release binary, a fresh
process, makes every document it gives (DOCX and PDF), durable in the
outbox with the ledger and the archive. Printed per size, medians of the
runs: seconds end to end, milliseconds per 1,000 rows (flat when the time
is linear in the rows), peak resident memory.

Targets on 2 cores (issue 15): 5,000 rows in at most 2.5 s, under 400 MB.

Run after a release build:  cargo build --release && python3 benches/long.py
Needs openpyxl (python3 -m pip install openpyxl).
Options: --rows 1000,5000 (sizes), --runs K (default 3), --binary PATH.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "data"))

import make as lists  # noqa: E402  (benches/data/make.py)
from peer import CONFIG, ROOT, run_vanthu  # noqa: E402


def office(rows: int) -> Path:
    """A fresh office with one list of `rows` rows (2.4 % collectives, as in
    ds-5000.xlsx), finished a minute ago."""
    root = Path(__import__("tempfile").mkdtemp(prefix="vanthu-long-"))
    (root / "vanthu.toml").write_text(CONFIG, encoding="utf-8")
    unit = root / "inbox" / "so-noi-vu"
    unit.mkdir(parents=True)
    path = unit / f"ds-{rows}.xlsx"
    random.seed(rows)
    collectives = rows * 120 // 5000
    with open(os.devnull, "w") as sink, __import__("contextlib").redirect_stdout(sink):
        lists.make(str(path), collectives, rows - collectives)  # prints its path
    past = time.time() - 60
    os.utime(path, (past, past))
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000,2500,5000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", type=Path, default=ROOT / "target" / "release" / "vanthu")
    args = parser.parse_args()
    if not args.binary.exists():
        sys.exit(f"{args.binary} is missing: cargo build --release first")
    sizes = [int(n) for n in args.rows.split(",")]
    print(f"{'rows':>6} {'documents':>9} {'seconds':>8} {'ms/1000 rows':>13} {'peak MB':>8}"
          f"   (medians of {args.runs} fresh processes, {os.cpu_count()} cores)")
    for rows in sizes:
        times, peaks, documents = [], [], 0
        for _ in range(args.runs):
            root = office(rows)
            seconds, documents, peak = run_vanthu(args.binary, root)
            times.append(seconds)
            peaks.append(peak)
            shutil.rmtree(root, ignore_errors=True)
        seconds = statistics.median(times)
        print(f"{rows:>6} {documents:>9} {seconds:>8.2f} {seconds * 1e6 / rows:>13.0f} "
              f"{statistics.median(peaks) / 1024:>8.0f}")


if __name__ == "__main__":
    main()
