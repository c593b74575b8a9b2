/* window.RG: the payload, the filter state, the filter bar, the tabs and the provenance panel.
 * Shared by network.js and timeline.js (docs/network-page.md). Article text is data: it is only
 * ever inserted with textContent / createTextNode, never as markup. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("rg-data").textContent);
  var style = JSON.parse(document.getElementById("rg-style").textContent);
  ["nodes", "edges", "claims", "sources"].forEach(function (key) {
    if (!Array.isArray(data[key])) data[key] = [];
  });
  var KINDS = ["event", "figure", "relation", "statement"];
  var CERTAINTY_ORDER = ["asserted", "reported", "alleged", "unverified", "denied"];
  var WEAK = {};
  style.weak.forEach(function (c) { WEAK[c] = true; });
  var PANEL_LIMIT = 200;

  var nodeById = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function certaintyKey(c) { return c.certainty ? String(c.certainty) : "unknown"; }

  function certaintiesPresent() {
    var seen = {};
    data.claims.forEach(function (c) { seen[certaintyKey(c)] = true; });
    var known = CERTAINTY_ORDER.filter(function (k) { return seen[k]; });
    var rest = Object.keys(seen).filter(function (k) { return CERTAINTY_ORDER.indexOf(k) < 0; });
    return known.concat(rest.sort());
  }

  function initialState() {
    var kinds = {};
    KINDS.forEach(function (k) { kinds[k] = true; });
    var certainties = {};
    certaintiesPresent().forEach(function (k) { certainties[k] = true; });
    return { source: "", kinds: kinds, certainties: certainties, from: "", to: "",
             comments: Boolean(data.comments) };
  }

  var state = initialState();
  var listeners = [];
  var tabListeners = [];
  var cache = null;

  // ISO dates of any precision ("2025", "2025-03", "2025-03-08…") as the first or last day.
  function dayStart(s) {
    s = String(s).slice(0, 10);
    return s.length === 4 ? s + "-01-01" : s.length === 7 ? s + "-01" : s;
  }
  function dayEnd(s) {
    s = String(s).slice(0, 10);
    return s.length === 4 ? s + "-12-31" : s.length === 7 ? s + "-31" : s;
  }

  function passes(index) {
    var c = data.claims[index];
    if (!c) return false;
    if (state.source && c.source_id !== state.source) return false;
    if (KINDS.indexOf(c.kind) >= 0 && !state.kinds[c.kind]) return false;
    if (!state.certainties[certaintyKey(c)]) return false;
    if (c.segment === "reader_comment" && !state.comments) return false;
    if (state.from || state.to) {
      if (!Array.isArray(c.when) || !c.when.length || !c.when[0]) return false;
      var start = dayStart(c.when[0]);
      var end = dayEnd(c.when[c.when.length - 1] || c.when[0]);
      if (state.from && end < state.from) return false;
      if (state.to && start > state.to) return false;
    }
    return true;
  }

  function filteredClaims() {
    if (cache === null) {
      cache = [];
      for (var i = 0; i < data.claims.length; i++) if (passes(i)) cache.push(i);
    }
    return cache.slice();
  }

  var panelRefresh = null;
  function changed() {
    cache = null;
    listeners.forEach(function (fn) { fn(state); });
    if (panelRefresh) panelRefresh();
  }

  // ---- the filter bar -------------------------------------------------------------------
  var sourceSelect = document.getElementById("filter-source");
  var certaintyBox = document.getElementById("filter-certainty");
  var fromInput = document.getElementById("filter-from");
  var toInput = document.getElementById("filter-to");
  var commentsBox = document.getElementById("filter-comments");

  data.sources.slice().sort(function (a, b) {
    return String(a.label).localeCompare(String(b.label)) || (a.id < b.id ? -1 : 1);
  }).forEach(function (s) {
    var option = el("option", "", String(s.label) + " (" + (s.claims || 0) + ")");
    option.value = String(s.id);
    sourceSelect.appendChild(option);
  });
  certaintiesPresent().forEach(function (k) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.name = "certainty";
    box.value = k;
    label.appendChild(box);
    label.appendChild(document.createTextNode(k));
    certaintyBox.appendChild(label);
  });

  function boxes(name) {
    return Array.prototype.slice.call(document.querySelectorAll('input[name="' + name + '"]'));
  }

  function showState() {
    sourceSelect.value = state.source;
    boxes("kind").forEach(function (b) { b.checked = Boolean(state.kinds[b.value]); });
    boxes("certainty").forEach(function (b) { b.checked = Boolean(state.certainties[b.value]); });
    fromInput.value = state.from;
    toInput.value = state.to;
    commentsBox.checked = state.comments;
  }

  function readState() {
    state.source = sourceSelect.value;
    boxes("kind").forEach(function (b) { state.kinds[b.value] = b.checked; });
    boxes("certainty").forEach(function (b) { state.certainties[b.value] = b.checked; });
    state.from = fromInput.value;
    state.to = toInput.value;
    state.comments = commentsBox.checked;
    changed();
  }

  showState();
  [sourceSelect, fromInput, toInput, commentsBox].concat(boxes("kind"), boxes("certainty"))
    .forEach(function (control) { control.addEventListener("change", readState); });

  var resetListeners = [];
  document.getElementById("reset").addEventListener("click", function () {
    var fresh = initialState();
    Object.keys(fresh).forEach(function (k) { state[k] = fresh[k]; });
    showState();
    resetListeners.forEach(function (fn) { fn(); });
    panelRefresh = null;
    changed();
  });

  // ---- tabs -------------------------------------------------------------------------------
  var activeTab = "network";
  function showTab(name) {
    activeTab = name;
    ["network", "timeline"].forEach(function (t) {
      document.getElementById("tab-" + t).setAttribute("aria-selected", String(t === name));
      document.getElementById("view-" + t).hidden = t !== name;
    });
    document.body.setAttribute("data-tab", name);
    tabListeners.forEach(function (fn) { fn(name); });
  }
  document.getElementById("tab-network").addEventListener("click", function () {
    showTab("network");
  });
  document.getElementById("tab-timeline").addEventListener("click", function () {
    showTab("timeline");
  });
  document.body.setAttribute("data-tab", activeTab);

  // ---- the panel ----------------------------------------------------------------------------
  var panel = document.getElementById("panel");
  var panelTitle = document.getElementById("panel-title");
  var panelBody = document.getElementById("panel-body");
  var panelOpen = document.getElementById("panel-open");

  function setPanel(open) {
    panel.hidden = !open;
    panelOpen.hidden = open;
    window.dispatchEvent(new Event("resize"));
  }
  document.getElementById("panel-close").addEventListener("click", function () { setPanel(false); });
  panelOpen.addEventListener("click", function () { setPanel(true); });

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // The sentence as text nodes, with each evidence span (document offsets) in a <mark>.
  function sentenceElement(c) {
    var p = el("p", "sentence");
    var text = String(c.sentence || "");
    var base = Number(c.sentence_start) || 0;
    var ranges = (Array.isArray(c.spans) ? c.spans : []).map(function (s) {
      var a = Math.max(0, Math.min(text.length, Number(s[0]) - base));
      var b = Math.max(0, Math.min(text.length, Number(s[1]) - base));
      return [Math.min(a, b), Math.max(a, b)];
    }).filter(function (r) { return r[1] > r[0] && !isNaN(r[0]) && !isNaN(r[1]); });
    ranges.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    var at = 0;
    ranges.forEach(function (r) {
      var a = Math.max(r[0], at);
      if (r[1] <= a) return;
      if (a > at) p.appendChild(document.createTextNode(text.slice(at, a)));
      p.appendChild(el("mark", "", text.slice(a, r[1])));
      at = r[1];
    });
    if (at < text.length) p.appendChild(document.createTextNode(text.slice(at)));
    return p;
  }

  function sourceText(c) {
    var via = Array.isArray(c.via) ? c.via.map(String) : [];
    return String(c.source || "unknown source") + (via.length ? " via " + via.join(" → ") : "");
  }

  function whenText(c) {
    var out;
    if (Array.isArray(c.when) && c.when.length && c.when[0]) {
      var a = String(c.when[0]);
      var b = String(c.when[c.when.length - 1] || a);
      out = a === b ? a : a + " – " + b;
      if (c.when_basis === "reported") out += " (reported time)";
      else if (c.when_basis === "published") out += " (publication date)";
    } else {
      out = "no date";
    }
    if (c.time_text) out += " · “" + c.time_text + "”";
    return out;
  }

  function citation(c) {
    var start = Number(c.sentence_start) || 0;
    var sentence = String(c.sentence || "");
    return String(c.path || c.document || "?") + " [" + start + "–" + (start + sentence.length) +
      "] \"" + sentence + "\"";
  }

  function fallbackCopy(text) {
    var area = el("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function copyCitation(button) {
    var text = button.getAttribute("data-citation");
    function done(ok) {
      button.textContent = ok ? "copied" : "select and copy";
      button.setAttribute("data-copied", String(ok));
      if (!ok && !button.nextSibling) {
        var field = el("input", "citation-text");
        field.readOnly = true;
        field.value = text;
        button.parentNode.appendChild(field);
        field.select();
      }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); },
        function () { done(fallbackCopy(text)); });
    } else {
      done(fallbackCopy(text));
    }
  }

  function claimElement(index) {
    var c = data.claims[index];
    var box = el("div", "claim" + (WEAK[c.certainty] ? " weak" : ""));
    box.setAttribute("data-claim", String(index));
    var head = el("div", "headline");
    head.appendChild(el("span", "kind", c.kind));
    head.appendChild(document.createTextNode(String(c.text || c.predicate || "")));
    box.appendChild(head);
    box.appendChild(sentenceElement(c));
    var meta = el("div", "meta");
    meta.appendChild(el("span", "source", sourceText(c)));
    meta.appendChild(el("span", "cue", c.cue ? "“" + c.cue + "”" : "no cue"));
    meta.appendChild(el("span", "certainty " + certaintyKey(c), certaintyKey(c)));
    meta.appendChild(el("span", "when", whenText(c)));
    var extra = [];
    if (c.quantity) extra.push("figure “" + c.quantity + "”");
    if (Array.isArray(c.places) && c.places.length) extra.push("at " + c.places.join(", "));
    if (c.segment && c.segment !== "body") extra.push(String(c.segment).replace("_", " "));
    if (extra.length) meta.appendChild(el("span", "extra", extra.join(" · ")));
    meta.appendChild(el("span", "document",
      String(c.doc_label || c.document || "") + " — " + String(c.path || "")));
    var button = el("button", "copy-citation", "copy citation");
    button.type = "button";
    button.setAttribute("data-citation", citation(c));
    button.addEventListener("click", function () { copyCitation(button); });
    meta.appendChild(button);
    box.appendChild(meta);
    return box;
  }

  // Claims grouped by document, newest publication first; in a document, in reading order.
  function grouped(indexes) {
    var groups = {};
    var order = [];
    indexes.forEach(function (i) {
      var c = data.claims[i];
      if (!c) return;
      var key = String(c.document);
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push(i);
    });
    function first(key) { return data.claims[groups[key][0]]; }
    order.sort(function (a, b) {
      var pa = String(first(a).published || ""), pb = String(first(b).published || "");
      if (pa !== pb) return pa < pb ? 1 : -1;
      var la = String(first(a).doc_label || a), lb = String(first(b).doc_label || b);
      return la.localeCompare(lb) || (a < b ? -1 : 1);
    });
    return order.map(function (key) {
      var list = groups[key].slice().sort(function (x, y) {
        return (Number(data.claims[x].sentence_start) || 0) -
          (Number(data.claims[y].sentence_start) || 0) || x - y;
      });
      return { claim: first(key), indexes: list };
    });
  }

  function fillPanel(indexes, limit) {
    var shown = 0;
    grouped(indexes).forEach(function (g) {
      if (shown >= limit) return;
      var c = g.claim;
      panelBody.appendChild(el("h3", "doc",
        String(c.doc_label || c.document) + (c.published ? " · " + c.published : "")));
      g.indexes.forEach(function (i) {
        if (shown >= limit) return;
        panelBody.appendChild(claimElement(i));
        shown += 1;
      });
    });
    if (shown < indexes.length) {
      var more = el("button", "more", "show all " + indexes.length + " claims");
      more.type = "button";
      more.addEventListener("click", function () {
        clear(panelBody);
        panelBody.appendChild(el("p", "count", indexes.length + " claims"));
        fillPanel(indexes, Infinity);
      });
      panelBody.appendChild(more);
    }
  }

  // refresh (optional): called after each filter change while this list is shown, to rebuild it.
  function showClaims(title, indexes, refresh) {
    panelRefresh = typeof refresh === "function" ? refresh : null;
    indexes = (indexes || []).filter(function (i) { return Boolean(data.claims[i]); });
    panelTitle.textContent = String(title);
    clear(panelBody);
    panelBody.appendChild(el("p", "count", indexes.length === 1 ? "1 claim" :
      indexes.length + " claims" + (indexes.length ? "" : " pass the filters")));
    fillPanel(indexes, PANEL_LIMIT);
    panelBody.scrollTop = 0;
    if (panel.hidden) setPanel(true);
  }

  window.RG = {
    data: data,
    style: style,
    state: state,
    nodeById: nodeById,
    passes: passes,
    filteredClaims: filteredClaims,
    onChange: function (fn) { listeners.push(fn); },
    onReset: function (fn) { resetListeners.push(fn); },
    onTab: function (fn) { tabListeners.push(fn); },
    activeTab: function () { return activeTab; },
    showTab: showTab,
    showClaims: showClaims,
    el: el
  };
})();
