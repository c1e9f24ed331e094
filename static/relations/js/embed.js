// The embedded timeline tells the page that frames it how tall it is, whenever that
// changes, so the host's resize script (embed-host.js) can fit the frame to it.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    // Only a height is sent: nothing in it is private, so any host may read it.
    window.parent.postMessage({ type: "relations-embed:height", height: height }, "*");
  }
  document.addEventListener("DOMContentLoaded", function () {
    new ResizeObserver(report).observe(document.body);
    report();
  });
})();
