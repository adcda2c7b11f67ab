/* The task grid: keyboard navigation, and letting htmx show refusals at the row.
   No business logic here: every rule lives in the server's services. */
(function () {
  "use strict";

  var GRID = "#task-grid";

  /* 422 (a refused edit) and 409 (someone else saved first) carry the row editor with the
     message at the row: swap them in like a success instead of dropping them. */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if ((status === 422 || status === 409) && event.detail.target.closest(GRID + ", #paste-panel")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll(GRID + " tbody > tr[id^='t-']"));
  }

  function focusRow(row) {
    if (!row) return;
    row.focus();
    row.scrollIntoView({ block: "nearest" });
  }

  /* Put the cursor in the first field of an editor that just appeared. */
  document.addEventListener("htmx:afterSwap", function () {
    var editor = document.querySelector(GRID + " tr.editing");
    if (!editor || editor.contains(document.activeElement)) return;
    var alert = editor.querySelector("[role=alert]");
    var input = editor.querySelector("input[name=name]");
    if (input) { input.focus(); if (!alert) input.select(); }
  });

  document.addEventListener("keydown", function (event) {
    var grid = document.querySelector(GRID);
    if (!grid || !grid.contains(event.target)) return;
    var row = event.target.closest("tr");
    if (!row) return;
    var inField = /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName);
    if (event.key === "Escape") {
      var cancel = row.querySelector("[data-cancel]");
      if (cancel) { event.preventDefault(); cancel.click(); }
      return;
    }
    if (inField) return;
    var list = rows();
    var index = list.indexOf(row);
    if (event.key === "ArrowDown" || event.key === "j") {
      event.preventDefault(); focusRow(list[Math.min(index + 1, list.length - 1)]);
    } else if (event.key === "ArrowUp" || event.key === "k") {
      event.preventDefault(); focusRow(list[Math.max(index - 1, 0)]);
    } else if (event.key === "Home" && event.ctrlKey) {
      event.preventDefault(); focusRow(list[0]);
    } else if (event.key === "End" && event.ctrlKey) {
      event.preventDefault(); focusRow(list[list.length - 1]);
    } else if ((event.key === "Enter" || event.key === "F2") && event.target === row) {
      var edit = row.querySelector(".row-edit");
      if (edit) { event.preventDefault(); edit.click(); }
    }
  });

  /* A click on a row (outside its links and fields) makes it the keyboard's current row. */
  document.addEventListener("click", function (event) {
    var row = event.target.closest(GRID + " tbody > tr[id^='t-']");
    if (row && !event.target.closest("a, button, input, select, textarea, label")) row.focus();
  });

  /* Paste rows: keep tab characters typed into the box (a spreadsheet paste already has them). */
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Tab" || !box.classList || !box.classList.contains("paste-box") || event.shiftKey) return;
    if (!event.ctrlKey && !event.altKey) {
      event.preventDefault();
      var start = box.selectionStart, end = box.selectionEnd;
      box.value = box.value.slice(0, start) + "\t" + box.value.slice(end);
      box.selectionStart = box.selectionEnd = start + 1;
    }
  });
})();
