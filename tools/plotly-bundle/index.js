'use strict';
// Custom plotly.js bundle for CX Maturity: core + scatterpolar only.
// Built by build.sh with esbuild into static/vendor/plotly/plotly-radar.min.js.
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/scatterpolar')]);

module.exports = Plotly;
