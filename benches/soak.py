#!/usr/bin/env python3
"""A long-running `vanthu watch`: memory after long lists and over 10,000
documents (issue 15, item 3).

Starts the release binary's `vanthu watch` in a fresh office and reads its
resident memory (VmRSS, /proc) while it works and once it is idle:

1. Long lists: the 5,000-row list (benches/data/ds-5000.xlsx) dropped
   twice (each copy distinct), one after the other. Printed: the peak
   while it renders, the memory once idle and 15 s later (the allocator
   gives freed memory back lazily). Target: under 150 MB idle.
2. Soak: waves of distinct 30-row lists (benches/data/ds-30.xlsx, 200
   lists, some 1,200 documents a wave) until at least 10,000 documents are
   in the outbox. After each wave, once idle and 12 s later: the documents
   so far and the memory. Target: flat, the last figure 12 s after a wave
   within 10 % of the first.

Linux only (reads /proc). Run after a release build:
    cargo build --release && python3 benches/soak.py
Options: --documents N (default 10000), --binary PATH, --keep.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from peer import LIST, ROOT, variant  # noqa: E402

LONG = ROOT / "benches" / "data" / "ds-5000.xlsx"
CONFIG = """\
[units]
[service]
quiet_ms = 200
"""


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pending(root: Path) -> int:
    """Workbooks still in the inbox (a processed one goes to the archive)."""
    return sum(1 for p in (root / "inbox").rglob("*.xlsx"))


def documents(root: Path) -> int:
    return sum(1 for p in (root / "outbox").rglob("*.pdf"))


def settle(root: Path, pid: int, timeout: float = 600) -> tuple[float, float]:
    """Waits until the inbox is empty and the watch idle; (peak MB while
    waiting, MB once idle)."""
    peak = 0.0
    deadline = time.time() + timeout
    while pending(root) and time.time() < deadline:
        peak = max(peak, rss_mib(pid))
        time.sleep(0.05)
    if pending(root):
        sys.exit(f"the watch left {pending(root)} workbooks in {root / 'inbox'}")
    # The pass ends after its last file (deliveries, yearly summary); the
    # watch gives memory back once a pass leaves nothing to do.
    last, still = rss_mib(pid), 0
    while still < 10 and time.time() < deadline:
        time.sleep(0.2)
        now = rss_mib(pid)
        peak = max(peak, now)
        still = still + 1 if abs(now - last) < 0.5 else 0
        last = now
    return peak, last


def drop(root: Path, data: bytes, name: str, unit: str) -> None:
    folder = root / "inbox" / unit
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / (name + ".part")
    part.write_bytes(data)
    part.rename(folder / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--binary", type=Path, default=ROOT / "target" / "release" / "vanthu")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not args.binary.exists():
        sys.exit(f"{args.binary} is missing: cargo build --release first")
    root = Path(tempfile.mkdtemp(prefix="vanthu-soak-"))
    (root / "vanthu.toml").write_text(CONFIG, encoding="utf-8")
    (root / "inbox").mkdir()
    log = open(root / "watch.log", "w", encoding="utf-8")
    watch = subprocess.Popen([str(args.binary), "watch"], cwd=root, stdout=log, stderr=log)
    try:
        time.sleep(1.0)
        print(f"started: {rss_mib(watch.pid):.0f} MB")
        long_data = LONG.read_bytes()
        for i in range(2):
            drop(root, variant(long_data, 10_000 + i), f"ds-5000-{i}.xlsx", "so-noi-vu")
            peak, idle = settle(root, watch.pid)
            # The allocator hands freed memory back to the system lazily
            # (mimalloc collects every so many allocations; an idle watch
            # makes a few each second): read again a while later.
            time.sleep(15)
            later = rss_mib(watch.pid)
            print(f"5,000-row list {i + 1}: peak {peak:.0f} MB while rendering, "
                  f"{idle:.0f} MB once idle, {later:.0f} MB 15 s later")
        data = LIST.read_bytes()
        waves, n = [], 0
        started = time.time()
        while documents(root) < args.documents:
            for _ in range(200):
                drop(root, variant(data, n), f"danh-sach-{n:05d}.xlsx", f"don-vi-{n % 20:02d}")
                n += 1
            _, idle = settle(root, watch.pid)
            time.sleep(12)  # the allocator's lazy return, as above
            later = rss_mib(watch.pid)
            waves.append(later)
            print(f"wave {len(waves)}: {n} lists, {documents(root)} documents, "
                  f"{idle:.0f} MB once idle, {later:.0f} MB 12 s later")
        elapsed = time.time() - started - 12 * len(waves)
        growth = (waves[-1] - waves[0]) / waves[0] * 100
        print(f"soak: {documents(root)} documents in {elapsed:.0f} s; idle memory "
              f"first {waves[0]:.0f} MB, last {waves[-1]:.0f} MB ({growth:+.0f} %), "
              f"highest {max(waves):.0f} MB")
        if watch.poll() is not None:
            sys.exit(f"the watch ended ({watch.returncode}); see {root / 'watch.log'}")
    finally:
        watch.terminate()
        watch.wait(timeout=30)
        log.close()
        if args.keep:
            print(f"office kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
