/* socialvalue dashboards: draw each chart from the data embedded in its page, and apply the
   page's filters (financial year, partnerships) to charts, tables, cards and summaries.
   No network: everything needed is in the page or beside it. */
(function () {
  "use strict";

  var CONFIG = { displayModeBar: false, responsive: true, displaylogo: false };
  var charts = [];

  function copy(x) { return JSON.parse(JSON.stringify(x)); }

  function getPath(obj, path) {
    return path.split(".").reduce(function (o, k) { return o == null ? o : o[k]; }, obj);
  }

  function setPath(obj, path, value) {
    var keys = path.split("."), last = keys.pop();
    var target = keys.reduce(function (o, k) { return o == null ? o : o[k]; }, obj);
    if (target != null) { target[last] = value; }
  }

  function selection() {
    var form = document.querySelector("form.filters");
    var year = "all", chosen = null;
    if (form) {
      var select = form.querySelector("select[name=year]");
      if (select) { year = select.value; }
      var boxes = form.querySelectorAll("input[name=partnership]");
      if (boxes.length) {
        chosen = {};
        boxes.forEach(function (b) { if (b.checked) { chosen[b.value] = true; } });
      }
    }
    return { year: year, chosen: chosen };
  }

  /* keep(partnership(s), year): is an item in the current selection? */
  function keeper(sel) {
    return function (partnership, year) {
      if (sel.chosen && partnership != null && partnership !== "") {
        var ids = Array.isArray(partnership) ? partnership : String(partnership).split(/\s+/);
        if (!ids.some(function (p) { return sel.chosen[p]; })) { return false; }
      }
      return !(sel.year !== "all" && year != null && year !== "" && year !== sel.year);
    };
  }

  function filtered(figure, keep) {
    return figure.data.map(function (trace) {
      var t = copy(trace), meta = trace.meta || {};
      if (meta.partnership !== undefined || meta.year !== undefined) {
        if (!keep(meta.partnership, meta.year)) { t.visible = false; }
      }
      if (meta.arrays && Array.isArray(trace.customdata)) {
        var rows = [];
        trace.customdata.forEach(function (c, i) { if (keep(c[0], c[1])) { rows.push(i); } });
        meta.arrays.forEach(function (path) {
          var values = getPath(trace, path);
          if (Array.isArray(values)) {
            setPath(t, path, rows.map(function (i) { return values[i]; }));
          }
        });
      }
      return t;
    });
  }

  function draw(chart, keep) {
    var data = keep ? filtered(chart.figure, keep) : chart.figure.data;
    return Plotly.react(chart.el, data, copy(chart.figure.layout), CONFIG);
  }

  function apply() {
    var sel = selection(), keep = keeper(sel);
    document.querySelectorAll("[data-partnership], [data-year]").forEach(function (el) {
      if (el.closest("form.filters")) { return; }
      el.hidden = !keep(el.getAttribute("data-partnership"), el.getAttribute("data-year"));
    });
    var pending = charts.map(function (c) { return draw(c, keep); });
    var status = document.querySelector(".filter-status");
    if (status) {
      var shown = sel.chosen ? Object.keys(sel.chosen).length : null;
      var total = document.querySelectorAll("input[name=partnership]").length;
      var years = document.querySelector("select[name=year]");
      var parts = [];
      if (years) { parts.push(sel.year === "all" ? "all years" : sel.year); }
      if (shown !== null) { parts.push(shown + " of " + total + " partnerships"); }
      status.textContent = "Showing " + parts.join(", ") + ".";
    }
    return Promise.all(pending);
  }

  function start() {
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-figure"));
      if (source) { charts.push({ el: el, figure: JSON.parse(source.textContent) }); }
    });
    var form = document.querySelector("form.filters");
    if (form) {
      form.hidden = false;
      form.addEventListener("change", apply);
      form.addEventListener("submit", function (e) { e.preventDefault(); });
    }
    if (charts.length && typeof Plotly === "undefined") {
      document.body.setAttribute("data-charts", "failed");
      return;
    }
    apply().then(function () { document.body.setAttribute("data-charts", "ready"); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
