#!/usr/bin/env python3
"""vanthu beside its peer, measured (issue 15, item 4).

Drops 200 distinct 30-row lists (benches/data/ds-30.xlsx, each made
distinct by its zip comment, so none is a duplicate) into a fresh office's
inbox, runs one `vanthu run` on them and reports its rate: documents per
second, each document written twice (a DOCX and its PDF), from files on disk to documents durable in the
outbox, with the ledger and the archive, and its peak resident memory.

When LibreOffice (`soffice`) is present, the DOCX files vanthu wrote are
then converted to PDF by LibreOffice's own batch conversion (one
`soffice --headless --convert-to pdf` over all of them), which is what
offices script today after filling a DOCX template; its rate and the ratio
are printed beside vanthu's, so the lead is measured, not assumed.

Run after a release build:  cargo build --release && python3 benches/peer.py
Options: --lists N (default 200), --binary PATH (default target/release/vanthu),
--runs K (medians over K runs, default 3), --keep (leave the office folder).
"""

import argparse
import os
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "benches" / "data" / "ds-30.xlsx"
CONFIG = """\
[units]
[service]
quiet_ms = 0
"""


def variant(data: bytes, n: int) -> bytes:
    """The same workbook with its own zip comment: other bytes, same cells."""
    comment = f"vanthu peer bench {n}".encode()
    # With no comment, the end-of-central-directory record ends the file and
    # its last two bytes are the comment's length.
    return data[:-2] + struct.pack("<H", len(comment)) + comment


def office(lists: int) -> Path:
    """A fresh office folder with `lists` distinct lists in its inbox, each
    in its unit's folder, finished a minute ago."""
    root = Path(tempfile.mkdtemp(prefix="vanthu-peer-"))
    (root / "vanthu.toml").write_text(CONFIG, encoding="utf-8")
    data = LIST.read_bytes()
    past = time.time() - 60
    for i in range(lists):
        unit = root / "inbox" / f"don-vi-{i % 20:02d}"
        unit.mkdir(parents=True, exist_ok=True)
        path = unit / f"danh-sach-{i:03d}.xlsx"
        path.write_bytes(variant(data, i))
        os.utime(path, (past, past))
    return root


def child_peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def run_vanthu(binary: Path, root: Path) -> tuple[float, int, int]:
    """One `vanthu run`: (seconds, documents, peak KiB of this child)."""
    started = time.perf_counter()
    # A child of its own, so its peak is not mixed with earlier children's.
    probe = subprocess.run(
        [sys.executable, "-c",
         "import resource,subprocess,sys;"
         "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);sys.exit(r.returncode)",
         str(binary), "run"],
        cwd=root, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if probe.returncode != 0:
        sys.exit(f"vanthu run failed ({probe.returncode}) in {root}")
    peak = int(probe.stdout.strip() or 0)
    # A document is a DOCX with its PDF.
    docx = sum(1 for p in (root / "outbox").rglob("*.docx"))
    pdf = sum(1 for p in (root / "outbox").rglob("*.pdf"))
    if docx != pdf:
        sys.exit(f"{docx} DOCX but {pdf} PDF in {root / 'outbox'}")
    return seconds, docx, peak


def run_soffice(docx: list[Path], out: Path) -> float | None:
    """LibreOffice's batch conversion of `docx` to PDF: seconds, or None."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "profile"
    started = time.perf_counter()
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), *map(str, docx)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return None
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--binary", type=Path, default=ROOT / "target" / "release" / "vanthu")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if not args.binary.exists():
        sys.exit(f"{args.binary} is missing: cargo build --release first")

    rates, peaks, last = [], [], None
    for _ in range(args.runs):
        root = office(args.lists)
        seconds, documents, peak = run_vanthu(args.binary, root)
        rates.append(documents / seconds)
        peaks.append(peak)
        print(f"vanthu: {args.lists} lists, {documents} documents (each a DOCX and its PDF) "
              f"in {seconds:.2f} s: {documents / seconds:.0f} documents/s, peak {peak / 1024:.0f} MB")
        if last is not None and not args.keep:
            shutil.rmtree(last, ignore_errors=True)
        last = root
    rate = statistics.median(rates)
    print(f"vanthu median: {rate:.0f} documents/s, peak {statistics.median(peaks) / 1024:.0f} MB "
          f"on {os.cpu_count()} cores")

    docx = sorted(p for p in (last / "outbox").rglob("*.docx"))
    peer = run_soffice(docx, last / "soffice")
    if peer is None:
        print("LibreOffice (soffice) is not here: no peer rate.")
    else:
        # Each conversion writes one PDF from a DOCX already made.
        peer_rate = len(docx) / peer
        print(f"LibreOffice batch conversion: {len(docx)} DOCX to PDF in {peer:.2f} s: "
              f"{peer_rate:.1f} documents/s")
        print(f"ratio: vanthu reads, checks and writes DOCX + PDF {rate / peer_rate:.1f} times "
              f"as fast as LibreOffice converts the DOCX to PDF alone")
    if args.keep:
        print(f"office kept: {last}")
    else:
        shutil.rmtree(last, ignore_errors=True)


if __name__ == "__main__":
    main()
