"""Benchmark the dashboards against a server on 127.0.0.1, on the synthetic national dataset.

    DATABASE_URL=sqlite:////tmp/national.sqlite3 .venv/bin/python bench/run.py [--requests 30]

One run: starts ``manage.py runserver --noreload`` on a loopback port against the database in
DATABASE_URL (DEBUG off, the development settings otherwise), signs a benchmark planner in,
times each page sequentially (p50/p95 over --requests requests after two warm-ups), counts
each page's queries in-process, times pandas→openpyxl writing the same frames as the heatmap's
XLSX export, stops the server and writes JSON (bench/results.json). Goals are ratios to pages
measured in the same run: F1 (an empty page in the site layout, behind the same login) and F2
(a plain 2,850-row table). It refuses a database holding real plans. Not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = (
        "127.0.0.1,localhost,testserver"  # testserver: in-process query counts
    )
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + secrets.token_hex(16))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _prepare():
    """The session cookie of a benchmark planner and the URLs to time (synthetic data only)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from indicators.models import IndicatorStatus, IndicatorValue
    from plans.models import Plan, Region
    from plans.roles import PLANNER, roles_ensure

    if Plan.objects.filter(region__synthetic=False).exists():
        sys.exit("拒绝运行：该数据库含有真实规划。请对合成数据库运行（见 bench/README.md）。")
    if not Region.objects.filter(synthetic=True).exists():
        sys.exit("该数据库没有合成数据：请先运行 manage.py synth_national。")
    roles_ensure()
    user, _ = get_user_model().objects.get_or_create(username="bench-planner")
    user.groups.add(Group.objects.get(name=PLANNER))
    client = Client()
    client.force_login(user)
    both = Plan.objects.filter(period_end=2030).order_by("pk").first()
    plan = Plan.objects.filter(region=both.region, period_end=2025).get()
    pages = {
        "F0_bare": "/dashboards/ping/?bare=1",
        "F1_minimal_page": "/dashboards/ping/",
        "F2_plain_2850_rows": "/dashboards/regions/",
        "overview": "/dashboards/",
        "plan_dashboard": f"/dashboards/plans/{plan.pk}/",
        "comparison_paginated": "/dashboards/compare/HL03/?horizon=2025",
        "comparison_sorted_by_value": "/dashboards/compare/HL03/?horizon=2025&sort=-latest_cmp",
        "heatmap_page": "/dashboards/heatmap/?horizon=2025",
        "heatmap_json": "/dashboards/heatmap/data.json?horizon=2025",
        "heatmap_cell_detail_json": f"/dashboards/heatmap/regions/{plan.region_id}.json?horizon=2025",
        "horizons_2025_vs_2030": f"/dashboards/horizons/{plan.region_id}/",
        "horizons_index": "/dashboards/horizons/",
        "export_plan_xlsx": f"/dashboards/plans/{plan.pk}/export.xlsx",
        "export_comparison_xlsx": "/dashboards/compare/HL03/export.xlsx?horizon=2025",
        "export_heatmap_xlsx": "/dashboards/heatmap/export.xlsx?horizon=2025",
    }
    pages.update(_division_pages())  # issue 15: roll-ups and maps, on a dataset made with --divisions
    dataset = {
        "regions": Region.objects.filter(synthetic=True).count(),
        "plans": Plan.objects.count(),
        "status_rows": IndicatorStatus.objects.count(),
        "values": IndicatorValue.objects.count(),
    }
    return client, client.cookies["sessionid"].value, pages, dataset


def _division_pages() -> dict[str, str]:
    """Roll-up and map pages of the busiest prefecture and province (only when regions carry divisions)."""
    from django.db.models import Count

    from divisions.models import Division

    def busiest(field: str) -> str | None:
        rows = (
            Division.objects.filter(region__isnull=False, **{f"{field}__isnull": False})
            .values(f"{field}__code")
            .annotate(n=Count("pk"))
            .order_by("-n")
        )
        first = rows.first()
        return first[f"{field}__code"] if first else None

    prefecture, province = busiest("prefecture"), busiest("province")
    if not prefecture or not province:
        return {}
    return {
        "rollup_prefecture": f"/divisions/{prefecture}/?horizon=2025",
        "rollup_province": f"/divisions/{province}/?horizon=2025&indicator=HL01",
        "province_map_county_json": f"/divisions/{province}/map.json?horizon=2025&level=county&by=status&indicator=HL01",
        "province_map_child_json": f"/divisions/{province}/map.json?horizon=2025&level=child",
        "rollup_nation": "/divisions/?horizon=2025",
        "nation_map_county_json": "/divisions/map.json?horizon=2025&level=county",
    }


def _query_counts(client, pages: dict[str, str]) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, url in pages.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts[name] = len(queries) if response.status_code == 200 else -response.status_code
    return counts


