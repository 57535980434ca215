"""Page weight of the results page: the HTML plus every static asset it references.

    .venv/bin/python benchmarks/page_weight.py                 # starts its own production server
    .venv/bin/python benchmarks/page_weight.py --base-url http://127.0.0.1:8123 --token <results token>

With no --base-url it runs collectstatic (hashed names, WhiteNoise's .gz/.br)
into a temporary folder, starts gunicorn with production settings on a free
127.0.0.1 port, completes a realistic assessment over HTTP and measures its
results page. Every stylesheet, script and icon the page references (plus
/favicon.ico, which browsers ask for anyway) is fetched three times: raw, as
WhiteNoise serves it with Accept-Encoding: gzip, and with br. Files the page
loads by script (radar.js fetches plotly.js from its data-plotly attribute when
the chart scrolls into view, which on the results page is at once) count too.
Target: the total transferred with gzip under 500 KB.
"""

import argparse
import gzip
import re
import sys
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

TARGET_BYTES = 500 * 1024
# Any attribute pointing at a static file: href/src, and data-* ones such as
# radar.js's data-plotly (plotly.js is fetched by script when the chart shows).
ASSET = re.compile(r'\s([a-z-]+)="(/static/[^"]+)"', re.IGNORECASE)


def fetch(url: str, encoding: str | None = None) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


def measure(base_url: str, results_path: str) -> list[dict]:
    html, _ = fetch(base_url + results_path)
    page = html.decode()
    found = ASSET.findall(page)
    assets = list(dict.fromkeys(path for _, path in found))
    lazy = {path for attribute, path in found if attribute.lower().startswith("data-")}
    # Browsers request /favicon.ico whatever the page links; it redirects to the hashed file.
    with urllib.request.urlopen(base_url + "/favicon.ico", timeout=30) as response:
        favicon = urllib.parse.urlsplit(response.url).path
    if favicon not in assets:
        assets.append(favicon)

    rows = [
        {
            "what": "results page HTML",
            "raw": len(html),
            "gzip": len(gzip.compress(html, 9)),
            "br": None,
            "served": "gzip -9 here",
        }
    ]
    for path in assets:
        raw, _ = fetch(base_url + path)
        gz, gz_headers = fetch(base_url + path, "gzip")
        br, br_headers = fetch(base_url + path, "br")
        rows.append(
            {
                "what": path + (" (loaded by script)" if path in lazy else ""),
                "raw": len(raw),
                "gzip": len(gz),
                "br": len(br),
                "served": "/".join(
                    e for e, h in (("gzip", gz_headers), ("br", br_headers)) if h.get("content-encoding") == e
                )
                or "uncompressed",
            }
        )
    return rows


def report(rows: list[dict]) -> dict:
    print(f"\nResults page weight (target: < {TARGET_BYTES // 1024} KB transferred with gzip)")
    print(f"  {'resource':<72} {'raw':>10} {'gzip':>10} {'br':>10}  served as")
    for row in rows:
        br = f"{row['br']:,}" if row["br"] is not None else "-"
        print(f"  {row['what'][:72]:<72} {row['raw']:>10,} {row['gzip']:>10,} {br:>10}  {row['served']}")
    total_raw = sum(r["raw"] for r in rows)
    total_gz = sum(r["gzip"] for r in rows)
    total_br = sum(r["br"] if r["br"] is not None else r["gzip"] for r in rows)
    ok = "yes" if total_gz <= TARGET_BYTES else "NO"
    print(f"  {'TOTAL':<72} {total_raw:>10,} {total_gz:>10,} {total_br:>10,}")
    print(
        f"  = {total_raw / 1024:.0f} KB raw, {total_gz / 1024:.0f} KB gzip, {total_br / 1024:.0f} KB brotli;"
        f" gzip under {TARGET_BYTES // 1024} KB: {ok}"
    )
    return {"raw": total_raw, "gzip": total_gz, "br": total_br}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", help="an already running server (e.g. make serve), 127.0.0.1 only")
    parser.add_argument("--token", help="with --base-url: a completed assessment's token (default: complete one now)")
    args = parser.parse_args(argv)
    if args.base_url:
        host = urllib.parse.urlsplit(args.base_url).hostname
        if host not in {"127.0.0.1", "localhost", "::1"}:
            parser.error("benchmarks only talk to servers on this machine (127.0.0.1)")

        class Existing:
            base_url = args.base_url.rstrip("/")

        token = args.token or common.complete_over_http(Existing).token
        return report(measure(Existing.base_url, f"/a/{token}/results/"))
    with common.production_server(workers=1) as (server, _):
        person = common.complete_over_http(server)
        return report(measure(server.base_url, f"/a/{person.token}/results/"))


if __name__ == "__main__":
    main()
