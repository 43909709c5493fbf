// What .ci/book-check measures inside a page of the built book, once its scripts
// have run (mermaid has drawn, the fonts have loaded). Playwright evaluates this
// expression with { wide, minFontPx } and gets back { problems, notes, counts }.
// `wide` is true at the desktop width (1280 px), where everything is checked and
// a table wider than the content column is a problem; at the phone width only
// what depends on the width is looked at again: a table that scrolls sideways
// is a note there, a page that scrolls sideways is a problem.
({ wide, minFontPx }) => {
  const problems = [];
  const notes = [];
  const counts = { code: 0, diagrams: 0, labels: 0, tables: 0 };
  const short = (text, n = 60) => {
    const one = (text || "").replace(/\s+/g, " ").trim();
    return one.length > n ? one.slice(0, n - 1) + "…" : one;
  };
  // Tables: no wider than the content column. mdBook wraps each in a
  // `.table-wrapper` that scrolls, so a wide table hides its last columns until
  // the reader scrolls sideways.
  const widths = () => {
    const column = main.getBoundingClientRect().width;
    for (const table of main.querySelectorAll("table")) {
      counts.tables += 1;
      const width = Math.max(table.scrollWidth, table.getBoundingClientRect().width);
      if (width > column + 1) {
        const head = short(table.querySelector("tr") && table.querySelector("tr").innerText, 50);
        const text = `a table is ${Math.round(width)} px wide, the content column ${Math.round(column)} px: ${JSON.stringify(head)}`;
        (wide ? problems : notes).push(text);
      }
    }
    // Nothing else is wider than the column: code blocks and tables scroll
    // inside their own box, which does not widen <main>; anything else that
    // is too wide is cut off, or makes the whole page scroll sideways.
    if (main.scrollWidth > main.clientWidth + 1) {
      const wider = [...main.querySelectorAll("*")].find(
        (e) => e.getBoundingClientRect().right > main.getBoundingClientRect().right + 1
      );
      problems.push(
        `the content is ${main.scrollWidth} px wide, the column ${main.clientWidth} px` +
          (wider ? `: ${JSON.stringify(short(wider.textContent, 50))}` : "")
      );
    }
    return { problems, notes, counts };
  };

  const main = document.querySelector("main");
  // mdBook's toc.html (the table of contents for readers without JavaScript)
  // has no <main>; every other page has one.
  if (!main) {
    if (!/\/toc\.html$/.test(location.pathname)) {
      problems.push("no content (the page has no <main>)");
    }
    return { problems, notes, counts };
  }
  // Open every fold (an exercise's solution), so that what it holds is
  // measured as a reader who opens it sees it.
  for (const fold of main.querySelectorAll("details")) fold.open = true;
  if (!wide) return widths();
  if (!main.innerText.trim()) {
    problems.push("no content (the page's <main> is empty)");
  }
  if (main.innerText.includes("{{#")) {
    problems.push("a `{{#` directive was left in the page");
  }

  // Listings: none empty, and each starts at column 0 (an anchored include
  // keeps the indentation of its file unless mdbook/dedent.py removes it).
  for (const code of main.querySelectorAll("pre > code")) {
    if (code.closest(".mermaid")) continue;
    if (code.classList.contains("language-mermaid")) {
      // mdbook-mermaid did not run (not installed, or ordered before `links`).
      problems.push(`a mermaid diagram was not drawn, left as code: ${JSON.stringify(short(code.textContent))}`);
      continue;
    }
    counts.code += 1;
    // innerText leaves out the lines mdBook hides (`# `), as a reader sees it.
    const text = code.innerText;
    if (!code.textContent.trim() || !text.trim()) {
      problems.push("an empty code block");
      continue;
    }
    const first = text.split("\n").find((line) => line.trim() !== "");
    if (/^\s/.test(first)) {
      problems.push(`a listing starts indented: ${JSON.stringify(short(first, 50))}`);
    }
  }

  // Diagrams: drawn, and their text inside its boxes and readable.
  const shapes = "rect, polygon, path, circle, ellipse";
  const inside = (inner, outer, slack = 1) =>
    inner.left >= outer.left - slack &&
    inner.right <= outer.right + slack &&
    inner.top >= outer.top - slack &&
    inner.bottom <= outer.bottom + slack;
  const overlap = (a, b) =>
    Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
    Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  // Where a label's glyphs really are: an SVG <text>'s box, or for an HTML
  // label in a <foreignObject> the boxes of its lines of text (which the
  // browser lays out in full even where the foreignObject clips them).
  const textLines = (label) => {
    if (label.tagName.toLowerCase() === "text") return [label.getBoundingClientRect()];
    const lines = [];
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      lines.push(...[...range.getClientRects()].filter((r) => r.width > 0));
    }
    return lines;
  };
  const union = (rects) => ({
    left: Math.min(...rects.map((r) => r.left)),
    right: Math.max(...rects.map((r) => r.right)),
    top: Math.min(...rects.map((r) => r.top)),
    bottom: Math.max(...rects.map((r) => r.bottom)),
  });
  // Whether something drawn later hides part of the label (a subgraph's title
  // that wraps to two lines has its second line under the first node; an edge
  // can cross a title). Only what is painted after the label can hide it, and
  // only where its box meets a line of the label's text: there, the browser's
  // own hit test on a 1 px grid over the middle of the line's glyphs.
  const painted = "rect, polygon, path, circle, ellipse, line, polyline, text, foreignObject, image";
  const covered = (label, svg) => {
    const later = [...svg.querySelectorAll(painted)].filter(
      (e) =>
        !label.contains(e) &&
        !e.contains(label) &&
        label.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING
    );
    // A straight edge's box has no width or no height: touching counts.
    const touches = (a, b) =>
      a.left <= b.right + 1 && b.left <= a.right + 1 && a.top <= b.bottom + 1 && b.top <= a.bottom + 1;
    const meets = (lines) =>
      later.filter((e) => lines.some((l) => touches(l, e.getBoundingClientRect())));
    if (!meets(textLines(label)).length) return null;
    label.scrollIntoView({ block: "center", inline: "center", behavior: "instant" });
    const lines = textLines(label);
    for (const suspect of meets(lines)) {
      const box = suspect.getBoundingClientRect();
      for (const line of lines) {
        const left = Math.max(line.left + 1, box.left - 1);
        const right = Math.min(line.right - 1, box.right + 1);
        for (const f of [0.3, 0.5, 0.7]) {
          const y = line.top + f * (line.bottom - line.top);
          if (y < box.top - 1 || y > box.bottom + 1) continue;
          for (let x = left; x <= right; x += 1) {
            const hit = document.elementFromPoint(x, y);
            if (hit && hit !== label && !label.contains(hit)) return hit;
          }
        }
      }
    }
    return null;
  };
  const describe = (e) => {
    const label = e.closest("g[class]");
    const what = label && label.getAttribute("class").split(" ")[0];
    const text = short(e.textContent, 30);
    return `<${e.tagName.toLowerCase()}>` + (what ? ` (${what})` : "") + (text ? ` ${JSON.stringify(text)}` : "");
  };
  // The box a label is written in: a shape beside it in its own group (a
  // sequence diagram's actor or note), or beside the group that wraps it (a
  // flowchart node's or subgraph's shape beside its `g.label`); of several,
  // the one it overlaps most. A message's text has none (it sits in the
  // picture's top group): it is checked against the picture's edges only.
  const boxOf = (label, svg, r) => {
    let child = label;
    for (let level = 0; level < 2; level += 1) {
      const group = child.parentElement;
      if (!group || group === svg || group.tagName.toLowerCase() !== "g") return null;
      let best = null;
      for (const shape of group.children) {
        if (shape === child || !shape.matches(shapes)) continue;
        const box = shape.getBoundingClientRect();
        const area = overlap(r, box);
        if (area > 0 && (!best || area > best.area)) best = { shape, box, area };
      }
      if (best) return best;
      child = group;
    }
    return null;
  };
  // Each diagram's source, as the page had it before mermaid drew it
  // (.ci/book-check records it when the document is parsed).
  const everyDiagram = [...document.querySelectorAll(".mermaid")];
  const sourceOf = (pre) =>
    ((window.__bookCheckSources || [])[everyDiagram.indexOf(pre)] || "").replace(/\s+/g, " ");
  const labelsOf = (svg) =>
    [...svg.querySelectorAll("text, foreignObject")]
      .map((l) => l.textContent.trim())
      .filter((t) => t)
      .join(" / ");
  for (const pre of main.querySelectorAll(".mermaid")) {
    counts.diagrams += 1;
    const svg = pre.querySelector("svg");
    if (!svg) {
      problems.push(`a mermaid diagram was not drawn: ${JSON.stringify(short(pre.textContent))}`);
      continue;
    }
    if (svg.getAttribute("aria-roledescription") === "error" || /Syntax error/.test(pre.textContent)) {
      problems.push("mermaid could not read a diagram");
      continue;
    }
    const frame = svg.getBoundingClientRect();
    const viewBox = svg.viewBox && svg.viewBox.baseVal;
    const scale = viewBox && viewBox.width ? frame.width / viewBox.width : 1;
    const kind = svg.getAttribute("aria-roledescription") || "diagram";
    const what = (label) => `a ${kind} diagram's ${JSON.stringify(short(label.textContent, 50))}`;
    let smallest = Infinity;
    const fitting = [];
    for (const label of svg.querySelectorAll("text, foreignObject")) {
      if (!label.textContent.trim()) continue;
      if (label.tagName.toLowerCase() === "text" && label.closest("foreignObject")) continue;
      counts.labels += 1;
      const lines = textLines(label);
      if (!lines.length) continue;
      const r = union(lines);
      const sized = label.tagName.toLowerCase() === "text" ? label : label.querySelector("span, div, p") || label;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(sized).fontSize) * scale);
      if (!inside(r, frame)) {
        problems.push(`${what(label)} runs past the edge of the picture`);
        continue;
      }
      if (label.tagName.toLowerCase() === "foreignobject" && !inside(r, label.getBoundingClientRect())) {
        problems.push(`${what(label)} is cut off: wider than the room mermaid made for it`);
        continue;
      }
      const box = boxOf(label, svg, r);
      if (box && !inside(r, box.box)) {
        problems.push(`${what(label)} spills out of its box`);
        continue;
      }
      fitting.push(label);
    }
    // A word too long for its box: with `wrap`, mermaid cuts it with a
    // hyphen of its own (SO_REUSE- / ADDR), which reads as another name.
    const source = sourceOf(pre);
    for (const line of source ? svg.querySelectorAll("text") : []) {
      const text = line.textContent.trim();
      let next = line.nextElementSibling;
      while (next && next.tagName.toLowerCase() !== "text") next = next.nextElementSibling;
      if (!text.endsWith("-") || !next) continue;
      // Without what mermaid adds around a label: an alt's [brackets].
      const shownLeft = text.split(/\s+/).pop();
      const shownRight = next.textContent.trim().split(/\s+/)[0] || "";
      const left = shownLeft.replace(/^[[("']+/, "");
      const right = shownRight.replace(/[\])"',.:]+$/, "");
      if (!source.includes(left + right) && source.includes(left.slice(0, -1) + right)) {
        problems.push(
          `a ${kind} diagram cuts a word in two, ${JSON.stringify(shownLeft)} / ` +
            `${JSON.stringify(shownRight)}: too long for its box`
        );
      }
    }
    // Last, as it scrolls the page and so moves everything measured above.
    for (const label of fitting) {
      const hit = covered(label, svg);
      if (hit) {
        problems.push(`${what(label)} is partly hidden under ${describe(hit)}`);
      }
    }
    if (wide && smallest < minFontPx) {
      problems.push(
        `a ${kind} diagram is scaled down until its text is ${smallest.toFixed(1)} px ` +
          `(under ${minFontPx} px, unreadable): ${JSON.stringify(short(labelsOf(svg), 50))}`
      );
    }
  }

  return widths();
}
