/* NMS Handbook: "Copy summary" for the bedside checklists. A progressive enhancement only:
   without JavaScript the summary is still shown and selectable, and every result is drawn by CSS.
   The numbers and verdicts are CSS counters, which a text selection leaves out, so this script
   reads them from the computed `counter-reset` values that the stylesheet already calculates:
   it never re-evaluates the criteria itself. */
(function () {
  "use strict";

  // The verdict words (t + u = 0, 1, 2), written on the form from the same constant that
  // generates the stylesheet's @counter-style cl-verdict. Reading them from the stylesheet fails on
  // file://, where a script may not read cssRules.
  function verdictWords(box) {
    const form = box.closest("form");
    const words = form && form.dataset.verdictWords;
    return words ? words.split("|") : null;
  }

  function counters(el) {
    const out = {};
    const parts = el ? getComputedStyle(el).counterReset.trim().split(/\s+/) : [];
    for (let i = 0; i + 1 < parts.length; i += 2) out[parts[i]] = parts[i + 1];
    return out;
  }

  function text(node, words) {
    if (node.nodeType === Node.TEXT_NODE) return node.nodeValue.replace(/\s+/g, " ");
    if (node.nodeType !== Node.ELEMENT_NODE) return "";
    const style = getComputedStyle(node);
    if (style.display === "none") return "";
    let out = "";
    for (let c = node.firstChild; c; c = c.nextSibling) out += text(c, words);
    const m = /\bcl-c-(pt|pu|ua)\b/.exec(node.className);
    if (m) out += counters(node.closest(".cl-pts"))[m[1]] || "";
    if (node.classList.contains("cl-v") && words) out += words[Number(counters(node).verdict)] || "";
    if (style.display === "block" || style.display === "list-item") out = out.trim() + "\n";
    return out;
  }

  document.querySelectorAll(".cl-copy").forEach(function (box) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button cl-copy-button";
    button.textContent = "Copy summary";
    const status = document.createElement("span");
    status.className = "cl-copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      const summary = text(box, verdictWords(box)).split("\n").map(function (line) { return line.trim(); })
        .filter(Boolean).join("\n");
      box.dataset.copied = summary;
      status.textContent = "";  // a second copy says "Copied." again, and is announced again
      const done = function () { status.textContent = " Copied."; };
      // No clipboard: leave the summary, numbers included, selected in a box the reader copies from
      // (a selection of the summary itself would lose the numbers).
      const fallback = function () {
        const area = box.parentNode.querySelector("textarea.cl-copy-text") || document.createElement("textarea");
        area.className = "cl-copy-text";
        area.readOnly = true;
        area.rows = Math.min(summary.split("\n").length, 12);
        area.setAttribute("aria-label", "Summary for the notes, as text to copy");
        area.value = summary;
        box.parentNode.insertBefore(area, box);
        area.select();
        const ok = document.execCommand && document.execCommand("copy");
        status.textContent = ok ? " Copied." : " Copy the selected text above the summary.";
        if (ok) { area.remove(); button.focus(); }  // focus had moved into the box just removed
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(summary).then(done, fallback);
      } else {
        fallback();
      }
    });
    box.parentNode.insertBefore(button, box);
    box.parentNode.insertBefore(status, box);
    const hint = box.parentNode.querySelector(".cl-hint");
    if (hint) hint.textContent = "Copy summary copies this box with its scores and results, ready to paste into the notes.";
  });
})();
