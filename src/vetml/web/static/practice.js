// Practice question page: the countdown, a draft kept in this browser, and submitting when time runs out.
// The server keeps its own clock; this script only shows it and saves the candidate from losing text.
(function () {
  "use strict";
  var page = document.querySelector(".practice-question");
  if (!page) { return; }
  var form = document.getElementById("answer-form");
  var box = document.getElementById("answer");
  var shown = document.getElementById("time-left");
  var state = document.getElementById("draft-state");
  var key = "vetml-practice-draft:" + page.dataset.session + ":" + page.dataset.position;
  var left = parseInt(page.querySelector("[data-seconds-left]").dataset.secondsLeft, 10);
  var submitted = false;

  var saved = window.localStorage.getItem(key);
  if (saved && !box.value) { box.value = saved; state.textContent = "Your draft was restored."; }
  box.addEventListener("input", function () {
    window.localStorage.setItem(key, box.value);
    state.textContent = "Draft saved in this browser.";
  });
  form.addEventListener("submit", function () {
    submitted = true;
    window.localStorage.removeItem(key);
  });

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    shown.textContent = Math.floor(left / 60) + ":" + pad(left % 60);
    if (left <= 0) {
      if (!submitted) { submitted = true; window.localStorage.removeItem(key); form.requestSubmit(); }
      return;
    }
    left -= 1;
    window.setTimeout(tick, 1000);
  }
  tick();
})();
