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
    //   column. Write no <br/> in a note: wrapping does it. A diagram of many actors can
    //   ask for narrower ones in its own front matter (diagrams/udp-exchange.md).
    // - flowchart: node labels wrap at 280 px rather than 200.
    mermaid.initialize({
        startOnLoad: true,
        theme,
        sequence: { wrap: true, width: 220, actorMargin: 50 },
        flowchart: { wrappingWidth: 280 },
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
