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

  // A result goes to the place on its page where the words were found: the nearest anchor before
  // them (in an action table, the action's own, else its recommendation's or learning point's
  // row), not the page's title.
  function address(data) {
    var first = Math.min.apply(null, data.locations && data.locations.length ? data.locations : [0]);
    var best = null;
    (data.anchors || []).forEach(function (anchor) {
      if (anchor.location > 0 && anchor.location <= first && (!best || anchor.location >= best.location)) best = anchor;
    });
    return best ? data.url.split("#")[0] + "#" + best.id : data.url;
  }

  function result(data) {
    var item = element("li", "", { class: "portal-search__result" });
    var heading = element("h2", "", { class: "portal-search__title" });
    heading.appendChild(element("a", data.meta.title || data.url, { href: address(data) }));
    item.appendChild(heading);
    var about = [data.meta.kind, data.meta.type, data.meta.partnership, data.meta.year].filter(Boolean);
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
    // The first few results as soon as they are loaded, then the rest; the status (announced to
    // screen readers) once all are shown.
    var hits = search.results.slice(0, SHOWN);
    var first = await Promise.all(hits.slice(0, FIRST).map(function (hit) { return hit.data(); }));
    if (run !== runs) return;
    list.replaceChildren.apply(list, first.map(result));
    var rest = await Promise.all(hits.slice(FIRST).map(function (hit) { return hit.data(); }));
    if (run !== runs) return;
    rest.forEach(function (found) { list.appendChild(result(found)); });
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
