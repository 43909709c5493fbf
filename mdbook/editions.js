// The book's two editions, English and Chinese (zh-CN), and a search that finds words of
// both, Chinese included.
//
// The language switch: a link in the menu bar to the same page in the other edition.
// On the whole site (mdbook/build.py) the English book is at the site's root and the
// Chinese one in its folder zh-CN/. An edition built or served on its own
// (`mdbook serve mdbook`) has no other edition beside it: there the switch is shown
// disabled, its tooltip saying how to get both, rather than leading to a missing page.
//
// The search: mdBook's own search drops Chinese characters, so it is off (book.toml) and
// this script gives the menu bar a search button instead: `s` or `/` opens it, and an
// address ending in `?search=WORD` opens it with WORD's results, as mdBook's does. It
// searches, in the edition the reader is in:
// - on the whole site, the Pagefind index that mdbook/build.py makes of both editions,
//   one index per language (see `searchIndex`);
// - wherever that index is not there (`mdbook serve`, a book built with `mdbook build`
//   alone, any static host of one edition), the book's own print.html, which holds every
//   chapter: a plain search for the words in its text (see `searchPrintPage`).
(() => {
  "use strict";
  const lang = document.documentElement.lang || "en";
  const chinese = lang.toLowerCase().startsWith("zh");
  // mdBook sets `path_to_root` on every page ("" or "../" ...).
  const toRoot = typeof path_to_root === "string" ? path_to_root : "";
  const bookRoot = new URL(toRoot || "./", document.baseURI);
  const siteRoot = chinese ? new URL("../", bookRoot) : bookRoot;

  // The page's path inside its edition, e.g. "tcp-loop.html".
  const here = new URL(window.location.href);
  let page = here.pathname.startsWith(bookRoot.pathname)
    ? here.pathname.slice(bookRoot.pathname.length)
    : "";
  if (page === "") page = "index.html";

  const words = chinese
    ? {
        other: "English",
        otherTitle: "Read this page in English",
        otherMissing:
          "这里只有中文版。要同时阅读两个版本，先运行 python3 mdbook/build.py 生成整个网站，" +
          "再托管 mdbook/book 目录（例如 python3 -m http.server -d mdbook/book）。",
        button: "搜索",
        placeholder: "搜索本书……",
        none: "没有找到",
        missing: "无法搜索：找不到搜索索引，也找不到 print.html",
      }
    : {
        other: "中文",
        otherTitle: "阅读本页的中文版",
        otherMissing:
          "The Chinese edition is not served here. To read both editions, build the site " +
          "with python3 mdbook/build.py, then serve mdbook/book " +
          "(e.g. python3 -m http.server -d mdbook/book).",
        button: "Search",
        placeholder: "Search this book ...",
        none: "No results",
        missing: "Cannot search: there is neither a search index nor print.html",
      };

  // ---------------------------------------------------------------------------------
  // The language switch

  const right = document.querySelector(".right-buttons");
  if (right) {
    const other = chinese ? siteRoot : new URL("zh-CN/", siteRoot);
    const target = new URL(page, other);
    target.hash = here.hash;
    const link = document.createElement("a");
    link.href = target.href;
    link.textContent = words.other;
    link.title = words.otherTitle;
    link.className = "edition-switch";
    link.setAttribute("lang", chinese ? "en" : "zh-CN");
    right.prepend(link);

    const disable = () => {
      link.removeAttribute("href");
      link.setAttribute("aria-disabled", "true");
      link.setAttribute("tabindex", "0"); // so that a keyboard reaches its tooltip
      link.classList.add("edition-switch-off");
      link.title = words.otherMissing;
    };
    if (target.pathname === here.pathname) {
      // The Chinese edition served at the site's root on its own
      // (MDBOOK_BOOK__LANGUAGE=zh-CN mdbook serve mdbook): "../" is this page again.
      disable();
    } else if (here.protocol === "http:" || here.protocol === "https:") {
      // Is the other edition served here? Only a clear "not found" disables the link:
      // a server that refuses HEAD, or a failed request, leaves it as it is.
      fetch(target.href, { method: "HEAD", cache: "no-store" })
        .then((answer) => {
          if (answer.status === 404 || answer.status === 410) disable();
        })
        .catch(() => {});
    }
  }

  // ---------------------------------------------------------------------------------
  // The search box

  // mdBook's own search was turned back on: leave it be.
  if (document.getElementById("mdbook-search-toggle")) return;
  const left = document.querySelector(".left-buttons");
  if (!left) return;

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

  // At most this many pages are listed.
  const MAX_RESULTS = 20;

  // Chinese characters (CJK Unified Ideographs, Extension A, Compatibility Ideographs),
  // as mdbook/build.py finds them, and what else Chinese text holds: CJK punctuation
  // and full-width forms.
  const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
  const WIDE = `${HAN}\\u3000-\\u303f\\uff00-\\uffef`;
  const hanChar = new RegExp(`[${HAN}]`, "g");
  const hanRun = new RegExp(`[${HAN}]+`, "g");
  // mdbook/build.py puts a space each side of every Chinese character of the English
  // pages before Pagefind reads them, so their text comes back as
  // 面 向 锁 的 套 接 字 方 法 ( 关 机 ). `joinHan` takes those spaces out again: between
  // two Chinese characters or marks, after an opening bracket or quote, and before a
  // closing one or a stop. (A space the page had there goes too; Chinese text has none.)
  const spaces = [
    [new RegExp(`([${WIDE}])\\s+(?=[${WIDE}])`, "g"), "$1"],
    [new RegExp(`([“‘(（])\\s+(?=[${HAN}])`, "g"), "$1"],
    [new RegExp(`([${HAN}])\\s+(?=[”’)）,.;:!?])`, "g"), "$1"],
  ];
  const joinHan = (text) => spaces.reduce((t, [space, kept]) => t.replace(space, kept), text);
  // The words of a search, for the excerpts.
  const needlesOf = (term) => term.toLowerCase().split(/\s+/).filter(Boolean);

  // The search on the site's Pagefind index. Resolves to the results, or rejects when
  // there is no index (then the print page is searched).
  let pagefind = null;
  async function searchIndex(term) {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (index) => {
        await index.options({ baseUrl: siteRoot.pathname });
        await index.init();
        return index;
      });
    }
    const index = await pagefind;
    const hits = (await index.search(term)).results;
    // Chinese words are searched as their characters too. Pagefind cuts the Chinese
    // edition's text into words by a dictionary, and cuts a word such as 套接字
    // differently in different sentences (套 + 接字), so a search for the whole word
    // misses pages that have it; and in the English edition's index every Chinese
    // character is a word of its own (mdbook/build.py). The pages where the whole
    // word matched come first. Of the pages found by the characters, only those where
    // they stand side by side, as in the word, are kept.
    const runs = term.match(hanRun) || [];
    const split = term.replace(hanChar, " $& ").trim();
    if (split !== term.trim()) {
      const seen = new Set(hits.map((h) => h.id));
      for (const hit of (await index.search(split)).results) {
        if (!seen.has(hit.id)) hits.push(hit);
      }
    }
    // Without a Chinese word, only the pages listed are loaded (the number found is
    // Pagefind's); with one, every page found is, to see whether it has the word.
    const shown = runs.length ? hits : hits.slice(0, MAX_RESULTS);
    const found = (await Promise.all(shown.map((h) => h.data()))).filter((data) =>
      runs.every((run) => joinHan(data.content).includes(run)),
    );
    // Pagefind's excerpt is the page's text (escaped) with <mark>s: for a Chinese word,
    // its characters marked one by one, around the first place where some of them are.
    // Then the excerpt is made here instead, around the word itself.
    const results = found.map((data) => ({
      url: data.url,
      title: joinHan((data.meta && data.meta.title) || data.url),
      ...(runs.length
        ? { excerpt: excerpt(joinHan(data.content), needlesOf(term)) }
        : { excerptHtml: data.excerpt }),
    }));
    return { total: runs.length ? results.length : hits.length, results };
  }

  // The book's print.html, cut into chapters: [{ url, title, sections: [{ anchor, text }] }].
  let printed = null;
  function readPrintPage() {
    printed ??= (async () => {
      const read = async (name) => {
        const answer = await fetch(new URL(name, bookRoot));
        if (!answer.ok) throw new Error(`${name}: ${answer.status}`);
        return new DOMParser().parseFromString(await answer.text(), "text/html");
      };
      const [print, toc] = await Promise.all([read("print.html"), read("toc.html")]);
      // The chapters' pages, in the book's order: the links of toc.html, the table of
      // contents mdBook writes for readers without JavaScript.
      const pages = [...toc.querySelectorAll("ol.chapter a[href]")].map((a) => a.getAttribute("href"));
      const main = print.querySelector("main");
      if (!main) throw new Error("print.html has no <main>");
      // A space after each cell, item and block, so that their words stay apart in the
      // text (textContent runs them together).
      for (const block of main.querySelectorAll("p, li, td, th, dt, dd, pre, br, div, blockquote")) {
        block.append(" ");
      }
      // print.html is every chapter in that order, each after a page break (a <div>
      // styled break-before) but the first; each heading opens a section.
      const chapters = [];
      let chapter = null;
      let section = null;
      const idsSeen = new Map();
      for (const element of main.children) {
        const pageBreak = element.matches('div[style*="break-before"]');
        if (!chapter || pageBreak) {
          const url = pages[chapters.length];
          if (url === undefined) break;
          chapter = { url: new URL(url, bookRoot).href, title: "", sections: [] };
          chapters.push(chapter);
          section = { anchor: "", text: "" };
          chapter.sections.push(section);
          if (pageBreak) continue;
        }
        if (/^H[1-6]$/.test(element.tagName)) {
          const anchor = pageAnchor(element.id, idsSeen);
          if (!chapter.title) {
            // The page's title: what comes under it links to the page itself.
            chapter.title = element.textContent.trim();
          } else {
            section = { anchor, text: "" };
            chapter.sections.push(section);
          }
        }
        section.text += " " + element.textContent;
      }
      for (const c of chapters) {
        for (const s of c.sections) s.text = s.text.replace(/\s+/g, " ").trim();
      }
      return chapters;
    })();
    return printed;
  }

  // A heading's id on its own page, from its id in print.html. mdBook makes the ids of
  // print.html unique across the book: the second "exercises" becomes "exercises-1",
  // the third "exercises-2", and so on. `seen` counts each id met so far.
  function pageAnchor(id, seen) {
    if (!id) return "";
    const numbered = /^(.+)-(\d+)$/.exec(id);
    const base = numbered && seen.get(numbered[1]) === Number(numbered[2]) ? numbered[1] : id;
    seen.set(base, (seen.get(base) || 0) + 1);
    return base;
  }

  // The search on print.html: the pages whose text holds every word of the term
  // (case aside), the most occurrences first; each links to the section of its first
  // match and shows the text around it.
  async function searchPrintPage(term) {
    const chapters = await readPrintPage();
    const needles = needlesOf(term);
    const count = (text, needle) => text.split(needle).length - 1;
    const results = [];
    for (const chapter of chapters) {
      const lower = chapter.sections.map((s) => s.text.toLowerCase());
      const whole = lower.join(" ");
      if (!needles.every((n) => whole.includes(n))) continue;
      const score = needles.reduce((sum, n) => sum + count(whole, n), 0);
      // The first section with every word, else the first with the first word.
      let at = lower.findIndex((text) => needles.every((n) => text.includes(n)));
      if (at < 0) at = lower.findIndex((text) => text.includes(needles[0]));
      const section = chapter.sections[at];
      const url = new URL(chapter.url);
      if (section.anchor) url.hash = section.anchor;
      results.push({ url: url.href, title: chapter.title, score, excerpt: excerpt(section.text, needles) });
    }
    results.sort((a, b) => b.score - a.score); // a stable sort: the book's order after that
    return { total: results.length, results };
  }

  // About 160 characters of `text` around the first of the `needles`, as nodes: text
  // and <mark>s.
  function excerpt(text, needles) {
    const lower = text.toLowerCase();
    const first = Math.min(...needles.map((n) => lower.indexOf(n)).filter((i) => i >= 0));
    const start = Math.max(0, first - 70);
    const end = Math.min(text.length, first + 90);
    const nodes = [start > 0 ? "… " : ""];
    let i = start;
    while (i < end) {
      // The next match of any needle inside the window.
      let next = end;
      let length = 0;
      for (const n of needles) {
        const j = lower.indexOf(n, i);
        if (j >= 0 && j < next) [next, length] = [j, n.length];
      }
      nodes.push(text.slice(i, next));
      if (next >= end) break;
      const mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + length);
      nodes.push(mark);
      i = next + length;
    }
    if (end < text.length) nodes.push(" …");
    return nodes;
  }

  let asked = 0;
  async function search(term) {
    const ask = ++asked;
    if (!term.trim()) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    let found;
    try {
      found = await searchIndex(term);
    } catch (noIndex) {
      try {
        found = await searchPrintPage(term);
      } catch (noPrintPage) {
        if (ask === asked) status.textContent = words.missing;
        return;
      }
    }
    if (ask !== asked) return; // a later search has begun
    list.replaceChildren();
    status.textContent = found.total ? `${found.total}` : words.none;
    for (const result of found.results.slice(0, MAX_RESULTS)) {
      const item = document.createElement("li");
      item.className = "edition-search-result";
      const link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.title || result.url;
      const text = document.createElement("p");
      if (result.excerptHtml !== undefined) text.innerHTML = result.excerptHtml;
      else text.append(...result.excerpt);
      item.append(link, text);
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
  const askedFor = here.searchParams.get("search");
  if (askedFor) open(askedFor);
})();
