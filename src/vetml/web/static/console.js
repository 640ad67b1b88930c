// Interviewer console: one question at a time, an elapsed-time clock, and autosave of ticks, answers and
// notes. Every change is also kept in this browser until the server has it, so a reload or a dropped
// connection loses nothing; the server stays the record of what was said.
(function () {
  "use strict";
  var page = document.querySelector(".console");
  if (!page) { return; }
  var interviewId = page.dataset.interview;
  var editable = page.dataset.editable === "true";
  var sections = Array.prototype.slice.call(page.querySelectorAll(".console-question"));
  var current = 0;

  // Moving between questions
  var counter = document.getElementById("question-counter");
  var previousButton = document.getElementById("previous-question");
  var nextButton = document.getElementById("next-question");

  function show(index, moveFocus) {
    if (!sections.length) { return; }
    var leaving = sections[current];
    current = Math.max(0, Math.min(sections.length - 1, index));
    sections.forEach(function (section, i) { section.hidden = i !== current; });
    counter.textContent = "Question " + (current + 1) + " of " + sections.length;
    previousButton.disabled = current === 0;
    nextButton.disabled = current === sections.length - 1;
    window.history.replaceState(null, "", "#" + sections[current].id);
    if (moveFocus || leaving.contains(document.activeElement)) {
      sections[current].querySelector("h2").focus();
    }
  }

  if (sections.length) {
    var start = sections.findIndex(function (s) { return "#" + s.id === window.location.hash; });
    show(start < 0 ? 0 : start, false);
    previousButton.addEventListener("click", function () { show(current - 1, false); });
    nextButton.addEventListener("click", function () { show(current + 1, false); });
    document.addEventListener("keydown", function (event) {
      var next = (event.altKey && event.code === "KeyN") || (event.ctrlKey && event.key === "Enter");
      var previous = event.altKey && event.code === "KeyP";
      if (next || previous) {
        event.preventDefault();
        show(current + (next ? 1 : -1), false);
      }
    });
  }
  if (!editable) { return; }

  // The elapsed-time clock: it starts when the console is first opened in this browser.
  var timer = document.getElementById("timer");
  var limit = parseInt(page.dataset.minutes, 10) * 60;
  var startKey = "vetml-console-start:" + interviewId;
  var startedAt = parseInt(window.localStorage.getItem(startKey), 10);
  if (!startedAt) { startedAt = Date.now(); window.localStorage.setItem(startKey, String(startedAt)); }

  function clock(seconds) { return Math.floor(seconds / 60) + ":" + (seconds % 60 < 10 ? "0" : "") + (seconds % 60); }
  function tick() {
    var elapsed = Math.max(0, Math.floor((Date.now() - startedAt) / 1000));
    var note = elapsed >= limit ? " · over time" : elapsed >= 0.8 * limit ? " · time nearly up" : "";
    timer.textContent = clock(elapsed) + " of " + clock(limit) + note;
    timer.classList.toggle("timer-amber", elapsed >= 0.8 * limit && elapsed < limit);
    timer.classList.toggle("timer-over", elapsed >= limit);
  }
  document.getElementById("timer-restart").addEventListener("click", function () {
    startedAt = Date.now();
    window.localStorage.setItem(startKey, String(startedAt));
    tick();
  });
  tick();
  window.setInterval(tick, 1000);

  // What each saveable item is: the notes, or one question's ticks and answer.
  var notes = document.getElementById("notes");
  var base = "/interviews/" + interviewId + "/console/";
  var bandNames = JSON.parse(page.dataset.bandNames || "{}");

  function sectionOf(name) { return document.getElementById("q-" + name.slice(2)); }
  function urlOf(name) { return name === "notes" ? base + "notes" : base + "questions/" + name.slice(2); }

  function collect(name) {
    if (name === "notes") { return { notes: notes.value }; }
    var section = sectionOf(name);
    var points = parseInt(section.dataset.points, 10);
    var groups = [];
    for (var i = 0; i < points; i += 1) {
      groups.push(section.querySelectorAll("input[name='tick-" + section.dataset.question + "-" + i + "']"));
    }
    var ticked = groups.some(function (radios) { return Array.prototype.some.call(radios, function (r) { return r.checked; }); });
    var ticks = !ticked ? [] : groups.map(function (radios) {
      var chosen = Array.prototype.find.call(radios, function (r) { return r.checked; });
      if (!chosen) { chosen = radios[radios.length - 1]; chosen.checked = true; } // unticked counts as missed
      return chosen.value;
    });
    return { ticks: ticks, answer: section.querySelector(".console-answer").value };
  }

  function restore(name, data) {
    if (name === "notes") { notes.value = data.notes; return; }
    var section = sectionOf(name);
    if (!section) { return; }
    data.ticks.forEach(function (value, i) {
      var radio = section.querySelector("input[name='tick-" + section.dataset.question + "-" + i + "'][value='" + value + "']");
      if (radio) { radio.checked = true; }
    });
    section.querySelector(".console-answer").value = data.answer;
  }

  function showGrade(name, body) {
    if (name === "notes" || body.automatic_score === null || body.automatic_score === undefined) { return; }
    var band = body.automatic_band ? " (band " + body.automatic_band + ", " + (bandNames[body.automatic_band] || "") + ")" : "";
    var line = sectionOf(name).querySelector(".console-grade");
    line.textContent = "";
    line.append("Automatic grade of the typed answer: ");
    var strong = document.createElement("strong");
    strong.textContent = body.automatic_score + "/100";
    line.append(strong, band);
  }

  // Drafts kept in this browser until the server confirms it has them.
  var draftKey = "vetml-console-draft:" + interviewId;
  function drafts() {
    try { return JSON.parse(window.localStorage.getItem(draftKey)) || {}; } catch (error) { return {}; }
  }
  function keepDraft(name, draft) {
    var all = drafts();
    if (draft) { all[name] = draft; } else { delete all[name]; }
    try { window.localStorage.setItem(draftKey, JSON.stringify(all)); } catch (error) { /* storage full: the server save still runs */ }
  }

  // Autosave: each item saves after a pause in typing, at once after a tick, and is retried while unsaved.
  var items = {};
  var lastSaved = null;
  var state = document.getElementById("save-state");

  function item(name) {
    if (!items[name]) { items[name] = { revision: 0, saved: 0, busy: false, failed: "", fatal: false, timer: null }; }
    return items[name];
  }

  function changed(name, delay) {
    var entry = item(name);
    entry.revision += 1;
    entry.fatal = false;
    keepDraft(name, { at: Date.now(), revision: entry.revision, data: collect(name) });
    window.clearTimeout(entry.timer);
    entry.timer = window.setTimeout(function () { save(name); }, delay);
    render();
  }

  function save(name) {
    var entry = item(name);
    if (entry.busy || entry.saved === entry.revision) { return; }
    var revision = entry.revision;
    entry.busy = true;
    render();
    window.fetch(urlOf(name), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": page.dataset.csrf },
      body: JSON.stringify(collect(name)),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) { throw { status: response.status, detail: body.detail || response.statusText }; }
        return body;
      });
    }).then(function (body) {
      entry.saved = revision;
      entry.failed = "";
      lastSaved = new Date();
      if (entry.revision === revision) { keepDraft(name, null); }
      showGrade(name, body);
    }).catch(function (error) {
      var status = error && error.status;
      entry.failed = (error && error.detail) || "no connection";
      entry.fatal = Boolean(status) && status >= 400 && status < 500 && status !== 408 && status !== 429;
    }).finally(function () {
      entry.busy = false;
      render();
    });
  }

  function render() {
    var all = Object.keys(items).map(function (name) { return items[name]; });
    var fatal = all.find(function (entry) { return entry.fatal && entry.saved !== entry.revision; });
    var failed = all.some(function (entry) { return entry.failed && entry.saved !== entry.revision; });
    var pending = all.some(function (entry) { return entry.busy || entry.saved !== entry.revision; });
    state.classList.toggle("save-failed", Boolean(fatal) || failed);
    state.classList.toggle("save-ok", !fatal && !failed && !pending && Boolean(lastSaved));
    if (fatal) {
      state.textContent = "Not saved — " + fatal.failed + " (kept in this browser)";
    } else if (failed) {
      state.textContent = "Not saved — retrying";
    } else if (pending) {
      state.textContent = "Saving…";
    } else if (lastSaved) {
      state.textContent = "Saved " + lastSaved.toLocaleTimeString([], { hour12: false });
    }
  }

  window.setInterval(function () {
    Object.keys(items).forEach(function (name) {
      var entry = item(name);
      if (!entry.fatal && !entry.busy && entry.saved !== entry.revision) { save(name); }
    });
  }, 4000);

  notes.addEventListener("input", function () { changed("notes", 1500); });
  sections.forEach(function (section) {
    var name = "q:" + section.dataset.question;
    section.querySelector(".console-ticks").addEventListener("change", function () { changed(name, 200); });
    section.querySelector(".console-answer").addEventListener("input", function () { changed(name, 1500); });
  });

  // A draft left by a reload or a lost connection wins when it is newer than the server's copy.
  var left = drafts();
  Object.keys(left).forEach(function (name) {
    var draft = left[name];
    var section = name === "notes" ? null : sectionOf(name);
    if (name !== "notes" && !section) { keepDraft(name, null); return; }
    var serverAt = section ? Date.parse(section.dataset.savedAt) || 0 : 0;
    if (draft.at <= serverAt) { keepDraft(name, null); return; }
    restore(name, draft.data);
    changed(name, 0);
    state.textContent = "Restored unsaved changes from this browser; saving…";
  });
})();
