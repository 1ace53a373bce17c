// Served as a file, not inline (the Content-Security-Policy allows scripts from this site only):
// on a batch form (待我签批, 会签时限) 「全选」 ticks or clears every row, follows the rows ticked one
// by one, and the form says how many are ticked — also after a refusal put the ticks back (forms.js).
(function () {
  function sync(form) {
    var rows = form.querySelectorAll("input[name=item]");
    var ticked = Array.prototype.filter.call(rows, function (r) { return r.checked; }).length;
    var all = form.querySelector("input[data-select-all]");
    if (all) {
      all.checked = rows.length > 0 && ticked === rows.length;
      all.indeterminate = ticked > 0 && ticked < rows.length;
    }
    var shown = form.querySelector("[data-picked]");
    if (shown) shown.textContent = ticked ? "已选 " + ticked + " 件" : "";
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    var form = box.form;
    if (!form || !form.classList.contains("batch-form")) return;
    if (box.hasAttribute("data-select-all")) {
      form.querySelectorAll("input[name=item]").forEach(function (r) { r.checked = box.checked; });
    }
    sync(form);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.batch-form").forEach(sync);
  });
})();
