/* Result-table filter for the static pages (no server): tables marked data-filterable get a
   small form above them, built from the header cells that carry data-filter:
   "outcome" and "region" become a choice of the values present, "product" and "enterprise"
   a text box (substring, ignoring case and spaces). Rows that do not match are hidden.
   Initial values may come from the address (?outcome=不合格&enterprise=石化).
   Without JavaScript nothing is added and the full table shows. */
(function () {
  "use strict";
  var LABELS = { outcome: "抽检结果", region: "地区", product: "产品", enterprise: "生产企业" };
  var CHOICES = { outcome: true, region: true };
  var params = window.URLSearchParams ? new URLSearchParams(window.location.search) : null;

  function norm(text) {
    return (text || "").replace(/\s+/g, "").toLowerCase();
  }

  function setup(table, index) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var filters = [];
    var form = document.createElement("form");
    form.className = "table-filter";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "筛选结果");

    Array.prototype.forEach.call(heads, function (th, column) {
      var role = th.getAttribute("data-filter");
      if (!role || !LABELS[role]) return;
      var id = "tf-" + index + "-" + role;
      var label = document.createElement("label");
      label.setAttribute("for", id);
      label.textContent = LABELS[role];
      var control;
      if (CHOICES[role]) {
        var values = {};
        rows.forEach(function (tr) {
          var cell = tr.cells[column];
          var value = cell ? cell.textContent.trim() : "";
          if (value) values[value] = true;
        });
        var names = Object.keys(values).sort();
        if (names.length < 2) return; // nothing to choose between
        control = document.createElement("select");
        control.appendChild(new Option("全部", ""));
        names.forEach(function (name) { control.appendChild(new Option(name, name)); });
      } else {
        control = document.createElement("input");
        control.type = "search";
        control.placeholder = "输入" + LABELS[role] + "名称";
      }
      control.id = id;
      control.name = role;
      if (params && params.get(role)) control.value = params.get(role);
      label.appendChild(control);
      form.appendChild(label);
      filters.push({ column: column, control: control, exact: !!CHOICES[role] });
    });
    if (!filters.length) return;

    var status = document.createElement("p");
    status.className = "table-filter-status";
    status.setAttribute("aria-live", "polite");
    var reset = document.createElement("button");
    reset.type = "reset";
    reset.textContent = "清除筛选";
    form.appendChild(reset);

    function apply() {
      var shown = 0;
      rows.forEach(function (tr) {
        var match = filters.every(function (f) {
          var wanted = f.exact ? f.control.value : norm(f.control.value);
          if (!wanted) return true;
          var cell = tr.cells[f.column];
          var text = cell ? cell.textContent.trim() : "";
          return f.exact ? text === wanted : norm(text).indexOf(wanted) !== -1;
        });
        tr.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = "显示 " + shown + " / " + rows.length + " 条";
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    var anchor = table.closest(".table-wrap") || table;
    anchor.parentNode.insertBefore(form, anchor);
    anchor.parentNode.insertBefore(status, anchor);
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-filterable]"), setup);
})();
