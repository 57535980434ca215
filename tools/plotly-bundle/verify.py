"""Checks in a real browser that static/vendor/plotly/plotly-radar.min.js draws
a radar (scatterpolar) chart under the site's Content-Security-Policy.

Run from the repository root (or anywhere):

    .venv/bin/python tools/plotly-bundle/verify.py [--screenshot out.png]

It copies the bundle into a temporary directory next to a small test page and
an external test script, serves them from 127.0.0.1 only (random port) with
the CSP header below, and opens the page in Debian's /usr/bin/chromium through
Playwright. It works offline: every request that does not go to that local
server is aborted and counted as a failure (so an attempt to fetch e.g.
MathJax from a CDN fails the check).

Passes (exit 0) when: Plotly.newPlot resolves, an svg.main-svg with a polar
subplot and both filled traces appears, hovering works, and there are zero
console errors, zero page errors, zero CSP violations and zero foreign
requests. A control page that calls eval() must produce a CSP violation,
which proves the violation listener works. Exits 1 otherwise.
"""

import argparse
import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading

from playwright.sync_api import sync_playwright

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLE = os.path.normpath(os.path.join(HERE, "..", "..", "static", "vendor", "plotly", "plotly-radar.min.js"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'"
)

INDEX_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>plotly-radar CSP check</title>
<link rel="icon" href="data:,">
</head>
<body>
<div id="radar" style="width:640px;height:480px"></div>
<script src="plotly-radar.min.js"></script>
<script src="test.js"></script>
</body>
</html>
"""

TEST_JS = """
(function () {
  "use strict";
  window.__result = {done: false, error: null};
  var div = document.getElementById("radar");
  var theta = ["Strategy", "Customer insight", "Design", "Measurement", "Culture", "Strategy"];
  Plotly.newPlot(div, [
    {type: "scatterpolar", name: "Current", r: [2.5, 3.1, 1.8, 4.2, 3.0, 2.5],
     theta: theta, fill: "toself"},
    {type: "scatterpolar", name: "Benchmark", r: [3.2, 3.0, 2.9, 3.5, 3.4, 3.2],
     theta: theta, fill: "toself"}
  ], {
    polar: {radialaxis: {range: [0, 5]}}
  }, {
    displayModeBar: false, responsive: true, typesetMath: false
  }).then(function () {
    window.__result.done = true;
  }, function (err) {
    window.__result.error = String(err && err.stack || err);
  });
})();
"""

CONTROL_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>control</title>
<link rel="icon" href="data:,"></head>
<body><script src="control.js"></script></body></html>
"""

# Must be refused by the CSP: proves the violation listener below works.
CONTROL_JS = """
try { eval("1 + 1"); window.__evalRan = true; } catch (e) { window.__evalRan = false; }
"""

# Installed through the DevTools protocol before any page script runs (not
# subject to the page's CSP itself).
LISTENER_JS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push({
    directive: e.violatedDirective, blocked: e.blockedURI,
    source: e.sourceFile, line: e.lineNumber, sample: e.sample
  });
});
"""


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
    }

    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # keep the output short
        pass


def serve(directory):
    handler = functools.partial(Handler, directory=directory)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", default=BUNDLE, help="bundle to test (default: %(default)s)")
    parser.add_argument("--screenshot", help="also save a PNG of the chart here")
    args = parser.parse_args()

    if not os.path.isfile(args.bundle):
        print(f"FAIL: bundle not found: {args.bundle} (run build.sh first)")
        return 1

    failures = []
    tmp = tempfile.mkdtemp(prefix="plotly-radar-verify-")
    httpd = None
    try:
        shutil.copy(args.bundle, os.path.join(tmp, "plotly-radar.min.js"))
        for name, text in [
            ("index.html", INDEX_HTML),
            ("test.js", TEST_JS),
            ("control.html", CONTROL_HTML),
            ("control.js", CONTROL_JS),
        ]:
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as fh:
                fh.write(text)
        httpd = serve(tmp)
        origin = f"http://127.0.0.1:{httpd.server_address[1]}"

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport={"width": 800, "height": 600})
                context.add_init_script(LISTENER_JS)
                foreign = []

                def route(r):
                    url = r.request.url
                    if url.startswith((origin + "/", "data:")):
                        r.continue_()
                    else:
                        foreign.append(url)
                        r.abort()

                context.route("**/*", route)

                # --- control: the CSP and the listener really work -----------
                page = context.new_page()
                page.goto(origin + "/control.html")
                page.wait_for_load_state("load")
                ctl = page.evaluate("() => [window.__evalRan, window.__cspViolations]")
                if ctl[0] is not False or not ctl[1]:
                    failures.append(f"control page: eval was not refused/reported ({ctl!r})")
                page.close()

                # --- the radar ------------------------------------------------
                page = context.new_page()
                console_errors, page_errors, console_all = [], [], []

                def on_console(msg):
                    console_all.append(f"{msg.type}: {msg.text}")
                    if msg.type == "error":
                        console_errors.append(msg.text)

                page.on("console", on_console)
                page.on("pageerror", lambda exc: page_errors.append(str(exc)))
                response = page.goto(origin + "/index.html")
                if response is None or response.headers.get("content-security-policy") != CSP:
                    failures.append("the test page was not served with the expected CSP header")
                try:
                    page.wait_for_function(
                        "() => window.__result && (window.__result.done || window.__result.error)",
                        timeout=15000,
                    )
                except Exception as exc:
                    failures.append(f"Plotly.newPlot did not settle: {exc}")
                result = page.evaluate("() => window.__result")
                if not result or not result.get("done"):
                    failures.append(f"Plotly.newPlot failed: {result!r}")

                dom = page.evaluate(
                    """() => ({
                        mainSvg: document.querySelectorAll('#radar svg.main-svg').length,
                        polar: document.querySelectorAll('#radar g.polarlayer g.polar').length,
                        traces: document.querySelectorAll('#radar g.polarlayer g.trace.scatter').length,
                        fills: Array.from(document.querySelectorAll(
                            '#radar g.polarlayer g.trace.scatter path.js-fill'))
                            .filter(p => (p.getAttribute('d') || '').length > 10).length,
                        points: document.querySelectorAll('#radar g.polarlayer path.point').length,
                        radialTicks: document.querySelectorAll('#radar g.radial-axis text').length,
                        angularTicks: document.querySelectorAll('#radar g.angular-axis text').length,
                        legend: document.querySelectorAll('#radar g.legend g.traces').length,
                        plotlyVersion: window.Plotly && window.Plotly.version,
                        mathJax: typeof window.MathJax,
                        scripts: Array.from(document.scripts).map(s => s.src),
                    })"""
                )
                if dom["mainSvg"] < 1:
                    failures.append("no svg.main-svg in the chart")
                if dom["polar"] != 1:
                    failures.append(f"expected 1 polar subplot, found {dom['polar']}")
                if dom["traces"] != 2 or dom["fills"] != 2:
                    failures.append(
                        f"expected 2 filled scatterpolar traces, found {dom['traces']} traces, {dom['fills']} fills"
                    )
                if dom["angularTicks"] < 5 or dom["radialTicks"] < 2:
                    failures.append(f"axis labels missing: {dom!r}")
                if dom["mathJax"] != "undefined" or len(dom["scripts"]) != 2:
                    failures.append(f"unexpected scripts/MathJax: {dom['scripts']!r} MathJax={dom['mathJax']}")

                # Exercise hover (fx) and the responsive resize path as well.
                box = page.locator("#radar g.polarlayer g.polar").first.bounding_box()
                if box:
                    for fx, fy in [(0.5, 0.3), (0.6, 0.5), (0.4, 0.6)]:
                        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
                        page.wait_for_timeout(150)
                page.set_viewport_size({"width": 700, "height": 560})
                page.wait_for_timeout(300)

                if args.screenshot:
                    page.locator("#radar").screenshot(path=args.screenshot)

                violations = page.evaluate("() => window.__cspViolations")
                if violations:
                    failures.append(f"CSP violations: {violations!r}")
                if console_errors:
                    failures.append(f"console errors: {console_errors!r}")
                if page_errors:
                    failures.append(f"page errors: {page_errors!r}")
                if foreign:
                    failures.append(f"requests to other hosts (aborted): {foreign!r}")

                print(f"served from {origin} with CSP: {CSP}")
                print(f"plotly.js {dom['plotlyVersion']}, bundle {os.path.getsize(args.bundle)} bytes")
                print(
                    f"svg.main-svg={dom['mainSvg']} polar={dom['polar']} traces={dom['traces']} "
                    f"fills={dom['fills']} points={dom['points']} "
                    f"angular labels={dom['angularTicks']} radial labels={dom['radialTicks']} "
                    f"legend items={dom['legend']}"
                )
                print(
                    f"console errors={len(console_errors)} page errors={len(page_errors)} "
                    f"CSP violations={len(violations)} foreign requests={len(foreign)} "
                    f"(console messages: {len(console_all)}; control eval refused: {ctl[0] is False})"
                )
                for line in console_all:
                    print(f"  console {line}")
            finally:
                browser.close()
    finally:
        if httpd is not None:
            httpd.shutdown()
            httpd.server_close()
        shutil.rmtree(tmp, ignore_errors=True)

    if failures:
        for f in failures:
            print(f"FAIL: {f}")
        return 1
    print("OK: the radar renders under the CSP without eval and without errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
