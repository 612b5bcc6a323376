#!/usr/bin/env python3
"""Several workers on one shared folder and one PostgreSQL ledger (issue 16).

Starts a throw-away PostgreSQL server (initdb in a temporary folder, as the
`postgres` user when run as root), then measures with the release binary:

- throughput: N distinct 30-row lists (benches/data/ds-30.xlsx, made
  distinct by their zip comments) dropped into the inbox of 1, 2 and 3
  `vanthu watch` workers, from the first file dropped to the last one
  settled; documents per second (each a DOCX and a PDF);
- failover: a worker killed (SIGKILL) while it renders a long list
  (benches/data/ds-5000.xlsx); the time from the kill until a peer starts
  the same file, and until the peer has delivered it; median and worst of
  K kills, with the lease given (`lease_ms`);
- claims per second the database sustains: pgbench running the very
  statements of a claim (take the oldest free job with FOR UPDATE SKIP
  LOCKED and a lease, then delete it, as a settled job is) from 1, 4 and
  16 client connections over a queue of 100,000 jobs.

Run after a release build:  cargo build --release && python3 benches/workers.py
Options: --lists N (default 300), --kills K (default 20), --lease-ms MS
(default 5000), --binary PATH, --only throughput|failover|claims.
"""

import argparse
import os
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHORT = ROOT / "benches" / "data" / "ds-30.xlsx"
LONG = ROOT / "benches" / "data" / "ds-5000.xlsx"


def pg_bin() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not versions:
        sys.exit("PostgreSQL is not installed (apt install postgresql)")
    return versions[-1].parent


