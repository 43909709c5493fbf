#!/usr/bin/env python3
"""An mdBook preprocessor: every fenced code block starts at column 0.

An anchored `{{#include file.rs:anchor}}` keeps the indentation the lines have
in their file, so a listing taken from inside a function starts 4 or 8 spaces
in. mdBook 0.5.4's include has no option to remove it; this removes from every
line of a fenced block the indentation that all its lines share (as Python's
`textwrap.dedent` does), and nothing else: a block whose first line has the
least indentation then starts at column 0, and the lines keep their shape.

A fence inside a list item or a quote keeps its container's indentation or `>`;
only what lies beyond it is removed. In a `rust` block, a line that mdBook
hides (`# ` at its start, from `{{#rustdoc_include}}`) is measured after its
`# `, so it does not keep the visible lines indented.

book.toml runs it right after `links` (which expands the includes) and before
`mermaid`; mdbook-i18n-helpers' `gettext`, when it is added, goes after
`dedent`: `mdbook-xgettext` extracts the text as the preprocessors leave it,
dedented, and `gettext` must look the same text up. It supports every
renderer, so that extraction sees the dedented text too.

The mdBook preprocessor protocol: `dedent.py supports RENDERER` exits 0; then
`[context, book]` JSON comes on stdin and the book goes back on stdout.
Python 3 standard library only.
"""

import json
import re
import sys

FENCE = re.compile(r"^(?P<prefix>[ \t>]*?)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# A line that mdBook hides in a Rust block: `#` alone, or `# ` then code.
HIDDEN = re.compile(r"^#(?: |$)")


def indent_of(text):
    return len(text) - len(text.lstrip(" "))


def dedent_block(prefix, info, lines):
    """The lines of one fenced block (without its fences), dedented."""
    rust = re.split(r"[\s,]+", info.strip())[0] == "rust"
    body = []
    for line in lines:
        # The container's prefix (a list item's spaces, a quote's `>`) stays.
        if line.startswith(prefix):
            body.append((prefix, line[len(prefix):]))
        elif line.rstrip() == prefix.rstrip():
            body.append((line, ""))  # a blank line inside a quote: `>`
        else:
            body.append(("", line))
    widths = []
    for _, text in body:
        hidden = rust and HIDDEN.match(text)
        visible = text[2:] if hidden else text
        if visible.strip():
            widths.append(indent_of(visible))
    cut = min(widths, default=0)
    if cut == 0:
        return lines
    out = []
    for kept, text in body:
        if rust and HIDDEN.match(text):
            out.append(kept + "# " + text[2:][cut:] if text[2:].strip() else kept + text)
        elif text.strip():
            out.append(kept + text[cut:])
        else:
            out.append(kept + text.strip(" "))
    return out


def dedent_markdown(text):
    """`text` with every fenced code block dedented."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        opening = FENCE.match(line)
        if not opening or (opening["fence"][0] == "`" and "`" in opening["info"]):
            out.append(line)
            i += 1
            continue
        prefix, fence, info = opening["prefix"], opening["fence"], opening["info"]
        # The closing fence: the same character, at least as many, nothing after.
        closing = re.compile(
            r"^[ \t>]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$"
        )
        end = i + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        out.append(line)
        out.extend(dedent_block(prefix, info, lines[i + 1:end]))
        if end < len(lines):
            out.append(lines[end])
        i = end + 1
    return "\n".join(out)


def each_chapter(items):
    for item in items:
        if isinstance(item, dict) and "Chapter" in item:
            chapter = item["Chapter"]
            yield chapter
            yield from each_chapter(chapter.get("sub_items", []))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "supports":
        sys.exit(0)
    context, book = json.load(sys.stdin)
    for chapter in each_chapter(book.get("items", book.get("sections", []))):
        if chapter.get("content"):
            chapter["content"] = dedent_markdown(chapter["content"])
    json.dump(book, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
