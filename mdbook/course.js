// The course's additions to mdBook's pages (book.toml: additional-js).
//
// Long code in a table cell may wrap where a reader of Rust expects it to: after `::`,
// `(` and `,`, and after `.` or `_` before a name (not inside 127.0.0.1). A <wbr> marks
// each such place; unlike a zero-width space it is not copied with the code. With these,
// a table's columns share the content column instead of pushing the last one out of
// sight (course.css; .ci/book-check measures it).
(() => {
    const breakAfter = /(::|[(,](?=[^\s)])|[._](?=[A-Za-z&]))/g;
    for (const code of document.querySelectorAll('.content table code')) {
        if (code.children.length !== 0) continue;
        const parts = code.textContent.split(breakAfter);
        if (parts.length < 2) continue;
        code.textContent = '';
        // split() with a capture group gives [text, mark, text, mark, ..., text].
        for (let i = 0; i < parts.length; i += 2) {
            code.append(parts[i]);
            if (i + 1 < parts.length) {
                code.append(parts[i + 1], document.createElement('wbr'));
            }
        }
    }
})();
