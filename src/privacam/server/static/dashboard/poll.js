// Reloads each [data-poll-url] element's content every data-poll-seconds, from the same
// origin (no inline script: the Content-Security-Policy allows only files under /static).
"use strict";
(function () {
  function poll(element) {
    var url = element.getAttribute("data-poll-url");
    var seconds = Math.max(5, parseInt(element.getAttribute("data-poll-seconds"), 10) || 60);
    function reload() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.text();
        })
        .then(function (html) {
          element.innerHTML = html;
          element.removeAttribute("data-poll-error");
          element.setAttribute("data-polled-at", new Date().toISOString());
        })
        .catch(function (error) { element.setAttribute("data-poll-error", String(error)); })
        .then(function () { window.setTimeout(reload, seconds * 1000); });
    }
    window.setTimeout(reload, seconds * 1000);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-poll-url]").forEach(poll);
  });
})();
