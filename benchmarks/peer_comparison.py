"""`make bench`, peer comparison: 100,000 counted results on PostgreSQL.

    .venv/bin/python benchmarks/peer_comparison.py [--results 100000] [--duration 5] [--connections 8] [--lookups 2000]

Starts gunicorn as benchmarks/run.py does, on a throwaway PostgreSQL database
(DATABASE_URL when it names PostgreSQL, else postgres://postgres@127.0.0.1:5432/postgres
as the server to create it on), completes one assessment over HTTP, then in a
child process bulk-inserts `--results` completed individual assessments that
agreed to count (with their segment choices and entries), builds the segment
aggregates from them in one pass, and times the comparison lookup
(peers.selectors.comparison) over random segments. Then measures the results
page (which now shows "How you compare") against Django's admin login page,
in the same run and the same way as run.py. Bounded: the seeding refuses more
than 500,000 results, and every load run has a fixed duration.
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402
import run  # noqa: E402

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
LOOKUP_TARGET_MS = 5.0
BATCH = 5000


def seed_and_time(count: int, token: str, lookups: int) -> dict:
    """In a Django process on the benchmark database: seed `count` counted results, then time lookups."""
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from assessments.models import Assessment, new_token
    from cxmaturity.tokens import token_hash
    from maturity import peers
    from peers import selectors, services
    from peers.models import AssessmentPeers, Industry, OrganisationSize, PeerEntry, SegmentAggregate
    from tests.factories import scored_result_json

    rng = random.Random(2026)
    industries = list(Industry.objects.values_list("pk", flat=True))
    sizes = list(OrganisationSize.objects.values_list("pk", flat=True))
    keys = ["leadership", "insight", "organisation", "data", "delivery", "culture"]
    histograms: dict = {}
    counts: dict = {}
    now = timezone.now()
    started = time.perf_counter()

    def result_of(levels):
        return scored_result_json(overall=float(f"{sum(levels) / len(levels):.2f}"), scores=dict(zip(keys, levels)))

    made = 0
    while made < count:
        batch = min(BATCH, count - made)
        rows, choices = [], []
        for _ in range(batch):
            base = min(max(rng.gauss(2.4, 0.7), 1.0), 5.0)
            levels = [round(min(max(base + rng.gauss(0, 0.5), 1.0), 5.0) * 4) / 4 for _ in keys]
            industry = rng.choice(industries) if rng.random() > 0.15 else None
            size = rng.choice(sizes) if rng.random() > 0.1 else None
            rows.append(Assessment(token=new_token(), completed_at=now, result=result_of(levels)))
            choices.append((industry, size))
        with transaction.atomic():
            Assessment.objects.bulk_create(rows, batch_size=BATCH)
            AssessmentPeers.objects.bulk_create(
                [
                    AssessmentPeers(assessment=a, industry_id=i, size_id=s, consent=True, answered_at=now)
                    for a, (i, s) in zip(rows, choices)
                ],
                batch_size=BATCH,
            )
            entries = []
            for a, (i, s) in zip(rows, choices):
                scores = services.result_scores(a.snapshot)
                entries.append(PeerEntry(assessment=a, industry_id=i, size_id=s, scores=scores))
                bins = {metric: peers.bin_index(score) for metric, score in scores.items()}  # once, not per segment
                for segment in peers.fallback_chain(i, s):
                    counts[segment] = counts.get(segment, 0) + 1
                    by_metric = histograms.setdefault(segment, {})
                    for metric, index in bins.items():
                        by_metric.setdefault(metric, peers.empty_histogram())[index] += 1
            PeerEntry.objects.bulk_create(entries, batch_size=BATCH)
        made += batch
    SegmentAggregate.objects.bulk_create(
        [
            SegmentAggregate(
                key=s.key, industry_id=s.industry, size_id=s.size, count=counts[s], histograms=histograms[s]
            )
            for s in counts
        ]
    )
    services.aggregates_republish()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seeded_s = time.perf_counter() - started

    # The benchmark's own respondent agrees to count, through the service, as the results page would.
    mine = Assessment.objects.get(token_hash=token_hash(token))
    services.assessment_peers_set(
        assessment=mine, industry=Industry.objects.first(), size=OrganisationSize.objects.last(), consent=True
    )

    samples = []
    segments = [(i, s) for i in [None, *industries] for s in [None, *sizes]]
    result = mine.snapshot
    for _ in range(50):  # warm the connection and the plans
        selectors.comparison(industry_id=industries[0], size_id=sizes[0], result=result)
    for _ in range(lookups):
        industry, size = rng.choice(segments)
        start = time.perf_counter()
        selectors.comparison(industry_id=industry, size_id=size, result=result)
        samples.append(time.perf_counter() - start)
    samples.sort()
    return {
        "results": Assessment.objects.filter(peer_entry__isnull=False).count(),
        "segments": SegmentAggregate.objects.count(),
        "published": SegmentAggregate.objects.filter(published=True).count(),
        "seed_s": seeded_s,
        "lookup_p50_ms": statistics.median(samples) * 1000,
        "lookup_p95_ms": samples[int(0.95 * len(samples)) - 1] * 1000,
        "lookups": len(samples),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--child", nargs=2, metavar=("TOKEN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 1 <= args.results <= 500_000 or not 1 <= args.duration <= 60 or not 1 <= args.lookups <= 100_000:
        parser.error("keep runs bounded: --results 1..500000, --duration 1..60, --lookups 1..100000")
    if args.child:
        Path(args.child[1]).write_text(json.dumps(seed_and_time(args.results, args.child[0], args.lookups)))
        return

    url = os.environ.get("DATABASE_URL", "")
    os.environ["DATABASE_URL"] = url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_SERVER
    print("Starting gunicorn (2 workers, production settings) on a throwaway PostgreSQL database ...", flush=True)
    with common.production_server(workers=2) as (server, database):
        person = common.complete_over_http(server)
        results_path = f"/a/{person.token}/results/"
        print(f"Seeding {args.results:,} counted results and timing {args.lookups} comparison lookups ...", flush=True)
        out = Path(database.tmpdir) / "peers.json"
        child = [sys.executable, __file__, "--results", str(args.results), "--lookups", str(args.lookups)]
        subprocess.run(
            [*child, "--child", person.token, str(out)],
            env=common.base_env(database.url),
            check=True,
            timeout=1800,
            cwd=common.ROOT,
        )
        seeded = json.loads(out.read_text())
        print("Throughput: results page (with How you compare) vs admin login page ...", flush=True)
        rps = run.throughput(server, results_path, args.duration, args.connections)
        errors = [line for line in server.log().splitlines() if re.search(r'" 5\d\d ', line)]
    ratio = rps["results page"]["rps"] / rps["admin login page"]["rps"]
    rows = [
        ("counted results (PostgreSQL)", f"{seeded['results']:,}", "", ""),
        ("segments / published", f"{seeded['segments']} / {seeded['published']}", "", ""),
        ("seeding (bulk insert + aggregates)", f"{seeded['seed_s']:.0f} s", "", ""),
        ("comparison lookup p50", f"{seeded['lookup_p50_ms']:.2f} ms", "", ""),
        (
            f"comparison lookup p95 ({seeded['lookups']} lookups)",
            f"{seeded['lookup_p95_ms']:.2f} ms",
            f"< {LOOKUP_TARGET_MS:.0f} ms",
            seeded["lookup_p95_ms"] < LOOKUP_TARGET_MS,
        ),
        ("results page requests/s", f"{rps['results page']['rps']:.0f}", "", ""),
        ("admin login page requests/s", f"{rps['admin login page']['rps']:.0f}", "", ""),
        ("results / admin login", f"{ratio:.2f}x", f">= {run.RATIO_TARGET}x", ratio >= run.RATIO_TARGET),
        ("5xx responses during the run", str(len(errors)), "0", not errors),
    ]
    print(f"\nPeer comparison benchmarks ({rps['tool']}, {args.connections} connections, {args.duration}s x2 per page)")
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure':<{width}} | {'value':>14} | {'target':<9} | ok  |")
    print(f"|{'-' * (width + 2)}|{'-' * 16}|{'-' * 11}|-----|")
    for label, value, target, ok in rows:
        flag = "" if ok == "" else ("yes" if ok else "NO")
        print(f"| {label:<{width}} | {value:>14} | {target:<9} | {flag:<3} |")


if __name__ == "__main__":
    main()
