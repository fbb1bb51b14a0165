// rahbord: what-if sliders (rahbord/web/whatif.py). The state is the group weights w and each factor's weight
// within its group l; a factor's global weight is (group weight) × l (the group weights passed through the inner
// dependence W2 first under SWOT-ANP) and a strategy's score is the sum over factors of global weight × x_f, x_f
// kept exactly by the run's factor sweep. A group slider rescales the other groups in proportion, a factor's slider
// the other factors of its group; every other slider keeps its place. A score is a straight line in the weight one
// slider moves, so the points where the leading strategy changes are found exactly for the weights set now.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function moved(w, k, t) {  // weight k set to t, the others rescaled in proportion (as mcda.sweeps does)
    var rest = 1 - w[k], out = [];
    for (var j = 0; j < w.length; j++) {
      out.push(j === k ? t : rest > 1e-12 ? w[j] * (1 - t) / rest : (1 - t) / (w.length - 1));
    }
    return out;
  }

  function top(s) { var best = 0; for (var a = 1; a < s.length; a++) if (s[a] > s[best]) best = a; return best; }

  function topChanges(scoresAt) {  // where along one slider (t in 0…1; scores linear in t) the leader changes
    var zero = scoresAt(0), one = scoresAt(1), ts = [];
    for (var a = 0; a < one.length; a++) for (var b = a + 1; b < one.length; b++) {
      var d0 = zero[a] - zero[b], slope = (one[a] - one[b]) - d0;
      if (Math.abs(slope) > 1e-12) { var t = -d0 / slope; if (t > 0 && t < 1) ts.push(t); }
    }
    ts.sort(function (x, y) { return x - y; });
    return ts.filter(function (t) { return top(scoresAt(t - 1e-9)) !== top(scoresAt(t + 1e-9)); });
  }

  function drawMarks(svg, base, marks) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    function line(x, cls) {
      var l = document.createElementNS(SVG, "line");
      l.setAttribute("x1", x * 1000); l.setAttribute("x2", x * 1000); l.setAttribute("y1", 0); l.setAttribute("y2", 14);
      l.setAttribute("class", cls);
      if (cls === "cross") l.setAttribute("data-at", x.toFixed(9));
      svg.appendChild(l);
    }
    line(base, "base");
    marks.forEach(function (t) { line(t, "cross"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("whatif");
    if (!box) return;
    var data = JSON.parse(box.getAttribute("data-whatif"));
    var fmt = new Intl.NumberFormat(box.getAttribute("data-locale"), { minimumFractionDigits: 3, maximumFractionDigits: 3 });
    var G = data.groups, F = data.factors, W2 = data.inner;
    var members = G.base.map(function () { return []; });  // each group's factors, in model order
    F.group.forEach(function (g, f) { members[g].push(f); });
    var w = G.base.slice(), l = F.local.slice();
    var groupInputs = box.querySelectorAll("input[data-kind=group]");
    var factorInput = document.getElementById("whatif-factor");
    var pick = document.getElementById("whatif-factor-pick");
    var list = document.getElementById("whatif-ranking");

    function groupWeights(w) {  // the groups' weights as the factors see them: W2 · w, renormalised (mcda.synthesize)
      if (!W2) return w;
      var e = W2.map(function (row) { return row.reduce(function (s, x, g) { return s + x * w[g]; }, 0); });
      var total = e.reduce(function (s, x) { return s + x; }, 0);
      return e.map(function (x) { return total > 0 ? x / total : 0; });
    }

    function globals(w, l) { var e = groupWeights(w); return l.map(function (x, f) { return e[F.group[f]] * x; }); }

    function scores(w, l) {
      var g = globals(w, l), s = data.strategies.map(function () { return 0; });
      for (var f = 0; f < g.length; f++) for (var a = 0; a < s.length; a++) s[a] += g[f] * F.contrib[f][a];
      return s;
    }

    function withLocal(l, f, t) {  // factor f's weight within its group set to t, the group's others in proportion
      var group = members[F.group[f]], inGroup = moved(group.map(function (j) { return l[j]; }), group.indexOf(f), t);
      var out = l.slice();
      group.forEach(function (j, i) { out[j] = inGroup[i]; });
      return out;
    }

    function show() {
      var s = scores(w, l);
      var order = s.map(function (x, a) { return a; }).sort(function (a, b) { return s[b] - s[a]; });
      var best = s[order[0]];
      var items = {};
      list.querySelectorAll("li").forEach(function (li) { items[li.getAttribute("data-k")] = li; });
      order.forEach(function (a) {
        var li = items[a];
        li.querySelector(".num").textContent = fmt.format(s[a]);
        li.querySelector("meter").value = best > 0 ? s[a] / best : 0;
        list.appendChild(li);  // moved to its new place
      });
      document.getElementById("whatif-top").textContent = data.strategies[order[0]];
      box.setAttribute("data-top", order[0]);
      groupInputs.forEach(function (input) {
        var k = Number(input.getAttribute("data-k"));
        input.value = w[k];
        document.getElementById("whatif-group-" + k + "-value").textContent = fmt.format(w[k]);
        drawMarks(input.parentNode.querySelector("svg"), G.base[k],
                  topChanges(function (t) { return scores(moved(w, k, t), l); }));
      });
      var f = Number(pick.value), alone = members[F.group[f]].length === 1;
      factorInput.value = l[f];
      factorInput.disabled = alone;
      document.getElementById("whatif-factor-alone").hidden = !alone;
      document.getElementById("whatif-factor-value").textContent = fmt.format(l[f]);
      document.getElementById("whatif-factor-global").textContent = fmt.format(globals(w, l)[f]);
      drawMarks(document.getElementById("whatif-factor-track"), F.local[f],
                alone ? [] : topChanges(function (t) { return scores(w, withLocal(l, f, t)); }));
    }

    groupInputs.forEach(function (input) {
      input.addEventListener("input", function () {
        w = moved(w, Number(input.getAttribute("data-k")), Number(input.value));
        show();
      });
    });
    factorInput.addEventListener("input", function () {
      l = withLocal(l, Number(pick.value), Number(factorInput.value));
      show();
    });
    pick.addEventListener("change", show);
    document.getElementById("whatif-reset").addEventListener("click", function () {
      w = G.base.slice(); l = F.local.slice(); show();
    });
    show();
    box.setAttribute("data-ready", "1");
  });
})();
