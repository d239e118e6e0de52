"""Benchmark: 50 concurrent clients against the web server on loopback, and the what-if.

Usage::

    python benchmarks/web.py [--out DEMO_OUTPUT] [--workspace WS] [--clients 50]
                             [--seconds 20] [--warm] [--whatif 3] [--json FILE]

Starts ``novex serve`` (uvicorn, one process) on 127.0.0.1 at a free port with the run and
stapelkaart in ``--out`` (default: the 100 m demo outputs under ``$NOVEX_HOME``; with
``--sample``, the tiny synthetic sample) and a fresh dossier with one rijk user.

**Load.** ``--clients`` clients run for ``--seconds`` in a closed loop (no think time),
each on its own keep-alive HTTP/1.1 connection, over a random mix of

* ``tile`` (60 %): a map tile of a random layer at a random zoom 7-12 over the map's
  extent (the first request of a tile renders it, later ones hit the LRU cache);
  with ``--warm``, a fixed set (zoom 7-10, allocation and overlap) requested once
  before the clock starts;
* ``map`` (20 %): a cell's details (``/api/map/cell``) at a random point, or the map
  data (``/api/map``);
* ``claims`` (10 %): the claims table of a random province (``/api/run/claims``);
* ``baseline`` (10 %): ``/api/health``, a trivial endpoint through the same app and
  the same client: the floor of what the server and the client cost per request in
  this run (on a loaded machine mostly the wait for a core).

The client is a minimal asyncio HTTP/1.1 client (a request line, read the headers and
``Content-Length`` bytes), so the client's own CPU takes as little as possible from the
server's on the shared cores. An error is a status >= 400 or a broken connection.

**What-if.** With ``--whatif N`` (default 3), after the load: log in as the rijk user
and time the round trip the atlas makes for Utrecht: ``POST /api/whatif`` (100, 150,
... ha more wonen; the last one with identiteit switched off) and then every tile of the
draft's map (both layers) at the zoom that shows the province, 6 at a time as a browser
does. The first what-if of a fresh server also assembles the province (``first``);
the next ones are what a planner sees after that (``warm``).

``--src`` runs the server from another source tree (say ``git archive`` of an older
commit), so two versions can be compared under the same load.

Prints one JSON document and appends it as one line to ``--json`` (default
``benchmarks/results/web.jsonl``), with the date, the load average before and after,
and the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PASSWORD = "bench-wachtwoord-lang"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Conn:
    """One keep-alive HTTP/1.1 connection: ``await conn.get(path)`` -> (status, bytes)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length, chunked, close = 0, False, False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"connection" and b"close" in value.lower():
                close = True
        size = 0
        if chunked:
            while True:
                n = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(n + 2)
                size += n
                if n == 0:
                    break
        elif length:
            size = len(await self.reader.readexactly(length))
        if close:
            await self.close()
        return status, size

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None


def _tile_index(lon: float, lat: float, z: int) -> tuple[int, int]:
    import morecantile

    t = morecantile.tms.get("WebMercatorQuad").tile(lon, lat, z)
    return t.x, t.y


def _tile_set(info: dict[str, Any]) -> list[str]:
    import morecantile

    west, south, east, north = info["bounds"]
    tms = morecantile.tms.get("WebMercatorQuad")
    return [f"/tiles/{layer}/{t.z}/{t.x}/{t.y}.png"
            for z in range(7, 11) for t in tms.tiles(west, south, east, north, [z])
            for layer in ("allocation", "overlap")]  # fmt: skip


async def _client(port: int, until: float, info: dict[str, Any], rng: random.Random,
                  out: dict[str, list[float]], errors: dict[str, int]) -> None:  # fmt: skip
    west, south, east, north = info["bounds"]
    # the inner part of the extent: every point lies on the grid (the RD grid is slightly
    # rotated against the degrees of its bounding box)
    dx, dy = (east - west) * 0.05, (north - south) * 0.05
    west, south, east, north = west + dx, south + dy, east - dx, north - dy
    layers = [layer["key"] for layer in info["layers"]]
    provinces = info["provinces"]
    conn = Conn("127.0.0.1", port)
    while time.monotonic() < until:
        kind = rng.choices(["tile", "map", "claims", "baseline"], weights=[6, 2, 1, 1])[0]
        if kind == "tile" and info.get("tile_set"):
            url = rng.choice(info["tile_set"])
        elif kind == "tile":
            z = rng.randint(7, 12)
            x, y = _tile_index(rng.uniform(west, east), rng.uniform(south, north), z)
            url = f"/tiles/{rng.choice(layers)}/{z}/{x}/{y}.png"
        elif kind == "map":
            url = (f"/api/map/cell?lon={rng.uniform(west, east):.5f}"
                   f"&lat={rng.uniform(south, north):.5f}")  # fmt: skip
            if rng.random() < 0.2:
                url = "/api/map"
        elif kind == "claims":
            url = f"/api/run/claims?province={rng.choice(provinces)}"
        else:
            url = "/api/health"
        t0 = time.perf_counter()
        try:
            status, _ = await conn.get(url)
            bad = status >= 400
        except (OSError, asyncio.IncompleteReadError, ValueError):
            bad = True
            await conn.close()
        out[kind].append((time.perf_counter() - t0) * 1000)
        if bad:
            errors[kind] += 1
    await conn.close()


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, round(q / 100 * (len(s) - 1))))
    return round(s[k], 2)


