"""Benchmark: concurrent writers on the dossier, SQLite file vs PostgreSQL server.

Usage::

    python benchmarks/dossier.py [--backends sqlite,postgres] [--writers 8] [--edits 500]
                                 [--records 3] [--seconds 120] [--out FILE]

Per backend:

1. a fresh database (a SQLite file in a temporary folder; a new PostgreSQL database
   ``novex_bench_<random>`` on 127.0.0.1:5432, dropped afterwards) with ``--records``
   investment lines at 0 euro;
2. ``--writers`` processes, each with its own connection, make up to ``--edits`` edits
   within ``--seconds``: read a random one of the records, then add 1 euro to it at the
   version read (``Dossier.update``). An edit is *accepted*, refused as a *conflict*
   (``ConflictError``: another writer was first), or an *error* (anything else);
3. checks: every record's amount equals the accepted edits on it (zero lost updates),
   the audit log holds one update entry per accepted edit, accepted + conflicts = attempts,
   zero errors;
4. a writer is killed (SIGKILL) inside a transaction, after its UPDATE and audit INSERT
   and before COMMIT: the record and the audit log must be unchanged, and the next edit
   must go through.

Prints one JSON document: per backend ``attempts, accepted, conflicts, errors,
seconds, edits_per_s (accepted), attempts_per_s, lost_updates, killed_writer`` and the
ratio of accepted edits/s SQLite / PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import secrets
import signal
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def _setup(url: str, n_records: int) -> list[int]:
    from novex.dossier import SYSTEM, Dossier

    d = Dossier.open(url)
    ids = [
        d.create(SYSTEM, "investment", area="NX05", description=f"bench {k}", amount_eur=0,
                 source="rijk", year=2026, status="voorgesteld")["id"]
        for k in range(n_records)
    ]  # fmt: skip
    d.close()
    return ids


def _writer(url: str, ids: list[int], edits: int, barrier: Any, seconds: float, seed: int):
    from novex.dossier import Actor, Dossier
    from novex.errors import ConflictError

    actor = Actor(f"writer{seed}", "gebiedsteam:NX05")
    d = Dossier.open(url, upgrade=False)
    d.get(actor, "investment", ids[0])  # connect and load the reference before the start
    rng = random.Random(seed)
    accepted: dict[int, int] = dict.fromkeys(ids, 0)
    conflicts, errors, attempts = 0, [], 0
    barrier.wait(600)  # all writers connected: start together
    t0 = time.time()
    stop_at = t0 + seconds
    while attempts < edits and time.time() < stop_at:
        rid = rng.choice(ids)
        attempts += 1
        try:
            row = d.get(actor, "investment", rid)
            d.update(actor, "investment", rid, row["version"], amount_eur=row["amount_eur"] + 1)
            accepted[rid] += 1
        except ConflictError:
            conflicts += 1
        except Exception as err:  # counted and reported: the benchmark expects none
            errors.append(f"{type(err).__name__}: {err}"[:300])
    t1 = time.time()
    d.close()
    return {"attempts": attempts, "accepted": accepted, "conflicts": conflicts, "errors": errors,
            "start": t0, "end": t1}  # fmt: skip


def _killed_writer(url: str, rid: int, ready: Any) -> None:
    """Edit ``rid`` and stop inside the transaction, after the writes, before COMMIT."""
    from novex.dossier import SYSTEM, Dossier

    d = Dossier.open(url, upgrade=False)
    original = d.audit_write

    def audit_then_hang(session, actor, action, obj, before):
        after = original(session, actor, action, obj, before)
        session.flush()
        ready.set()  # UPDATE and audit INSERT are sent; COMMIT is not
        time.sleep(3600)
        return after

    d.audit_write = audit_then_hang  # type: ignore[method-assign]
    row = d.get(SYSTEM, "investment", rid)
    d.update(SYSTEM, "investment", rid, row["version"], amount_eur=10**9)


def _kill_check(url: str, rid: int) -> dict[str, Any]:
    from novex.dossier import SYSTEM, Dossier

    d = Dossier.open(url, upgrade=False)
    before = d.get(SYSTEM, "investment", rid)
    audit_before = len(d.audit(SYSTEM, "investment", rid))
    ctx = mp.get_context("spawn")
    ready = ctx.Event()
    proc = ctx.Process(target=_killed_writer, args=(url, rid, ready))
    proc.start()
    if not ready.wait(120):
        proc.kill()
        raise RuntimeError("the writer to be killed never reached its transaction")
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    t0 = time.perf_counter()
    after = d.get(SYSTEM, "investment", rid)
    audit_after = len(d.audit(SYSTEM, "investment", rid))
    nxt = d.update(SYSTEM, "investment", rid, after["version"], description="after the kill")
    d.close()
    return {
        "exit_code": proc.exitcode,
        "record_unchanged": after == before,
        "audit_unchanged": audit_after == audit_before,
        "next_edit_ok": nxt["version"] == before["version"] + 1,
        "next_edit_seconds": round(time.perf_counter() - t0, 3),
    }


def run_backend(url: str, args: argparse.Namespace) -> dict[str, Any]:
    from novex.dossier import SYSTEM, Dossier

    ids = _setup(url, args.records)
    ctx = mp.get_context("spawn")
    with ctx.Manager() as manager, ProcessPoolExecutor(args.writers, mp_context=ctx) as pool:
        barrier = manager.Barrier(args.writers)
        futures = [
            pool.submit(_writer, url, ids, args.edits, barrier, args.seconds, k)
            for k in range(args.writers)
        ]
        results = [f.result() for f in futures]
    seconds = max(r["end"] for r in results) - min(r["start"] for r in results)
    d = Dossier.open(url, upgrade=False)
    final = {rid: d.get(SYSTEM, "investment", rid)["amount_eur"] for rid in ids}
    updates = [e for e in d.audit(SYSTEM, "investment") if e["action"] == "update"]
    d.close()
    accepted = {rid: sum(r["accepted"][rid] for r in results) for rid in ids}
    attempts = sum(r["attempts"] for r in results)
    n_acc = sum(accepted.values())
    conflicts = sum(r["conflicts"] for r in results)
    errors = [e for r in results for e in r["errors"]]
    out = {
        "writers": args.writers,
        "records": args.records,
        "attempts": attempts,
        "accepted": n_acc,
        "conflicts": conflicts,
        "errors": len(errors),
        "error_samples": errors[:5],
        "seconds": round(seconds, 2),
        "edits_per_s": round(n_acc / seconds, 1),
        "attempts_per_s": round(attempts / seconds, 1),
        "lost_updates": sum(abs(final[r] - accepted[r]) for r in ids),
        "audit_updates_match": len(updates) == n_acc,
        "every_attempt_accounted": n_acc + conflicts + len(errors) == attempts,
    }
    out["killed_writer"] = _kill_check(url, ids[0])
    out["ok"] = (
        out["lost_updates"] == 0
        and out["errors"] == 0
        and out["audit_updates_match"]
        and out["every_attempt_accounted"]
        and all(v for k, v in out["killed_writer"].items() if k.endswith(("unchanged", "_ok")))
    )
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--backends", default="sqlite,postgres")
    p.add_argument("--writers", type=int, default=8)
    p.add_argument("--edits", type=int, default=500)
    p.add_argument("--records", type=int, default=3)
    p.add_argument("--seconds", type=float, default=120.0)
    p.add_argument("--out", type=Path, default=None, help="Also write the JSON here.")
    args = p.parse_args()
    report: dict[str, Any] = {"benchmark": "dossier concurrent writers", "cases": {}}
    for backend in args.backends.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite:///{tmp}/bench.sqlite"
                report["cases"]["sqlite"] = run_backend(url, args)
        elif backend == "postgres":
            import psycopg

            name = f"novex_bench_{secrets.token_hex(6)}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {name}")
            try:
                url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
                report["cases"]["postgres"] = run_backend(url, args)
            finally:
                with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        else:
            p.error(f"Invalid backend {backend!r}. Only ('sqlite', 'postgres') are supported.")
    cases = report["cases"]
    if "sqlite" in cases and "postgres" in cases and cases["postgres"]["edits_per_s"]:
        report["ratio_edits_per_s_sqlite_over_postgres"] = round(
            cases["sqlite"]["edits_per_s"] / cases["postgres"]["edits_per_s"], 2
        )
    report["ok"] = all(c["ok"] for c in cases.values())
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
