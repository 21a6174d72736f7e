/**
 * Search per keystroke over the unlocked list, typing queries one character
 * at a time as a user does (each run: every keystroke of every query once;
 * the run's figure is the p95 over its keystrokes), against a raw baseline:
 * one pre-folded string per account and `includes`, producing the array of
 * matches. The subject is what the list does: a result it can count and read
 * a screenful from. Plus the index's build and its update after one edit.
 */
import { SearchIndex, fold } from '../src/shared/search';
import { accountVault } from './fixtures';
import { compare, measure, type BenchContext, type BenchRow } from './harness';
import { percentile } from './stats';

const P95_MAX: Record<string, number> = { '1k': 2, '10k': 2, '100k': 8 };
const QUERIES = ['alumni', 'unisport', 'faculty of law', 'x 42', 'instagram music', 'zzz', 'u', 'uni'];
const KEYSTROKES = QUERIES.flatMap((q) => [...q].map((_, i) => q.slice(0, i + 1)));

export async function searchBench(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const scale of ctx.scales) {
    const { core } = await accountVault(ctx.dir, scale.accounts, ctx.log);
    const summaries = core.accounts.list();
    const index = new SearchIndex(summaries);
    const folded = summaries.map((s) => fold(`${s.handle} ${s.displayName} ${s.department}`));
    const keystrokeP95 = (search: (q: string) => unknown) => () => {
      const times: number[] = [];
      for (const q of KEYSTROKES) {
        const start = performance.now();
        search(q);
        times.push(performance.now() - start);
      }
      return percentile(times, 95);
    };
    rows.push(
      await compare({
        name: `search per keystroke, p95 of ${KEYSTROKES.length}`,
        scale: scale.label,
        figure: 'returned',
        subject: keystrokeP95((q) => {
          const result = index.search(q);
          for (let i = 0; i < Math.min(20, result.length); i++) result.at(i);
          return result.length;
        }),
        baseline: keystrokeP95((q) => folded.filter((h) => h.includes(q))),
        budget: { max: P95_MAX[scale.label] ?? 8 },
      }),
    );
    rows.push(
      await measure({
        name: 'search index build',
        scale: scale.label,
        runs: 5,
        subject: () => new SearchIndex(summaries),
      }),
    );
    // After a save the list comes back with one account changed: the index re-folds that one only.
    let edits = 0;
    rows.push(
      await measure({
        name: 'search index update after one edit',
        scale: scale.label,
        runs: 5,
        subject: () => {
          const list = summaries.slice();
          const at = (edits++ * 7919) % list.length;
          list[at] = { ...list[at]!, displayName: `Renamed ${edits}` };
          index.sync(list);
        },
      }),
    );
    await core.dispose();
  }
  return rows;
}
