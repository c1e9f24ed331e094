// The filters form and the way back: search history, the filters on a phone, typed dates,
// the expanded event kept in the address, "← Timeline" to the filtered list.
// Every part is an enhancement: without JavaScript the form and the links still work.
(function () {
  "use strict";

  // --- Search as you type: one history entry per search, not one per key. ---
  // While typing, each answer replaces the current entry; on Enter, on leaving the
  // field or after two seconds without typing, the entry typed over goes back to what
  // it was and the search is pushed as one new entry.
  var committed = location.href, typing = false, idle = null;

  function isSearchField(element) {
    return Boolean(element) && (element.id === "f-q" || element.id === "cite-q");
  }

  function commit() {
    clearTimeout(idle);
    typing = false;
    if (location.href === committed) return;
    var typed = location.href;
    history.replaceState({ htmx: true }, "", committed);
    history.pushState({ htmx: true }, "", typed);
    committed = typed;
  }

  document.addEventListener("input", function (event) {
    if (!isSearchField(event.target)) return;
    typing = true;
    clearTimeout(idle);
    idle = setTimeout(commit, 2000);
  });
  document.addEventListener("focusout", function (event) {
    if (isSearchField(event.target)) commit();
  });
  document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
    var config = event.detail.requestConfig || {}, trigger = config.triggeringEvent;
    var update = event.detail.history;
    if (trigger && trigger.type === "input" && isSearchField(trigger.target)) {
      update.type = "replace";
    } else if (update.type === "push" && location.href !== committed) {
      history.replaceState({ htmx: true }, "", committed); // the push ends the typing
      clearTimeout(idle);
      typing = false;
    }
  });
  document.addEventListener("htmx:pushedIntoHistory", function () { committed = location.href; });
  document.addEventListener("htmx:replacedInHistory", function () {
    if (!typing) committed = location.href; // an answer that came after the search was kept
  });
  window.addEventListener("popstate", function () { committed = location.href; });

  // "All of" the actors is the default: left out of the address, as "oldest first" is.
  document.addEventListener("htmx:configRequest", function (event) {
    var params = event.detail.parameters;
    if (event.detail.elt.closest && event.detail.elt.closest("#filters") && params.get("actors_match") === "all") {
      delete params.actors_match;
    }
  });

  // --- The timeline's address, for "← Timeline" on an event page. ---
  function rememberTimeline() {
    if (!document.getElementById("timeline-list") || !document.getElementById("filters")) return;
    try { sessionStorage.setItem("timeline", location.pathname + location.search); } catch (error) { /* not kept */ }
  }
  ["htmx:pushedIntoHistory", "htmx:replacedInHistory"].forEach(function (type) {
    document.addEventListener(type, rememberTimeline);
  });

  function linkBackToTimeline() {
    var link = document.querySelector("a.to-timeline[data-event]");
    var kept = null;
    try { kept = sessionStorage.getItem("timeline"); } catch (error) { kept = null; }
    if (link && kept && kept.charAt(0) === "/") {
      link.href = kept + "#event-" + link.getAttribute("data-event");
    }
  }

  // --- The filters on a phone: folded behind a button that counts them. ---
  var filtersOpen = false;

  function showFilters(open) {
    var button = document.getElementById("filters-button"), form = document.getElementById("filters");
    if (!button || !form) return;
    button.parentNode.hidden = false;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    form.classList.toggle("folded", !open);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("#filters-button");
    if (!button) return;
    filtersOpen = button.getAttribute("aria-expanded") !== "true";
    showFilters(filtersOpen);
    if (filtersOpen) document.getElementById("f-q").focus();
  });

  // --- A typed date is applied when the field is left; until then it says so. ---
  document.addEventListener("input", function (event) {
    if (!event.target.classList || !event.target.classList.contains("date-input")) return;
    var hint = document.getElementById("hint-" + event.target.name);
    if (hint) hint.textContent = "Not applied yet: press Enter or leave the field.";
  });

  // --- The expanded event is kept in the address (#event-<slug>), so Back from a
  // source opens it again where it was on the screen. ---
  function eventOf(detail) {
    return detail && detail.closest && detail.closest("article.event");
  }

  function setHash(hash) {
    var url = location.pathname + location.search + hash;
    history.replaceState(history.state, "", url);
    committed = location.href;
    history.scrollRestoration = hash ? "manual" : "auto";
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var card = eventOf(event.detail.target);
    if (card && event.detail.target.classList.contains("event-detail")) setHash("#" + card.id);
    if (event.detail.target.id === "browse") showFilters(filtersOpen);
  });
  document.addEventListener("htmx:confirm", function (event) {
    var link = event.detail.elt;
    // site.js has just folded an expanded event away: the address forgets it too.
    if (link.classList && link.classList.contains("expand") && event.defaultPrevented) {
      var card = link.closest("article.event");
      if (card && location.hash === "#" + card.id) setHash("");
    }
  });

  // Where the expanded card stood on the screen when the reader left.
  window.addEventListener("pagehide", function () {
    var card = location.hash.indexOf("#event-") === 0 && document.getElementById(location.hash.slice(1));
    if (!card) return;
    try {
      sessionStorage.setItem("card-top:" + location.href, String(Math.round(card.getBoundingClientRect().top)));
    } catch (error) { /* not kept */ }
  });

  function reopenEvent() {
    if (location.hash.indexOf("#event-") !== 0) return;
    var card = document.getElementById(location.hash.slice(1));
    var link = card && card.querySelector("a.expand");
    if (!link || link.getAttribute("aria-expanded") === "true") return;
    var top = null;
    try { top = sessionStorage.getItem("card-top:" + location.href); } catch (error) { top = null; }
    var place = function () {
      if (top === null) { card.scrollIntoView(); return; }
      window.scrollBy(0, card.getBoundingClientRect().top - Number(top));
    };
    card.addEventListener("htmx:afterSettle", function settled() {
      card.removeEventListener("htmx:afterSettle", settled);
      place();
      requestAnimationFrame(place); // once more, after cards above are laid out
    });
    link.click();
  }

  // On a phone a phase's description folds under its heading, so the heading does not
  // push the events off the screen; it is open without JavaScript and on wider screens.
  function foldPhases(root) {
    if (!window.matchMedia("(max-width: 40rem)").matches) return;
    root.querySelectorAll("details.phase-about[open]").forEach(function (details) { details.open = false; });
  }
  document.addEventListener("htmx:afterSwap", function (event) { foldPhases(event.detail.target); });

  document.addEventListener("DOMContentLoaded", function () {
    foldPhases(document);
    rememberTimeline();
    linkBackToTimeline();
    // Folded on a phone, unless a value in it needs the reader's attention.
    var errors = document.querySelectorAll("#filters .field-error:not([hidden])").length;
    filtersOpen = errors > 0 || !window.matchMedia("(max-width: 40rem)").matches;
    showFilters(filtersOpen);
    setTimeout(reopenEvent, 0); // after htmx has set up the links
  });
})();
