/* socialvalue dashboards: draw each chart from the data embedded in its page, and apply the
   page's filters (financial year, partnerships) to charts, tables, cards and summaries.
   The filters are kept in the page's address (#year=...&hide=...), so a view can be shared,
   and "Download this view" saves the accounts table as filtered.
   No network: everything needed is in the page or beside it. */
(function () {
  "use strict";

  var CONFIG = { displayModeBar: false, responsive: true, displaylogo: false };
  var PHONE = 600;   /* px: below this width charts take the phone layout */
  var WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
               "ten"];
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

  function form() { return document.querySelector("form.filters"); }

  function selection() {
    var f = form();
    var year = "all", chosen = null;
    if (f) {
      var select = f.querySelector("select[name=year]");
      if (select) { year = select.value; }
      var boxes = f.querySelectorAll("input[name=partnership]");
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
        if (ids.length && !ids.some(function (p) { return sel.chosen[p]; })) { return false; }
      }
      return !(sel.year !== "all" && year != null && year !== "" && year !== sel.year);
    };
  }

  /* Summaries told as data (dashboards/site/sentences.py renders the same data the same way
     for the published page). */
  function number(n, capital) {
    var word = n >= 0 && n < WORDS.length ? WORDS[n] : n.toLocaleString("en-GB");
    return capital ? word.charAt(0).toUpperCase() + word.slice(1) : word;
  }

  function itemShown(item, chosen) {
    if (!chosen || !item.partnerships.length) { return true; }
    var has = function (p) { return !!chosen[p]; };
    return item.every ? item.partnerships.every(has) : item.partnerships.some(has);
  }

  function lists(sentences) {
    var found = {};
    function walk(parts) {
      parts.forEach(function (part) {
        if (part === null || typeof part !== "object") { return; }
        if (part.type === "items") { found[part.key] = part; }
        if (part.type === "plural") { walk(part.one); walk(part.many); }
      });
    }
    sentences.forEach(function (s) { walk(s.parts); });
    return found;
  }

  function tell(sentences, chosen) {
    var all = lists(sentences), shown = {};
    Object.keys(all).forEach(function (k) {
      shown[k] = all[k].items.filter(function (i) { return itemShown(i, chosen); })
        .map(function (i) { return i.text; });
    });
    function count(key) { return (shown[key] || []).length; }
    function parts(items) {
      return items.map(function (part) {
        if (typeof part === "string") { return part; }
        if (part.type === "items") {
          var texts = shown[part.key];
          if (part.hidden) { return ""; }
          if (part.last && texts.length > 1) {
            return texts.slice(0, -1).join(part.sep) + part.last + texts[texts.length - 1];
          }
          return texts.join(part.sep);
        }
        if (part.type === "count") { return number(count(part.key), part.capital); }
        if (part.type === "plural") { return parts(count(part.key) === 1 ? part.one : part.many); }
        return "";
      }).join("");
    }
    var out = [];
    sentences.forEach(function (s) {
      if (s.needs && !count(s.needs)) {
        if (s.otherwise) { out.push(s.otherwise); }
        return;
      }
      out.push(parts(s.parts));
    });
    return out.filter(function (t) { return t; }).join(" ");
  }

  function retell(sel) {
    document.querySelectorAll("p[data-sentences]").forEach(function (p) {
      if (!p._sentences) { p._sentences = JSON.parse(p.getAttribute("data-sentences")); }
      p.textContent = tell(p._sentences, sel.chosen);
    });
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

  /* Words wrapped to `width` characters, as figures.py wraps radar labels. */
  function wrap(text, width) {
    var words = text.replace(/<br>/g, " ").split(/\s+/), lines = [], line = "";
    words.forEach(function (w) {
      if (line && line.length + 1 + w.length > width) { lines.push(line); line = w; }
      else { line = (line + " " + w).trim(); }
    });
    lines.push(line);
    return lines.join("<br>");
  }

  /* The phone layout: legends below the plot, horizontal bars with their labels above them
     (the plot keeps the screen's width), radar labels wrapped narrower. */
  function phone(data, layout, el) {
    layout.legend = Object.assign({}, layout.legend || {},
      { orientation: "h", x: 0, xanchor: "left", y: -0.18, yanchor: "top" });
    layout.margin = Object.assign({}, layout.margin || {}, { l: 8, r: 12 });
    data.forEach(function (t) {
      if (t.type === "bar" && t.textposition === "outside") { t.textposition = "auto"; }
    });
    var meta = layout.meta || {};
    if (meta.labels_above) {
      var categories = [];
      data.forEach(function (t) {
        if (t.visible === false || !Array.isArray(t.y) || typeof t.y[0] !== "string" ||
            t.mode === "text") { return; }
        t.y.forEach(function (y) { if (categories.indexOf(y) < 0) { categories.push(y); } });
      });
      layout.yaxis = Object.assign({}, layout.yaxis || {}, { showticklabels: false });
      layout.margin.t = Math.max(layout.margin.t || 0, 40);
      layout.height = (layout.height || 400) + 18 * categories.length;
      /* Each label sits in the gap above its bars (or bar group): half a band up, the bars
         taking the middle 55% of it. */
      var plot = layout.height - layout.margin.t - (layout.margin.b || 30) - 40;
      var band = plot / Math.max(categories.length, 1);
      layout.bargap = 0.45;
      layout.annotations = (layout.annotations || []).concat(categories.map(function (y) {
        return { xref: "paper", x: 0, xanchor: "left", yref: "y", y: y, yanchor: "bottom",
                 yshift: Math.round(band * 0.275), text: y, showarrow: false, align: "left",
                 font: { size: 12 } };
      }));
    }
    if (layout.polar) {
      data.forEach(function (t) {
        if (Array.isArray(t.theta)) { t.theta = t.theta.map(function (x) { return wrap(x, 13); }); }
      });
      layout.polar = copy(layout.polar);
      layout.polar.angularaxis = Object.assign({}, layout.polar.angularaxis,
                                               { tickfont: { size: 10 } });
      layout.polar.domain = { x: [0.1, 0.9], y: [0.22, 0.9] };
      layout.margin = { l: 70, r: 70, t: 60, b: 20 };
      layout.legend.y = 0.08;
    }
    if (!meta.labels_above && !layout.polar) {
      /* Every y axis keeps its ticks but not its title (the chart's heading gives the unit):
         a rotated title costs a phone's plot a tenth of its width. */
      Object.keys(layout).forEach(function (k) {
        if (/^yaxis\d*$/.test(k)) {
          layout[k] = Object.assign({}, layout[k], { title: { text: "" },
                                                     tickfont: { size: 11 } });
          /* £1,000,000 reads as £1M: short ticks leave the plot its width. */
          if (layout[k].tickprefix === "£") { layout[k].tickformat = "~s"; }
        }
        /* Periods on a time axis need no title. */
        if (/^xaxis\d*$/.test(k) && layout[k].type === "category") {
          layout[k] = Object.assign({}, layout[k], { title: { text: "" },
                                                     tickfont: { size: 11 } });
        }
      });
      /* Small multiples' titles start at the left and wrap, instead of overflowing. */
      layout.annotations = (layout.annotations || []).map(function (a) {
        if (a.xref !== "paper" || a.showarrow) { return a; }
        return Object.assign({}, a, { x: 0, xanchor: "left", text: wrap(a.text, 44),
                                      font: Object.assign({}, a.font || {}, { size: 12 }) });
      });
    }
    if (!layout.polar) {
      /* Below the axis title (or the periods, turned to fit), whatever the chart's height. */
      var periods = layout.xaxis && layout.xaxis.type === "category";
      var m = layout.margin, plotHeight = (layout.height || 450) - (m.t || 30) - (m.b || 10);
      layout.legend.y = -Math.min(0.9, (periods ? 92 : 78) / Math.max(plotHeight, 80));
    }
    layout.width = el.clientWidth || undefined;
    return data;
  }

  function draw(chart, keep) {
    var data = keep ? filtered(chart.figure, keep) : copy(chart.figure.data);
    var layout = copy(chart.figure.layout);
    if (window.innerWidth < PHONE) { data = phone(data, layout, chart.el); }
    return Plotly.react(chart.el, data, layout, CONFIG);
  }

  /* The filters in the address: #year=2024-25&hide=id1,id2 (partnerships left out), so a
     shared link opens the same view. */
  function readAddress() {
    var f = form();
    if (!f || !location.hash) { return; }
    var params = new URLSearchParams(location.hash.slice(1));
    var year = f.querySelector("select[name=year]");
    if (year && params.has("year")) {
      var wanted = params.get("year");
      if ([].some.call(year.options, function (o) { return o.value === wanted; })) {
        year.value = wanted;
      }
    }
    if (params.has("hide")) {
      var hide = params.get("hide").split(",");
      f.querySelectorAll("input[name=partnership]").forEach(function (b) {
        b.checked = hide.indexOf(b.value) < 0;
      });
    }
  }

  function writeAddress(sel) {
    var f = form();
    if (!f) { return; }
    var params = new URLSearchParams();
    var year = f.querySelector("select[name=year]");
    if (year && year.value !== f.getAttribute("data-default-year")) {
      params.set("year", year.value);
    }
    var hidden = [];
    f.querySelectorAll("input[name=partnership]").forEach(function (b) {
      if (!b.checked) { hidden.push(b.value); }
    });
    if (hidden.length) { params.set("hide", hidden.join(",")); }
    var hash = params.toString();
    var url = location.pathname + location.search + (hash ? "#" + hash : "");
    history.replaceState(null, "", url);
  }

  /* "Download this view": the accounts table's rows now shown, as CSV (text that a
     spreadsheet would run as a formula made inert, as in the funder extracts). */
  function csvCell(text) {
    var t = String(text).trim();
    if (/^[=+\-@\t\r]/.test(t) && !/^-?[£\d.,]+( : 1)?$/.test(t)) { t = "'" + t; }
    return /[",\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }

  function viewCsv() {
    var table = document.querySelector("#headlines table");
    if (!table) { return ""; }
    var head = [].map.call(table.querySelectorAll("thead th"), function (th) {
      return csvCell(th.textContent);
    });
    var lines = [head.join(",")];
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      if (tr.hidden) { return; }
      lines.push([].map.call(tr.children, function (c) { return csvCell(c.textContent); })
        .join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }

  function setupDownload() {
    var link = document.getElementById("download-view");
    if (!link) { return; }
    link.addEventListener("click", function () {
      if (link._url) { URL.revokeObjectURL(link._url); }
      link._url = URL.createObjectURL(new Blob([viewCsv()], { type: "text/csv" }));
      link.href = link._url;
    });
  }

  /* A table wider than its box says that it scrolls. */
  function hints() {
    document.querySelectorAll(".table-wrap").forEach(function (wrapEl) {
      var hint = wrapEl.previousElementSibling;
      if (!hint || !hint.classList.contains("scroll-hint")) { return; }
      var visible = wrapEl.offsetParent !== null;
      hint.hidden = !(visible && wrapEl.scrollWidth > wrapEl.clientWidth + 1);
    });
  }

  function apply() {
    var sel = selection(), keep = keeper(sel);
    document.querySelectorAll("[data-partnership], [data-year]").forEach(function (el) {
      if (el.closest("form.filters")) { return; }
      el.hidden = !keep(el.getAttribute("data-partnership"), el.getAttribute("data-year"));
    });
    retell(sel);
    var pending = charts.map(function (c) { return draw(c, keep); });
    var status = document.querySelector(".filter-status [role=status]");
    if (status) {
      var shown = sel.chosen ? Object.keys(sel.chosen).length : null;
      var total = document.querySelectorAll("input[name=partnership]").length;
      var years = document.querySelector("select[name=year]");
      var parts = [];
      if (years) { parts.push(sel.year === "all" ? "all years" : sel.year); }
      if (shown !== null) { parts.push(shown + " of " + total + " partnerships"); }
      status.textContent = "Showing " + parts.join(", ") + ".";
    }
    var link = document.getElementById("download-view");
    if (link) {
      var rows = document.querySelectorAll("#headlines table tbody tr:not([hidden])").length;
      link.textContent = "Download this view (" + rows + " row" + (rows === 1 ? "" : "s") +
        ", CSV)";
    }
    writeAddress(sel);
    return Promise.all(pending).then(hints);
  }

  /* body[data-layout] says which layout the charts were last drawn for (phone or wide). */
  function drawn() {
    document.body.setAttribute("data-layout", window.innerWidth < PHONE ? "phone" : "wide");
  }

  function redrawAll() {
    var keep = keeper(selection());
    document.body.removeAttribute("data-layout");
    return Promise.all(charts.map(function (c) { return draw(c, keep); })).then(hints)
      .then(drawn);
  }

  function start() {
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-figure"));
      if (source) { charts.push({ el: el, figure: JSON.parse(source.textContent) }); }
    });
    var f = form();
    if (f) {
      readAddress();
      f.hidden = false;
      f.addEventListener("change", apply);
      f.addEventListener("submit", function (e) { e.preventDefault(); });
    }
    setupDownload();
    document.querySelectorAll("details").forEach(function (d) {
      d.addEventListener("toggle", hints);
    });
    if (charts.length && typeof Plotly === "undefined") {
      document.body.setAttribute("data-charts", "failed");
      return;
    }
    var phoneNow = window.innerWidth < PHONE, timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if ((window.innerWidth < PHONE) !== phoneNow) {
          phoneNow = window.innerWidth < PHONE;
          redrawAll();
        } else { hints(); }
      }, 150);
    });
    apply().then(function () {
      drawn();
      document.body.setAttribute("data-charts", "ready");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
