'use strict';
// Writes the license texts of every npm package that esbuild put into the
// plotly bundle (read from esbuild's --metafile) to one notice file.
// Usage: node licenses.js META_JSON OUT_TXT
var fs = require('fs');
var path = require('path');

var meta = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
var out = process.argv[3];
var pkgs = {};
// Only inputs that made it into the output; .css files are stubbed out (empty loader).
var used = {};
Object.keys(meta.outputs).forEach(function (o) {
    Object.keys(meta.outputs[o].inputs).forEach(function (input) {
        if (!/\.css$/.test(input)) used[input] = true;
    });
});
Object.keys(used).forEach(function (input) {
    var m = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
    if (m) pkgs[m[1]] = true;
});

var parts = [
    'Third-party software included in plotly-radar.min.js',
    '(plotly.js core + scatterpolar, built by tools/plotly-bundle/build.sh)',
    ''
];
Object.keys(pkgs).sort().forEach(function (dir) {
    var pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    var files = fs.readdirSync(dir).filter(function (f) {
        return /^(licen[cs]e|copying)(\..*)?$/i.test(f);
    });
    parts.push('='.repeat(78));
    parts.push(pj.name + ' ' + pj.version + ' (' + (typeof pj.license === 'string' ? pj.license : JSON.stringify(pj.license)) + ')');
    parts.push('='.repeat(78));
    if (files.length) {
        files.forEach(function (f) {
            parts.push(fs.readFileSync(path.join(dir, f), 'utf8').trim());
        });
    } else {
        parts.push('(no license file in the package; license per package.json: ' + pj.license + ')');
    }
    parts.push('');
});
fs.writeFileSync(out, parts.join('\n'));
console.log('wrote ' + out + ' (' + Object.keys(pkgs).length + ' packages)');