def _pandas_baseline(runs: int = 3) -> dict:
    """pandas→openpyxl writing the same two frames as the heatmap's XLSX export (data already in memory)."""
    import pandas as pd
    from django.contrib.auth import get_user_model

    from indicators.dashboards.api import heatmap_sheets

    user = get_user_model().objects.get(username="bench-planner")
    sheets = heatmap_sheets(user, 2025)
    frames = [(s.title, pd.DataFrame([list(r) for r in s.rows], columns=list(s.headers))) for s in sheets]
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            for title, frame in frames:
                frame.to_excel(writer, sheet_name=title[:31], index=False)
        timings.append((time.perf_counter() - started) * 1000)
    return {"shape": [list(f.shape) for _t, f in frames], "median_ms": round(statistics.median(timings), 1)}


def _serve(database_url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "false"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    sys.exit("服务器未能在 60 秒内启动")


def _time_page(base: str, url: str, cookie: str, requests: int, warmup: int = 2) -> dict:
    durations, size, status = [], 0, 0
    for index in range(warmup + requests):
        request = urllib.request.Request(base + url, headers={"Cookie": f"sessionid={cookie}"})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read()
            status = response.status
        if index >= warmup:
            durations.append((time.perf_counter() - started) * 1000)
        size = len(body)
    return {
        "status": status,
        "bytes": size,
        "n": len(durations),
        "p50_ms": round(statistics.median(durations), 2),
        "p95_ms": round(_percentile(durations, 0.95), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", "sqlite:////tmp/national.sqlite3")
    )
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page (exports: a fifth)")
    parser.add_argument("--max-seconds", type=int, default=900, help="stop timing pages after this long")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument("--only", default="", help="comma-separated page names to time (F0–F2 always)")
    args = parser.parse_args()
    _setup_django(args.database_url)
    client, cookie, pages, dataset = _prepare()
    if args.only:
        keep = {"F0_bare", "F1_minimal_page", "F2_plain_2850_rows", *args.only.split(",")}
        pages = {name: url for name, url in pages.items() if name in keep}
    queries = _query_counts(client, pages)
    port = _free_port()
    server = _serve(args.database_url, port)
    started, results = time.time(), {}
    try:
        for name, url in pages.items():
            if time.time() - started > args.max_seconds:
                break
            count = max(3, args.requests // 5) if name.startswith("export") else args.requests
            results[name] = {"url": url, **_time_page(f"http://127.0.0.1:{port}", url, cookie, count)}
            results[name]["queries"] = queries[name]
            print(
                f"{name:28s} p50 {results[name]['p50_ms']:8.1f} ms  p95 {results[name]['p95_ms']:8.1f} ms",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    pandas = _pandas_baseline()
    f1, f2 = results["F1_minimal_page"]["p95_ms"], results["F2_plain_2850_rows"]["p95_ms"]
    for entry in results.values():
        entry["p95_over_F1"] = round(entry["p95_ms"] / f1, 2)
        entry["p95_over_F2"] = round(entry["p95_ms"] / f2, 2)
    checks = {
        "plan_dashboard_p95_le_10xF1": lambda: results["plan_dashboard"]["p95_over_F1"] <= 10,
        "comparison_paginated_p95_le_20xF1": lambda: results["comparison_paginated"]["p95_over_F1"] <= 20,
        "heatmap_json_p95_le_1xF2": lambda: results["heatmap_json"]["p95_over_F2"] <= 1,
        "heatmap_xlsx_p50_le_pandas_openpyxl": lambda: (
            results["export_heatmap_xlsx"]["p50_ms"] <= pandas["median_ms"]
        ),
    }
    goals = {}
    for goal, check in checks.items():
        try:
            goals[goal] = check()
        except KeyError:  # page not timed (--only, or --max-seconds reached)
            continue
    if {"rollup_prefecture", "rollup_province", "province_map_county_json", "province_map_child_json"} <= set(
        results
    ):  # issue 15
        goals["rollup_prefecture_p95_le_10xF1"] = results["rollup_prefecture"]["p95_over_F1"] <= 10
        province_total = sum(
            results[n]["p95_ms"]
            for n in ("rollup_province", "province_map_county_json", "province_map_child_json")
        )
        results["province_page_plus_map_data"] = {"p95_ms_sum": round(province_total, 1)}
        goals["province_map_page_plus_data_le_1xF2"] = province_total <= f2
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "server": "manage.py runserver --noreload (DEBUG off), 127.0.0.1, sequential requests",
        "database": args.database_url.split("@")[-1],
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),
        "dataset": dataset,
        "pages": results,
        "pandas_openpyxl_same_frames": pandas,
        "goals_met": goals,
    }
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(goals, ensure_ascii=False, indent=1))
    print(f"→ {args.out}")


if __name__ == "__main__":
    main()
