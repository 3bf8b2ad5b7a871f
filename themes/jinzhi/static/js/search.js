/* Search page: reads ?q=&type=&page=, calls the search API and renders hits, type counts
   and pagination. Hit fields are inserted as text; only `snippet` (already safe HTML with
   <mark>) is inserted as HTML. Without JavaScript the form still submits to /search/. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  // The CMS already rendered the answer on the server: nothing to do.
  if (form.hasAttribute("data-server-rendered")) return;

  var api = form.getAttribute("data-api") || "/api/search";
  var pageSize = parseInt(form.getAttribute("data-page-size"), 10) || 10;
  var statusEl = document.getElementById("search-status");
  var resultsEl = document.getElementById("search-results");
  var facetsEl = document.getElementById("search-facets");
  var pagesEl = document.getElementById("search-pages");

  var params = new URLSearchParams(window.location.search);
  var q = (params.get("q") || "").trim();
  var type = params.get("type") || "";
  var page = Math.max(1, parseInt(params.get("page"), 10) || 1);
  form.elements.q.value = q;
  form.elements.type.value = type;
  if (!q) return;

  var typeLabels = {};
  Array.prototype.forEach.call(form.elements.type.options, function (opt) {
    if (opt.value) typeLabels[opt.value] = opt.textContent;
  });

  var dateFormat = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit"
  });
  function shanghaiDate(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? "" : dateFormat.format(d);  // en-CA: YYYY-MM-DD
  }

  function pageHref(t, p) {
    var qs = new URLSearchParams({ q: q });
    if (t) qs.set("type", t);
    if (p > 1) qs.set("page", String(p));
    return "?" + qs.toString();
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text, attrs) {
    var a = el("a", "", text);
    a.href = href;
    Object.keys(attrs || {}).forEach(function (k) { a.setAttribute(k, attrs[k]); });
    return a;
  }

  function renderFacets(counts) {
    facetsEl.textContent = "";
    var keys = Object.keys(counts || {});
    if (!keys.length) return;
    var all = el("li");
    all.appendChild(link(pageHref("", 1), "全部", type ? {} : { "aria-current": "true" }));
    facetsEl.appendChild(all);
    keys.forEach(function (key) {
      var li = el("li");
      var label = (typeLabels[key] || key) + " (" + counts[key] + ")";
      li.appendChild(link(pageHref(key, 1), label, key === type ? { "aria-current": "true" } : {}));
      facetsEl.appendChild(li);
    });
  }

  function renderHits(hits) {
    resultsEl.textContent = "";
    hits.forEach(function (hit) {
      var li = el("li", "item");
      var href = /^\/(?!\/)/.test(hit.url || "") ? hit.url : "#";  // site paths only
      li.appendChild(link(href, hit.title, { "class": "item-title" }));
      var meta = el("p", "item-meta");
      meta.appendChild(el("span", "tag", hit.type_label || typeLabels[hit.type] || hit.type));
      meta.appendChild(el("time", "", shanghaiDate(hit.date)));
      li.appendChild(meta);
      var snippet = el("p", "snippet");
      snippet.innerHTML = hit.snippet || "";  // server-made, safe HTML with <mark>
      li.appendChild(snippet);
      resultsEl.appendChild(li);
    });
  }

  function renderPages(total) {
    pagesEl.textContent = "";
    var pages = Math.ceil(total / pageSize);
    if (pages <= 1) return;
    if (page > 1) pagesEl.appendChild(link(pageHref(type, page - 1), "上一页", { rel: "prev" }));
    pagesEl.appendChild(el("span", "current", "第 " + page + " / " + pages + " 页"));
    if (page < pages) pagesEl.appendChild(link(pageHref(type, page + 1), "下一页", { rel: "next" }));
  }

  statusEl.textContent = "正在搜索…";
  var query = new URLSearchParams({ q: q, type: type, page: String(page) });
  fetch(api + "?" + query.toString(), { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (data) {
      var total = data.total || 0;
      statusEl.textContent = total
        ? "找到 " + total + " 条与“" + q + "”相关的信息"
        : "没有找到与“" + q + "”相关的信息，请尝试其他关键词。";
      renderFacets((data.facets || {}).type);
      renderHits(data.hits || []);
      renderPages(total);
    })
    .catch(function () {
      statusEl.textContent = "搜索服务暂时不可用，请稍后再试。";
    });
})();
