// The inline stylesheet and script of index.html (no network: everything the
// page needs is in these strings). The script steps through each violating
// cycle edge by edge, highlights the two txns of the current edge, highlights
// the ops of a violation clicked in the list, shows an op's details on click,
// and marks <body data-ready="1"> once it has run.

export const HTML_STYLE = `
:root { --ok:#3a8f4b; --fail:#b8860b; --info:#8a5cc2; --open:#999; --bad:#c62828; --ink:#222; --muted:#666; }
body { font: 14px/1.45 system-ui, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1400px; padding: 16px 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; }
h3 { font-size: 15px; margin: 18px 0 6px; } h4 { font-size: 14px; margin: 12px 0 4px; }
table { border-collapse: collapse; margin: 8px 0; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
th { background: #f4f4f4; } td.num { text-align: right; }
.passed { color: var(--ok); } .failed, .violation { color: var(--bad); } .unknown { color: var(--info); }
pre, code { font: 12.5px/1.4 ui-monospace, monospace; } pre { background: #f6f6f6; padding: 6px 10px; overflow-x: auto; }
pre.replay { background: #fff4f4; border-left: 3px solid var(--bad); }
.note { color: var(--muted); font-size: 12.5px; margin: 4px 0; }
.scroll { overflow-x: auto; border: 1px solid #e4e4e4; background: #fcfcfc; }
pre.coverage .uncovered { background: #ffe9e9; display: inline-block; width: 100%; }
svg text { font: 11px ui-monospace, monospace; fill: var(--ink); }
svg .lane { fill: var(--muted); }
.lane-rule { stroke: #eee; }
.op rect, .lin-op rect { stroke: #0003; cursor: pointer; }
.op.ok rect { fill: #cfe9d4; } .op.fail rect { fill: #f3e2b3; } .op.info rect { fill: #e3d6f3; } .op.open rect { fill: #eee; stroke-dasharray: 3 2; }
.op.hl rect { stroke: var(--bad); stroke-width: 2.5; }
.op.involved rect { stroke: #6a1b9a; stroke-width: 2; stroke-dasharray: 4 2; }
.violation-item[data-events] { cursor: pointer; } .violation-item.selected { background: #f3e8ff; }
.marker line { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 4 3; } .marker text { fill: var(--bad); font-weight: bold; }
.marker.power-loss line { stroke: #e65100; stroke-width: 3; stroke-dasharray: none; } .marker.power-loss text { fill: #e65100; }
.marker.restart line, .marker.faults-stop line { stroke: #777; } .marker.restart text, .marker.faults-stop text { fill: #777; }
.edge path { fill: none; stroke: var(--bad); stroke-width: 2; } .edge marker path, svg marker path { fill: var(--bad); }
.edge text { fill: var(--bad); font-weight: bold; }
.js .edge { opacity: .12; } .js .edge.seen { opacity: .5; } .js .edge.active { opacity: 1; } .js .show-all .edge { opacity: 1; }
.edge.active path { stroke-width: 3.5; }
.cycle ol li { cursor: pointer; padding: 2px 4px; } .cycle ol li.active { background: #ffe9e9; outline: 1px solid var(--bad); }
.cycle button { margin-right: 6px; }
.lin-op.lin rect { fill: #cfe9d4; } .lin-op.blocked rect { fill: #ffd6d6; stroke: var(--bad); stroke-width: 2.5; }
.lin-op.unplaced rect { fill: #eee; } .lin-op.other rect { fill: #f7f7f7; stroke-dasharray: 2 2; }
.lin-path { fill: none; stroke: #1b5e20; stroke-width: 1.5; stroke-dasharray: 5 3; }
.lin-point { fill: #1b5e20; } .lin-stuck { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 2 2; }
svg text.lin-stuck-label { fill: var(--bad); font-weight: bold; }
.cycle-body { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: flex-start; } .cycle-walk { flex: 1; min-width: 320px; }
.cycle-graph { display: block; margin: 6px 0; border: 1px solid #e4e4e4; background: #fcfcfc; }
.js .graph-edge { opacity: .3; }
.cycle-graph .node circle { fill: #fff; stroke: #444; stroke-width: 1.5; } .cycle-graph .node text { font-weight: bold; }
.cycle-graph .node.hl circle { stroke: var(--bad); stroke-width: 3; fill: #fff0f0; }
svg text.edge-label { paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
.checkers td.verdict-violation { color: var(--bad); font-weight: bold; } .checkers td.verdict-unknown { color: var(--info); }
.lin-steps li.blocked { color: var(--bad); font-weight: bold; } .lin-steps li.unplaced { color: var(--muted); }
.details { min-height: 1.5em; }
.schedule code { word-break: break-all; }
details summary { cursor: pointer; color: var(--muted); }
nav a { margin-right: 10px; }
`;

