// Sends the page's CSRF token (from <meta name="csrf-token">) with every htmx request, so
// that hx-post, hx-put and hx-delete outside a <form> pass privacam.server.csrf too.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta && meta.content) {
    event.detail.headers["X-CSRF-Token"] = meta.content;
  }
});
