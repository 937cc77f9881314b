'use strict';
// The dashboards draw only these trace types (scatter comes with the core).
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/locales/zh-cn'),
]);

module.exports = Plotly;
