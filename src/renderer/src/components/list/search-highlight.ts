/**
 * What the search matched, marked in the rows in view with the CSS Custom
 * Highlight API: ranges over the rows' existing text nodes, painted by
 * `::highlight(search-match)` in styles.css. No element is added, so a
 * keystroke does not re-render or re-lay-out the rows for their marks
 * (<mark> elements made every visible row change on every keystroke, which
 * cost more than the search itself over 10,000 accounts). Found the way the
 * search finds (src/shared/search.ts: case, accents and "@" ignored).
 *
 * A row opts a piece of text in with `data-match` on an element whose only
 * child is that text.
 */
import { matchRanges } from '../../../../shared/search';

/** The name styles.css paints and the e2e reads (test/bridge/browser.ts searchMarks). */
const HIGHLIGHT = 'search-match';

/** Marks `query`'s terms in the `[data-match]` texts under `root`; clears the marks for an empty query. */
export function markMatches(root: HTMLElement | null, query: string): void {
  // Chromium 105+ (Electron's, the e2e's); elsewhere the rows are simply unmarked.
  const registry = typeof CSS !== 'undefined' ? CSS.highlights : undefined;
  if (!registry) return;
  if (!root || query.trim() === '') {
    registry.delete(HIGHLIGHT);
    return;
  }
  // Static ranges: the browser keeps a live Range up to date through every DOM change, which made
  // removing the rows a keystroke replaces several times slower. These are rebuilt after each render.
  const ranges: StaticRange[] = [];
  for (const element of root.querySelectorAll('[data-match]')) {
    const text = element.firstChild;
    if (!(text instanceof Text)) continue;
    for (const [from, to] of matchRanges(text.data, query)) {
      ranges.push(new StaticRange({ startContainer: text, startOffset: from, endContainer: text, endOffset: to }));
    }
  }
  registry.set(HIGHLIGHT, new Highlight(...ranges));
}
