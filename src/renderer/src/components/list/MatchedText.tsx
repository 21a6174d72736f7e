/**
 * Text with what the search matched marked (<mark>), found the way the
 * search finds it (src/shared/search.ts: case, accents and "@" ignored).
 * Plain elements: a keystroke re-renders every visible row.
 */
import { matchRanges } from '../../../../shared/search';

export function MatchedText({ text, query }: { text: string; query: string }) {
  const ranges = query ? matchRanges(text, query) : [];
  if (ranges.length === 0) return <>{text}</>;
  const parts = [];
  let at = 0;
  for (const [from, to] of ranges) {
    if (from > at) parts.push(text.slice(at, from));
    parts.push(
      <mark key={from} className="match">
        {text.slice(from, to)}
      </mark>,
    );
    at = to;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
