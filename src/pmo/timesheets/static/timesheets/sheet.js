/* The timesheet grid: show a refused cell's message (422, with the grid as stored) in place.
   No business logic here: every rule lives in the server's services. */
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422 && event.detail.target.closest("#sheet-grid")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
