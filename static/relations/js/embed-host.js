// For a page that embeds the timeline: fits each frame marked data-relations-embed
// to the height the timeline reports (embed.js), and lets it span the page's width.
// Messages are taken only from the frame's own window and its own origin.
(function () {
  "use strict";
  if (window.relationsEmbedHost) return; // two snippets on one page load it twice
  window.relationsEmbedHost = true;

  function frames() {
    return Array.prototype.slice.call(document.querySelectorAll("iframe[data-relations-embed]"));
  }

  function widen() {
    frames().forEach(function (frame) {
      frame.style.width = "100%";
      frame.style.border = "0";
    });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "relations-embed:height" || typeof data.height !== "number") return;
    frames().forEach(function (frame) {
      if (frame.contentWindow !== event.source) return;
      if (new URL(frame.src, document.baseURI).origin !== event.origin) return;
      frame.style.height = Math.min(Math.max(Math.round(data.height), 80), 50000) + "px";
    });
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", widen);
  else widen();
})();
