/* directive-kg view: draws the embedded graph with vis-network, offline.
   Every text from documents arrives as JSON data and is shown through textContent only: never
   innerHTML, so markup in a title (an img tag with onerror, the word "href") stays text. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dkg-data").textContent);
  var state = {
    ready: false, firstPaintMs: null, nodeCount: data.nodes.length, edgeCount: data.edges.length,
    highlighted: null
  };
  window.dkgViz = state;

  function textElement(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    el.textContent = text;
    return el;
  }

  function tooltip(rows) {
    var box = document.createElement("div");
    box.className = "dkg-tip";
    rows.forEach(function (row) {
      var line = document.createElement("div");
      line.className = "dkg-tip-row";
      line.appendChild(textElement("span", "dkg-tip-key", row[0] + ":"));
      line.appendChild(document.createTextNode(" " + row[1]));
      box.appendChild(line);
    });
    return box;
  }

  // vis-network shows an Element title as is (appendChild); build them from text.
  data.nodes.forEach(function (n) { if (n.tip && n.tip.length) { n.title = tooltip(n.tip); } });
  data.edges.forEach(function (e) { if (e.tip && e.tip.length) { e.title = tooltip(e.tip); } });

  var legend = document.getElementById("dkg-legend");
  legend.appendChild(textElement("div", "dkg-legend-title", "Chú giải · Legend"));
  data.legend.forEach(function (item) {
    var row = document.createElement("div");
    row.className = "dkg-legend-row";
    var glyph = textElement("span", "dkg-glyph" + (item.node && item.dashed ? " dkg-dashed" : ""),
                            item.glyph);
    glyph.style.color = item.color;
    row.appendChild(glyph);
    row.appendChild(textElement("span", "dkg-legend-text", item.text));
    legend.appendChild(row);
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("dkg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  state.network = network;
  state.nodes = nodes;
  state.edges = edges;

  // Level bands behind the nodes, across the whole window, labelled at its left edge at a constant
  // screen size (canvas text: nothing to escape).
  network.on("beforeDrawing", function (ctx) {
    var scale = network.getScale();
    var left = network.DOMtoCanvas({ x: 0, y: 0 }).x;
    var right = network.DOMtoCanvas({ x: container.clientWidth, y: 0 }).x;
    data.bands.forEach(function (band, i) {
      ctx.fillStyle = i % 2 ? "rgba(0,0,0,0.03)" : "rgba(25,118,210,0.05)";
      ctx.fillRect(left, band.top, right - left, band.bottom - band.top);
      ctx.font = "bold " + (15 / scale) + "px sans-serif";
      ctx.textBaseline = "top";
      ctx.lineWidth = 4 / scale;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(band.label, left + 8 / scale, band.top + 6 / scale);
      ctx.fillStyle = "#546e7a";
      ctx.fillText(band.label, left + 8 / scale, band.top + 6 / scale);
    });
  });

  network.once("afterDrawing", function () {
    state.firstPaintMs = performance.now();
    state.ready = true;
  });

  // Click: the chain of a node (everything above and below it) stays, the rest fades.
  var out = {}, into = {};
  data.edges.forEach(function (e) {
    (out[e.from] = out[e.from] || []).push(e);
    (into[e.to] = into[e.to] || []).push(e);
  });

  function chainOf(id) {
    var keepNodes = {}, keepEdges = {};
    keepNodes[id] = true;
    [[out, "to"], [into, "from"]].forEach(function (dir) {
      var stack = [id], seen = {};
      seen[id] = true;
      while (stack.length) {
        var n = stack.pop();
        (dir[0][n] || []).forEach(function (e) {
          keepEdges[e.id] = true;
          var next = e[dir[1]];
          keepNodes[next] = true;
          if (!seen[next]) { seen[next] = true; stack.push(next); }
        });
      }
    });
    return { nodes: keepNodes, edges: keepEdges };
  }

  function fade(keep) {
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, opacity: !keep || keep.nodes[n.id] ? 1 : 0.15 };
    }));
    edges.update(data.edges.map(function (e) {
      var color = Object.assign({}, e.color, { opacity: !keep || keep.edges[e.id] ? 1 : 0.08 });
      return { id: e.id, color: color };
    }));
  }

  state.highlight = function (id) {
    if (id === null || id === undefined) {
      fade(null);
      state.highlighted = null;
      return [];
    }
    var keep = chainOf(id);
    fade(keep);
    state.highlighted = Object.keys(keep.nodes).sort();
    return state.highlighted;
  };

  network.on("click", function (params) {
    state.highlight(params.nodes.length ? params.nodes[0] : null);
  });

  network.fit({ animation: false });
}());