class Server:
    def __init__(self):
        self.bin = pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="vanthu-bench-pg-"))
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.dir, "postgres", "postgres")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.data = self.dir / "data"
        self.run("initdb", "--auth=trust", "--username=vanthu", "--no-sync", "-D", str(self.data))
        self.run(
            "pg_ctl", "-D", str(self.data), "-w", "-l", str(self.dir / "log"), "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200",
            "start",
        )

    def cmd(self, program, *args):
        base = [str(self.bin / program), *args]
        return (["runuser", "-u", "postgres", "--"] + base) if self.root else base

    def run(self, program, *args, **kw):
        done = subprocess.run(self.cmd(program, *args), capture_output=True, text=True, **kw)
        if done.returncode != 0:
            sys.exit(f"{program} failed: {done.stdout}{done.stderr}")
        return done

    def database(self, name) -> str:
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "vanthu", name)
        return f"postgresql://vanthu@127.0.0.1:{self.port}/{name}"

    def stop(self):
        subprocess.run(self.cmd("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop"), capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def variant(data: bytes, n: int) -> bytes:
    comment = f"vanthu workers bench {n}".encode()
    return data[:-2] + struct.pack("<H", len(comment)) + comment


def office(url, lease_ms: int) -> Path:
    """An office on the shared ledger at `url` (None: its own SQLite file)."""
    root = Path(tempfile.mkdtemp(prefix="vanthu-workers-"))
    ledger = f'[ledger]\nurl = "{url}"\nlease_ms = {lease_ms}\n' if url else ""
    (root / "vanthu.toml").write_text(
        f"[units]\n[service]\nquiet_ms = 300\n{ledger}",
        encoding="utf-8",
    )
    (root / "inbox").mkdir()
    return root


def start(binary: Path, root: Path, name: str):
    log = open(root / f"{name}.log", "w")
    env = dict(os.environ, VANTHU_WORKER=name, VANTHU_LOG="info")
    p = subprocess.Popen([str(binary), "watch"], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=log)
    wait(lambda: "bắt đầu theo dõi" in (root / f"{name}.log").read_text(), 60)
    return p


def wait(done, seconds, step=0.02):
    deadline = time.time() + seconds
    while not done():
        if time.time() > deadline:
            raise TimeoutError
        time.sleep(step)


def said(root: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in root.glob("*.log"))


def stop(workers):
    for w in workers:
        w.send_signal(signal.SIGTERM)
    for w in workers:
        try:
            w.wait(30)
        except subprocess.TimeoutExpired:
            w.kill()


def throughput(binary, server, lists, lease_ms):
    data = SHORT.read_bytes()
    rows = []
    # 0: one worker on its own SQLite ledger, for comparison.
    for n in (0, 1, 2, 3):
        url = server.database(f"throughput_{n}") if n else None
        root = office(url, lease_ms)
        workers = [start(binary, root, f"may-{i}") for i in range(max(n, 1))]
        began = time.time()
        past = time.time() - 60
        for i in range(lists):
            unit = root / "inbox" / f"don-vi-{i:03d}"
            unit.mkdir()
            path = unit / "ds.xlsx"
            path.write_bytes(variant(data, i))
            os.utime(path, (past, past))
        wait(lambda: said(root).count("xử lý xong:") >= lists, 1800, 0.1)
        took = time.time() - began
        documents = sum(1 for p in (root / "outbox").rglob("*.pdf")) - len(list((root / "outbox").glob("*.pdf")))
        stop(workers)
        per = [said_one.count("xử lý xong:") for said_one in (p.read_text() for p in sorted(root.glob("*.log")))]
        rows.append((n, took, documents, per))
        shutil.rmtree(root, ignore_errors=True)
    print(f"\nthroughput, {lists} lists of 30 rows (each gives its documents as DOCX and PDF):")
    for n, took, documents, per in rows:
        label = f"{n} worker(s)" if n else "SQLite, 1 worker"
        print(f"  {label:16}: {took:6.1f} s, {documents / took:6.1f} documents/s "
              f"({documents} documents; lists per worker {per})")


def failover(binary, server, kills, lease_ms):
    url = server.database("failover")
    root = office(url, lease_ms)
    data = LONG.read_bytes()
    takeovers, deliveries = [], []
    for k in range(kills):
        a = start(binary, root, f"a{k}")
        b = start(binary, root, f"b{k}")
        name = f"dai-{k:02d}.xlsx"
        path = root / "inbox" / name
        path.write_bytes(variant(data, 1000 + k))
        past = time.time() - 60
        os.utime(path, (past, past))
        # Whichever took it is killed mid-render; the other takes over.
        started = f"bắt đầu xử lý input={name}"
        wait(lambda: started in (root / f"a{k}.log").read_text() or started in (root / f"b{k}.log").read_text(), 120)
        time.sleep(0.3)
        victim, peer, peer_log = (a, b, f"b{k}") if started in (root / f"a{k}.log").read_text() else (b, a, f"a{k}")
        victim.kill()
        victim.wait()
        killed = time.time()
        wait(lambda: started in (root / f"{peer_log}.log").read_text(), 600, 0.01)
        takeovers.append(time.time() - killed)
        wait(lambda: f"xử lý xong: đã tạo văn bản input={name}" in (root / f"{peer_log}.log").read_text(), 600, 0.01)
        deliveries.append(time.time() - killed)
        stop([peer])
        print(f"  kill {k + 1}: taken over after {takeovers[-1]:.2f} s, delivered after {deliveries[-1]:.2f} s", flush=True)
    print(f"\nfailover over {kills} kills, lease_ms = {lease_ms}:")
    print(f"  taken over: median {statistics.median(takeovers):.2f} s, worst {max(takeovers):.2f} s")
    print(f"  delivered:  median {statistics.median(deliveries):.2f} s, worst {max(deliveries):.2f} s")
    shutil.rmtree(root, ignore_errors=True)


CLAIM = """\
UPDATE claims SET holder = 'bench:' || :client_id, token = nextval('claim_tokens'),
  lease_until = now() + 30000::float8 * interval '1 millisecond', claims = claims + 1
  WHERE path = (SELECT path FROM claims WHERE kind = 'file'
    AND (lease_until IS NULL OR lease_until < now())
    ORDER BY queued, path LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING quote_literal(path) AS path, token \\gset
DELETE FROM claims WHERE path = :path AND token = :token;
"""


def claims(binary, server):
    url = server.database("claims")
    # The schema as vanthu makes it: one `vanthu status` creates it.
    root = office(url, 30000)
    subprocess.run([str(binary), "status"], cwd=root, capture_output=True, check=True)
    fill = ("INSERT INTO claims (path, file, unit_folder, queued) "
            "SELECT 'don-vi/' || g || '.xlsx', 'don-vi/' || g || '.xlsx', 'don-vi', now() + g * interval '1 microsecond' "
            "FROM generate_series(1, 100000) g")
    script = Path(tempfile.mkdtemp()) / "claim.sql"
    script.write_text(CLAIM)
    os.chmod(script.parent, 0o755)
    os.chmod(script, 0o644)
    print("\nclaims per second (claim the oldest free job, then delete it), 100,000 jobs queued:")
    for clients in (1, 4, 16):
        server.run("psql", "-h", "127.0.0.1", "-p", str(server.port), "-U", "vanthu", "-d", "claims",
                   "-c", "DELETE FROM claims", "-c", fill)
        out = server.run("pgbench", "-h", "127.0.0.1", "-p", str(server.port), "-U", "vanthu",
                         "-n", "-f", str(script), "-c", str(clients), "-j", str(min(clients, 2)),
                         "-T", "10", "claims").stdout
        tps = next(l for l in out.splitlines() if l.startswith("tps"))
        print(f"  {clients:2d} connections: {tps.split('=')[1].split('(')[0].strip()} claims/s")
    shutil.rmtree(root, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lists", type=int, default=300)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--lease-ms", type=int, default=5000)
    ap.add_argument("--binary", type=Path, default=ROOT / "target" / "release" / "vanthu")
    ap.add_argument("--only", choices=["throughput", "failover", "claims"])
    args = ap.parse_args()
    server = Server()
    try:
        if args.only in (None, "claims"):
            claims(args.binary, server)
        if args.only in (None, "throughput"):
            throughput(args.binary, server, args.lists, args.lease_ms)
        if args.only in (None, "failover"):
            failover(args.binary, server, args.kills, args.lease_ms)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
