"""How long the roadmap PDF takes to render, against WeasyPrint's own floor.

    .venv/bin/python benchmarks/pdf.py [-n 15] [--breakdown] [--profile]

Renders the roadmap of a realistic completed assessment (stage 2, several
lagging dimensions: the longest roadmap) exactly as the PDF view does
(assessments.pdf.render_pdf on templates/pdf/roadmap.html with
assessments.pdf.roadmap_context), N times, and prints the median next to the
median of WeasyPrint rendering a plain HTML document of the same text
(same words, so the same glyphs and shaping work) laid out on three pages,
in the same run. Targets: roadmap <= 2x that floor and <= 250 ms; a cached
second download <= 20 ms.

--breakdown times variants of the roadmap (each one thing taken away) to
show what costs what; --profile prints the top of a cProfile of one render.
"""

import argparse
import gc
import html as htmlmod
import inspect
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

TARGET_MS = 250
TARGET_RATIO = 2.0
CACHED_TARGET_MS = 20


def roadmap_context(assessment) -> dict:
    """The PDF view's context for this assessment (whichever URL argument roadmap_context takes now)."""
    from assessments import pdf

    kwargs = dict(result=assessment.snapshot, organisation=assessment.organisation_name, date=assessment.completed_at)
    params = inspect.signature(pdf.roadmap_context).parameters
    for name in ("site_url", "results_url"):
        if name in params:
            kwargs[name] = "https://cx.example.com/"
            break
    return pdf.roadmap_context(**kwargs)


def roadmap_html(assessment) -> str:
    from django.template.loader import render_to_string

    return render_to_string("pdf/roadmap.html", roadmap_context(assessment))


def visible_text(html: str) -> str:
    body = re.sub(r"<(svg|style|head|title)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", htmlmod.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def plain_document(text: str, pages: int = 3) -> tuple[str, int, float]:
    """The same text as plain paragraphs, at the font size that fills `pages` A4 pages (8-12 pt tried)."""
    import weasyprint

    words, paragraphs, current = text.split(" "), [], []
    for word in words:
        current.append(word)
        if sum(len(w) + 1 for w in current) > 700:
            paragraphs.append(" ".join(current))
            current = []
    paragraphs.append(" ".join(current))
    body = "".join(f"<p>{htmlmod.escape(p)}</p>" for p in paragraphs)
    best = None
    for tenth in range(80, 121, 5):
        size = tenth / 10
        doc = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plain</title>'
            f'<style>@page {{ size: A4; margin: 18mm }} body {{ font: {size}pt/1.4 "DejaVu Sans", sans-serif }}</style>'
            f"</head><body><h1>A plain document</h1>{body}</body></html>"
        )
        count = len(weasyprint.HTML(string=doc).render().pages)
        if best is None or abs(count - pages) < abs(best[1] - pages):
            best = (doc, count, size)
        if count == pages:
            break
    return best


def variants(html: str):
    """(label, callable) pairs: the roadmap as shipped, then with one thing taken away each."""
    import weasyprint

    from assessments import pdf

    shipped_css = pdf.PDF_CSS.read_text(encoding="utf-8") + "\n@page { size: A4; }\n"

    def css(extra: str = "", transform=lambda s: s):
        return weasyprint.CSS(
            string=transform(shipped_css) + extra, url_fetcher=pdf.StaticOnlyFetcher(), base_url=pdf.BASE_URL
        )

    no_margin_boxes = css(
        "@page { @top-left { content: none } @top-right { content: none } @bottom-left { content: none } @bottom-right { content: none } }"
    )
    no_page_total = css(transform=lambda s: s.replace('" of " counter(pages)', '""'))
    no_keep_together = css(
        ".gap, .rec, .chart, h1, h2, h3, h4 { break-inside: auto; break-after: auto; page-break-after: auto }"
    )
    no_chart_html = re.sub(r'<div class="chart">.*?(?=<p class="reading">)', "", html, flags=re.S)
    shipped = pdf._stylesheet("A4")

    def render(source=html, stylesheet=shipped, **options):
        # Parsed in every call, as the view does.
        return lambda: pdf.XHTMLDocument(source).write_pdf(
            stylesheets=[stylesheet], font_config=pdf._font_config(), **options
        )

    def layout_only():
        pdf.XHTMLDocument(html).render(stylesheets=[shipped], font_config=pdf._font_config())

    return [
        ("as shipped (pdf/ua-1, tags)", lambda: pdf.render_pdf(html)),
        ("  parse + style + layout only (no PDF written)", layout_only),
        ("  without pdf/ua-1 and pdf_tags", render()),
        ("  without pdf/ua-1 (tags kept)", render(pdf_tags=True)),
        (
            "  without the radar chart (SVG and its HTML labels)",
            render(no_chart_html, pdf_variant="pdf/ua-1", pdf_tags=True),
        ),
        (
            "  without 'of counter(pages)' in the footer",
            render(stylesheet=no_page_total, pdf_variant="pdf/ua-1", pdf_tags=True),
        ),
        ("  without any page-margin boxes", render(stylesheet=no_margin_boxes, pdf_variant="pdf/ua-1", pdf_tags=True)),
        (
            "  without break-inside/after: avoid",
            render(stylesheet=no_keep_together, pdf_variant="pdf/ua-1", pdf_tags=True),
        ),
    ]


