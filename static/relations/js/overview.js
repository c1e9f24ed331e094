// The overview chart, on top of links that work without it:
// - one tab stop (a roving tabindex): Left/Right move between marks in time
//   order, Up/Down to the phases above and the axis below, Home/End to the
//   ends; Enter follows the link; the focused mark's date and title show
//   under the chart (and screen readers announce its name);
// - drag across it with a mouse or pen to choose a span: it fills From and To
//   and applies the filters (touch scrolls the chart instead);
// - an opened event rings its own mark and those of the events it links to.
(function () {
  "use strict";
  var drag = null;
  var ROWS = [".phase", ".mark, .bucket", ".tick"];

  function rowOf(link) {
    for (var i = 0; i < ROWS.length; i++) if (link.matches(ROWS[i])) return i;
    return -1;
  }

  function itemsIn(svg, row) {
    return Array.from(svg.querySelectorAll(ROWS[row]));
  }

  function centre(link) {
    var box = link.querySelector(".hit").getBBox();
    return box.x + box.width / 2;
  }

  function setCurrent(svg, link) {
    svg.querySelectorAll("a[tabindex='0']").forEach(function (other) { other.setAttribute("tabindex", "-1"); });
    link.setAttribute("tabindex", "0");
  }

  function prepare(root) {
    root.querySelectorAll("svg.overview-svg").forEach(function (svg) {
      if (svg.dataset.ready) return;
      svg.dataset.ready = "1";
      var links = svg.querySelectorAll("a");
      links.forEach(function (link) { link.setAttribute("tabindex", "-1"); });
      var first = svg.querySelector(".mark, .bucket") || links[0];
      if (first) first.setAttribute("tabindex", "0");
    });
    highlightLinks();
  }
  // A zoom chosen in the chart replaces it: focus returns to the new chart, not the page's top.
  var zoomedFromChart = false;
  document.addEventListener("DOMContentLoaded", function () { prepare(document); });
  document.addEventListener("htmx:beforeRequest", function (event) {
    zoomedFromChart = Boolean(event.detail.elt.closest && event.detail.elt.closest("svg.overview-svg"));
  });
  document.addEventListener("htmx:afterSettle", function () {
    prepare(document);
    var current = document.querySelector("svg.overview-svg a[tabindex='0']");
    if (zoomedFromChart && current) current.focus();
    zoomedFromChart = false;
  });

  document.addEventListener("keydown", function (event) {
    var link = event.target.closest && event.target.closest("svg.overview-svg a");
    if (!link) return;
    var svg = link.closest("svg"), row = rowOf(link), items = itemsIn(svg, row), index = items.indexOf(link);
    var next = null;
    if (event.key === "ArrowRight") next = items[index + 1];
    else if (event.key === "ArrowLeft") next = items[index - 1];
    else if (event.key === "Home") next = items[0];
    else if (event.key === "End") next = items[items.length - 1];
    else if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      var step = event.key === "ArrowUp" ? -1 : 1, x = centre(link);
      for (var other = row + step; other >= 0 && other < ROWS.length && !next; other += step) {
        itemsIn(svg, other).forEach(function (candidate) {
          if (!next || Math.abs(centre(candidate) - x) < Math.abs(centre(next) - x)) next = candidate;
        });
      }
    } else return;
    event.preventDefault();
    if (!next) return;
    setCurrent(svg, next);
    next.focus();
  });

  // What the focused link is (its date and title, a count, a phase), under the chart.
  document.addEventListener("focusin", function (event) {
    var link = event.target.closest && event.target.closest("svg.overview-svg a");
    if (!link) return;
    setCurrent(link.closest("svg"), link);
    var figure = link.closest(".overview"), readout = figure.querySelector(".overview-readout");
    readout.textContent = link.querySelector("title").textContent;
    readout.hidden = false;
    figure.querySelector(".overview-hint").hidden = true;
  });
  document.addEventListener("focusout", function (event) {
    var figure = event.target.closest && event.target.closest(".overview");
    if (!figure || (event.relatedTarget && figure.contains(event.relatedTarget))) return;
    figure.querySelector(".overview-readout").hidden = true;
    figure.querySelector(".overview-hint").hidden = false;
  });

  // Links to the chart's events: an expanded card rings its event and the events it links to.
  function slugOf(href) {
    var match = /\/events\/([^/]+)\/$/.exec(new URL(href, location.href).pathname);
    return match ? match[1] : null;
  }
  function highlightLinks() {
    var svg = document.querySelector("svg.overview-svg");
    if (!svg) return;
    var opened = [], linked = [];
    document.querySelectorAll(".event-detail").forEach(function (detail) {
      if (!detail.children.length) return;
      opened.push(detail.id.replace(/^detail-/, ""));
      detail.querySelectorAll(".event-links a[href]").forEach(function (a) {
        var slug = slugOf(a.getAttribute("href"));
        if (slug) linked.push(slug);
      });
    });
    svg.querySelectorAll(".mark").forEach(function (mark) {
      var slugs = mark.dataset.events ? mark.dataset.events.split(" ") : [slugOf(mark.getAttribute("href"))];
      var has = function (list) { return slugs.some(function (slug) { return list.indexOf(slug) >= 0; }); };
      mark.classList.toggle("opened", has(opened));
      mark.classList.toggle("linked", !has(opened) && has(linked));
    });
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a.expand")) setTimeout(highlightLinks, 0);
  });

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
    if (!svg || event.button !== 0 || event.pointerType === "touch") return;
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
    if (!current.moved) return; // a click: the links (marks, ticks, phases) handle it
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
    var svg = event.target.closest && event.target.closest("svg.overview-svg");
    if (svg && svg.querySelector(".brush:not([hidden])")) {
      event.preventDefault();
      svg.querySelector(".brush").setAttribute("hidden", "");
    }
  }, true);
})();
