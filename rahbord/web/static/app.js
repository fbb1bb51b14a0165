// rahbord web: the few things that need a script (no inline script: CSP forbids it).
(function () {
  "use strict";

  // A job page polls its status until the job is done, then shows the result.
  function pollJob(box) {
    var url = box.getAttribute("data-status-url");
    var status = document.getElementById("job-status");
    var message = document.getElementById("job-message");
    var bar = document.getElementById("job-progress");
    var result = document.getElementById("job-result");
    var target = document.getElementById("job-target");
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          box.setAttribute("data-status", job.status);
          status.textContent = status.getAttribute("data-label-" + job.status) || job.status;
          message.textContent = job.message || "";
          bar.value = job.progress;
          if (job.status === "done" && job.target) {
            target.href = job.target;
            result.hidden = false;
          } else if (job.status === "failed") {
            window.location.reload();  // the server renders the problems
          } else {
            setTimeout(tick, 1000);
          }
        })
        .catch(function () { setTimeout(tick, 3000); });
    }
    var initial = box.getAttribute("data-status");
    if (initial === "queued" || initial === "running") tick();
  }

  // The model form: another empty row in a list table.
  function addRow(button) {
    var list = button.getAttribute("data-list");
    var body = document.querySelector('table.rows[data-list="' + list + '"] tbody');
    var last = body.lastElementChild;
    if (!last) return;
    var index = body.children.length;
    var names = Array.prototype.map.call(body.querySelectorAll("input"), function (i) {
      var m = i.name.match(/-(\d+)-/); return m ? parseInt(m[1], 10) : 0;
    });
    index = Math.max.apply(null, names.concat([index])) + 1;
    var row = last.cloneNode(true);
    row.querySelectorAll("input").forEach(function (input) {
      input.name = input.name.replace(/-(\d+)-/, "-" + index + "-");
      input.id = "f-" + input.name;
      input.value = "";
      input.removeAttribute("aria-invalid");
    });
    row.querySelectorAll(".field-error").forEach(function (e) { e.remove(); });
    row.querySelectorAll(".has-error").forEach(function (e) { e.classList.remove("has-error"); });
    body.appendChild(row);
  }

  // Present mode (a comparison on a projector): arrow keys and PageUp/PageDown step from section to section.
  function presentKeys() {
    var rtl = document.documentElement.getAttribute("dir") === "rtl";
    var forward = ["PageDown", "ArrowDown", rtl ? "ArrowLeft" : "ArrowRight"];
    var back = ["PageUp", "ArrowUp", rtl ? "ArrowRight" : "ArrowLeft"];
    document.addEventListener("keydown", function (e) {
      var step = forward.indexOf(e.key) >= 0 ? 1 : back.indexOf(e.key) >= 0 ? -1 : 0;
      if (!step) return;
      var sections = Array.prototype.slice.call(document.querySelectorAll("main > header, main > section"));
      var y = window.scrollY + 5, current = 0;
      sections.forEach(function (s, i) { if (s.offsetTop <= y) current = i; });
      var next = sections[Math.max(0, Math.min(sections.length - 1, current + step))];
      if (next) { e.preventDefault(); window.scrollTo({ top: next.offsetTop, behavior: "smooth" }); }
    });
  }

  // The glossary's "what is this?" buttons: a tap opens or closes the explanation, Escape closes them all.
  function glossary() {
    document.querySelectorAll(".gloss-button").forEach(function (b) {
      b.addEventListener("click", function () {
        var open = b.parentElement.classList.toggle("open");
        b.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") return;
      document.querySelectorAll(".gloss.open").forEach(function (g) {
        g.classList.remove("open");
        g.querySelector(".gloss-button").setAttribute("aria-expanded", "false");
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    glossary();
    if (document.body.classList.contains("present")) presentKeys();
    var box = document.getElementById("job");
    if (box) pollJob(box);
    document.querySelectorAll("button.add-row").forEach(function (b) {
      b.addEventListener("click", function () { addRow(b); });
    });
    // answering online: copy an expert's personal link; print the invitations
    document.querySelectorAll("button[data-copy]").forEach(function (b) {
      b.addEventListener("click", function () {
        navigator.clipboard.writeText(b.getAttribute("data-copy")).then(function () {
          b.textContent = b.getAttribute("data-copied");
        });
      });
    });
    document.querySelectorAll("button[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  });
})();
