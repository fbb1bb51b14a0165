// rahbord: an expert's online questionnaire. Each answer is sent as it is given; the server saves it and
// answers with the set's consistency (CR, state, the judgment to revisit), worded in the page's language.
// The form also submits without this script (every answer on it is saved, then the response made).
(function () {
  "use strict";

  function statusBox(setId) {
    var boxes = document.querySelectorAll(".set-status");
    for (var k = 0; k < boxes.length; k++) {
      if (boxes[k].getAttribute("data-status-for") === setId) return boxes[k];
    }
    return null;
  }

  function showSet(form, view) {
    var box = statusBox(view.set);
    if (!box) return;
    box.className = "set-status state-" + view.state;
    box.querySelector(".st-label").textContent = view.label;
    box.querySelector(".st-cr").textContent = view.cr;
    box.querySelector(".st-hint").textContent = view.hint;
    var section = box.closest(".online-set");
    section.querySelectorAll("label.fits").forEach(function (l) { l.classList.remove("fits"); });
    if (view.hint_item) {
      section.querySelectorAll("input[type=radio]").forEach(function (input) {
        if (input.name === view.hint_item && input.value === view.hint_value) input.parentNode.classList.add("fits");
      });
    }
  }

  function send(form, input) {
    var saveState = document.getElementById("save-state");
    saveState.textContent = "";
    saveState.className = "save-state";
    fetch(form.getAttribute("data-answer-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRF-Token": form.getAttribute("data-csrf") },
      body: JSON.stringify({ item: input.name, value: input.value })
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) throw new Error(result.data.error || "");
      document.getElementById("progress-text").textContent = result.data.progress;
      saveState.textContent = result.data.saved_text;
      saveState.className = "save-state saved";
      if (result.data.set) showSet(form, result.data.set);
    }).catch(function (error) {
      saveState.textContent = (error && error.message) || form.getAttribute("data-not-saved");
      saveState.className = "save-state failed";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("online-form");
    if (!form || form.hasAttribute("data-closed")) return;
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input && input.type === "radio" && input.checked) send(form, input);
    });
  });
})();
