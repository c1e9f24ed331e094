// Small enhancements on top of htmx; the pages work without them.
(function () {
  "use strict";

  // An expanded event collapses on a second click instead of loading again.
  document.addEventListener("htmx:confirm", function (event) {
    var link = event.detail.elt;
    if (!link.classList || !link.classList.contains("expand")) return;
    var target = document.getElementById(link.getAttribute("aria-controls"));
    if (link.getAttribute("aria-expanded") === "true") {
      event.preventDefault();
      target.innerHTML = "";
      link.setAttribute("aria-expanded", "false");
    }
  });

  // Filter and search requests leave out empty fields and the default order,
  // so the URL pushed to the address bar is short enough to share.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("#filters, #cite-search");
    if (!form) return;
    var params = event.detail.parameters;
    Array.from(new Set(params.keys())).forEach(function (name) {
      var values = params.getAll(name).filter(function (value) { return value !== ""; });
      if (values.length === 0 || (name === "order" && values.join() === "asc")) {
        delete params[name];
      }
    });
  });

  // Copy buttons next to citations; without JavaScript the text is selectable.
  function showCopyButtons(root) {
    root.querySelectorAll("button.copy[hidden]").forEach(function (button) {
      if (navigator.clipboard) button.hidden = false;
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.copy");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    navigator.clipboard.writeText(source.innerText).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
  });
  document.addEventListener("DOMContentLoaded", function () { showCopyButtons(document); });
  document.addEventListener("htmx:afterSettle", function (event) { showCopyButtons(event.detail.elt); });

  // A footnote's quote shows on hover and focus; Escape hides it until the pointer or
  // the focus moves on (WCAG 1.4.13: dismissible without moving either).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".marker:hover, .marker:focus-within").forEach(function (marker) {
      marker.classList.add("dismissed");
    });
  });
  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var marker = event.target.closest && event.target.closest(".marker.dismissed");
      if (marker && !marker.contains(event.relatedTarget)) marker.classList.remove("dismissed");
    });
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    // A chip or a year replaced the form with the results: keep the keyboard's
    // place at the count of what is now shown, not at the top of the page.
    if (target.id === "browse") {
      var count = document.getElementById("result-count");
      if (count && (document.activeElement === document.body || !document.activeElement)) {
        count.setAttribute("tabindex", "-1");
        count.focus({ preventScroll: true });
      }
    }
    if (target.classList.contains("event-detail")) {
      var link = document.querySelector('[aria-controls="' + target.id + '"]');
      if (link) link.setAttribute("aria-expanded", "true");
      var heading = target.querySelector(".detail-heading");
      if (heading) heading.focus({ preventScroll: true });
    }
  });
})();
