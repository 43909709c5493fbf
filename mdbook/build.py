#!/usr/bin/env python3
"""Builds the whole site: the English book, the Chinese edition and the search index.

    python3 mdbook/build.py [--dest DIR] [--no-search | --search-only]

1. `mdbook build mdbook` writes the English book to DIR (default mdbook/book);
2. `MDBOOK_BOOK__LANGUAGE=zh-CN mdbook build mdbook` writes the Chinese edition to
   DIR/zh-CN (the translation is mdbook/po/zh-CN.po);
3. Pagefind (`pip install 'pagefind[extended]==1.5.2'`, the extended build, which cuts
   Chinese text into words) indexes both into DIR/pagefind, one index per language (the
   Chinese characters of the English pages one by one: see `index`).

`--no-search` leaves step 3 out (where Pagefind is not installed: the book test);
`--search-only` does only step 3, on books already built.

The Chinese edition gets its own title and description (BOOK). mdBook's own search is
off (book.toml: it drops Chinese characters); editions.js searches the Pagefind index.
Serve DIR with any static server, e.g. `python3 -m http.server -d mdbook/book`.

Build the whole site here, not with two `mdbook build`s into one folder: an English
build into mdbook/book empties it first, the Chinese edition in mdbook/book/zh-CN too.

Fails, with mdbook's output, when a build prints a warning or an error other than the
one known notice of mdbook-mermaid 0.17.1 (see .ci/run), so CI can run it as it is.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
KNOWN_NOTICE = (
    "Warning: The mdbook-mermaid preprocessor was built against version 0.5.0 of "
    "mdbook, but we're being called from version 0.5.4"
)
# The book's title and description in each edition other than English's (book.toml):
# mdbook-i18n-helpers translates the pages, not book.toml, so they are set here, and
# the README shows the same settings for `mdbook build` and `mdbook serve`.
BOOK = {
    "zh-CN": {
        "MDBOOK_BOOK__TITLE": "用 Rust 学套接字：从一通电话讲起",
        "MDBOOK_BOOK__DESCRIPTION": (
            "用 Rust 学套接字编程的课程，沿用一篇知名中文套接字入门文章里打电话的比喻"
        ),
    },
}
# Pages that hold no text of their own: every page (print), none (404), the first
# page again (index), the contents (toc). Indexed, they would be found for every word.
NOT_INDEXED = ("print.html", "404.html", "index.html", "toc.html")
# Languages whose text Pagefind's extended build cuts into words itself.
SEGMENTED = ("zh", "ja")
# A Chinese character (CJK Unified Ideographs, Extension A, Compatibility Ideographs).
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# What is not a page's text: scripts, styles, comments and tags.
MARKUP = re.compile(
    r"(<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<[^>]*>)", re.S | re.I
)
LANG = re.compile(r"<html[^>]*\blang=\"([^\"]+)\"", re.I)


def build(dest: Path, language: str) -> None:
    env = dict(os.environ)
    if language != "en":
        env["MDBOOK_BOOK__LANGUAGE"] = language
        env.update(BOOK[language])
        # The 404 page finds its scripts from the site's root: this edition's.
        env["MDBOOK_OUTPUT__HTML__SITE_URL"] = f"/{language}/"
    done = subprocess.run(
        ["mdbook", "build", str(HERE), "-d", str(dest)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    log = done.stdout + done.stderr
    sys.stdout.write(log)
    noisy = [
        line
        for line in log.splitlines()
        if line.strip() != KNOWN_NOTICE and ("WARN" in line or "ERROR" in line.upper())
    ]
    if done.returncode != 0 or noisy:
        sys.exit(f"mdbook build ({language}) failed or warned:\n" + "\n".join(noisy))


def spaced(html: str) -> str:
    """`html` with a space each side of every Chinese character of its text (not in its
    tags, scripts or styles): what Pagefind reads of a page whose language it does not
    cut into words."""
    parts = MARKUP.split(html)
    # re.split with one group: text, markup, text, markup, ..., text.
    parts[::2] = [CJK.sub(r" \g<0> ", text) for text in parts[::2]]
    return "".join(parts)


def index(dest: Path) -> None:
    """Indexes the pages under `dest` into `dest/pagefind`.

    Pagefind cuts a Chinese page's text into words (the extended build), but reads an
    English page's text as words between spaces: there 面向锁的套接字方法 is one word,
    and a search for 套接字 would not find it. So Pagefind reads copies of the pages, in
    which each Chinese character of an English page stands alone (`spaced`), and the
    served pages stay as they are; editions.js searches a Chinese word there as its
    characters, keeps the pages that have them side by side, and shows the excerpts
    without the spaces. The copies leave out the pages without text of their own."""
    with tempfile.TemporaryDirectory(prefix="pagefind-pages-") as tmp:
        copies = Path(tmp)
        for page in sorted(dest.rglob("*.html")):
            rel = page.relative_to(dest)
            if page.name in NOT_INDEXED or rel.parts[0] == "pagefind":
                continue
            html = page.read_text(encoding="utf-8")
            lang = LANG.search(html)
            if not (lang and lang.group(1).lower().startswith(SEGMENTED)):
                html = spaced(html)
            (copies / rel).parent.mkdir(parents=True, exist_ok=True)
            (copies / rel).write_text(html, encoding="utf-8")
        shutil.rmtree(dest / "pagefind", ignore_errors=True)
        done = subprocess.run(
            [
                sys.executable, "-m", "pagefind", "--site", str(copies),
                "--output-path", str(dest / "pagefind"), "--root-selector", "main",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
    sys.stdout.write(done.stdout + done.stderr)
    if done.returncode != 0:
        sys.exit("pagefind failed: is it installed? pip install 'pagefind[extended]==1.5.2'")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=HERE / "book")
    steps = parser.add_mutually_exclusive_group()
    steps.add_argument("--no-search", action="store_true", help="build the books only")
    steps.add_argument("--search-only", action="store_true", help="index books built before")
    args = parser.parse_args()
    dest = args.dest.resolve()
    if not args.search_only:
        build(dest, "en")
        build(dest / "zh-CN", "zh-CN")
        print(f"built: {dest} (English), {dest / 'zh-CN'} (中文)")
    if not args.no_search:
        index(dest)
        print(f"indexed: {dest / 'pagefind'} (search)")


if __name__ == "__main__":
    main()
