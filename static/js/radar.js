// Draws every radar chart on the page from the JSON the server put beside it
// (via Django's json_script). Without JavaScript the table next to it stands in.
(function () {
  "use strict";
  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-source"));
    if (!source || typeof window.Plotly === "undefined") {
      return;
    }
    var figure = JSON.parse(source.textContent);
    var config = Object.assign({}, figure.config || {}, { typesetMath: false });
    window.Plotly.newPlot(el, figure.data, figure.layout, config).then(function () {
      el.classList.add("radar-drawn");
    });
  }
  function init() {
    var charts = document.querySelectorAll("[data-radar]");
    for (var i = 0; i < charts.length; i++) {
      draw(charts[i]);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
