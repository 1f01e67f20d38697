/* Gelar Inovasi, OPD portal: a resumable video upload straight to storage, part by part.
   <form data-multipart="/api/v1/innovations/{id}/evidence/multipart" data-indicator="20"> with a file input
   named "file". The API starts the upload (or, for the same file chosen again, tells which parts storage
   already holds), each missing 5 MB part is PUT to its presigned URL, then the API joins and checks them.
   After a dropped connection the user picks the same file again and only the missing parts are sent.
   Without this script the form posts the whole file to the page (no resume). */
(function () {
  "use strict";
  var GI = window.GI || {};

  function storageKey(form, file) {
    return "gi-upload:" + form.getAttribute("data-multipart") + ":" + file.name + ":" + file.size + ":" + file.lastModified;
  }

  function remember(key, value) {
    try { if (value) window.localStorage.setItem(key, value); else window.localStorage.removeItem(key); } catch (e) { /* private mode */ }
  }

  function recall(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  /* PUT one part; resolves when storage accepted it */
  function putPart(url, blob, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("PUT", url);
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) onProgress(e.loaded); };
      xhr.onload = function () { if (xhr.status >= 200 && xhr.status < 300) resolve(); else reject(new Error("part " + xhr.status)); };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.send(blob);
    });
  }

  function sum(received) {
    var total = 0;
    Object.keys(received || {}).forEach(function (k) { total += received[k]; });
    return total;
  }

  async function state(form, file, key, status) {
    var base = form.getAttribute("data-multipart");
    var known = recall(key);
    if (known) {
      GI.announce(status, form.getAttribute("data-text-resuming"));
      var again = await GI.request("GET", base + "/" + known);
      if (again.ok) return again.body;
      remember(key, null);
    }
    var tentang = form.elements.tentang ? form.elements.tentang.value : "";
    var started = await GI.request("POST", base, {
      indicator_no: parseInt(form.getAttribute("data-indicator"), 10),
      filename: file.name,
      size: file.size,
      tentang: tentang || null
    });
    if (!started.ok) throw started;
    remember(key, started.body.upload_id);
    return started.body;
  }

  async function send(form, file, progress, status) {
    var base = form.getAttribute("data-multipart");
    var key = storageKey(form, file);
    var current = await state(form, file, key, status);
    for (var attempt = 0; attempt < 5; attempt++) {
      var sent = sum(current.received);
      var numbers = Object.keys(current.part_urls).map(Number).sort(function (a, b) { return a - b; });
      var failed = false;
      for (var i = 0; i < numbers.length; i++) {
        var n = numbers[i];
        var start = (n - 1) * current.part_size;
        var blob = file.slice(start, Math.min(start + current.part_size, file.size));
        try {
          await putPart(current.part_urls[n], blob, function (loaded) {
            progress.value = sent + loaded;
            GI.announce(status, form.getAttribute("data-text-progress") + " " + Math.round((100 * (sent + loaded)) / file.size) + "%");
          });
        } catch (e) {
          failed = true; /* URL expired or the connection dropped: ask again which parts are there */
          break;
        }
        sent += blob.size;
      }
      if (!failed) {
        GI.announce(status, form.getAttribute("data-text-joining"));
        var done = await GI.request("POST", base + "/" + current.upload_id + "/complete");
        if (done.ok) { remember(key, null); return done; }
        if (done.status !== 409) { remember(key, null); throw done; }
      }
      var fresh = await GI.request("GET", base + "/" + current.upload_id);
      if (!fresh.ok) throw fresh;
      current = fresh.body;
    }
    throw { ok: false, status: 0, body: null };
  }

  function multipart(form) {
    var progress = form.querySelector("[data-upload-progress]");
    var status = form.querySelector("[data-upload-status]");
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (event) {
      var input = form.elements.file;
      var file = input && input.files && input.files[0];
      if (!file || !window.fetch || !window.Promise || !Blob.prototype.slice) return; /* plain form post */
      event.preventDefault();
      progress.hidden = false; progress.max = file.size; progress.value = 0;
      status.classList.remove("field-error");
      if (button) button.disabled = true;
      send(form, file, progress, status).then(function () {
        GI.announce(status, form.getAttribute("data-text-done"));
        window.location.reload();
      }, function (result) {
        GI.announce(status, GI.errorText(result, form.getAttribute("data-text-failed")));
        status.classList.add("field-error");
        if (button) button.disabled = false;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-multipart]"), multipart);
  });
})();
