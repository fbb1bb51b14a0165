// rahbord: a live workshop. Phones follow the facilitator's comparison and send each vote as it is given;
// the projector and the control page redraw the count, the spread of the votes and the group's geometric mean.
// Both ask the server for the session's state about once a second (short polling: see routes/workshop.py).
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var PERIOD = 1000;

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); });
  }

  function poll(url, apply) {
    var stopped = false;
    function tick() {
      getJSON(url).then(function (state) { if (apply(state) === false) stopped = true; })
        .catch(function () { /* a lost poll is simply asked again */ })
        .then(function () { if (!stopped) setTimeout(tick, PERIOD); });
    }
    tick();
  }

  // ---- a participant's phone -------------------------------------------------------------------------------
  function phone(form) {
    var current = -1;
    var sections = form.querySelectorAll(".w-item");
    var saved = document.getElementById("w-saved");

    function show(state) {
      document.getElementById("w-step").textContent = state.step_text;
      document.getElementById("w-state").textContent = state.state_text;
      if (state.step !== current) {
        current = state.step;
        saved.textContent = "";
        for (var k = 0; k < sections.length; k++) {
          var here = Number(sections[k].getAttribute("data-step")) === current;
          sections[k].hidden = !here;
          sections[k].querySelector("input[name=item]").disabled = !here;
          if (here && state.mine !== null) {
            sections[k].querySelectorAll("input[type=radio]").forEach(function (input) {
              input.checked = input.value === state.mine;
            });
          }
        }
      }
      var locked = !state.open || state.finished;
      form.querySelectorAll("input[type=radio]").forEach(function (input) { input.disabled = locked; });
      form.classList.toggle("w-locked", locked);
      if (state.finished) {
        form.hidden = true;
        document.getElementById("w-finished").hidden = false;
        return false;
      }
    }

    form.addEventListener("change", function (event) {
      var input = event.target;
      if (!input || input.type !== "radio" || !input.checked) return;
      saved.textContent = "";
      saved.className = "save-state";
      fetch(form.getAttribute("data-vote-url"), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json",
                   "X-CSRF-Token": form.getAttribute("data-csrf") },
        body: JSON.stringify({ item: input.name, value: input.value })
      }).then(function (r) {
        return r.json().then(function (data) { return { ok: r.ok, data: data }; });
      }).then(function (result) {
        if (!result.ok) throw new Error(result.data.error || "");
        saved.textContent = result.data.saved_text;
        saved.className = "save-state saved";
      }).catch(function (error) {
        saved.textContent = (error && error.message) || form.getAttribute("data-not-saved");
        saved.className = "save-state failed";
      });
    });
    poll(form.getAttribute("data-state-url"), show);
  }

  // ---- the projector and the control page ------------------------------------------------------------------
  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function histogram(svg, state, rtl) {
    var n = state.columns.length, width = 680, height = 170, base = 140, top = 18;
    var w = width / n, most = Math.max.apply(null, state.counts.concat([1]));
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    svg.appendChild(el("line", { x1: 0, x2: width, y1: base, y2: base, "class": "axis" }));
    function x(k) { return (rtl ? n - 1 - k : k) * w; }
    for (var k = 0; k < n; k++) {
      var h = (base - top) * state.counts[k] / most;
      var side = state.kind !== "pair" ? "lv" : k < 8 ? "a" : k === 8 ? "eq" : "b";
      svg.appendChild(el("rect", { x: x(k) + w * 0.12, y: base - h, width: w * 0.76, height: h,
                                   "class": "bar bar-" + side, "data-count": state.counts[k] }));
      if (state.counts[k]) {
        svg.appendChild(el("text", { x: x(k) + w / 2, y: base - h - 4, "class": "count" }, state.count_labels[k]));
      }
      svg.appendChild(el("text", { x: x(k) + w / 2, y: base + 20, "class": "col" }, state.columns[k]));
    }
    if (state.position !== null) {
      var mx = x(state.position) + w / 2;
      svg.appendChild(el("line", { x1: mx, x2: mx, y1: 4, y2: base, "class": "mean", id: "pj-marker",
                                   "data-position": state.position }));
    }
  }

  function bars(list, rows, label, value) {
    while (list.firstChild) list.removeChild(list.firstChild);
    rows.forEach(function (row) {
      var li = document.createElement("li");
      var name = document.createElement("span"); name.className = "name"; name.textContent = label(row);
      var num = document.createElement("span"); num.className = "num"; num.textContent = value(row);
      var meter = document.createElement("meter"); meter.min = 0; meter.max = 1; meter.value = row.share;
      li.appendChild(name); li.appendChild(meter); li.appendChild(num);
      list.appendChild(li);
    });
  }

  function board(box) {
    var rtl = box.getAttribute("data-dir") === "rtl";
    function show(state) {
      document.getElementById("pj-step").textContent = state.step_text;
      var st = document.getElementById("pj-state");
      st.textContent = state.state_text;
      st.classList.toggle("closed", !state.open);
      document.getElementById("pj-title").textContent = state.title;
      document.getElementById("pj-a").textContent = state.a;
      document.getElementById("pj-b").textContent = state.b;
      document.getElementById("pj-voted").textContent = state.voted_text;
      document.getElementById("pj-a-end").textContent = state.kind === "pair" ? state.a : "";
      document.getElementById("pj-b-end").textContent = state.kind === "pair" ? state.b : "";
      document.getElementById("pj-mean").textContent = state.center_text;
      box.setAttribute("data-voted", state.voted);
      box.setAttribute("data-step", state.step);
      histogram(document.getElementById("pj-hist"), state, rtl);
      var results = state.results;
      var area = document.getElementById("pj-results");
      area.hidden = !results;
      if (!results) return;
      document.getElementById("pj-results-text").textContent = results.text;
      box.setAttribute("data-results", results.state);
      if (results.state === "ready") {
        bars(document.getElementById("pj-groups"), results.groups, function (r) { return r.label; },
             function (r) { return r.weight; });
        bars(document.getElementById("pj-ranking"), results.ranking, function (r) { return r.rank + ". " + r.label; },
             function (r) { return r.score; });
        box.classList.add("done");  // the group's result takes the screen
        var run = document.getElementById("pj-run");
        run.href = results.run; run.hidden = false;
        var whatif = document.getElementById("pj-whatif");
        whatif.href = results.run + "/what-if"; whatif.hidden = false;
        return false;  // the results are final: nothing more to ask
      }
      if (results.state !== "waiting") return false;
    }
    poll(box.getAttribute("data-state-url"), show);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("w-form");
    if (form) phone(form);
    var box = document.getElementById("live-board");
    if (box) board(box);
  });
})();
