/* Sidebar poll: vote in the background and show the results in place.
   Without this script the form posts and the server redirects back. */
(function () {
  "use strict";

  function showResults(widget, html) {
    var body = widget.querySelector("[data-poll-body]");
    if (!body || !html) { return; }
    body.innerHTML = html;
    var status = body.querySelector("[role=status]");
    if (status) { status.setAttribute("tabindex", "-1"); }
  }

  function say(form, text) {
    var box = form.querySelector("[data-poll-message]");
    if (!box) { return; }
    box.textContent = text;
    box.hidden = false;
  }

  function readJson(response) {
    return response.json().catch(function () { return {}; });
  }

  function init(widget) {
    var form = widget.querySelector("[data-poll-form]");
    var statusUrl = widget.getAttribute("data-status-url");
    if (!form || !statusUrl || !window.fetch) { return; }

    fetch(statusUrl, {
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" }
    }).then(readJson).then(function (data) {
      if (data.token) {
        var token = form.querySelector("[data-poll-token]");
        if (token) { token.value = data.token; }
      }
      if (data.html) { showResults(widget, data.html); }
    }).catch(function () { /* keep the form: it still works */ });

    form.addEventListener("submit", function (event) {
      if (!form.querySelector("input[name=choice]:checked")) { return; }
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" }
      }).then(function (response) {
        return readJson(response).then(function (data) {
          if (data.html) {
            showResults(widget, data.html);
            var status = widget.querySelector("[role=status]");
            if (status) { status.focus(); }
            return;
          }
          say(form, data.message || "Không gửi được bình chọn. Vui lòng thử lại.");
          if (button) { button.disabled = false; }
        });
      }).catch(function () {
        say(form, "Không kết nối được máy chủ. Vui lòng thử lại.");
        if (button) { button.disabled = false; }
      });
    });
  }

  var widgets = document.querySelectorAll("[data-poll]");
  for (var i = 0; i < widgets.length; i += 1) { init(widgets[i]); }
}());
