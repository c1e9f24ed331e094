// The event form: each typed date is read back, as it will be stored, before saving.
(() => {
  "use strict";
  // The event admin's own helper: /admin/relations/event/read-date/, wherever the admin is.
  const url = window.location.pathname.replace(/\/relations\/event\/.*$/, "/relations/event/read-date/");
  for (const id of ["id_start_text", "id_end_text"]) {
    const field = document.getElementById(id);
    if (!field) continue;
    const shown = document.createElement("output");
    shown.className = "date-read-back";
    shown.id = `${id}_read`;
    shown.setAttribute("aria-live", "polite");
    shown.htmlFor = id;
    field.after(shown);
    field.setAttribute("aria-describedby", `${shown.id} ${field.getAttribute("aria-describedby") || ""}`.trim());
    let timer;
    const readBack = async () => {
      const text = field.value.trim();
      if (!text) { shown.textContent = ""; return; }
      const response = await fetch(`${url}?${new URLSearchParams({text})}`, {credentials: "same-origin"});
      if (!response.ok) return;
      const answer = await response.json();
      if (field.value.trim() !== text) return; // typed on since
      shown.classList.toggle("errornote", Boolean(answer.error));
      shown.textContent = answer.error || `Saved as “${answer.shown}” (${answer.span}).`;
    };
    field.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(readBack, 300); });
    field.addEventListener("change", readBack);
    if (field.value) readBack();
  }
})();