export const HTML_SCRIPT = `
(function () {
  document.documentElement.classList.add("js");
  var cycles = document.querySelectorAll(".cycle");
  Array.prototype.forEach.call(cycles, function (c) {
    var id = c.getAttribute("data-cycle");
    var sec = c.closest("section");
    var items = c.querySelectorAll("ol li");
    var n = items.length, cur = 0;
    if (n === 0) return;
    function show(k) {
      cur = (k + n) % n;
      Array.prototype.forEach.call(items, function (li, i) { li.classList.toggle("active", i === cur); });
      Array.prototype.forEach.call(sec.querySelectorAll('.edge[data-cycle="' + id + '"]'), function (e) {
        var s = Number(e.getAttribute("data-step"));
        e.classList.toggle("active", s === cur);
        e.classList.toggle("seen", s < cur);
      });
      Array.prototype.forEach.call(sec.querySelectorAll(".op.hl, .node.hl"), function (o) { o.classList.remove("hl"); });
      var li = items[cur];
      [li.getAttribute("data-from"), li.getAttribute("data-to")].forEach(function (t) {
        Array.prototype.forEach.call(sec.querySelectorAll('.op[data-txn="' + t + '"], .node[data-txn="' + t + '"]'), function (o) { o.classList.add("hl"); });
      });
      c.querySelector(".pos").textContent = "step " + (cur + 1) + " of " + n;
    }
    c.querySelector("[data-act=prev]").addEventListener("click", function () { show(cur - 1); });
    c.querySelector("[data-act=next]").addEventListener("click", function () { show(cur + 1); });
    c.querySelector("[data-act=all]").addEventListener("click", function () { sec.classList.toggle("show-all"); });
    Array.prototype.forEach.call(items, function (li, i) { li.addEventListener("click", function () { show(i); }); });
    show(0);
  });
  Array.prototype.forEach.call(document.querySelectorAll("section.seed, section.check"), function (sec) {
    var pre = sec.querySelector(".details");
    Array.prototype.forEach.call(sec.querySelectorAll(".violation-item[data-events]"), function (li) {
      li.addEventListener("click", function () {
        var want = {};
        li.getAttribute("data-events").split(" ").forEach(function (i) { want[i] = true; });
        Array.prototype.forEach.call(sec.querySelectorAll(".violation-item"), function (x) { x.classList.toggle("selected", x === li); });
        Array.prototype.forEach.call(sec.querySelectorAll(".op"), function (o) {
          var hit = (o.getAttribute("data-events") || "").split(" ").some(function (i) { return want[i]; });
          o.classList.toggle("involved", hit);
        });
      });
    });
    Array.prototype.forEach.call(sec.querySelectorAll(".op"), function (o) {
      o.addEventListener("click", function () { pre.textContent = o.getAttribute("data-detail"); });
    });
  });
  // A partial linearization ends at the op that cannot be placed: scroll it into view.
  Array.prototype.forEach.call(document.querySelectorAll(".lin-view .scroll"), function (el) {
    var b = el.querySelector(".lin-op.blocked rect");
    if (b) el.scrollLeft = Math.max(0, Number(b.getAttribute("x")) - el.clientWidth * 0.6);
  });
  // A long timeline opens at the last op the first violation involves.
  Array.prototype.forEach.call(document.querySelectorAll(".scroll"), function (el) {
    var ops = el.querySelectorAll("svg.timeline .op.involved rect");
    if (ops.length > 0) el.scrollLeft = Math.max(0, Number(ops[ops.length - 1].getAttribute("x")) - el.clientWidth * 0.6);
  });
  document.body.setAttribute("data-ready", "1");
})();
`;
