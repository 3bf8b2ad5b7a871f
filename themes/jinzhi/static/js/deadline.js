/* Comment deadlines stay true on a static page built weeks ago.
 *
 * The export wrote whether comments were open on the day it ran; this re-decides it in the
 * reader's browser from the data-deadline attribute (YYYY-MM-DD, the last day comments are
 * accepted, Asia/Shanghai) and rewrites the state text. Without JavaScript the exported
 * text stands.
 */
(function () {
  "use strict";

  // Today's date in Asia/Shanghai as YYYY-MM-DD, whatever the reader's own time zone.
  function shanghaiToday() {
    var parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(new Date());
    var get = function (type) {
      return parts.filter(function (p) { return p.type === type; })[0].value;
    };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  function daysBetween(from, to) {
    return Math.round((Date.parse(to) - Date.parse(from)) / 86400000);
  }

  var today = shanghaiToday();
  var nodes = document.querySelectorAll("[data-deadline]");
  Array.prototype.forEach.call(nodes, function (node) {
    var deadline = node.getAttribute("data-deadline");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline)) return;
    var state = node.querySelector(".deadline-state") || node;
    var open = today <= deadline; // ISO dates compare as strings
    var left = daysBetween(today, deadline);
    state.textContent = open
      ? "开放评议中（" + (left === 0 ? "今天截止" : "还剩 " + left + " 天") + "）"
      : "评议已截止";
    node.classList.toggle("deadline-open", open);
    node.classList.toggle("deadline-closed", !open);
  });
})();
