/**
 * The script the page runs: draws every chart with vega-embed and makes the
 * tables sortable and filterable. Plain ES2017, no dependencies beyond the
 * inlined charting library. It marks `body[data-charts]` as "done" when every
 * chart has settled, which the browser tests wait for.
 */
export const CLIENT_SCRIPT = `
(function () {
  'use strict';
  function drawCharts() {
    var node = document.getElementById('winnow-charts');
    var charts = node ? JSON.parse(node.textContent) : [];
    var options = { mode: 'vega-lite', actions: false, renderer: 'svg' };
    var jobs = charts.map(function (c) {
      var el = document.getElementById(c.id);
      return vegaEmbed(el, c.spec, options).then(function () {
        el.setAttribute('data-rendered', 'true');
      }, function (err) {
        el.setAttribute('data-rendered', 'error');
        el.className += ' chart-error';
        el.textContent = 'This chart could not be drawn: ' + err.message;
      });
    });
    Promise.all(jobs).then(function () {
      document.body.setAttribute('data-charts', 'done');
    });
  }

  function cellValue(row, col) {
    var cell = row.cells[col];
    var v = cell.getAttribute('data-v');
    if (v !== null && v !== '' && !isNaN(Number(v))) return Number(v);
    return cell.textContent.toLowerCase();
  }

  function sortBy(table, col, th) {
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) {
      heads[i].removeAttribute('aria-sort');
    }
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, col), y = cellValue(b, col);
      var d = typeof x === 'number' && typeof y === 'number'
        ? x - y : String(x).localeCompare(String(y));
      return ascending ? d : -d;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function filterRows(table, query, counter) {
    var terms = query.toLowerCase().split(/\\s+/).filter(Boolean);
    var rows = table.tBodies[0].rows, shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var text = rows[i].textContent.toLowerCase();
      var ok = terms.every(function (t) { return text.indexOf(t) >= 0; });
      rows[i].hidden = !ok;
      if (ok) shown++;
    }
    if (counter) {
      counter.textContent = shown + ' of ' + rows.length + ' rows';
    }
  }

  function setUpTables() {
    var tables = document.querySelectorAll('table.sortable');
    Array.prototype.forEach.call(tables, function (table) {
      var heads = table.tHead.rows[0].cells;
      Array.prototype.forEach.call(heads, function (th, col) {
        th.tabIndex = 0;
        th.addEventListener('click', function () { sortBy(table, col, th); });
        th.addEventListener('keydown', function (e) {
          if (e.key === 'Enter') sortBy(table, col, th);
        });
      });
    });
    var inputs = document.querySelectorAll('input[data-filter]');
    Array.prototype.forEach.call(inputs, function (input) {
      var table = document.getElementById(input.getAttribute('data-filter'));
      var counter = document.getElementById(input.id + '-count');
      input.addEventListener('input', function () {
        filterRows(table, input.value, counter);
      });
    });
  }

  setUpTables();
  drawCharts();
})();
`;
