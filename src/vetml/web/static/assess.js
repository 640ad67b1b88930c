// The candidate's assessment page: the countdown, autosave of each answer, a draft of every answer kept in
// this browser, and handing in when time runs out. The server keeps the real clock and refuses late saves;
// without this script the page still works through its plain forms.
(function () {
  "use strict";
  var PREFIX = "vetml-assess:";
  var DEBOUNCE_MS = 800;
  var RETRY_MS = 5000;

  var done = document.querySelector(".assess-done");
  if (done) { forgetDrafts(done.dataset.draftKey); return; }
  var page = document.querySelector(".assessment");
  if (!page) { return; }
  var api = page.dataset.api;
  var keyOf = function (position) { return PREFIX + page.dataset.draftKey + ":" + position; };
  var submitForm = document.getElementById("submit-form");
  var handingIn = false;
  var boxes = Array.prototype.slice.call(page.querySelectorAll("textarea.answer"));
  var items = boxes.map(watch);

  function forgetDrafts(draftKey) {
    var stale = [];
    for (var i = 0; i < window.localStorage.length; i += 1) {
      var key = window.localStorage.key(i);
      if (key && key.indexOf(PREFIX + draftKey + ":") === 0) { stale.push(key); }
    }
    stale.forEach(function (key) { window.localStorage.removeItem(key); });
  }

  function watch(box) {
    var form = box.form;
    var item = { box: box, position: form.dataset.position, state: document.getElementById("save-state-" + form.dataset.position),
                 savedText: box.value, timer: null, pending: null };
    var draft = window.localStorage.getItem(keyOf(item.position));
    if (draft !== null && draft !== box.value) {
      box.value = draft;
      item.state.textContent = "Restored from this browser; saving…";
      schedule(item, 0);
    }
    box.addEventListener("input", function () {
      window.localStorage.setItem(keyOf(item.position), box.value);
      item.state.textContent = "Unsaved changes";
      schedule(item, DEBOUNCE_MS);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); save(item); });
    return item;
  }

  function schedule(item, delay) {
    window.clearTimeout(item.timer);
    item.timer = window.setTimeout(function () { save(item); }, delay);
  }

  function save(item) {
    window.clearTimeout(item.timer);
    var text = item.box.value;
    if (text === item.savedText) { return Promise.resolve(); }
    item.state.textContent = "Saving…";
    var request = window.fetch(api + "/answers/" + item.position, {
      method: "PUT", headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ text: text }), credentials: "omit", referrerPolicy: "no-referrer"
    }).then(function (response) {
      var body = response.json().catch(function () { return {}; });
      var wait = Number(response.headers.get("Retry-After")) || 0;  // 429 and 503 say when to try again
      return body.then(function (parsed) { return { ok: response.ok, body: parsed, wait: wait }; });
    }).then(function (reply) {
      if (!reply.ok) {
        var refused = new Error(reply.body.detail || "the server refused the save");
        refused.waitMs = reply.wait * 1000;
        throw refused;
      }
      item.savedText = text;
      item.state.textContent = "Saved at " + new Date().toLocaleTimeString();
      setClock(reply.body.remaining_seconds);
    }).catch(function (error) {
      item.state.textContent = "Not saved (" + error.message + "); your text is kept in this browser.";
      if (!handingIn) { schedule(item, Math.max(RETRY_MS, error.waitMs || 0)); }
    });
    item.pending = request;
    return request;
  }

  function saveAll() {
    return Promise.all(items.map(save)).catch(function () { return null; });
  }

  function handIn(message) {
    if (handingIn) { return; }
    handingIn = true;
    document.getElementById("submit-state").textContent = message;
    saveAll().then(function () {
      items.forEach(function (item) { window.localStorage.removeItem(keyOf(item.position)); });
      submitForm.submit();  // the native submit skips this handler, so it cannot loop
    });
  }

  // "Run the examples": the code as it is in the box, on the statement's visible examples, in the sandbox.
  var VERDICTS = { accepted: "passed", wrong_answer: "wrong answer", time_limit: "too slow", memory_limit: "out of memory",
                   runtime_error: "error", compile_error: "does not run", output_limit: "printed too much",
                   internal_error: "could not be judged" };
  Array.prototype.slice.call(page.querySelectorAll("button.run-examples")).forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { runExamples(button); });
  });

  function runExamples(button) {
    var position = button.dataset.position;
    var box = document.getElementById("answer-" + position);
    var out = document.getElementById("examples-" + position);
    button.disabled = true;
    out.textContent = "Running the examples…";
    window.fetch(api + "/examples/" + position, {
      method: "POST", headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ text: box.value }), credentials: "omit", referrerPolicy: "no-referrer"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) { throw new Error(body.detail || "the examples could not be run"); }
        showExamples(out, body);
      });
    }).catch(function (error) {
      out.textContent = "Not run: " + error.message + ".";
    }).then(function () { button.disabled = false; });
  }

  function showExamples(out, run) {
    out.textContent = "";
    var heading = document.createElement("p");
    heading.className = "examples-summary";
    heading.textContent = run.passed + " of " + run.total + " examples passed.";
    var list = document.createElement("ul");
    run.examples.forEach(function (example) {
      var row = document.createElement("li");
      row.className = example.verdict === "accepted" ? "example-passed" : "example-failed";
      row.textContent = example.name + ": " + (VERDICTS[example.verdict] || example.verdict) +
        (example.message ? " (" + example.message + ")" : "");
      if (example.output) {
        var printed = document.createElement("pre");
        printed.textContent = example.output;
        row.appendChild(printed);
      }
      list.appendChild(row);
    });
    out.appendChild(heading);
    out.appendChild(list);
  }

  submitForm.addEventListener("submit", function (event) {
    event.preventDefault();
    handIn("Saving your last changes and handing in…");
  });

  // The countdown runs against a fixed end time, so a slow or throttled tab does not drift.
  var clock = page.querySelector("[data-seconds-left]");
  var shown = document.getElementById("time-left");
  var notice = document.getElementById("time-notice");
  var endsAt = 0;
  var warned = {};

  function setClock(seconds) {
    if (typeof seconds === "number") { endsAt = Date.now() + seconds * 1000; }
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    if (shown) { shown.textContent = Math.floor(left / 60) + ":" + pad(left % 60); }  // a written window shows no clock
    [300, 60].forEach(function (mark) {
      if (left <= mark && left > 0 && !warned[mark]) {
        warned[mark] = true;
        notice.textContent = (mark / 60) + (mark === 60 ? " minute" : " minutes") + " left.";
      }
    });
    if (left <= 0) { handIn("Time is up: handing in your answers…"); return; }
    window.setTimeout(tick, 1000);
  }

  setClock(parseInt(clock.dataset.secondsLeft, 10));
  tick();
})();
