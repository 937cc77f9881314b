"""Load benchmark: the production server (gunicorn, production settings) with PostgreSQL, under
concurrent clients on the loopback interface. Not a test: it measures and writes JSON.

    .venv/bin/python bench/load.py [--clients 20] [--seconds 60] [--pg postgres://postgres@127.0.0.1:5432/postgres]

One run: creates its own database (bench_load_<pid>) on the PostgreSQL server, migrates it and
loads the five seed plans with a planner account (no demo accounts), runs collectstatic, starts
gunicorn with 2 × CPUs + 1 workers on a free loopback port, then

  phase 1 — every client requests the minimal page (/dashboards/ping/, the site layout behind
            the same login) for --seconds / 2;
  phase 2 — every client walks the mix: public plan page (anonymous), plan dashboard, comparison
            page and the value API (logged in), in turn, for --seconds.

Each request is timed from send to the last byte; it reports requests/s and p50/p95/p99 per page,
the errors (any status but 200), stops the server, drops the database and writes
bench/results-load.json. Requests carry X-Forwarded-Proto: https, as from the TLS proxy.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.operations.servers import AppServer, Browser, base_env, manage  # noqa: E402

SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from plans.models import Plan
from indicators.models import IndicatorStatus
from plans.roles import PLANNER
user = get_user_model().objects.create_user("bench-planner", password="bench-pw-2026-load")
user.groups.add(Group.objects.get(name=PLANNER))
plan = Plan.objects.filter(indicator_rows__isnull=False).order_by("-period_end", "pk").first()
code = IndicatorStatus.objects.values_list("indicator__code", flat=True).order_by("indicator__code").first()
print(plan.pk, plan.region_id, code)
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else float("nan")


def summary(samples: list[float], errors: int, seconds: float) -> dict:
    return {
        "requests": len(samples),
        "errors": errors,
        "rps": round(len(samples) / seconds, 1),
        "p50_ms": round(percentile(samples, 0.50) * 1000, 1),
        "p95_ms": round(percentile(samples, 0.95) * 1000, 1),
        "p99_ms": round(percentile(samples, 0.99) * 1000, 1),
    }


def run_phase(port: int, cookie: str, pages: list[tuple[str, str, bool]], clients: int, seconds: float):
    """``clients`` threads, each cycling through ``pages`` (name, path, logged-in) until time is up."""
    samples: dict[str, list[float]] = {name: [] for name, _p, _l in pages}
    errors: dict[str, int] = {name: 0 for name, _p, _l in pages}
    sizes: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    start_gate = threading.Barrier(clients)

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = offset
        start_gate.wait()
        while time.monotonic() < stop_at:
            name, path, logged_in = pages[i % len(pages)]
            i += 1
            headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
            if logged_in:
                headers["Cookie"] = f"sessionid={cookie}"
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                ok, body = False, b""
            elapsed = time.perf_counter() - began
            with lock:
                if ok:
                    samples[name].append(elapsed)
                    sizes[name] = len(body)
                else:
                    errors[name] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    per_page = {
        name: {**summary(samples[name], errors[name], elapsed), "bytes": sizes.get(name)} for name in samples
    }
    everything = [s for values in samples.values() for s in values]
    return per_page, summary(everything, sum(errors.values()), elapsed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--pg", default=os.environ.get("PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results-load.json"))
    args = parser.parse_args()

    import psycopg2

    name = f"bench_load_{os.getpid()}"
    admin = psycopg2.connect(args.pg)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    static = tempfile.mkdtemp(prefix="bench-static-")
    env = base_env(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=args.pg.rsplit("/", 1)[0] + f"/{name}",
        DJANGO_STATIC_ROOT=static,
        LOG_LEVEL="ERROR",
    )
    try:
        print("migrate, load_seed, collectstatic …", flush=True)
        manage("migrate", "--noinput", env=env)
        manage("load_seed", env=env)
        manage("collectstatic", "--noinput", "--verbosity", "0", env=env)
        plan_id, region_id, code = manage("shell", "-c", SETUP, env=env).stdout.split()[-3:]
        with AppServer(env, workers=args.workers) as server:
            browser = Browser(server.port)
            browser.login("bench-planner", "bench-pw-2026-load")
            cookie = browser.cookies["sessionid"]
            minimal = [("minimal_page", "/dashboards/ping/", True)]
            mix = [
                ("public_plan_page", f"/plans/{plan_id}/", False),
                ("plan_dashboard", f"/dashboards/plans/{plan_id}/", True),
                ("comparison_page", f"/dashboards/compare/{code}/?horizon=2025", True),
                ("value_api", f"/api/regions/{region_id}/values/", True),
            ]
            for _name, path, logged_in in minimal + mix:  # warm every worker's caches
                for _ in range(args.workers * 2):
                    status = (browser if logged_in else Browser(server.port)).get(path)[0]
                    assert status == 200, (path, status)
            print(f"phase 1: minimal page, {args.clients} clients × {args.seconds / 2:.0f} s", flush=True)
            minimal_pages, minimal_total = run_phase(
                server.port, cookie, minimal, args.clients, args.seconds / 2
            )
            print(f"phase 2: the mix, {args.clients} clients × {args.seconds:.0f} s", flush=True)
            mix_pages, mix_total = run_phase(server.port, cookie, mix, args.clients, args.seconds)
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    goals = {
        "mix_rps_share_of_minimal": round(mix_total["rps"] / minimal_total["rps"], 3),
        "mix_rps_goal": ">= 0.2",
        "mix_p95_over_minimal_p95": round(mix_total["p95_ms"] / minimal_total["p95_ms"], 2),
        "worst_page_p95_over_minimal_p95": round(
            max(p["p95_ms"] for p in mix_pages.values()) / minimal_total["p95_ms"], 2
        ),
        "p95_goal": "<= 10",
        "errors": mix_total["errors"] + minimal_total["errors"],
    }
    result = {
        "machine": {"cpus": os.cpu_count(), "workers": args.workers, "clients": args.clients},
        "database": "PostgreSQL (seed data: five plans)",
        "minimal": minimal_pages["minimal_page"],
        "mix_total": mix_total,
        "mix": mix_pages,
        "goals": goals,
    }
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    main()
