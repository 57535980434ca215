// Draws every radar chart on the page from the JSON the server put beside it
// (via Django's json_script). Without JavaScript the table next to it stands in.
//
// The chart box comes from the server `hidden`, with its description in
// data-label: without this script (or when plotly.js cannot load) it takes no
// room and is not announced. The script shows it, names it role="img", and
// draws into it.
//
// plotly.js is large, so it is fetched only when a chart comes near the
// screen: the page paints at once and the chart follows.
//
// The server's layout suits a wide box. Before drawing, the layout is fitted
// to the box's width: side margins wide enough for the axis labels, a smaller
// font on narrow boxes, and, when the legend does not fit on one line, one
// legend entry per line under the chart, anchored left, with very long names
// shortened (the table and the hover keep them whole).
(function () {
  "use strict";
  var me = document.currentScript;
  var plotlySrc = me && me.getAttribute("data-plotly");
  var loading = null;

  var NARROW = 480; // px: a box narrower than this gets the smaller font
  var SYMBOL = 40; // px: Plotly's legend symbol plus the gap before the text
  var EDGE = 6; // px: room kept between any text and the box's edge
  var ENTITIES = { amp: "&", lt: "<", gt: ">" };

  function loadPlotly() {
    if (typeof window.Plotly !== "undefined") {
      return Promise.resolve();
    }
    if (!plotlySrc) {
      return Promise.reject(new Error("plotly.js is not on this page"));
    }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = plotlySrc;
        script.onload = resolve;
        script.onerror = function (event) {
          loading = null;
          reject(event);
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // --- Text: the server escaped every label and name (charts.escape_label) ---

  function decode(escaped) {
    return String(escaped).replace(/&(amp|lt|gt);/g, function (_, name) {
      return ENTITIES[name];
    });
  }

  function encode(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  var context = null;

  function textWidth(text, size, family) {
    if (!context) {
      context = document.createElement("canvas").getContext("2d");
    }
    if (!context) {
      return text.length * size * 0.6;
    }
    context.font = size + "px " + family;
    // Plotly's own measure can differ a little from the canvas's: err on the wide side.
    return Math.ceil(context.measureText(text).width * 1.05);
  }

  // An escaped name cut to fit `width` px with an ellipsis; the result is escaped again.
  function shorten(escaped, width, size, family) {
    var text = decode(escaped);
    if (textWidth(text, size, family) <= width) {
      return escaped;
    }
    var chars = Array.from(text);
    var low = 1;
    var high = chars.length - 1;
    while (low < high) {
      var mid = Math.ceil((low + high) / 2);
      if (textWidth(chars.slice(0, mid).join("").trimEnd() + "…", size, family) <= width) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return encode(chars.slice(0, low).join("").trimEnd() + "…");
  }

  // --- Layout ---

  // An axis label (escaped) broken at spaces into lines of at most `width` px, joined by <br>.
  function wrap(escaped, width, size, family) {
    var words = decode(escaped).split(/\s+/).filter(Boolean);
    var lines = [];
    var current = "";
    words.forEach(function (word) {
      var next = current ? current + " " + word : word;
      if (current && textWidth(next, size, family) > width) {
        lines.push(current);
        current = word;
      } else {
        current = next;
      }
    });
    if (current) {
      lines.push(current);
    }
    return lines.map(encode);
  }

  // The figure's layout (and legend names) fitted to a box `width` px wide.
  // `side` overrides the estimated left and right margins.
  function fit(figure, width, side) {
    var layout = figure.layout || (figure.layout = {});
    var data = figure.data || [];
    // Set, not left to Plotly's autosize, which keeps the first width it saw through a react.
    layout.width = width;
    var font = layout.font || (layout.font = {});
    var family = font.family || "sans-serif";
    var size = width < NARROW ? 11 : font.size || 13;
    font.size = size;
    var line = Math.ceil(size * 1.3);

    // Axis labels: on a narrow box a long one is set on several lines.
    var theta = (data[0] && data[0].theta) || [];
    var labels = theta.filter(function (label, index) {
      return theta.indexOf(label) === index;
    });
    var widest = 0;
    var deepest = 1;
    var wrapped = false;
    var ticktext = labels.map(function (label) {
      var lines = [label];
      if (width < NARROW && textWidth(decode(label), size, family) > width * 0.28) {
        lines = wrap(label, width * 0.28, size, family);
        wrapped = wrapped || lines.length > 1;
      }
      lines.forEach(function (text) {
        widest = Math.max(widest, textWidth(decode(text), size, family));
      });
      deepest = Math.max(deepest, lines.length);
      return lines.join("<br>");
    });
    if (wrapped) {
      var polar = layout.polar || (layout.polar = {});
      var angular = polar.angularaxis || (polar.angularaxis = {});
      angular.tickmode = "array";
      angular.tickvals = labels;
      angular.ticktext = ticktext;
    }

    var margin = layout.margin || (layout.margin = {});
    // The margins below make room for the legend too; Plotly's own growing of them
    // for a legend in the container's corner would squeeze the chart to nothing.
    margin.autoexpand = false;
    if (typeof side !== "number") {
      side = Math.max(width < NARROW ? 20 : margin.l || 70, widest + 14);
      if ((width - 340) / 2 >= widest + 14) {
        // Room beside the tallest chart for the labels anyway: narrow margins
        // leave the legend the whole width for one line (Plotly wraps at the margins).
        side = 20;
      }
    }
    side = Math.max(10, Math.min(side, (width - 60) / 2));
    margin.l = margin.r = Math.round(side);
    var labelHeight = deepest * line + 12; // the top and bottom axis labels sit outside the circle
    margin.t = Math.max(margin.t || 30, labelHeight);
    // The polar area: as wide as the margins leave, and no taller than the server's layout had it.
    var plot = Math.min(width - 2 * margin.l, 340);

    var shown = data.filter(function (trace) {
      return trace.showlegend !== false;
    });
    if (layout.showlegend === false || !shown.length) {
      layout.height = margin.t + plot + labelHeight + 8;
      margin.b = layout.height - margin.t - plot;
      return layout;
    }
    // Does the legend fit on one line under the chart?
    var oneLine = 0;
    shown.forEach(function (trace) {
      oneLine += SYMBOL + textWidth(decode(trace.name || ""), size, family) + 10;
    });
    if (width >= NARROW && oneLine <= width - 2 * margin.l) { // Plotly wraps a wider one
      // As the server had it: one line, centred under the chart.
      layout.legend = { orientation: "h", x: 0.5, xanchor: "center", xref: "container", y: 0, yanchor: "bottom", yref: "container" };
      layout.height = Math.max(420, margin.t + plot + labelHeight + line + 24);
      margin.b = layout.height - margin.t - plot;
      return layout;
    }
    // One entry per line, names cut to the box's width: on a phone anchored at
    // the box's left edge, on a wide box centred under the chart.
    var room = width - 2 * EDGE - SYMBOL - 8;
    shown.forEach(function (trace) {
      var name = trace.name || "";
      var short = shorten(name, room, size, family);
      if (short !== name) {
        // The hover keeps the whole name; it stays data, never part of the template.
        trace.meta = name;
        if (typeof trace.hovertemplate === "string") {
          trace.hovertemplate = trace.hovertemplate.split("%{fullData.name}").join("%{meta}");
        }
        trace.name = short;
      }
    });
    var wide = width >= NARROW;
    layout.legend = { orientation: "v", x: wide ? 0.5 : 0, xanchor: wide ? "center" : "left", xref: "container", y: 0, yanchor: "bottom", yref: "container", traceorder: "normal" };
    layout.height = margin.t + plot + labelHeight + shown.length * Math.max(line + 6, 19) + 16;
    margin.b = layout.height - margin.t - plot;
    return layout;
  }

  // A chart may take extra traces from another json_script on the page (data-also):
  // the peer median, which the results page renders apart from its cached markup.
  function figureFor(el, source, width, side) {
    var figure = JSON.parse(source.textContent);
    var also = el.getAttribute("data-also") && document.getElementById(el.getAttribute("data-also"));
    if (also) {
      var extra = JSON.parse(also.textContent);
      if (extra) {
        figure.data = figure.data.concat(Array.isArray(extra) ? extra : [extra]);
      }
    }
    figure.config = Object.assign({}, figure.config || {}, {
      typesetMath: false,
      // This script re-fits the layout on resize; Plotly's own resizing would keep the old fit.
      responsive: false,
    });
    fit(figure, width, side);
    return figure;
  }

  // How far (px) the axis labels stick out of the box, less EDGE; negative: room to spare.
  function overflow(el) {
    var box = el.getBoundingClientRect();
    var over = -Infinity;
    el.querySelectorAll(".angularaxistick text").forEach(function (text) {
      var r = text.getBoundingClientRect();
      if (r.width || r.height) {
        over = Math.max(over, box.left + EDGE - r.left, r.right - (box.right - EDGE));
      }
    });
    return over === -Infinity ? 0 : Math.ceil(over);
  }

  // Draw, then move the side margins until the axis labels just fit: a narrow
  // box has no pixel to waste, and the estimate cannot know where Plotly puts them.
  function render(el, source) {
    var width = el.clientWidth;
    el.setAttribute("data-fit-width", String(width));
    var figure = figureFor(el, source, width);
    function settle(pass) {
      var over = overflow(el);
      var side = figure.layout.margin.l;
      var roomy = width - 2 * side >= 340; // a wider chart would not grow: nothing to win
      if (over > 0 || (!roomy && over < -3 && pass < 3)) {
        if (over <= 0 || pass < 4) {
          figure = figureFor(el, source, width, side + over + 1);
          return window.Plotly.react(el, figure.data, figure.layout, figure.config).then(function () {
            return settle(pass + 1);
          });
        }
      }
      return null;
    }
    return window.Plotly.react(el, figure.data, figure.layout, figure.config).then(function () {
      // The CSS min-height only reserved room before drawing; now the chart sets the height.
      el.style.minHeight = "0";
      return settle(0);
    });
  }

  function show(el) {
    el.hidden = false;
    el.setAttribute("role", "img");
    el.setAttribute("aria-label", el.getAttribute("data-label") || "Radar chart");
  }

  function hide(el) {
    // The table beside the chart carries the same numbers.
    el.hidden = true;
    el.removeAttribute("role");
    el.removeAttribute("aria-label");
    el.classList.remove("radar-drawn");
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-source"));
    if (!source) {
      hide(el);
      return;
    }
    loadPlotly()
      .then(function () {
        return render(el, source);
      })
      .then(
        function () {
          el.classList.add("radar-drawn");
        },
        function () {
          hide(el);
        }
      );
  }

  var boxes = [];
  var resizeTimer = null;

  function refit() {
    resizeTimer = null;
    boxes.forEach(function (el) {
      if (!el.classList.contains("radar-drawn") || el.hidden) {
        return;
      }
      if (el.getAttribute("data-fit-width") === String(el.clientWidth)) {
        return;
      }
      var source = document.getElementById(el.getAttribute("data-source"));
      render(el, source).catch(function () {
        hide(el);
      });
    });
  }

  function init() {
    var charts = document.querySelectorAll("[data-radar]");
    var i;
    for (i = 0; i < charts.length; i++) {
      // Shown before it is observed: an IntersectionObserver never reports a hidden element.
      show(charts[i]);
      boxes.push(charts[i]);
    }
    // The layout fits one width: fit it again when the box's width changes (a
    // turned phone, a resized window, a scroll bar coming or going).
    function later() {
      if (resizeTimer) {
        window.clearTimeout(resizeTimer);
      }
      resizeTimer = window.setTimeout(refit, 150);
    }
    if ("ResizeObserver" in window) {
      var watcher = new window.ResizeObserver(later);
      for (i = 0; i < charts.length; i++) {
        watcher.observe(charts[i]);
      }
    } else {
      window.addEventListener("resize", later);
    }
    if (!("IntersectionObserver" in window)) {
      for (i = 0; i < charts.length; i++) {
        draw(charts[i]);
      }
      return;
    }
    var observer = new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            observer.unobserve(entry.target);
            draw(entry.target);
          }
        });
      },
      { rootMargin: "200px 0px" }
    );
    for (i = 0; i < charts.length; i++) {
      observer.observe(charts[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