def _stats(v: list[float], elapsed: float, errors: int) -> dict[str, Any]:
    return {"requests": len(v), "errors": errors, "per_s": round(len(v) / elapsed, 1),
            "p50_ms": _percentile(v, 50), "p95_ms": _percentile(v, 95),
            "p99_ms": _percentile(v, 99)}  # fmt: skip


async def _load(base: str, port: int, clients: int, seconds: float, seed: int,
                warm: bool) -> dict[str, Any]:  # fmt: skip
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=120.0) as c:
        info = (await c.get("/api/map")).json()
        run = (await c.get("/api/run")).json()
        if warm:
            info["tile_set"] = _tile_set(info)
            for url in info["tile_set"]:
                await c.get(url)
    info["provinces"] = [p["code"] for p in run["provinces"]]
    out: dict[str, list[float]] = {k: [] for k in ("tile", "map", "claims", "baseline")}
    errors = dict.fromkeys(out, 0)
    t0 = time.monotonic()
    until = t0 + seconds
    await asyncio.gather(*(_client(port, until, info, random.Random(seed + i), out, errors)
                           for i in range(clients)))  # fmt: skip
    elapsed = time.monotonic() - t0
    kinds = {k: _stats(v, elapsed, errors[k]) for k, v in out.items()}
    served = [x for k in ("tile", "map", "claims") for x in out[k]]
    base_p95 = kinds["baseline"]["p95_ms"] or 1.0
    return {
        "warm": warm,
        "tiles_in_set": len(info.get("tile_set", [])),
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": sum(len(v) for v in out.values()),
        "errors": sum(errors.values()),
        "per_s": round(sum(len(v) for v in out.values()) / elapsed, 1),
        "p95_ms_tile_map_claims": _percentile(served, 95),
        "kinds": kinds,
        "p95_ratio_to_baseline": {k: round(v["p95_ms"] / base_p95, 2) for k, v in kinds.items()},
    }


def _draft_tile_urls(body: dict[str, Any]) -> list[str]:
    """The tiles of the draft's map a browser loads after fitting the province (z 9)."""
    import morecantile

    west, south, east, north = body["bounds"]
    tms = morecantile.tms.get("WebMercatorQuad")
    return [tpl.format(z=t.z, x=t.x, y=t.y)
            for t in tms.tiles(west, south, east, north, [9])
            for tpl in body["tiles"].values()]  # fmt: skip


