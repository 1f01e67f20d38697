/* The reviewer's case page: J / K go to the next / previous indicator (real links; Tab reaches them too),
   and the cursor starts in the verdict form. Written here, no libraries; the page works without it. */
(function () {
  "use strict";

  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    if (tag === "INPUT") return !/^(radio|checkbox|button|submit)$/i.test(target.type || "");
    return tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = (event.key || "").toLowerCase();
    if (key !== "j" && key !== "k") return;
    var link = document.querySelector('a[data-key="' + key + '"]');
    if (link) {
      event.preventDefault();
      window.location.href = link.href;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (document.getElementById("form-errors")) return; // gi.js puts the focus on the errors
    var target = null;
    if (window.location.hash === "#submit-verdicts") target = document.getElementById("submit-verdicts");
    if (!target) {
      var form = document.querySelector("form[data-verdict-form]");
      if (form) target = form.querySelector('input[name="verdict"]:checked') || form.querySelector('input[name="verdict"]');
    }
    if (!target) return;
    // On a phone the evidence comes first: do not scroll it away.
    var wide = window.matchMedia && window.matchMedia("(min-width: 60rem)").matches;
    try { target.focus({ preventScroll: !wide && window.location.hash === "" }); } catch (e) { target.focus(); }
  });
})();
