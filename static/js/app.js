// Focus and announcements around htmx swaps, so keyboard and screen-reader users keep their place.
(function () {
  "use strict";

  // After a swap, put focus where the user's next step is: the first field in error, else an
  // element marked data-autofocus (a form just opened, or the message saying what changed).
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail.elt;
    if (!root || !root.querySelector) { return; }
    var target = root.querySelector("[aria-invalid='true'], .alert-danger[tabindex]") ||
      root.querySelector("[data-autofocus]");
    if (!target && root.matches && root.matches("[data-autofocus]")) { target = root; }
    if (target) {
      if (!target.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(target.tagName)) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus({ preventScroll: false });
    }
  });

  // A refused request (403, 500, no network) says so instead of doing nothing.
  function tell(text) {
    var box = document.getElementById("request-error");
    if (!box) { return; }
    box.innerHTML = "";
    var div = document.createElement("div");
    div.className = "alert alert-danger shadow mb-0";
    div.textContent = text;
    box.appendChild(div);
    setTimeout(function () { if (box.contains(div)) { box.removeChild(div); } }, 10000);
  }
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if (status === 403) {
      tell("You are not allowed to do that: your role can read this page but not change it.");
    } else if (status === 404) {
      tell("That item no longer exists: reload the page.");
    } else {
      tell("Something went wrong (" + status + "). Nothing was saved; reload the page and try again.");
    }
  });
  document.addEventListener("htmx:sendError", function () {
    tell("The server could not be reached. Nothing was saved; try again.");
  });

  // "Cancel" on an inline form: put the row back and return focus to the button that opened it.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.dataset && elt.dataset.returnFocus) {
      window.sessionStorage.setItem("secrelease-return-focus", elt.dataset.returnFocus);
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var id = window.sessionStorage.getItem("secrelease-return-focus");
    if (id) {
      window.sessionStorage.removeItem("secrelease-return-focus");
      var back = document.getElementById(id);
      if (back) { back.focus(); }
    }
  });
})();
