"""The PDF roadmap, rendered by WeasyPrint from the frozen result.

WeasyPrint is imported once per process (gunicorn --preload shares it), the
print stylesheets are parsed once, and a completed result never changes, so a
rendered PDF is cached under a key made of everything that shapes it.

The template is XHTML, parsed by the C XML parser rather than WeasyPrint's
pure-Python HTML5 one, and the document gets a user-agent stylesheet cut down
to the elements it uses: together about a tenth of a render. Both give the
same PDF, byte for byte, as WeasyPrint's own parser and stylesheet
(tests/assessments/test_pdf_document.py).
"""

import functools
import hashlib
import json
import logging
import threading
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

import cssselect2
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

from maturity.result import Result
from maturity.text import xml_safe

logger = logging.getLogger(__name__)

# Relative URLs in the PDF template resolve against this made-up origin, which
# the fetcher maps onto the app's own static files. Nothing else is fetched.
BASE_URL = "https://cx-maturity.invalid/"
STATIC_PREFIX = BASE_URL + settings.STATIC_URL.lstrip("/")
PDF_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "pdf.css"
PDF_UA_CSS = PDF_CSS.with_name("pdf-ua.css")
# Bump when the PDF template or stylesheet changes in a way that must invalidate cached files.
LAYOUT_VERSION = "9"
PAGE_SIZES = {"a4": "A4", "letter": "Letter"}


class RefusedURL(URLFetchingError):
    """The PDF asked for something other than the app's own static files."""


class StaticOnlyFetcher(URLFetcher):
    """Serves the app's static files (and inline data: URLs); refuses every other URL.

    The PDF shows text people typed; even though it is escaped, the renderer
    must never be able to read local files or reach the network on its behalf.
    """

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_PREFIX):
            relative = url[len(STATIC_PREFIX) :].split("?")[0].split("#")[0]
            if ".." not in relative.split("/"):
                path = finders.find(relative)
                if path:
                    return URLFetcherResponse(
                        url, Path(path).read_bytes(), headers={"Content-Type": _content_type(path)}
                    )
        # Logged without the URL's path or query (whatever they hold), but enough to tell a
        # missing static file (our origin) from something in the document reaching out.
        parts = urlsplit(url)
        logger.warning(
            "PDF renderer refused to fetch a %s URL on %s", parts.scheme or "relative", parts.hostname or "no host"
        )
        raise RefusedURL(f"Refused to fetch {url!r}: only the app's own static files are allowed.")


def _content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2"}.get(
        suffix, "application/octet-stream"
    )


_local = threading.local()


def _font_config() -> FontConfiguration:
    # WeasyPrint builds a font configuration (fontconfig + Pango font map) per
    # render unless given one; ours has no @font-face, so one per thread serves
    # every render. Per thread because Pango's font map is not thread-safe.
    if not hasattr(_local, "font_config"):
        _local.font_config = FontConfiguration()
    return _local.font_config


@functools.cache
def _stylesheet(page_size: str) -> weasyprint.CSS:
    # Parsed once per process and page size: parsing CSS is a large share of a render.
    css = PDF_CSS.read_text(encoding="utf-8")
    css += f"\n@page {{ size: {page_size}; }}\n"
    return weasyprint.CSS(string=css, url_fetcher=StaticOnlyFetcher(), base_url=BASE_URL)


@functools.cache
def _ua_stylesheet() -> weasyprint.CSS:
    return weasyprint.CSS(
        string=PDF_UA_CSS.read_text(encoding="utf-8"), url_fetcher=StaticOnlyFetcher(), base_url=BASE_URL
    )


