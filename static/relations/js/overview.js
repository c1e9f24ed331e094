// Drag across the overview to choose a span of dates: it fills the From and
// To fields and applies the filters (keyboard users type the dates there).
(function () {
  "use strict";
  var drag = null;

  function svgX(svg, event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse()).x;
  }

  function dayAt(svg, x) {
    var first = Date.parse(svg.dataset.first), last = Date.parse(svg.dataset.last) + 86400000;
    var margin = Number(svg.dataset.margin), width = Number(svg.dataset.width);
    var share = Math.min(Math.max((x - margin) / (width - 2 * margin), 0), 1);
    return new Date(first + share * (last - first - 86400000)).toISOString().slice(0, 10);
  }

  document.addEventListener("pointerdown", function (event) {
    var svg = event.target.closest && event.target.closest("svg.overview-svg");
    if (!svg || event.button !== 0) return;
    drag = { svg: svg, start: svgX(svg, event), moved: false, brush: svg.querySelector(".brush") };
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var x = svgX(drag.svg, event);
    if (Math.abs(x - drag.start) < 4) return;
    drag.moved = true;
    drag.brush.removeAttribute("hidden");
    drag.brush.setAttribute("x", Math.min(x, drag.start));
    drag.brush.setAttribute("width", Math.abs(x - drag.start));
    event.preventDefault();
  });

  document.addEventListener("pointerup", function (event) {
    if (!drag) return;
    var current = drag;
    drag = null;
    if (!current.moved) return; // a click: links (years, events) handle it
    var x = svgX(current.svg, event);
    var from = dayAt(current.svg, Math.min(x, current.start));
    var to = dayAt(current.svg, Math.max(x, current.start));
    var form = document.getElementById("filters");
    form.querySelector("[name=from]").value = from;
    form.querySelector("[name=to]").value = to;
    form.requestSubmit();
  });

  // Links in the chart would otherwise start the browser's own drag of a link.
  document.addEventListener("dragstart", function (event) {
    if (event.target.closest && event.target.closest("svg.overview-svg")) event.preventDefault();
  });

  // A drag ends in a click on whatever is under the pointer: swallow it.
  document.addEventListener("click", function (event) {
    var brush = event.target.closest && event.target.closest("svg.overview-svg");
    if (brush && brush.querySelector(".brush:not([hidden])")) {
      event.preventDefault();
      brush.querySelector(".brush").setAttribute("hidden", "");
    }
  }, true);
})();
