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
    var text = source.tagName === "TEXTAREA" ? source.value : source.innerText;
    navigator.clipboard.writeText(text).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    });
  });
  document.addEventListener("DOMContentLoaded", function () { showCopyButtons(document); });
  document.addEventListener("htmx:afterSettle", function (event) { showCopyButtons(event.detail.elt); });

  // "Copy quote with citation": the quote, its citation in the chosen style (the
  // paragraph's, fetched as JSON) and the permalink, as HTML (italics kept) and as
  // plain text. On a source page the quote is the words selected in the paragraph,
  // or the whole paragraph.
  var canCopyRich = Boolean(navigator.clipboard && navigator.clipboard.write && window.ClipboardItem);

  function chosenStyle() {
    try { return localStorage.getItem("cite-style") || "chicago"; } catch (error) { return "chicago"; }
  }

  function showQuoteCopying(root) {
    if (!canCopyRich) return;
    root.querySelectorAll(".quote-style[hidden], .quote-copy[hidden], button.pcopy[hidden]").forEach(function (element) {
      element.hidden = false;
    });
    root.querySelectorAll("select.cite-style").forEach(function (select) { select.value = chosenStyle(); });
  }
  document.addEventListener("DOMContentLoaded", function () { showQuoteCopying(document); });
  document.addEventListener("htmx:afterSettle", function (event) { showQuoteCopying(event.detail.elt); });

  document.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches("select.cite-style")) return;
    try { localStorage.setItem("cite-style", event.target.value); } catch (error) { /* kept for this page */ }
    document.querySelectorAll("select.cite-style").forEach(function (select) { select.value = event.target.value; });
  });

  function quoteOf(button) {
    if (button.hasAttribute("data-quote")) return button.getAttribute("data-quote");
    var text = button.closest(".passage").querySelector(".ptext");
    var selection = window.getSelection();
    if (selection && !selection.isCollapsed && text.contains(selection.anchorNode) && text.contains(selection.focusNode)) {
      return selection.toString().trim();
    }
    return text.textContent.trim();
  }

  function escapeHtml(text) {
    var element = document.createElement("span");
    element.textContent = text;
    return element.innerHTML;
  }

  function plainText(html) {
    return new DOMParser().parseFromString(html, "text/html").body.textContent;
  }

  // Chicago: the quote, then its note. APA and MLA: the quote with its in-text
  // citation, then the reference entry. Quotation marks inside the quote turn single.
  function composed(quote, style, citation, permalink) {
    var quoted = escapeHtml("“" + quote.replace(/“/g, "‘").replace(/”/g, "’") + "”");
    var lines = style === "chicago"
      ? [quoted, citation.note]
      : [quoted + " " + citation.note, citation.bibliography];
    lines.push('<a href="' + escapeHtml(permalink) + '">' + escapeHtml(permalink) + "</a>");
    var html = lines.map(function (line) { return "<p>" + line + "</p>"; }).join("");
    return { html: html, text: lines.map(plainText).join("\n") };
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.copy-quote");
    if (!button) return;
    var quote = quoteOf(button), style = chosenStyle();
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    var parts = fetch(button.getAttribute("data-cite"))
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (data) { return composed(quote, style, data.styles[style], button.getAttribute("data-permalink")); });
    // Written while the click still counts as the reader's: the contents follow when fetched.
    navigator.clipboard.write([new ClipboardItem({
      "text/html": parts.then(function (p) { return new Blob([p.html], { type: "text/html" }); }),
      "text/plain": parts.then(function (p) { return new Blob([p.text], { type: "text/plain" }); })
    })]).then(function () { button.textContent = "Copied"; }, function () { button.textContent = "Could not copy"; })
      .then(function () { setTimeout(function () { button.textContent = label; }, 2000); });
  });

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