PHASES = [
    # (label, module, attribute, top-level?): each is wrapped with a timer while the phases are
    # measured; the indented ones are parts of the top-level phase above them.
    ("HTML parse (tinyhtml5: the floor)", "weasyprint", "tinyhtml5.parse", True),
    ("XHTML parse (expat: the roadmap)", "assessments.pdf", "XHTMLDocument.__init__", True),
    ("CSS cascade + computed styles", "weasyprint.document", "Document._build_layout_context", True),
    ("box tree", "weasyprint.document", "build_formatting_structure", True),
    ("layout", "weasyprint.document", "layout_document", True),
    ("  of which line breaking (pango, per line)", "weasyprint.layout.inline", "split_first_line", False),
    ("  of which page-margin boxes (header/footer)", "weasyprint.layout", "make_margin_boxes", False),
    ("  of which pagination passes (counter(pages) may need 2)", "weasyprint.layout", "make_all_pages", False),
    ("paint pages into PDF drawing operators", "weasyprint.document", "Page.paint", True),
    ("fonts: subset + embed (harfbuzz)", "weasyprint.pdf", "build_fonts_dictionary", True),
    ("PDF/UA structure tree (pdf_tags)", "weasyprint.pdf", "add_tags", True),
    ("pages' links, anchors, bookmarks", "weasyprint.document", "Page.__init__", True),
    ("PDF serialisation + zlib (pydyf)", "pydyf", "PDF.write", True),
]


def phase_times(render, n: int, clock) -> list[tuple[str, float]]:
    """Median time per rendering phase of `render()`, measured by wrapping WeasyPrint's own functions."""
    import importlib

    totals = {label: [] for label, *_ in PHASES}
    current, calls = {}, {}
    patches = []
    for label, module_name, attribute, _ in PHASES:
        module = importlib.import_module(module_name)
        owner_name, _, name = attribute.rpartition(".")
        owner = getattr(module, owner_name) if owner_name else module
        original = owner.__dict__[name]
        function = original.__func__ if isinstance(original, classmethod) else original

        def make(function, label, generator=inspect.isgeneratorfunction(function)):  # noqa: B008 - evaluated once per wrapped function, on purpose
            if generator:

                def wrapper(*args, **kwargs):
                    start = clock()
                    items = list(function(*args, **kwargs))
                    current[label] = current.get(label, 0) + clock() - start
                    calls[label] = calls.get(label, 0) + 1
                    return iter(items)
            else:

                def wrapper(*args, **kwargs):
                    start = clock()
                    try:
                        return function(*args, **kwargs)
                    finally:
                        current[label] = current.get(label, 0) + clock() - start
                        calls[label] = calls.get(label, 0) + 1

            return wrapper

        wrapped = make(function, label)
        setattr(owner, name, classmethod(wrapped) if isinstance(original, classmethod) else wrapped)
        patches.append((owner, name, original))
    whole = []
    try:
        for _ in range(n):
            current.clear()
            calls.clear()
            start = clock()
            render()
            whole.append(clock() - start)
            for label in totals:
                totals[label].append(current.get(label, 0.0))
    finally:
        for owner, name, original in patches:
            setattr(owner, name, original)
    import statistics

    rows = [(label, statistics.median(values) * 1000, calls.get(label, 0)) for label, values in totals.items()]
    total = statistics.median(whole) * 1000
    top_level = {label for label, *_, top in PHASES if top}
    rows.append(
        (
            "everything else (PDF objects, links, zlib, ...)",
            total - sum(ms for label, ms, _ in rows if label in top_level),
            None,
        )
    )
    rows.append(("total", total, None))
    return rows


