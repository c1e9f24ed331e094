// A source's admin page: select words of a paragraph, then "Cite the selected words".
(() => {
  "use strict";
  const button = document.getElementById("cite-selection");
  if (!button) return;
  let chosen = null;
  const offsetIn = (root, node, offset) => {
    const range = document.createRange();
    range.selectNodeContents(root);
    range.setEnd(node, offset);
    return range.toString().length;
  };
  const update = () => {
    const selection = window.getSelection();
    chosen = null;
    if (selection && !selection.isCollapsed && selection.rangeCount) {
      const range = selection.getRangeAt(0);
      const root = range.commonAncestorContainer.nodeType === 1
        ? range.commonAncestorContainer.closest(".passage-words")
        : range.commonAncestorContainer.parentElement?.closest(".passage-words");
      if (root) {
        const start = offsetIn(root, range.startContainer, range.startOffset);
        const end = offsetIn(root, range.endContainer, range.endOffset);
        const quote = root.textContent.slice(start, end);
        if (quote.trim()) chosen = {passage: root.dataset.passage, start, end, quote};
      }
    }
    button.disabled = !chosen;
    button.textContent = chosen
      ? `Cite “${chosen.quote.length > 40 ? chosen.quote.slice(0, 39) + "…" : chosen.quote}” in an event`
      : "Select words of a paragraph to cite them in an event";
  };
  document.addEventListener("selectionchange", update);
  button.addEventListener("click", (event) => {
    event.preventDefault();
    if (!chosen) return;
    window.location.href = `${button.dataset.url}?${new URLSearchParams(chosen)}`;
  });
  update();
})();
