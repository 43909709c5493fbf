// This Source Code Form is subject to the terms of the Mozilla Public
// License, v. 2.0. If a copy of the MPL was not distributed with this
// file, You can obtain one at https://mozilla.org/MPL/2.0/.

(() => {
    const darkThemes = ['ayu', 'navy', 'coal'];
    const lightThemes = ['light', 'rust'];

    const classList = document.getElementsByTagName('html')[0].classList;

    let lastThemeWasLight = true;
    for (const cssClass of classList) {
        if (darkThemes.includes(cssClass)) {
            lastThemeWasLight = false;
            break;
        }
    }

    const theme = lastThemeWasLight ? 'default' : 'dark';
    // The course's settings (the rest of this file is as mdbook-mermaid 0.17.1 writes it):
    // text fits its boxes at the book's width, which .ci/book-check measures.
    // - sequence: notes and messages wrap (mermaid sizes a note over two actors to the
    //   actors, not to its text, and a long unwrapped note over one actor stretches the
    //   picture until the column scales it unreadably small); 220 px actors and notes keep
    //   names such as SO_REUSEADDR on one line, and a two-actor diagram under the 750 px
    //   column. Write no <br/> in an English note: wrapping does it. Mermaid wraps only at
    //   spaces, so the Chinese copies (diagrams/zh-CN/) break their lines with <br/>,
    //   each line well under the box's width. A diagram of many actors can
    //   ask for narrower ones in its own front matter (diagrams/udp-exchange.md).
    // - flowchart: a subgraph's title is drawn first and centred, so an edge that enters
    //   the subgraph to a node below it is drawn across the title. Once mermaid has drawn,
    //   raiseTitles() moves each title above everything else, on a plate of its
    //   subgraph's own colour: an edge now passes under it, as under an edge's label.
    //   window.courseDiagrams is the promise of that, which .ci/book-check awaits.
    mermaid.initialize({
        startOnLoad: false,
        theme,
        sequence: { wrap: true, width: 220, actorMargin: 50 },
    });
    const raiseTitles = () => {
        for (const title of document.querySelectorAll('.mermaid svg g.cluster-label')) {
            const svg = title.ownerSVGElement;
            const box = title.parentElement.querySelector(':scope > rect');
            // The plate is as tall as the letters, not the line: it must not hide the
            // arrow's head on the node below.
            const text = title.querySelector('.nodeLabel p') || title.querySelector('.nodeLabel');
            // Where the title is now, in the picture's own coordinates, so it stays put.
            const m = svg.getCTM().inverse().multiply(title.getCTM());
            svg.appendChild(title);
            title.setAttribute('transform', `matrix(${m.a} ${m.b} ${m.c} ${m.d} ${m.e} ${m.f})`);
            if (box && text) {
                text.style.display = 'inline';
                text.style.backgroundColor = getComputedStyle(box).fill;
            }
        }
    };
    window.courseDiagrams = new Promise((resolve) => {
        window.addEventListener('load', () => {
            // A diagram mermaid cannot read is drawn as its error picture (which the
            // book check reports); the others are drawn all the same.
            mermaid.run().catch(() => {}).then(raiseTitles).finally(resolve);
        });
    });

    // Simplest way to make mermaid re-render the diagrams in the new theme is via refreshing the page

    for (const darkTheme of darkThemes) {
        document.getElementById('mdbook-theme-' + darkTheme).addEventListener('click', () => {
            if (lastThemeWasLight) {
                window.location.reload();
            }
        });
    }

    for (const lightTheme of lightThemes) {
        document.getElementById('mdbook-theme-' + lightTheme).addEventListener('click', () => {
            if (!lastThemeWasLight) {
                window.location.reload();
            }
        });
    }
})();