class XHTMLDocument(weasyprint.HTML):
    """A WeasyPrint document from well-formed XHTML, with the PDF's own user-agent stylesheet.

    weasyprint.HTML has no constructor for a parsed tree, so this one sets
    what its own sets after parsing (WeasyPrint is pinned; the byte-for-byte
    test in tests/assessments/test_pdf_document.py fails if a new release
    changes what is needed).
    """

    def __init__(self, xhtml: str):
        # Characters XML cannot carry (a control character pasted into an admin-edited
        # recommendation, say) have nothing to print: dropped rather than failing the download.
        root = ElementTree.fromstring(xml_safe(xhtml))
        self.base_url = BASE_URL
        self.url_fetcher = StaticOnlyFetcher()
        self.media_type = "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element

    def _ua_stylesheets(self, forms=False):
        return [_ua_stylesheet()]


def render_pdf(xhtml: str, *, page_size: str = "A4") -> bytes:
    """The PDF of `xhtml` (the output of templates/pdf/roadmap.html: XHTML, not HTML)."""
    return write_document(XHTMLDocument(xhtml), page_size=page_size)


def write_document(document: weasyprint.HTML, *, page_size: str = "A4") -> bytes:
    """A tagged PDF/UA-1 of `document` with the print stylesheet."""
    return document.write_pdf(
        stylesheets=[_stylesheet(page_size)], font_config=_font_config(), pdf_variant="pdf/ua-1", pdf_tags=True
    )


def requested_size(request) -> str | None:
    """The page size the download asks for (``?size=``, A4 unless said), or None for one we don't print."""
    size = request.GET.get("size", "a4").lower()
    return size if size in PAGE_SIZES else None


def bad_size_response() -> HttpResponseBadRequest:
    return HttpResponseBadRequest("Unknown page size: use size=a4 or size=letter.")


def attachment_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def download_response(request, *, kind: str, ident: str, payload: dict, context, filename: str) -> HttpResponse:
    """The roadmap PDF as a download, for both PDF views: 400 for a page size we don't print.

    `payload` is everything that shapes the document (the cache key's digest);
    `context` a function building the template's context, called only when
    the PDF is not cached yet.
    """
    size = requested_size(request)
    if size is None:
        return bad_size_response()
    key = cache_key(kind=kind, ident=ident, payload=payload, size=size)
    # Grouped by what it shows, so that deleting that forgets every size and version of it.
    body = cached_pdf(key=key, template="pdf/roadmap.html", context=context, size=size, group=f"{kind}:{ident}")
    return attachment_response(body, filename=filename)


def assessment_cache_key(assessment, *, size: str) -> str:
    """Where an assessment's PDF is cached: by its id, not its token, so the worker that pre-renders
    it (invitations.prerender, which has no link to the assessment) finds the same key as the download."""
    return cache_key(kind="assessment", ident=str(assessment.pk), payload=assessment.result, size=size)


def cache_key(*, kind: str, ident: str, payload: dict, size: str) -> str:
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return f"pdf:{LAYOUT_VERSION}:{kind}:{ident}:{size}:{digest}"


PDF_TIMEOUT = 60 * 60 * 24 * 7


def group_key(group: str) -> str:
    return f"pdf-group:{group}"


def cached_pdf(*, key: str, template: str, context, size: str, group: str = "") -> bytes:
    """The cached PDF under `key`, else rendered from `template` and `context` (a dict, or a function making one).

    `group` names what the PDF shows (e.g. "round:12"): the keys cached under
    it are recorded, so that forget_group() can remove every one of them when
    what they show is deleted, whatever the digest in their key.
    """
    pdf = cache.get(key)
    if pdf is None:
        html = render_to_string(template, context() if callable(context) else context)
        pdf = render_pdf(html, page_size=PAGE_SIZES[size])
        cache.set(key, pdf, timeout=PDF_TIMEOUT)
        if group:
            keys = cache.get(group_key(group)) or []
            cache.set(group_key(group), sorted({*keys, key}), timeout=PDF_TIMEOUT)
    return pdf


def forget_group(group: str) -> None:
    """Remove every PDF cached under `group` (and the record of them)."""
    keys = cache.get(group_key(group)) or []
    cache.delete_many([*keys, group_key(group)])


