#!/usr/bin/env python3
"""Builds the whole site: the English book, the Chinese edition and the search index.

    python3 mdbook/build.py [--dest DIR] [--no-search | --search-only]

1. `mdbook build mdbook` writes the English book to DIR (default mdbook/book);
2. `MDBOOK_BOOK__LANGUAGE=zh-CN mdbook build mdbook` writes the Chinese edition to
   DIR/zh-CN (the translation is mdbook/po/zh-CN.po);
3. Pagefind (`pip install 'pagefind[extended]==1.5.2'`, the extended build, which cuts
   Chinese text into words) indexes both into DIR/pagefind, one index per language.

`--no-search` leaves step 3 out (where Pagefind is not installed: the book test);
`--search-only` does only step 3, on books already built.

Both books are built with mdBook's own search off: editions.js searches the Pagefind
index instead (mdBook's search drops Chinese characters). Serve DIR with any static
server, e.g. `python3 -m http.server -d mdbook/book`.

Fails, with mdbook's output, when a build prints a warning or an error other than the
one known notice of mdbook-mermaid 0.17.1 (see .ci/run), so CI can run it as it is.
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KNOWN_NOTICE = (
    "Warning: The mdbook-mermaid preprocessor was built against version 0.5.0 of "
    "mdbook, but we're being called from version 0.5.4"
)
# Pages that hold no text of their own: every page (print), none (404), the first
# page again (index). Indexed, they would be found for every word.
NOT_INDEXED = ("print.html", "404.html", "index.html")


def build(dest: Path, language: str) -> None:
    env = dict(os.environ, MDBOOK_OUTPUT__HTML__SEARCH__ENABLE="false")
    if language != "en":
        env["MDBOOK_BOOK__LANGUAGE"] = language
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


def index(dest: Path) -> None:
    # Pagefind indexes every .html under DIR: move the pages without text of their own
    # aside while it runs.
    aside = dest.parent / (dest.name + ".aside")
    shutil.rmtree(aside, ignore_errors=True)
    moved = []
    for name in NOT_INDEXED:
        for page in dest.rglob(name):
            target = aside / page.relative_to(dest)
            target.parent.mkdir(parents=True, exist_ok=True)
            page.rename(target)
            moved.append((target, page))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(dest), "--root-selector", "main"],
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        for target, page in moved:
            target.rename(page)
        shutil.rmtree(aside, ignore_errors=True)
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