def box_counts(html: str, plain: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """(boxes, lines) WeasyPrint lays out for the roadmap and for the floor (all pages, margin boxes included).

    Most of a render's cost is per line (a Pango layout to break it, a glyph
    loop to paint it), so lines explain most of the ratio between the two.
    """
    import weasyprint
    from weasyprint.formatting_structure.boxes import LineBox

    from assessments import pdf

    def count(box):
        boxes, lines = 1, int(isinstance(box, LineBox))
        for child in getattr(box, "children", []):
            b, n = count(child)
            boxes, lines = boxes + b, lines + n
        return boxes, lines

    def totals(document):
        counts = [count(p._page_box) for p in document.pages]
        return sum(b for b, _ in counts), sum(n for _, n in counts)

    roadmap = pdf.XHTMLDocument(html).render(stylesheets=[pdf._stylesheet("A4")])
    return totals(roadmap), totals(weasyprint.HTML(string=plain).render())


def call_counts(html: str, plain: str) -> tuple[int, int]:
    """Python function calls in one render of the roadmap and one of the floor.

    Unlike a time, the count is the same on every run and every machine, so it
    shows whether a change to the template or stylesheet made WeasyPrint do less
    Python work (most of the gap over the floor), however noisy the timings are.
    """
    import cProfile
    import pstats

    import weasyprint

    from assessments import pdf

    def count(fn) -> int:
        profiler = cProfile.Profile()
        profiler.runcall(fn)
        return pstats.Stats(profiler).total_calls

    return count(lambda: pdf.render_pdf(html)), count(lambda: weasyprint.HTML(string=plain).write_pdf())


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=15, help="renders per measurement (median reported)")
    parser.add_argument("--breakdown", action="store_true", help="time variants to show what costs what")
    parser.add_argument("--profile", action="store_true", help="cProfile one render")
    parser.add_argument(
        "--wall",
        action="store_true",
        help="time with the wall clock (default: this process's CPU time, which other load on the machine does not inflate)",
    )
    args = parser.parse_args(argv)
    clock = time.perf_counter if args.wall else time.process_time

    common.setup_django()
    import weasyprint

    from assessments import pdf

    assessment = common.realistic_assessment()
    html = roadmap_html(assessment)
    text = visible_text(html)
    plain, plain_pages, plain_size = plain_document(text)
    roadmap_pages = len(pdf.XHTMLDocument(html).render(stylesheets=[pdf._stylesheet("A4")]).pages)

    # Interleave the two so that a busy moment of the machine hits both alike.
    roadmap_t, floor_t = [], []
    pdf.render_pdf(html)
    weasyprint.HTML(string=plain).write_pdf()
    # As a gunicorn worker runs (gunicorn.conf.py freezes the preloaded start-up
    # objects): garbage collections walk only what the renders allocate.
    gc.collect()
    gc.freeze()
    for _ in range(args.n):
        roadmap_t += common.timed(lambda: pdf.render_pdf(html), 1, 0, clock)
        floor_t += common.timed(lambda: weasyprint.HTML(string=plain).write_pdf(), 1, 0, clock)
    roadmap_ms, floor_ms = common.median_ms(roadmap_t), common.median_ms(floor_t)

    # The cached second download, as the view serves it (cache hit: no render).
    key = pdf.cache_key(kind="bench", ident=assessment.token, payload=assessment.result, size="a4")
    context = roadmap_context(assessment)
    first = common.timed(
        lambda: pdf.cached_pdf(key=key, template="pdf/roadmap.html", context=roadmap_context(assessment), size="a4"),
        1,
        0,
        clock,
    )
    cached = common.timed(
        lambda: pdf.cached_pdf(key=key, template="pdf/roadmap.html", context=context, size="a4"), args.n, 0, clock
    )
    cached_ms = common.median_ms(cached)

    size_kb = len(pdf.render_pdf(html)) / 1024
    print(
        f"\nRoadmap PDF render ({args.n} renders each, median {'wall' if args.wall else 'CPU'} time; WeasyPrint {weasyprint.__version__})"
    )
    print(f"  roadmap: {len(text):,} characters of text, {roadmap_pages} A4 pages, {size_kb:.0f} KB")
    print(f"  floor:   the same text as plain paragraphs, {plain_pages} pages at {plain_size:g} pt")
    rows = [
        ("roadmap PDF (as the view renders it)", roadmap_ms, f"<= {TARGET_MS} ms", roadmap_ms <= TARGET_MS),
        ("plain 3-page document (floor)", floor_ms, "", None),
        ("roadmap / floor", roadmap_ms / floor_ms, f"<= {TARGET_RATIO:g}x", roadmap_ms / floor_ms <= TARGET_RATIO),
        ("first download (render + cache store)", first[0] * 1000, "", None),
        ("cached second download", cached_ms, f"<= {CACHED_TARGET_MS} ms", cached_ms <= CACHED_TARGET_MS),
    ]
    print(f"\n  {'measure':<42} {'value':>10}  {'target':<10} ok")
    for label, value, target, ok in rows:
        shown = f"{value:.2f}x" if label == "roadmap / floor" else f"{value:.1f} ms"
        print(f"  {label:<42} {shown:>10}  {target:<10} {'' if ok is None else ('yes' if ok else 'NO')}")

    if args.breakdown:
        print(f"\n  What costs what (median of {args.n} each, run round-robin so machine noise hits all alike;")
        print("  'without' = the roadmap with that one thing taken away):")
        measured = variants(html)
        samples = {label: [] for label, _ in measured}
        for _, fn in measured:
            fn()  # warm-up
        for _ in range(args.n):
            for label, fn in measured:
                samples[label] += common.timed(fn, 1, 0, clock)
        base = common.median_ms(samples[measured[0][0]])
        for label, _ in measured:
            ms = common.median_ms(samples[label])
            delta = "" if label == measured[0][0] else f"{ms - base:+5.0f} ms ({(ms - base) / base:+.0%})"
            print(f"    {label:<50} {ms:7.0f} ms  {delta}")

        print(f"\n  Where the time of one render goes (median of {args.n}):")
        for label, ms, count in phase_times(lambda: pdf.render_pdf(html), args.n, clock):
            print(f"    {label:<58} {ms:7.0f} ms" + (f"  ({count} calls)" if count else ""))
        print("  and the same for the plain floor document:")
        for label, ms, count in phase_times(lambda: weasyprint.HTML(string=plain).write_pdf(), args.n, clock):
            print(f"    {label:<58} {ms:7.0f} ms" + (f"  ({count} calls)" if count else ""))
        (boxes, lines), (floor_boxes, floor_lines) = box_counts(html, plain)
        print(
            f"\n  Laid out: roadmap {boxes:,} boxes, {lines} lines ({roadmap_pages} pages); floor {floor_boxes:,} boxes, {floor_lines} lines ({plain_pages} pages)"
        )
        print(f"  Cost per line: roadmap {roadmap_ms / lines:.2f} ms, floor {floor_ms / floor_lines:.2f} ms")
        roadmap_calls, floor_calls = call_counts(html, plain)
        print(
            f"  Python function calls per render (the same on every run): roadmap {roadmap_calls:,}, "
            f"floor {floor_calls:,} ({roadmap_calls / floor_calls:.1f}x)"
        )
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(pdf.render_pdf, html)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return {"roadmap_ms": roadmap_ms, "floor_ms": floor_ms, "cached_ms": cached_ms, "pages": roadmap_pages}


if __name__ == "__main__":
    main()
