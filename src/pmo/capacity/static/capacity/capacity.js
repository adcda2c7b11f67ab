// The capacity heat map: a click on a cell's button loads the assignments behind it (htmx).
document.addEventListener("click", (event) => {
  const button = event.target.closest(".heatmap button[data-i]");
  if (!button || typeof htmx === "undefined") return;
  const table = button.closest("table");
  const row = button.closest("tr").dataset.row;
  const url = `${table.dataset.cellUrl}&row=${encodeURIComponent(row)}&index=${button.dataset.i}`;
  htmx.ajax("GET", url, { target: "#capacity-cell", swap: "innerHTML" });
});
