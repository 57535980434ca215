// Draws every radar chart on the page from the JSON the server put beside it
// (via Django's json_script). Without JavaScript the table next to it stands in.
//
// plotly.js is large, so it is fetched only when a chart comes near the
// screen: the page paints at once and the chart follows.
(function () {
  "use strict";
  var me = document.currentScript;
  var plotlySrc = me && me.getAttribute("data-plotly");
  var loading = null;

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
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-source"));
    if (!source) {
      return;
    }
    loadPlotly()
      .then(function () {
        var figure = JSON.parse(source.textContent);
        var config = Object.assign({}, figure.config || {}, { typesetMath: false });
        return window.Plotly.newPlot(el, figure.data, figure.layout, config);
      })
      .then(
        function () {
          el.classList.add("radar-drawn");
        },
        function () {
          // The table beside the chart carries the same numbers.
        }
      );
  }

  function init() {
    var charts = document.querySelectorAll("[data-radar]");
    var i;
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
