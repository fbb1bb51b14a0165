// rahbord: what-if sliders. Scores are linear in the weights (s = w · C, C kept exactly by the run's sweeps):
// moving one weight to t rescales the others in proportion and the ranking is recomputed here, exactly.
// The track marks where the top strategy changes: the sweeps' crossing points, found again for the weights now set.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function dot(w, C) {
    var s = C[0].map(function () { return 0; });
    for (var k = 0; k < w.length; k++) for (var a = 0; a < s.length; a++) s[a] += w[k] * C[k][a];
    return s;
  }

  function moved(w, k, t) {  // weight k set to t, the others rescaled in proportion (as mcda.sweeps does)
    var rest = 1 - w[k], out = [];
    for (var j = 0; j < w.length; j++) {
      out.push(j === k ? t : rest > 1e-12 ? w[j] * (1 - t) / rest : (1 - t) / (w.length - 1));
    }
    return out;
  }

  function top(s) { var best = 0; for (var a = 1; a < s.length; a++) if (s[a] > s[best]) best = a; return best; }

  function topChanges(w, C, k) {  // the weights of slider k where the leading strategy changes
    var ts = [];
    var zero = dot(moved(w, k, 0), C), one = C[k];
    for (var a = 0; a < one.length; a++) for (var b = a + 1; b < one.length; b++) {
      var dR = zero[a] - zero[b], slope = (one[a] - one[b]) - dR;
      if (Math.abs(slope) > 1e-12) { var t = -dR / slope; if (t > 0 && t < 1) ts.push(t); }
    }
    ts.sort(function (x, y) { return x - y; });
    return ts.filter(function (t) {
      var before = top(dot(moved(w, k, t - 1e-9), C)), after = top(dot(moved(w, k, t + 1e-9), C));
      return before !== after;
    });
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
    var G = data.groups, F = data.factors;
    var w = G.base.slice();
    var groupInputs = box.querySelectorAll("input[data-kind=group]");
    var factorInput = document.getElementById("whatif-factor");
    var pick = document.getElementById("whatif-factor-pick");
    var list = document.getElementById("whatif-ranking");

    function show(scores) {
      var order = scores.map(function (s, a) { return a; }).sort(function (a, b) { return scores[b] - scores[a]; });
      var best = scores[order[0]];
      var items = {};
      list.querySelectorAll("li").forEach(function (li) { items[li.getAttribute("data-k")] = li; });
      order.forEach(function (a) {
        var li = items[a];
        li.querySelector(".num").textContent = fmt.format(scores[a]);
        li.querySelector("meter").value = best > 0 ? scores[a] / best : 0;
        list.appendChild(li);  // moved to its new place
      });
      document.getElementById("whatif-top").textContent = data.strategies[order[0]];
      box.setAttribute("data-top", order[0]);
    }

    function showGroups() {
      groupInputs.forEach(function (input) {
        var k = Number(input.getAttribute("data-k"));
        input.value = w[k];
        document.getElementById("whatif-group-" + k + "-value").textContent = fmt.format(w[k]);
        drawMarks(input.parentNode.querySelector("svg"), G.base[k], topChanges(w, G.contrib, k));
      });
    }

    function factorReset() {
      var f = Number(pick.value);
      factorInput.value = F.base[f];
      document.getElementById("whatif-factor-value").textContent = fmt.format(F.base[f]);
      drawMarks(document.getElementById("whatif-factor-track"), F.base[f], topChanges(F.base, F.contrib, f));
    }

    groupInputs.forEach(function (input) {
      input.addEventListener("input", function () {
        w = moved(w, Number(input.getAttribute("data-k")), Number(input.value));
        factorReset();  // one-way: the factor slider goes back to the analysis' weight
        showGroups();
        show(dot(w, G.contrib));
      });
    });
    factorInput.addEventListener("input", function () {
      var f = Number(pick.value), t = Number(factorInput.value);
      w = G.base.slice();
      showGroups();
      document.getElementById("whatif-factor-value").textContent = fmt.format(t);
      show(dot(moved(F.base, f, t), F.contrib));
    });
    pick.addEventListener("change", function () { w = G.base.slice(); showGroups(); factorReset(); show(dot(w, G.contrib)); });
    document.getElementById("whatif-reset").addEventListener("click", function () {
      w = G.base.slice(); showGroups(); factorReset(); show(dot(w, G.contrib));
    });
    factorReset();
    box.setAttribute("data-ready", "1");
  });
})();
