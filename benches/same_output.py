#!/usr/bin/env python3
"""Are two builds' documents the same bytes? (issue 15, item 5)

Runs each given `vanthu` binary once over the same office: a fresh
`vanthu init` folder whose inbox holds every workbook of the tests'
fixtures (tests/fixtures/workbooks) and the benchmark lists
(benches/data: 30 and 5,000 rows), each in the unit folder of the
example configuration. It then lists each document the run wrote to the
outbox with the SHA-256 of its bytes. Given two binaries (the build before
a change and after it), it compares the lists and exits 1 when any
document differs, is missing or is new, unless the two runs wrote the same
documents, byte for byte, and only gave namesakes their names in another
order (documents of two lists that would take one name: the first settled
keeps it, the other's get the list's file name in brackets).

A speed change must leave every document as it was; run this before and
after one:

    cp target/release/vanthu /tmp/vanthu-before    # before the change
    cargo build --release                           # after it
    python3 benches/same_output.py /tmp/vanthu-before target/release/vanthu

Both runs happen on the same day, so the date printed in the documents is
the same. Error reports (`*.loi.txt`) carry the time they were written and
are not compared.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKBOOKS = [
    *sorted((ROOT / "tests" / "fixtures" / "workbooks").glob("*.xls*")),
    *sorted((ROOT / "tests" / "fixtures" / "workbooks").glob("*.ods")),
    ROOT / "benches" / "data" / "ds-30.xlsx",
    ROOT / "benches" / "data" / "ds-5000.xlsx",
]
# The example configuration's unit folders; the workbooks take turns.
UNITS = ["so-noi-vu", "phong-tong-hop", "trung-tam-hcc"]


def digest(binary: Path) -> dict[str, str]:
    """Runs `binary` over a fresh office: document path -> SHA-256."""
    root = Path(tempfile.mkdtemp(prefix="vanthu-same-"))
    try:
        subprocess.run([str(binary), "init"], cwd=root, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        config = root / "vanthu.toml"
        text = config.read_text(encoding="utf-8")
        lines = [("quiet_ms = 0" if line.startswith("quiet_ms") else line)
                 for line in text.splitlines()]
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        past = time.time() - 60
        for i, workbook in enumerate(WORKBOOKS):
            folder = root / "inbox" / UNITS[i % len(UNITS)]
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / workbook.name
            shutil.copyfile(workbook, target)
            os.utime(target, (past, past))
        done = subprocess.run([str(binary), "run"], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
        if done.returncode not in (0, 1):
            sys.exit(f"{binary} run failed ({done.returncode}):\n{done.stderr}")
        out = {}
        for path in sorted((root / "outbox").rglob("*")):
            if path.suffix in (".docx", ".pdf"):
                data = path.read_bytes()
                out[str(path.relative_to(root / "outbox"))] = hashlib.sha256(data).hexdigest()
        return out
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    binaries = [Path(arg).resolve() for arg in sys.argv[1:]]
    if len(binaries) not in (1, 2):
        sys.exit(__doc__)
    digests = [digest(binary) for binary in binaries]
    if len(digests) == 1:
        for name, sha in digests[0].items():
            print(f"{sha}  {name}")
        print(f"{len(digests[0])} documents")
        return
    before, after = digests
    differ = sorted(name for name in before.keys() & after.keys() if before[name] != after[name])
    missing = sorted(before.keys() - after.keys())
    new = sorted(after.keys() - before.keys())
    for name in differ:
        print(f"differs: {name}")
    for name in missing:
        print(f"missing after: {name}")
    for name in new:
        print(f"new after: {name}")
    same = len(before.keys() & after.keys()) - len(differ)
    print(f"{same} of {len(before)} documents byte-identical under the same name; "
          f"{len(differ)} differ, {len(missing)} missing, {len(new)} new")
    if not (differ or missing or new):
        return
    # Lists whose documents would take one name share it in the order they
    # are settled: a build that settles them in another order gives the
    # same documents under other names. The bytes are what must not change.
    if sorted(before.values()) == sorted(after.values()):
        print("the same bytes, every document: only which of the namesakes "
              "took the plain name changed")
        return
    sys.exit(1)

if __name__ == "__main__":
    main()
