/* Portal behaviour: the "Exit this page" button and the "Print this briefing" button.
 *
 * The site works without this file: the exit button is then a plain link and the print button
 * stays hidden. No third-party code, no cookies, no storage.
 */
(function () {
  "use strict";

  var exitLink = document.querySelector("[data-portal-exit-button]");
  var exitStatus = document.querySelector("[data-portal-exit-status]");
  var SHIFT_WINDOW_MS = 5000; // time allowed between one Shift press and the next
  var shiftPresses = 0;
  var shiftTimer = null;
  var lastKeyWasModified = false;

  function say(message) {
    if (exitStatus) exitStatus.textContent = message;
  }

  function showPresses() {
    if (shiftPresses > 0) exitLink.setAttribute("data-presses", String(shiftPresses));
    else exitLink.removeAttribute("data-presses");
  }

  function exitPage() {
    // Blank the page at once, so nothing stays on screen while the next site loads, then
    // replace this page's history entry: the Back button cannot bring anyone back here.
    document.documentElement.classList.add("portal-exiting");
    document.title = "Loading";
    say("");
    window.location.replace(exitLink.href);
  }

  function resetShift(announce) {
    if (shiftTimer) window.clearTimeout(shiftTimer);
    shiftTimer = null;
    if (announce && shiftPresses > 0) say("Exit this page expired.");
    shiftPresses = 0;
    showPresses();
  }

  // Shift pressed three times on its own (not as part of Shift+letter), each press within
  // SHIFT_WINDOW_MS of the last: the GOV.UK "Exit this page" shortcut.
  function onKeyUp(event) {
    if (event.key === "Shift" && !lastKeyWasModified) {
      shiftPresses += 1;
      showPresses();
      if (shiftTimer) window.clearTimeout(shiftTimer);
      if (shiftPresses >= 3) {
        resetShift(false);
        exitPage();
        return;
      }
      say(shiftPresses === 1 ? "Shift, press 2 more times to exit." : "Shift, press 1 more time to exit.");
      shiftTimer = window.setTimeout(function () { resetShift(true); }, SHIFT_WINDOW_MS);
    } else if (shiftPresses > 0) {
      resetShift(false);
    }
    lastKeyWasModified = event.shiftKey;
  }

  if (exitLink) {
    exitLink.addEventListener("click", function (event) {
      event.preventDefault();
      exitPage();
    });
    document.addEventListener("keyup", onKeyUp, true);
    // A page restored from the browser's cache must not stay blank.
    window.addEventListener("pageshow", function () {
      document.documentElement.classList.remove("portal-exiting");
      resetShift(false);
      say("");
    });
  }

  var printButton = document.getElementById("portal-print-button");
  if (printButton && typeof window.print === "function") {
    printButton.addEventListener("click", function () { window.print(); });
    if (printButton.parentElement) printButton.parentElement.hidden = false;
  }
})();
