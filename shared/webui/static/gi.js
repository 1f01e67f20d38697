/* Gelar Inovasi: the small behaviours pages share. Written here, no libraries. Every text shown comes
   from the page (data-* attributes rendered in the user's language). Pages work without it. */
(function () {
  "use strict";
  var GI = (window.GI = window.GI || {});

  GI.csrf = function () {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  };

  /* fetch with the session cookie and the CSRF header; resolves to {ok, status, body} */
  GI.request = function (method, url, body) {
    var headers = { "X-CSRF-Token": GI.csrf(), Accept: "application/json" };
    var init = { method: method, headers: headers, credentials: "same-origin" };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) { headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
    return fetch(url, init).then(function (response) {
      return response.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        return { ok: response.ok, status: response.status, body: parsed };
      });
    });
  };

  GI.errorText = function (result, fallback) {
    return (result && result.body && result.body.error && result.body.error.message) || fallback;
  };

  GI.announce = function (element, text) {
    if (element) element.textContent = text;
  };

  /* <form data-autosave="/api/..." data-autosave-method="PATCH"> saves its fields as JSON while the user types.
     Fields with data-autosave-skip are left out; numbers stay strings unless data-number is set. */
  GI.autosave = function (form) {
    var url = form.getAttribute("data-autosave");
    var method = form.getAttribute("data-autosave-method") || "PATCH";
    var status = form.querySelector("[data-autosave-status]");
    var timer = null, inFlight = false, again = false;
    function payload() {
      var data = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.name === "csrf_token" || el.hasAttribute("data-autosave-skip") || el.disabled) return;
        if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
        var value = el.value;
        if (el.hasAttribute("data-number")) value = value === "" ? null : Number(value);
        else if (value === "" && el.hasAttribute("data-null-empty")) value = null;
        if (el.hasAttribute("data-list")) {
          data[el.name] = data[el.name] || [];
          if (value !== "") data[el.name].push(value);
        } else data[el.name] = value;
      });
      return data;
    }
    function save() {
      if (inFlight) { again = true; return; }
      inFlight = true;
      GI.announce(status, form.getAttribute("data-text-saving"));
      GI.request(method, url, payload()).then(function (result) {
        var when = new Date().toLocaleTimeString(document.documentElement.lang === "id" ? "id-ID" : "en-GB", { hour: "2-digit", minute: "2-digit" });
        GI.announce(status, result.ok ? form.getAttribute("data-text-saved") + " " + when
                                      : GI.errorText(result, form.getAttribute("data-text-failed")));
        if (status) status.classList.toggle("field-error", !result.ok);
      }, function () {
        GI.announce(status, form.getAttribute("data-text-failed"));
        if (status) status.classList.add("field-error");
      }).then(function () {
        inFlight = false;
        if (again) { again = false; save(); }
      });
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 1200); });
    form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(save, 300); });
  };

  /* <textarea data-wordcount="id-of-output" data-min-words="300"> counts words as the user types */
  GI.wordcount = function (area) {
    var output = document.getElementById(area.getAttribute("data-wordcount"));
    var min = parseInt(area.getAttribute("data-min-words") || "0", 10);
    var template = output ? output.getAttribute("data-template") || "{count}" : "{count}";
    function update() {
      var words = area.value.trim() ? area.value.trim().split(/\s+/).length : 0;
      if (!output) return;
      output.textContent = template.replace("{count}", words.toLocaleString(document.documentElement.lang));
      output.classList.toggle("short", words < min);
    }
    area.addEventListener("input", update);
    update();
  };

  /* <span data-countdown="2026-12-31T15:59:00Z" data-left="{d} hari {h} jam lagi" data-passed="..."> */
  GI.countdown = function (element) {
    var deadline = Date.parse(element.getAttribute("data-countdown"));
    if (isNaN(deadline)) return;
    function update() {
      var ms = deadline - Date.now();
      if (ms <= 0) { element.textContent = element.getAttribute("data-passed"); return; }
      var days = Math.floor(ms / 86400000), hours = Math.floor((ms % 86400000) / 3600000);
      element.textContent = element.getAttribute("data-left").replace("{d}", days).replace("{h}", hours);
    }
    update();
    setInterval(update, 60000);
  };

  /* <form data-upload> sends its file with XMLHttpRequest so a <progress data-upload-progress> can move;
     the server answers JSON (API) and the page reloads to show the new state. */
  GI.upload = function (form) {
    var progress = form.querySelector("[data-upload-progress]");
    var status = form.querySelector("[data-upload-status]");
    form.addEventListener("submit", function (event) {
      if (!window.XMLHttpRequest || !window.FormData) return;
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("data-upload"));
      xhr.setRequestHeader("X-CSRF-Token", GI.csrf());
      xhr.setRequestHeader("Accept", "application/json");
      if (progress) { progress.hidden = false; progress.value = 0; }
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable && progress) {
          progress.max = e.total; progress.value = e.loaded;
          GI.announce(status, form.getAttribute("data-text-progress") + " " + Math.round((100 * e.loaded) / e.total) + "%");
        }
      };
      xhr.onload = function () {
        var result = { ok: xhr.status < 300, status: xhr.status, body: null };
        try { result.body = JSON.parse(xhr.responseText); } catch (e) { result.body = null; }
        if (result.ok) {
          GI.announce(status, form.getAttribute("data-text-done"));
          window.location.reload();
        } else {
          GI.announce(status, GI.errorText(result, form.getAttribute("data-text-failed")));
          if (status) status.classList.add("field-error");
        }
      };
      xhr.onerror = function () {
        GI.announce(status, form.getAttribute("data-text-failed"));
        if (status) status.classList.add("field-error");
      };
      xhr.send(new FormData(form));
    });
  };

  /* <button data-confirm="Yakin?"> asks before a form is sent */
  GI.confirm = function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
    });
  };

  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }
  document.addEventListener("DOMContentLoaded", function () {
    each("form[data-autosave]", GI.autosave);
    each("textarea[data-wordcount]", GI.wordcount);
    each("[data-countdown]", GI.countdown);
    each("form[data-upload]", GI.upload);
    each("[data-confirm]", GI.confirm);
    var errors = document.getElementById("form-errors");
    if (errors) errors.focus();
  });
})();
