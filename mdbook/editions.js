// The book's two editions, English and Chinese (zh-CN), and a search that finds words of
// both, Chinese included.
//
// The language switch: a link in the menu bar to the same page in the other edition.
// The English book is at the site's root, the Chinese one in its folder zh-CN/
// (mdbook/build.py builds both).
//
// The search: mdBook's own search drops Chinese characters, so the built site
// (mdbook/build.py) turns it off and indexes both editions with Pagefind, which cuts
// Chinese text into words and keeps one index per language. This script gives the menu
// bar a search button that uses that index: `s` or `/` opens it, and an address ending in
// `?search=WORD` opens it with WORD's results, as mdBook's search does. Under
// `mdbook serve` (no Pagefind index) mdBook's own search is on and this script leaves it
// alone: English words are found, Chinese ones need the built site.
(() => {
  "use strict";
  const lang = document.documentElement.lang || "en";
  const chinese = lang.toLowerCase().startsWith("zh");
  // mdBook sets `path_to_root` on every page ("" or "../" ...).
  const toRoot = typeof path_to_root === "string" ? path_to_root : "";
  const bookRoot = new URL(toRoot || "./", document.baseURI);
  const siteRoot = chinese ? new URL("../", bookRoot) : bookRoot;

  // The page's path inside its edition, e.g. "tcp-loop.html", with query and anchor.
  const here = new URL(window.location.href);
  let page = here.pathname.startsWith(bookRoot.pathname)
    ? here.pathname.slice(bookRoot.pathname.length)
    : "";
  if (page === "") page = "index.html";

  function menuLink(text, href, title) {
    const link = document.createElement("a");
    link.href = href;
    link.textContent = text;
    link.title = title;
    link.className = "edition-switch";
    link.setAttribute("lang", chinese ? "en" : "zh-CN");
    return link;
  }

  const right = document.querySelector(".right-buttons");
  if (right) {
    const other = chinese ? siteRoot : new URL("zh-CN/", siteRoot);
    const href = new URL(page, other);
    href.hash = here.hash;
    right.prepend(
      chinese
        ? menuLink("English", href.href, "Read this page in English")
        : menuLink("中文", href.href, "阅读本页的中文版"),
    );
  }

  // mdBook's own search is on (`mdbook serve`): leave it be.
  if (document.getElementById("mdbook-search-toggle")) return;
  const left = document.querySelector(".left-buttons");
  if (!left) return;

  const words = chinese
    ? { button: "搜索", placeholder: "搜索本书……", none: "没有找到", missing: "搜索索引尚未生成：运行 python3 mdbook/build.py" }
    : { button: "Search", placeholder: "Search this book ...", none: "No results", missing: "No search index: build the site with python3 mdbook/build.py" };

  const button = document.createElement("button");
  button.id = "edition-search-toggle";
  button.className = "icon-button";
  button.type = "button";
  button.title = `${words.button} (s)`;
  button.setAttribute("aria-label", words.button);
  button.innerHTML =
    '<span class="fa-svg"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="16" height="16"><path d="M416 208c0 45.9-14.9 88.3-40 122.7L502.6 457.4c12.5 12.5 12.5 32.8 0 45.3s-32.8 12.5-45.3 0L330.7 376c-34.4 25.2-76.8 40-122.7 40C93.1 416 0 322.9 0 208S93.1 0 208 0S416 93.1 416 208zM208 352c79.5 0 144-64.5 144-144s-64.5-144-144-144S64 128.5 64 208s64.5 144 144 144z"/></svg></span>';
  left.append(button);

  const panel = document.createElement("div");
  panel.id = "edition-search";
  panel.hidden = true;
  panel.innerHTML =
    '<input type="search" id="edition-searchbar" autocomplete="off">' +
    '<p id="edition-search-status" aria-live="polite"></p>' +
    '<ul id="edition-search-results"></ul>';
  const menu = document.getElementById("mdbook-menu-bar") || left.parentElement;
  menu.after(panel);
  const input = panel.querySelector("input");
  const status = panel.querySelector("p");
  const list = panel.querySelector("ul");
  input.placeholder = words.placeholder;

  let pagefind = null;
  async function load() {
    if (!pagefind) {
      pagefind = await import(new URL("pagefind/pagefind.js", siteRoot).href);
      await pagefind.options({ baseUrl: siteRoot.pathname });
      await pagefind.init();
    }
    return pagefind;
  }

  let asked = 0;
  async function search(term) {
    const ask = ++asked;
    list.replaceChildren();
    status.textContent = "";
    if (!term.trim()) return;
    let hits;
    try {
      const index = await load();
      hits = (await index.search(term)).results;
      // Pagefind cuts Chinese text into words by a dictionary, and cuts a word
      // such as 套接字 differently in different sentences (套 + 接字), so a
      // search for the whole word misses most pages that have it. Each Chinese
      // character searched as a term of its own finds them all; the pages
      // where the whole word matched come first.
      const split = term.replace(/[\u3400-\u9fff]/g, " $& ").trim();
      if (split !== term.trim()) {
        const seen = new Set(hits.map((h) => h.id));
        for (const hit of (await index.search(split)).results) {
          if (!seen.has(hit.id)) hits.push(hit);
        }
      }
    } catch (err) {
      status.textContent = words.missing;
      return;
    }
    const results = await Promise.all(hits.slice(0, 20).map((r) => r.data()));
    if (ask !== asked) return; // a later search has begun
    status.textContent = results.length ? `${hits.length}` : words.none;
    for (const result of results) {
      const item = document.createElement("li");
      item.className = "edition-search-result";
      const link = document.createElement("a");
      link.href = result.url;
      link.textContent = (result.meta && result.meta.title) || result.url;
      const excerpt = document.createElement("p");
      excerpt.innerHTML = result.excerpt; // Pagefind's excerpt: text with <mark>s
      item.append(link, excerpt);
      list.append(item);
    }
  }

  function open(term) {
    panel.hidden = false;
    if (term !== undefined) input.value = term;
    input.focus();
    search(input.value);
  }

  button.addEventListener("click", () => (panel.hidden ? open() : (panel.hidden = true)));
  input.addEventListener("input", () => search(input.value));
  input.addEventListener("keydown", (e) => {
    if (e.key === "Escape") panel.hidden = true;
  });
  document.addEventListener("keydown", (e) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === "s" || e.key === "/")) {
      e.preventDefault();
      open();
    }
  });
  const asked_for = here.searchParams.get("search");
  if (asked_for) open(asked_for);
})();