def roadmap_context(
    *,
    result: Result,
    organisation: str,
    date,
    site_url: str = "",
    consultant: str = "",
    subtitle: str = "",
    respondents: int | None = None,
    confidence: dict | None = None,
) -> dict:
    """Everything the PDF template needs, from a frozen (or team) result.

    A team PDF passes the team page's confidence per dimension (`confidence`,
    by dimension key), which replaces the single answered-share figure an
    individual's result calls confidence: the two must not disagree.
    """
    from . import services

    target_name = result.target_name
    targets = result.targets
    scores = [d.score for d in result.dimensions]
    reading = _reading(result, scores, targets)
    return {
        "doc_title": _doc_title(result, team=bool(respondents)),
        "author": consultant or organisation or "CX Maturity",
        "organisation": organisation,
        "subtitle": subtitle,
        "consultant": consultant,
        "respondents": respondents,
        "date": date,
        "result": result,
        "roadmap": result.roadmap,
        "chart_html": services.chart_html(
            result,
            title="Radar chart of dimension scores",
            description=reading,
        ),
        "reading": reading,
        "target_label": "Target"
        if target_name == "Target"
        else f"Stage {result.roadmap['target_stage']['number']} level",
        "table": [
            {"name": d.name, "score": s, "target": t, "confidence": (confidence or {}).get(d.key)}
            for d, s, t in zip(result.dimensions, scores, targets)
        ],
        "team_confidence": confidence is not None,
        "gaps": _gaps(result.roadmap["gaps"]),
        "site_url": site_url,
    }


def _gaps(gaps: list) -> list[dict]:
    """Each gap with the short lists the PDF has room for (answers holding it back, team evidence)."""
    return [
        {**gap, **held_back_shortlist(gap["holding_back"]), **evidence_shortlist(gap.get("evidence") or [])}
        for gap in gaps
    ]


def _reading(result: Result, scores: list, targets: list) -> str:
    """The chart in words: every dimension's score and target, then the placement."""
    labels = [d.name for d in result.dimensions]
    return (
        "Scores by dimension: "
        + "; ".join(f"{name} {score:.2f} (target {target})" for name, score, target in zip(labels, scores, targets))
        + f". Overall placement: Stage {result.stage.number} — {result.stage.name}."
    )


def _doc_title(result: Result, *, team: bool) -> str:
    # A team's document says so on its cover, in its running header and in its PDF title:
    # it is handed to the same client as the individual ones and must not pass for one.
    return (
        ("Team CX maturity roadmap" if team else "CX maturity roadmap")
        + f" — Stage {result.stage.number}"
        + (
            ": sustain and innovate"
            if result.roadmap["mode"] == "sustain"
            else f" to Stage {result.roadmap['target_stage']['number']}"
        )
    )


HELD_BACK_SHOWN = 3


def _shortlist(items: list, noted) -> tuple[list, int]:
    """At most HELD_BACK_SHOWN of `items`, noted ones first, shown in their original order; and how many were cut."""
    ranked = sorted(range(len(items)), key=lambda i: (not noted(items[i]), i))
    shown = sorted(ranked[:HELD_BACK_SHOWN])
    return [items[i] for i in shown], len(items) - len(shown)


def evidence_shortlist(questions: list) -> dict:
    """A team gap's evidence in the PDF: the questions with notes first, then the rest, at most three."""
    shown, more = _shortlist(questions, lambda q: q.get("notes"))
    return {"evidence_shown": shown, "evidence_more": more}


def held_back_shortlist(entries: list) -> dict:
    """The answers a gap shows in the PDF: noted ones first, then the weakest, at most three.

    The web page lists them all; the PDF keeps three, and a note taken in a
    facilitated session is the evidence a client reads the document for, so
    it is never the one cut. Shown in their original (weakest first) order.
    """
    shown, more = _shortlist(entries, lambda a: (a.get("note") or "").strip())
    return {"held_shown": shown, "held_more": more}
