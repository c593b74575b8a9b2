/* The network tab: vis-network over RG.data, edges recomputed from the claims that pass the
 * filters, top N by degree over those claims, search, and clicks that fill the panel.
 * Labels and tooltips are plain strings; positions come from Python and physics stays off. */
(function () {
  "use strict";
  var RG = window.RG;
  var data = RG.data;
  var colours = RG.style.colours;
  var WEAK = {};
  RG.style.weak.forEach(function (c) { WEAK[c] = true; });
  var MAX_WIDTH_SOURCES = 9;
  var container = document.getElementById("network");
  var topInput = document.getElementById("top-n");
  var shownOut = document.getElementById("shown");
  var searchInput = document.getElementById("search");
  var searchStatus = document.getElementById("search-status");
  var defaultTop = Math.max(1, Number(data.top_n) || 300);
  var view = { topN: defaultTop, focus: null };
  RG.view = view;

  // ---- nodes: drawn once, added to or removed from the DataSet as the filters change ---------
  var position = {};
  data.nodes.forEach(function (n) { position[n.id] = { x: Number(n.x) || 0, y: Number(n.y) || 0 }; });
  // A descriptor far from the entity it is anchored to is drawn on a small ring beside it.
  var ring = {};
  data.nodes.forEach(function (n) {
    if (!n.descriptor || !n.anchor || !position[n.anchor]) return;
    var a = position[n.anchor], p = position[n.id];
    if (Math.abs(p.x - a.x) + Math.abs(p.y - a.y) <= 120) return;
    var k = ring[n.anchor] = (ring[n.anchor] || 0) + 1;
    var angle = 0.9 + 1.1 * (k - 1);
    position[n.id] = { x: a.x + 55 * Math.cos(angle), y: a.y + 55 * Math.sin(angle) };
  });

  function nodeTitle(n) {
    var lines = [String(n.label), String(n.type || "UNKNOWN") + (n.subtype ? " · " + n.subtype : "")];
    var aliases = (n.aliases || []).filter(function (a) { return a !== n.label; });
    if (aliases.length) lines.push("also: " + aliases.join(", "));
    if (n.descriptor && n.anchor && RG.nodeById[n.anchor]) {
      lines.push("unnamed, linked to " + RG.nodeById[n.anchor].label);
    }
    lines.push((n.mentions || 0) + " mentions in " + (n.documents || 0) + " documents");
    if (n.source) lines.push("reporting source of some claims");
    return lines.join("\n");
  }

  // Long labels (a publication known only by its first words) are cut on the canvas; the
  // tooltip and the panel give them whole.
  function shortLabel(text) {
    var t = String(text);
    return t.length > 40 ? t.slice(0, 38) + "…" : t;
  }

  var nodeItem = {};
  data.nodes.forEach(function (n) {
    var isSource = n.type === "SOURCE" || Boolean(n.source);
    var size = Math.min(40, 8 + 4 * Math.sqrt(Number(n.mentions) || 0));
    if (n.descriptor) size = Math.min(7, size);
    nodeItem[n.id] = {
      id: n.id,
      label: shortLabel(n.label),
      title: nodeTitle(n),
      color: colours[n.type] || RG.style.other,
      shape: isSource ? "diamond" : "dot",
      size: Math.round(size * 10) / 10,
      font: n.descriptor ? { size: 10, color: "#555" } : { size: 14 },
      x: position[n.id].x,
      y: position[n.id].y
    };
  });

  // ---- edges: each keeps its claims; parallel edges between a pair are curved apart ---------
  var pairs = {};
  var edgeById = {};
  var edgesOf = {};
  data.edges.forEach(function (e) {
    var pair = e.from < e.to ? e.from + "\u0000" + e.to : e.to + "\u0000" + e.from;
    var nth = pairs[pair] = (pairs[pair] === undefined ? 0 : pairs[pair] + 1);
    edgeById[e.id] = { edge: e, nth: nth };
    [e.from, e.to].forEach(function (id) { (edgesOf[id] = edgesOf[id] || []).push(e); });
  });

  function passingClaims(e) {
    return (e.claims || []).filter(function (i) { return RG.passes(i); });
  }

  function edgeItem(e, claims, nth) {
    var sources = {};
    var weak = true;
    claims.forEach(function (i) {
      var c = data.claims[i];
      sources[c.source_id] = true;
      if (!WEAK[c.certainty]) weak = false;
    });
    var n = claims.length;
    var independent = Object.keys(sources).length;
    return {
      id: e.id, from: e.from, to: e.to,
      label: String(e.label) + (n > 1 ? " ×" + n : ""),
      title: String(e.label) + ": " + n + (n === 1 ? " claim" : " claims") + " from " +
        independent + (independent === 1 ? " source" : " sources") + " (click for the sentences)",
      width: 1 + Math.min(independent, MAX_WIDTH_SOURCES),
      dashes: weak,
      smooth: nth ? { enabled: true, type: "curvedCW", roundness: 0.15 * nth } : false
    };
  }

  var options = {
    physics: { enabled: false },
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: data.nodes.length > 300,
                   hideEdgesOnZoom: data.nodes.length > 1000 },
    nodes: { shape: "dot", borderWidth: 1, font: { size: 14 } },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, smooth: false,
             font: { size: 10, align: "middle", color: "#555" },
             color: { color: "#a0a0a0", highlight: "#333333", hover: "#333333" } }
  };
  // Created on the first redraw, with the DataSets already filled (one bulk load, not many adds).
  var nodes = null, edges = null, network = null;
  var drawnEdge = {};  // id → "label|width|dashes" as drawn, so that only changed edges update

  // ---- what is drawn --------------------------------------------------------------------
  var lastCandidates = 0;
  function redraw() {
    var live = [];
    var degree = {};
    data.edges.forEach(function (e) {
      var claims = passingClaims(e);
      if (!claims.length) return;
      live.push({ edge: e, claims: claims });
      degree[e.from] = (degree[e.from] || 0) + 1;
      degree[e.to] = (degree[e.to] || 0) + 1;
    });
    var ranked = Object.keys(degree).filter(function (id) { return nodeItem[id]; });
    ranked.sort(function (a, b) {
      return degree[b] - degree[a] ||
        (Number(RG.nodeById[b].mentions) || 0) - (Number(RG.nodeById[a].mentions) || 0) ||
        (a < b ? -1 : 1);
    });
    lastCandidates = ranked.length;
    var keep = {};
    ranked.slice(0, view.topN).forEach(function (id) { keep[id] = true; });
    if (view.focus && nodeItem[view.focus]) {
      keep[view.focus] = true;
      live.forEach(function (l) {
        if (l.edge.from === view.focus) keep[l.edge.to] = Boolean(nodeItem[l.edge.to]);
        if (l.edge.to === view.focus) keep[l.edge.from] = Boolean(nodeItem[l.edge.from]);
      });
    }
    var wantEdges = {};
    var edgeItems = [];
    live.forEach(function (l) {
      if (!keep[l.edge.from] || !keep[l.edge.to]) return;
      wantEdges[l.edge.id] = true;
      edgeItems.push(edgeItem(l.edge, l.claims, edgeById[l.edge.id].nth));
    });
    var added = [], changed = [];
    edgeItems.forEach(function (item) {
      var drawnAs = item.label + "|" + item.width + "|" + item.dashes;
      if (drawnEdge[item.id] === undefined) added.push(item);
      else if (drawnEdge[item.id] !== drawnAs) changed.push(item);
      drawnEdge[item.id] = drawnAs;
    });
    var gone = Object.keys(drawnEdge).filter(function (id) { return !wantEdges[id]; });
    gone.forEach(function (id) { delete drawnEdge[id]; });
    var keepIds = Object.keys(keep).filter(function (id) { return keep[id]; });
    if (network === null) {
      nodes = new vis.DataSet(keepIds.map(function (id) { return nodeItem[id]; }));
      edges = new vis.DataSet(added);
      network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
    } else {
      edges.remove(gone);
      nodes.remove(nodes.getIds().filter(function (id) { return !keep[id]; }));
      nodes.add(keepIds.filter(function (id) { return nodes.get(id) === null; })
        .map(function (id) { return nodeItem[id]; }));
      edges.add(added);
      edges.update(changed);
    }
    var drawn = nodes.length;
    shownOut.textContent = "showing " + drawn + " of " + Math.max(drawn, lastCandidates) +
      " entities";
  }

  // ---- clicks fill the panel ----------------------------------------------------------------
  function showNode(id) {
    var n = RG.nodeById[id];
    if (!n) return;
    var claims = {};
    (edgesOf[id] || []).forEach(function (e) {
      passingClaims(e).forEach(function (i) { claims[i] = true; });
    });
    RG.filteredClaims().forEach(function (i) {
      var c = data.claims[i];
      if (Array.isArray(c.nodes) && c.nodes.indexOf(id) >= 0) claims[i] = true;
    });
    var reported = 0;
    if (n.source || n.type === "SOURCE") {
      RG.filteredClaims().forEach(function (i) {
        if (data.claims[i].source_id !== id) return;
        claims[i] = true;
        reported += 1;
      });
    }
    var list = Object.keys(claims).map(Number);
    RG.showClaims(String(n.label) + " (" + String(n.type || "").toLowerCase() + ")" +
      (reported ? ": " + reported + " claims reported by it, and claims about it" : ""),
      list, function () { showNode(id); });
  }

  function showEdge(id) {
    var entry = edgeById[id];
    if (!entry) return;
    var e = entry.edge;
    var from = RG.nodeById[e.from], to = RG.nodeById[e.to];
    RG.showClaims((from ? from.label : e.from) + " → " + e.label + " → " + (to ? to.label : e.to),
      passingClaims(e), function () { showEdge(id); });
  }


  // ---- top N and search ------------------------------------------------------------------
  topInput.value = String(defaultTop);
  topInput.addEventListener("change", function () {
    var n = Math.floor(Number(topInput.value));
    view.topN = n >= 1 ? n : defaultTop;
    topInput.value = String(view.topN);
    redraw();
  });

  function find(query) {
    var q = query.trim().toLocaleLowerCase();
    if (!q) return null;
    function names(n) { return [String(n.label)].concat((n.aliases || []).map(String)); }
    function best(match) {
      var found = data.nodes.filter(function (n) {
        return names(n).some(function (s) { return match(s.toLocaleLowerCase()); });
      });
      found.sort(function (a, b) {
        return (Number(b.mentions) || 0) - (Number(a.mentions) || 0) || (a.id < b.id ? -1 : 1);
      });
      return found.length ? { node: found[0], count: found.length } : null;
    }
    return best(function (s) { return s === q; }) ||
      best(function (s) { return s.indexOf(q) >= 0; });
  }

  function search() {
    var query = searchInput.value;
    searchStatus.classList.remove("not-found");
    if (!query.trim()) {
      view.focus = null;
      searchStatus.textContent = "";
      redraw();
      return;
    }
    var hit = find(query);
    if (!hit) {
      searchStatus.textContent = "no entity matches “" + query.trim() + "”";
      searchStatus.classList.add("not-found");
      return;
    }
    var n = hit.node;
    view.focus = n.id;
    redraw();
    var around = network.getConnectedNodes(n.id).concat([n.id]);
    network.selectNodes([n.id]);
    network.fit({ nodes: around, animation: false });
    if (network.getScale() > 1.5) network.moveTo({ scale: 1.5, animation: false });
    var neighbours = around.length - 1;
    searchStatus.textContent = "found " + n.label + " (" + String(n.type || "").toLowerCase() +
      "), " + neighbours + (neighbours === 1 ? " neighbour" : " neighbours") +
      (hit.count > 1 ? "; " + (hit.count - 1) + " other matches" : "");
    showNode(n.id);
  }
  document.getElementById("search-go").addEventListener("click", search);
  searchInput.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); search(); }
  });

  RG.onReset(function () {
    view.topN = defaultTop;
    view.focus = null;
    topInput.value = String(defaultTop);
    searchInput.value = "";
    searchStatus.textContent = "";
    network.unselectAll();
  });
  RG.onChange(redraw);
  RG.onTab(function (name) {
    if (name === "network") { network.redraw(); }
  });

  // ---- the first drawing, and hooks for tests -------------------------------------------------
  redraw();
  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges && params.edges.length) showEdge(params.edges[0]);
  });
  network.once("afterDrawing", function () {
    document.body.setAttribute("data-rendered", "true");
  });
  // The page's columns may settle after the first drawing (the panel, the fonts): until the
  // reader moves the view, keep the whole drawing fitted to the canvas.
  var moved = false;
  network.on("dragStart", function () { moved = true; });
  network.on("zoom", function () { moved = true; });
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(function () {
      if (!moved && !view.focus) network.fit({ animation: false });
    }).observe(container);
  }
  network.fit({ animation: false });
  RG.network = network;
  RG.drawnEdgeCount = function () { return edges.length; };
  RG.drawnNodeCount = function () { return nodes.length; };
  RG.nodeClientPosition = function (id) {
    if (!nodes.get(id)) return null;
    var canvas = container.querySelector("canvas");
    if (!canvas) return null;
    var at = network.canvasToDOM(network.getPositions([id])[id]);
    var box = canvas.getBoundingClientRect();
    return { x: box.left + at.x, y: box.top + at.y };
  };

})();
