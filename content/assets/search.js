// The search page (overrides/search.html): /search/?q=<words>&type=…&year=…&partnership=…&theme=…
// Results come from Pagefind's index of this site (site/pagefind/, made by `make site`): only the
// chunks a search needs are loaded, from this site; no cookies, nothing sent anywhere else.
// Text from the index is always put on the page as text (an excerpt's <mark> is the only element
// kept), so nothing a review's author wrote can become markup here.
// A module loaded from the page's head: Pagefind, and the part of its index the words in the
// address need, start loading at once, while the rest of the page loads; the form and the results
// are set up once the page is parsed.
var site = new URL("../", import.meta.url); // assets/search.js → the site's root
var loading = import(new URL("pagefind/pagefind.js", site).href).then(async function (pagefind) {
  // In the page's own thread: starting Pagefind's worker cost more than the search it runs.
  await pagefind.options({ baseUrl: site.pathname, noWorker: true });
  var words = (new URLSearchParams(location.search).get("q") || "").trim();
  if (words) pagefind.preload(words).catch(function () {}); // a failure shows when the search runs
  return pagefind;
});

function start() {
  var root = document.querySelector("[data-portal-search]");
  if (!root) return;
  var form = root.querySelector("form");
  var input = form.querySelector("input[name=q]");
  var status = root.querySelector("[data-portal-search-status]");
  var list = root.querySelector("[data-portal-search-results]");
  var filtersBox = root.querySelector("[data-portal-search-filters]");
  var FACETS = [["type", "Type of review"], ["year", "Year"], ["partnership", "Partnership"], ["theme", "Theme"]];
  var SHOWN = 50; // results on the page; the count says how many there are in all
  var FIRST = 10; // shown before the others have loaded
  var runs = 0; // searches started: only the newest one's results are shown
  var chosen = {};
  var pagefind = null;
  var filtersLoaded = false;

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  function readAddress() {
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    FACETS.forEach(function (facet) { chosen[facet[0]] = params.getAll(facet[0]); });
  }

  function writeAddress(push) {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    FACETS.forEach(function (facet) {
      chosen[facet[0]].forEach(function (value) { params.append(facet[0], value); });
    });
    var address = location.pathname + (params.toString() ? "?" + params.toString() : "");
    history[push ? "pushState" : "replaceState"](null, "", address);
  }

  // An excerpt is text with <mark> around the words found: rebuilt from text nodes and marks only.
  function excerpt(source) {
    var paragraph = element("p", "", { class: "portal-search__excerpt" });
    var parsed = new DOMParser().parseFromString("<body>" + source + "</body>", "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") paragraph.appendChild(element("mark", node.textContent));
      else paragraph.appendChild(document.createTextNode(node.textContent));
    });
    return paragraph;
  }

  // The first of the words found that the result's excerpt shows, as a word of the record.
  // Pagefind shows the part of a record where the words are closest together, which may be on
  // another of its pages than where they first are: the result links to the words it shows. The
  // excerpt's words are the record's text, with < and > written &lt; and &gt;, split at white
  // space from where it starts (Pagefind's own rule); it is found by all its words. Else the first
  // of the words found.
  function firstShown(data) {
    var locations = (data.locations || []).slice().sort(function (a, b) { return a - b; });
    if (!locations.length) return 0;
    var text = data.raw_content || (data.content || "").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    var words = text.split(/[\r\n\s]+/g);
    var shown = (data.plain_excerpt || "").split(/[\r\n\s]+/g).filter(Boolean);
    for (var start = 0; shown.length && start + shown.length <= words.length; start++) {
      var at = 0;
      while (at < shown.length && words[start + at] === shown[at]) at++;
      if (at === shown.length) {
        var inside = locations.filter(function (location) { return location >= start && location < start + at; });
        if (inside.length) return inside[0];
        break;
      }
    }
    return locations[0];
  }

  // A result is a review: its overview, briefing and action table are one record of the index
  // (generator/search_index.py), each page of it after a marker, `portal-page-N`, whose address
  // and kind are the record's `page-N` and `kind-N`. A result goes to the place where the words
  // were found: on the page they are on, the nearest anchor before them (in an action table, the
  // action's own, else its recommendation's or learning point's row); the page itself when there
  // is none on that page before them. Of two anchors at the same place, the outer one (a row,
  // not its first cell).
  function place(data) {
    var first = firstShown(data);
    var page = null;
    var best = null;
    (data.anchors || []).forEach(function (anchor) {
      if (anchor.location > first) return;
      var marker = /^portal-page-(\d+)$/.exec(anchor.id);
      if (marker) {
        if (!page || anchor.location >= page.location) { page = { number: marker[1], location: anchor.location }; best = null; }
      } else if (page && anchor.location > page.location && (!best || anchor.location > best.location)) {
        best = anchor;
      }
    });
    var meta = data.meta || {};
    var number = page ? page.number : "0";
    var url = data.url.split("#")[0];
    var address = meta["page-" + number] || "./";
    var href = new URL(address, new URL(url, location.href)).pathname;
    return { href: href + (best ? "#" + best.id : ""), kind: meta["kind-" + number] || "" };
  }

  function result(data) {
    var item = element("li", "", { class: "portal-search__result" });
    var heading = element("h2", "", { class: "portal-search__title" });
    var found = place(data);
    heading.appendChild(element("a", data.meta.title || data.url, { href: found.href }));
    item.appendChild(heading);
    var about = [found.kind, data.meta.type, data.meta.partnership, data.meta.year].filter(Boolean);
    item.appendChild(element("p", about.join(" · "), { class: "portal-search__about" }));
    item.appendChild(excerpt(data.excerpt || ""));
    return item;
  }

  function renderFilters(counts) {
    filtersBox.replaceChildren();
    FACETS.forEach(function (facet) {
      var name = facet[0];
      var values = Object.keys(counts[name] || {}).sort().filter(function (value) {
        return counts[name][value] > 0 || chosen[name].indexOf(value) !== -1;  // none found: no option
      });
      if (!values.length) return;
      var group = element("fieldset", "", { class: "portal-search__facet" });
      group.appendChild(element("legend", facet[1]));
      values.forEach(function (value, index) {
        var id = "portal-filter-" + name + "-" + index;
        var box = element("input", "", { type: "checkbox", id: id, name: name, value: value });
        box.checked = chosen[name].indexOf(value) !== -1;
        box.addEventListener("change", function () {
          chosen[name] = chosen[name].filter(function (kept) { return kept !== value; });
          if (box.checked) chosen[name].push(value);
          writeAddress(false);
          run();
        });
        var label = element("label", value + " (" + counts[name][value] + ")", { for: id });
        var row = element("div", "", { class: "portal-search__option" });
        row.append(box, label);
        group.appendChild(row);
      });
      filtersBox.appendChild(group);
    });
  }

  async function run() {
    var run = ++runs; // only the newest search shows anything
    var words = input.value.trim();
    var filters = {};
    FACETS.forEach(function (facet) { if (chosen[facet[0]].length) filters[facet[0]] = { any: chosen[facet[0]] }; });
    if (!words && !Object.keys(filters).length) {
      list.replaceChildren();
      status.textContent = "Type words to search every review's overview, briefing and action table, or choose a filter.";
      var all = await pagefind.filters();
      filtersLoaded = true;
      if (run === runs) renderFilters(all);
      return;
    }
    var search = await pagefind.search(words || null, { filters: filters });
    if (run !== runs) return; // a newer search has started: it shows its own results
    // Each of the first few results as soon as it is loaded (in order), then the rest; the status
    // (announced to screen readers) once all are shown.
    var hits = search.results.slice(0, SHOWN);
    var first = hits.slice(0, FIRST).map(function (hit) { return hit.data(); });
    if (!first.length) list.replaceChildren();
    for (var shown = 0; shown < first.length; shown++) {
      var found = await first[shown];
      if (run !== runs) return;
      if (shown === 0) list.replaceChildren();
      list.appendChild(result(found));
    }
    var rest = await Promise.all(hits.slice(FIRST).map(function (hit) { return hit.data(); }));
    if (run !== runs) return;
    rest.forEach(function (data) { list.appendChild(result(data)); });
    var count = search.results.length;
    var said = count === 1 ? "1 result" : count + " results";
    if (words) said += " for “" + words + "”";
    if (count > SHOWN) said += "; the first " + SHOWN + " are shown";
    status.textContent = said + ".";
    // The results first; then the filters' counts, which need the filters loaded (once).
    if (!filtersLoaded) {
      await pagefind.filters();
      filtersLoaded = true;
      search = await pagefind.search(words || null, { filters: filters });
    }
    if (run === runs) renderFilters(search.filters || {});
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    writeAddress(true);
    run();
  });
  window.addEventListener("popstate", function () { readAddress(); run(); });

  readAddress();
  loading.then(async function (module) {
    pagefind = module;
    await run();
  }, function () {
    status.textContent = "Search is not available in this copy of the site: its index is made by make site.";
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
