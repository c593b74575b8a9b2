/* The timeline tab: reported events and figures against time (docs/network-page.md).
 *
 * One SVG drawn by hand in #timeline: x is time, rows are event kinds (claim.predicate) or places
 * (first of claim.places). One point per claim, never merged: points that would overlap in a row
 * are stacked into lanes, so conflicting figures for the same kind, place and day stand apart.
 * Filled marks are times reported in the text, hollow ones fall back on the publication date.
 * Article text only reaches the page through textContent; one delegated click listener.
 */
(function () {
  "use strict";
  // the SVG namespace: a name, never fetched, spelt in parts so that the page holds no URL
  var SVG = ["http:", "", "www.w3.org", "2000", "svg"].join("/");
  var T = window.RGTime;  // the calendar helpers of timeline_time.js
  var dayOf = T.dayOf, dateOf = T.dateOf, dayText = T.dayText, clip = T.clip, ticks = T.ticks;
  var DEFAULT_WIDTH = 1000, MIN_WIDTH = 560, AXIS = 34, LANE = 16, PAD = 6, R = 5;
  var LABEL_LIMIT = 1500, MAX_LANES = 80, CHAR = 6.2, LABEL_CHARS = 42, ROW_LABEL_MAX = 220;
  var COLOURS = { event: "#4e79a7", figure: "#d1495b" };
  var WEAK = {};

  var RG = null, box = null, drawing = null, groupSelect = null, statusLine = null;
  var dirty = true, drawnCount = 0, lastWidth = 0, resizeTimer = 0;

  /* An element (SVG or HTML) with its attributes and its text, never markup. */
  function make(svg, name, attrs, text) {
    var e = svg ? document.createElementNS(SVG, name) : document.createElement(name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svgEl(name, attrs, text) { return make(true, name, attrs, text); }
  function htmlEl(name, attrs, text) { return make(false, name, attrs, text); }

  /* The drawn items (passing, dated events and figures) grouped into rows, and the undated count. */
  function collect(group) {
    var claims = (RG.data && RG.data.claims) || [], rows = {}, list = [], undated = 0, published = 0;
    for (var i = 0; i < claims.length; i++) {
      var c = claims[i];
      if (!c || (c.kind !== "event" && c.kind !== "figure") || !RG.passes(i)) continue;
      var w = Array.isArray(c.when) ? c.when : [], start = w.length ? dayOf(w[0]) : null;
      if (start === null) { undated++; continue; }
      var end = dayOf(w[w.length - 1] || w[0], true);
      if (end === null) end = start;
      if (end < start) { var t = start; start = end; end = t; }
      var place = c.places && c.places.length ? String(c.places[0]) : null;
      var byPlace = group === "place", key = byPlace ? (place === null ? "no place" : place)
        : String(c.predicate || c.kind);
      var row = rows[key] || (rows[key] = { name: key, items: [], none: byPlace && place === null });
      // a point's label: a figure's quantity and source; an event's other grouping (place or kind)
      var label = c.kind === "figure" ? [c.quantity || c.text, c.source].filter(Boolean).join(" · ")
        : byPlace ? c.predicate : place;
      var item = { index: i, claim: c, start: start, end: end,
        label: label ? clip(label, LABEL_CHARS) : "" };
      if (c.when_basis === "published") published++;
      row.items.push(item);
      list.push(item);
    }
    var ordered = Object.keys(rows).map(function (k) { return rows[k]; });
    ordered.sort(function (a, b) {
      return (a.none - b.none) || (b.items.length - a.items.length) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    ordered.forEach(function (row) { row.items.sort(byTime); });
    return { rows: ordered, items: list, undated: undated, published: published };
  }

  function byTime(a, b) {
    var ca = a.claim, cb = b.claim;
    return (a.start - b.start) || (a.end - b.end) ||
      (ca.kind < cb.kind ? -1 : ca.kind > cb.kind ? 1 : 0) ||
      String(ca.predicate).localeCompare(String(cb.predicate)) ||
      String(ca.quantity || "").localeCompare(String(cb.quantity || "")) ||
      String(ca.source || "").localeCompare(String(cb.source || "")) || (a.index - b.index);
  }

  /* Greedy lanes: an item goes to the first lane whose last occupant ends before it begins. */
  function pack(row, x, right, labels) {
    var ends = [];
    row.items.forEach(function (it) {
      var x0 = x(it.start), x1 = Math.max(x(it.end), x0);
      var lw = labels && it.label ? it.label.length * CHAR + 6 : 0;
      it.x0 = x0; it.x1 = x1; it.left = lw > 0 && x1 + R + lw > right;
      var a = (it.left ? x0 - R - lw : x0 - R) - 3, b = (it.left ? x1 + R : x1 + R + lw) + 3;
      var lane = 0;
      while (lane < ends.length && ends[lane] > a) lane++;
      if (lane >= MAX_LANES) {  // crowded: overlap in the lane that frees first
        lane = 0;
        for (var k = 1; k < ends.length; k++) if (ends[k] < ends[lane]) lane = k;
      }
      ends[lane] = Math.max(ends[lane] || -Infinity, b);
      it.lane = lane;
    });
    row.lanes = Math.max(1, ends.length);
  }

  function summary(it) {
    var c = it.claim, lines = [String(c.text || c.predicate || c.kind)];
    if (c.kind === "figure" && c.quantity) {
      lines.push("figure: " + c.quantity + " (" + (c.predicate || "count") + ")");
    } else {
      lines.push(c.kind + ": " + (c.predicate || "?"));
    }
    lines.push("when: " + dayText(it.start, true) +
      (it.end > it.start ? " – " + dayText(it.end, true) : "") + (c.when_basis === "published"
      ? " (publication date; no time in the text)"
      : c.time_text ? " (reported: “" + c.time_text + "”)" : " (reported)"));
    var via = c.via && c.via.length ? " via " + c.via.join(" → ") : "";
    lines.push("source: " + (c.source || "?") + via + " · " + (c.certainty || "?") +
      (c.segment === "reader_comment" ? " · reader comment" : ""));
    if (c.places && c.places.length) lines.push("place: " + c.places.join(", "));
    if (c.doc_label || c.path) lines.push("document: " + (c.doc_label || c.path));
    return lines.join("\n");
  }

  function mark(it, y) {
    var c = it.claim, colour = COLOURS[c.kind] || "#777", hollow = c.when_basis !== "reported";
    var cls = "rg-point rg-" + c.kind + (hollow ? " rg-published" : " rg-reported");
    var attrs = { "class": cls, "data-claim": it.index, fill: hollow ? "#ffffff" : colour,
      stroke: colour, "stroke-width": 1.6 };
    var shape;
    if (c.kind === "figure") {  // a diamond
      var r = R + 1, x = it.x0;
      attrs.d = "M" + x + " " + (y - r) + "L" + (x + r) + " " + y + "L" + x + " " + (y + r) +
        "L" + (x - r) + " " + y + "Z";
      shape = svgEl("path", attrs);
    } else {
      attrs.cx = it.x0; attrs.cy = y; attrs.r = R;
      shape = svgEl("circle", attrs);
    }
    if (WEAK[c.certainty]) shape.setAttribute("stroke-dasharray", "2.5 1.5");
    if (c.segment === "reader_comment") shape.setAttribute("opacity", "0.55");
    shape.appendChild(svgEl("title", {}, summary(it)));
    return shape;
  }

  /* Scale and rows for this width: row label column, time domain with a margin, lanes packed. */
  function layout(found, width) {
    var rows = found.rows, labels = found.items.length <= LABEL_LIMIT, lo = Infinity, hi = -Infinity;
    var longest = rows.reduce(function (m, r) { return Math.max(m, rowName(r).length); }, 6);
    var left = Math.min(ROW_LABEL_MAX, 16 + longest * CHAR), right = width - 14;
    found.items.forEach(function (it) { lo = Math.min(lo, it.start); hi = Math.max(hi, it.end); });
    var from = RG.state ? dayOf(RG.state.from) : null, to = RG.state ? dayOf(RG.state.to) : null;
    if (from !== null) lo = Math.min(lo, from);  // the axis spans the chosen period
    if (to !== null) hi = Math.max(hi, to);
    if (lo > hi) { lo = from !== null ? from : to !== null ? to : 0; hi = lo + 1; }
    var pad = Math.max(1, Math.round((hi - lo) * 0.03));
    var s = { lo: lo - pad, hi: hi + pad, left: left, right: right, width: width, labels: labels };
    s.x = function (day) { return left + (day - s.lo) / (s.hi - s.lo) * (right - left); };
    s.ticks = ticks(s.lo, s.hi, Math.max(2, Math.floor((right - left) / 90)));
    var y = 0;
    rows.forEach(function (row) {
      pack(row, s.x, right, labels);
      row.y = y;
      row.height = row.lanes * LANE + 2 * PAD;
      y += row.height;
    });
    s.height = Math.max(y, 40) + 8;
    return s;
  }

  function rowName(row) { return clip(row.name, 30) + " (" + row.items.length + ")"; }

  /* The date axis, in its own SVG that stays at the top of the scrolled box. */
  function axis(s) {
    var head = svgEl("svg", { "class": "rg-timeline-axis", width: s.width, height: AXIS });
    s.ticks.forEach(function (t) {
      var tx = s.x(t.day);
      head.appendChild(svgEl("line", { x1: tx, x2: tx, y1: AXIS - 6, y2: AXIS, stroke: "#999" }));
      head.appendChild(svgEl("text", { x: tx, y: AXIS - 10, "font-size": 11, "text-anchor": "middle",
        fill: "#444" }, t.label));
    });
    head.appendChild(svgEl("line", { x1: s.left, x2: s.right, y1: AXIS - 0.5, y2: AXIS - 0.5,
      stroke: "#999" }));
    head.appendChild(svgEl("rect", { "class": "rg-axis-band", x: s.left, y: 0, width: s.right - s.left,
      height: AXIS, fill: "transparent" }));
    head.rgScale = s;
    head.addEventListener("mousedown", onBrushStart);
    return head;
  }

  function plot(rows, s) {
    var root = svgEl("svg", { "class": "rg-timeline", width: s.width, height: s.height, role: "img",
      "aria-label": "timeline of reported events and figures" });
    var back = svgEl("g", { "class": "rg-rows" }), marks = svgEl("g", { "class": "rg-marks" });
    var texts = svgEl("g", { "class": "rg-labels", "font-size": 11, fill: "#333" });
    rows.forEach(function (row, r) {
      back.appendChild(svgEl("rect", { x: 0, y: row.y, width: s.width, height: row.height,
        fill: r % 2 ? "#ffffff" : "#f5f6f8" }));
      var name = svgEl("text", { "class": "rg-row-label", x: 8, y: row.y + PAD + LANE / 2 + 4,
        "font-size": 12, fill: row.none ? "#888" : "#222" }, rowName(row));
      name.appendChild(svgEl("title", {}, row.name));
      back.appendChild(name);
    });
    s.ticks.forEach(function (t) {
      var tx = s.x(t.day);
      back.appendChild(svgEl("line", { x1: tx, x2: tx, y1: 0, y2: s.height - 8, stroke: "#dcdcdc" }));
    });
    rows.forEach(function (row) {
      row.items.forEach(function (it) {
        var cy = row.y + PAD + it.lane * LANE + LANE / 2, colour = COLOURS[it.claim.kind] || "#777";
        if (it.x1 > it.x0) {
          var bar = svgEl("rect", { "class": "rg-range", "data-claim": it.index, x: it.x0, y: cy - 3,
            width: it.x1 - it.x0, height: 6, rx: 3, fill: colour, "fill-opacity": 0.3, stroke: colour,
            "stroke-opacity": 0.6 });
          bar.appendChild(svgEl("title", {}, summary(it)));
          marks.appendChild(bar);
        }
        marks.appendChild(mark(it, cy));
        if (s.labels && it.label) {
          texts.appendChild(svgEl("text", it.left ? { x: it.x0 - R - 4, y: cy + 4, "text-anchor": "end" }
            : { x: it.x1 + R + 4, y: cy + 4 }, it.label));
        }
      });
    });
    root.appendChild(back);
    root.appendChild(marks);
    root.appendChild(texts);
    if (!rows.length) {
      root.appendChild(svgEl("text", { x: s.left, y: 26, "font-size": 13, fill: "#666" },
        "No dated event or figure passes the filters."));
    }
    root.addEventListener("click", onClick);
    return root;
  }

  function status(found, s) {
    var n = found.items.length, none = found.undated;
    var text = n + (n === 1 ? " dated event or figure" : " dated events and figures") + " in " +
      found.rows.length + (found.rows.length === 1 ? " row" : " rows");
    if (found.published) text += " (" + found.published + " dated only by publication)";
    text += " · " + none + (none === 1 ? " claim has no date" : " claims have no date") +
      " (not drawn)";
    if (!s.labels) text += " · labels hidden: too many points, hover a point for its details";
    return text;
  }

  function draw(width) {
    var found = collect(groupSelect ? groupSelect.value : "kind"), s = layout(found, width);
    var frame = htmlEl("div", { "class": "rg-timeline-frame" });
    var head = htmlEl("div", { "class": "rg-timeline-head" });
    head.appendChild(axis(s));
    frame.appendChild(head);
    frame.appendChild(plot(found.rows, s));
    if (drawing && drawing.parentNode === box) box.replaceChild(frame, drawing);
    else box.appendChild(frame);
    drawing = frame;
    drawnCount = found.items.length;
    statusLine.textContent = status(found, s);
  }

  function visible() { return !!box && box.getClientRects().length > 0 && box.clientWidth > 0; }

  function render() {
    if (!RG || !box) return;
    var width = visible() ? Math.max(MIN_WIDTH, box.clientWidth) : DEFAULT_WIDTH;
    draw(width);
    // a vertical scroll bar that appeared with the drawing narrows the box: fit it once more
    if (visible() && box.clientWidth >= MIN_WIDTH && box.clientWidth < width) draw(box.clientWidth);
    lastWidth = visible() ? box.clientWidth : 0;  // 0: drawn hidden, draw again when shown
    dirty = false;
  }

  function refresh() { if (visible()) render(); else dirty = true; }

  function onShow() { if (visible() && (dirty || box.clientWidth !== lastWidth)) render(); }

  function onClick(event) {
    var target = event.target && event.target.closest ? event.target.closest("[data-claim]") : null;
    if (!target) return;
    var i = Number(target.getAttribute("data-claim")), c = RG.data.claims[i];
    if (!c) return;
    var w = c.when ? dayOf(c.when[0]) : null;
    var title = (c.kind === "figure" ? "figure: " : "") + (c.predicate || c.kind) +
      (c.quantity ? " “" + c.quantity + "”" : "") + (w !== null ? " · " + dayText(w, true) : "");
    show(title, i);
  }

  /* The panel keeps following the filters: the claim is listed while it passes them. */
  function show(title, i) {
    RG.showClaims(title, RG.passes(i) ? [i] : [], function () { show(title, i); });
  }

  /* Drag along the date axis to set the date filters (input#filter-from, input#filter-to). */
  function onBrushStart(event) {
    var band = event.target;
    if (!band.classList || !band.classList.contains("rg-axis-band") || event.button !== 0) return;
    var head = band.ownerSVGElement, s = head.rgScale, origin = head.getBoundingClientRect().left;
    var x0 = event.clientX - origin;
    var shade = svgEl("rect", { x: x0, y: 0, width: 0, height: AXIS, fill: "#4e79a7",
      "fill-opacity": 0.2 });
    head.appendChild(shade);
    event.preventDefault();
    function at(px) { return Math.min(s.right, Math.max(s.left, px)); }
    function move(e) {
      var x1 = at(e.clientX - origin);
      shade.setAttribute("x", Math.min(at(x0), x1));
      shade.setAttribute("width", Math.abs(x1 - at(x0)));
    }
    function up(e) {
      document.removeEventListener("mousemove", move);
      document.removeEventListener("mouseup", up);
      if (shade.parentNode) shade.parentNode.removeChild(shade);
      var a = at(x0), b = at(e.clientX - origin);
      if (Math.abs(b - a) < 4) return;
      setDateFilters(isoAt(s, Math.min(a, b)), isoAt(s, Math.max(a, b)));
    }
    document.addEventListener("mousemove", move);
    document.addEventListener("mouseup", up);
  }

  function isoAt(s, px) {
    var day = Math.round(s.lo + (px - s.left) / (s.right - s.left) * (s.hi - s.lo));
    return dateOf(day).toISOString().slice(0, 10);
  }

  function setDateFilters(from, to) {
    var fromInput = document.getElementById("filter-from");
    var toInput = document.getElementById("filter-to");
    if (!fromInput || !toInput) return;
    fromInput.value = from;
    toInput.value = to;
    toInput.dispatchEvent(new Event("change", { bubbles: true }));  // the filter bar reads both
  }

  function legendMark(kind, hollow, range) {
    var s = svgEl("svg", { width: range ? 30 : 14, height: 14, "aria-hidden": "true" });
    var colour = COLOURS[kind];
    if (range) {
      s.appendChild(svgEl("rect", { x: 6, y: 4, width: 22, height: 6, rx: 3, fill: colour,
        "fill-opacity": 0.3, stroke: colour }));
    }
    var attrs = { fill: hollow ? "#ffffff" : colour, stroke: colour, "stroke-width": 1.6 };
    if (kind === "figure") { attrs.d = "M7 1L13 7L7 13L1 7Z"; s.appendChild(svgEl("path", attrs)); }
    else { attrs.cx = 7; attrs.cy = 7; attrs.r = 5; s.appendChild(svgEl("circle", attrs)); }
    return s;
  }

  function controls() {
    var bar = htmlEl("div", { id: "timeline-controls" });
    var label = htmlEl("label", { "for": "timeline-group" }, "Rows: ");
    groupSelect = htmlEl("select", { id: "timeline-group" });
    groupSelect.appendChild(htmlEl("option", { value: "kind" }, "event kind"));
    groupSelect.appendChild(htmlEl("option", { value: "place" }, "place"));
    label.appendChild(groupSelect);
    bar.appendChild(label);
    var legend = htmlEl("div", { id: "timeline-legend" });
    [[legendMark("event", false), "event"], [legendMark("figure", false), "figure"],
      [legendMark("event", false), "filled: time reported in the text"],
      [legendMark("event", true), "hollow: publication date only"],
      [legendMark("event", false, true), "bar: reported period"],
      [null, "dashed: alleged, unverified or denied · faded: reader comment"],
      [null, "drag along the date axis to filter dates"]].forEach(function (entry) {
      var span = htmlEl("span", {});
      if (entry[0]) span.appendChild(entry[0]);
      span.appendChild(document.createTextNode(entry[1]));
      legend.appendChild(span);
    });
    bar.appendChild(legend);
    statusLine = htmlEl("div", { id: "timeline-status", role: "status" });
    bar.appendChild(statusLine);
    return bar;
  }

  function start() {
    RG = window.RG;
    var view = document.getElementById("view-timeline");
    if (!RG || !RG.data || !view) return false;
    var weak = (RG.style && RG.style.weak) || ["alleged", "unverified", "denied"];
    weak.forEach(function (k) { WEAK[k] = true; });
    box = document.getElementById("timeline");
    if (!box) { box = htmlEl("div", { id: "timeline" }); view.appendChild(box); }
    box.parentNode.insertBefore(controls(), box);
    groupSelect.addEventListener("change", refresh);
    if (RG.onChange) RG.onChange(refresh);
    if (RG.onReset) RG.onReset(function () { groupSelect.value = "kind"; });
    if (RG.onTab) RG.onTab(onShow);
    if (window.MutationObserver) {  // however the view is shown, draw it then
      new MutationObserver(onShow).observe(view,
        { attributes: true, attributeFilter: ["class", "hidden", "style"] });
    }
    window.addEventListener("resize", function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(onShow, 150);
    });
    RG.timelinePointCount = function () {
      if (dirty) render();
      return drawnCount;
    };
    refresh();
    return true;
  }

  if (!start()) document.addEventListener("DOMContentLoaded", start);
})();
