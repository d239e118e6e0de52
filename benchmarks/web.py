"""Benchmark: 50 concurrent clients against the web server on loopback.

Usage::

    python benchmarks/web.py [--out DEMO_OUTPUT] [--workspace WS] [--clients 50]
                             [--seconds 20] [--json FILE]

Starts ``novex serve`` (uvicorn, one process) on 127.0.0.1 at a free port with the run and
stapelkaart in ``--out`` (default: the 100 m demo outputs under ``$NOVEX_HOME``; with
``--sample``, the tiny synthetic sample), then runs ``--clients`` asynchronous httpx clients
for ``--seconds``. Each client loops over a random mix of

* ``tile``: a map tile of a random layer (allocation, overlap, an interest) at a random
  zoom 7-12 over the map's extent (the first request of a tile renders it, later ones hit
  the LRU cache);
* ``map``: the map data (``/api/map``) and a cell (``/api/map/cell``) at a random point;
* ``claims``: the claims table of a random province (``/api/run/claims``);
* ``static``: ``/static/novex.css``, the peer: a file served as is, the floor of the
  server's own overhead.

With ``--warm``, tiles come from a fixed set instead (zoom 7-10 over the map's extent, the
allocation and overlap layers: what a viewer of the national map loads), each requested
once before the clock starts: the steady state of a warm tile cache.

Prints one JSON document: per kind the requests, errors (status >= 400 or a transport
error), requests/s and the p50 / p95 / p99 latency in ms; the ratio of each kind's p95 to
the static file's p95; and the tile cache's hits and misses.
"""

from __future__ import annotations

import argparse
import asyncio
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tile_index(lon: float, lat: float, z: int) -> tuple[int, int]:
    import morecantile

    t = morecantile.tms.get("WebMercatorQuad").tile(lon, lat, z)
    return t.x, t.y


def _tile_set(info: dict[str, Any]) -> list[str]:
    import morecantile

    west, south, east, north = info["bounds"]
    tms = morecantile.tms.get("WebMercatorQuad")
    urls = []
    for z in range(7, 11):
        for t in tms.tiles(west, south, east, north, [z]):
            for layer in ("allocation", "overlap"):
                urls.append(f"/tiles/{layer}/{t.z}/{t.x}/{t.y}.png")
    return urls


async def _client(base: str, until: float, info: dict[str, Any], rng: random.Random,
                  out: dict[str, list[float]], errors: dict[str, int]) -> None:  # fmt: skip
    import httpx

    west, south, east, north = info["bounds"]
    # the inner part of the extent: every point lies on the grid (the RD grid is slightly
    # rotated against the degrees of its bounding box)
    dx, dy = (east - west) * 0.05, (north - south) * 0.05
    west, south, east, north = west + dx, south + dy, east - dx, north - dy
    layers = [layer["key"] for layer in info["layers"]]
    provinces = info["provinces"]
    async with httpx.AsyncClient(base_url=base, timeout=30.0) as c:
        while time.monotonic() < until:
            kind = rng.choices(["tile", "map", "claims", "static"], weights=[6, 2, 1, 1])[0]
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
                url = "/static/novex.css"
            t0 = time.perf_counter()
            try:
                r = await c.get(url)
                bad = r.status_code >= 400
            except httpx.HTTPError:
                bad = True
            out[kind].append((time.perf_counter() - t0) * 1000)
            if bad:
                errors[kind] += 1


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, round(q / 100 * (len(s) - 1))))
    return round(s[k], 2)


async def _run(base: str, clients: int, seconds: float, seed: int, warm: bool) -> dict[str, Any]:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=60.0) as c:
        info = (await c.get("/api/map")).json()
        run = (await c.get("/api/run")).json()
        if warm:
            info["tile_set"] = _tile_set(info)
            for url in info["tile_set"]:
                await c.get(url)
    info["provinces"] = [p["code"] for p in run["provinces"]]
    out: dict[str, list[float]] = {k: [] for k in ("tile", "map", "claims", "static")}
    errors = dict.fromkeys(out, 0)
    t0 = time.monotonic()
    until = t0 + seconds
    await asyncio.gather(
        *(_client(base, until, info, random.Random(seed + i), out, errors) for i in range(clients))
    )
    elapsed = time.monotonic() - t0
    kinds = {
        k: {
            "requests": len(v),
            "errors": errors[k],
            "per_s": round(len(v) / elapsed, 1),
            "p50_ms": _percentile(v, 50),
            "p95_ms": _percentile(v, 95),
            "p99_ms": _percentile(v, 99),
        }
        for k, v in out.items()
    }
    static_p95 = kinds["static"]["p95_ms"] or 1.0
    everything = [x for v in out.values() for x in v]
    return {
        "warm": warm,
        "tiles_in_set": len(info.get("tile_set", [])),
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(everything),
        "errors": sum(errors.values()),
        "p95_ms_all": _percentile(everything, 95),
        "kinds": kinds,
        "p95_ratio_to_static": {k: round(v["p95_ms"] / static_p95, 2) for k, v in kinds.items()},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, help="demo output folder (puzzel/, stapelkaart/)")
    ap.add_argument("--workspace", type=Path)
    ap.add_argument("--sample", action="store_true", help="use the tiny synthetic sample")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=20221013)
    ap.add_argument("--warm", action="store_true", help="a fixed, pre-rendered tile set")
    ap.add_argument("--json", type=Path, help="also write the result here")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="novex-web-bench-"))
    if args.sample:
        from novex.results.samples import sample_workspace, write_sample_run, write_sample_stack

        ws = sample_workspace(tmp / "ws")
        write_sample_run(ws, tmp / "out" / "puzzel")
        write_sample_stack(ws, tmp / "out" / "stapelkaart")
        out, workspace = tmp / "out", tmp / "ws"
    else:
        from novex.settings import get_settings
        from novex.workflow import demo_paths

        ws_default, out_default = demo_paths(get_settings().home, 100)
        out, workspace = args.out or out_default, args.workspace or ws_default
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    server = subprocess.Popen(
        [sys.executable, "-m", "novex", "-q", "serve", "--out", str(out), "--workspace",
         str(workspace), "--db", f"sqlite:///{tmp / 'dossier.sqlite'}", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(600):
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                raise SystemExit(server.stderr.read().decode() if server.stderr else "server died")
            time.sleep(0.1)
        result = asyncio.run(_run(base, args.clients, args.seconds, args.seed, args.warm))
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["data"] = "sample (synthetic, 20 x 20 cells)" if args.sample else str(out)
    result["cpu_count"] = os.cpu_count()
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