async def _whatif(base: str, rounds: int, user: str) -> dict[str, Any]:
    import httpx

    trips: list[dict[str, Any]] = []
    async with httpx.AsyncClient(base_url=base, timeout=600.0) as c:
        r = await c.post("/api/session", json={"name": user, "password": PASSWORD})
        r.raise_for_status()
        token = r.json()["csrf_token"]
        for k in range(rounds):
            body: dict[str, Any] = {"province": "NL-UT", "function": "wonen",
                                    "add_ha": 100.0 + 50 * k}  # fmt: skip
            if k == rounds - 1 and rounds > 1:
                body["principles"] = {"identiteit": False}
            t0 = time.perf_counter()
            r = await c.post("/api/whatif", json=body, headers={"X-CSRF-Token": token})
            t1 = time.perf_counter()
            if r.status_code != 200:
                trips.append({"status": r.status_code, "detail": r.text[:300]})
                continue
            d = r.json()
            urls = _draft_tile_urls(d) if "tiles" in d else []  # older servers: no draft map
            sem = asyncio.Semaphore(6)

            async def fetch(url: str, sem: asyncio.Semaphore = sem) -> int:
                async with sem:
                    return (await c.get(url)).status_code

            codes = await asyncio.gather(*(fetch(u) for u in urls))
            t2 = time.perf_counter()
            trips.append({
                "case": "first" if k == 0 else "warm", "change": body,
                "round_trip_s": round(t2 - t0, 3), "solve_request_s": round(t1 - t0, 3),
                "map_tiles_s": round(t2 - t1, 3), "map_tiles": len(urls),
                "tile_errors": sum(1 for s in codes if s != 200),
                "server": d.get("timings"), "status": d["status"], "gap": d["gap"],
                "changed_ha": d.get("changed_ha"), "scheme": d.get("scheme"),
            })  # fmt: skip
    warm = [t["round_trip_s"] for t in trips if t.get("case") == "warm"]
    return {"province": "NL-UT", "rounds": trips,
            "warm_round_trip_s_max": max(warm) if warm else None}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--out", type=Path, help="demo output folder (puzzel/, stapelkaart/)")
    ap.add_argument("--workspace", type=Path)
    ap.add_argument("--sample", action="store_true", help="use the tiny synthetic sample")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=20221013)
    ap.add_argument("--warm", action="store_true", help="a fixed, pre-rendered tile set")
    ap.add_argument("--whatif", type=int, default=3, help="what-if round trips (0: none)")
    ap.add_argument("--json", type=Path, default=Path(__file__).parent / "results" / "web.jsonl")
    ap.add_argument("--src", type=Path, default=Path(__file__).parents[1] / "src",
                    help="the source tree the server runs (another checkout: an A/B in the "
                         "same conditions)")  # fmt: skip
    args = ap.parse_args()

    load_before = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="novex-web-bench-"))
    spec_args: list[str] = []
    if args.sample:
        from novex.results.samples import (
            SAMPLE_SPEC,
            sample_workspace,
            write_sample_run,
            write_sample_stack,
        )

        ws = sample_workspace(tmp / "ws")
        write_sample_run(ws, tmp / "out" / "puzzel")
        write_sample_stack(ws, tmp / "out" / "stapelkaart")
        (tmp / "spec.toml").write_text(SAMPLE_SPEC, encoding="utf-8")
        out, workspace = tmp / "out", tmp / "ws"
        spec_args = ["--spec", str(tmp / "spec.toml")]
    else:
        from novex.settings import get_settings
        from novex.workflow import demo_paths

        ws_default, out_default = demo_paths(get_settings().home, 100)
        out, workspace = args.out or out_default, args.workspace or ws_default
    from novex.dossier import SYSTEM, Dossier

    db = f"sqlite:///{tmp / 'dossier.sqlite'}"
    d = Dossier.open(db)
    d.add_user(SYSTEM, "bench", "rijk", PASSWORD)
    d.close()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(args.src.resolve())}
    cmd = [sys.executable, "-m", "novex", "-q", "serve", "--out", str(out), "--workspace",
           str(workspace), "--db", db, "--port", str(port)]  # fmt: skip
    if spec_args and _serve_has_spec(env):
        cmd += spec_args
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    result: dict[str, Any] = {}
    try:
        import httpx

        for _ in range(1200):
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                raise SystemExit(server.stderr.read().decode() if server.stderr else "server died")
            time.sleep(0.1)
        if args.clients > 0 and args.seconds > 0:
            result["load"] = asyncio.run(
                _load(base, port, args.clients, args.seconds, args.seed, args.warm)
            )
        if args.whatif > 0:
            result["whatif"] = asyncio.run(_whatif(base, args.whatif, "bench"))
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = {
        "benchmark": "web",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "data": "sample (synthetic, 20 x 20 cells)" if args.sample else str(out),
        "src": str(args.src),
        "cpu_count": os.cpu_count(),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "server": _server_kind(),
        **result,
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        with args.json.open("a", encoding="utf-8") as f:
            f.write(json.dumps(result) + "\n")


def _serve_has_spec(env: dict[str, str]) -> bool:
    """Whether ``novex serve`` takes ``--spec`` (the sample's spec is not in its run)."""
    r = subprocess.run([sys.executable, "-m", "novex", "serve", "--help"], env=env,
                       capture_output=True, text=True, check=False)  # fmt: skip
    return "--spec" in r.stdout


def _server_kind() -> dict[str, Any]:
    """uvicorn's event loop and HTTP parser as installed (``auto`` picks these)."""
    import importlib.util

    return {"uvloop": importlib.util.find_spec("uvloop") is not None,
            "httptools": importlib.util.find_spec("httptools") is not None}  # fmt: skip


if __name__ == "__main__":
    main()
