/**
 * The benchmark harness. The machine is shared and noisy: an absolute time
 * drifts by 2-10x between runs, and so does a baseline timed a minute later.
 * So every budget compares Custodian ("subject") with a raw baseline of the
 * same work ("baseline") measured in interleaved pairs in the same process:
 * warm-up pairs first (JIT, page cache), then at least five measured pairs,
 * alternating which side goes first (A B, B A, ...) so neither always
 * inherits the other's garbage. The verdict uses the ratio of the two medians;
 * min-max of each side and every single run are kept beside it.
 *
 * A suite is `(ctx) => Promise<BenchRow[]>` registered in run.ts; inside it:
 *
 *   rows.push(await compare({ name: 'unlock', scale: '10k', subject, baseline, budget: { ratio: 2, max: 30 } }));
 *   rows.push(await measure({ name: 'index build', scale: '10k', subject }));      // no baseline: information
 *   rows.push(fixed({ name: 'vault size', unit: 'MB', value, baseline, budget: { ratio: 3 } }));
 *
 * A run's figure is its wall time by default, or (figure: 'returned') the
 * number it returns: a p95 over a loop of keystrokes, bytes, MiB.
 */
import type { Scale } from './scales';
import { median } from './stats';

export type Run = () => unknown;

export interface Budget {
  /** Upper bound on median(subject) / median(baseline). */
  ratio?: number;
  /** Upper bound on median(subject), in the row's unit. */
  max?: number;
  /** Upper bound on median(subject) - median(baseline), in the row's unit ("at most 100 ms more than node -e 0"). */
  overBaseline?: number;
}

export interface BenchRow {
  /** The suite it came from (set by run.ts). */
  suite?: string;
  name: string;
  /** Workload size: "1k", "10k", "100k", "1M events". */
  scale?: string;
  unit: string;
  /** Median of the subject's runs. */
  value: number;
  min: number;
  max: number;
  /** Median of the raw baseline's runs, when there is one. */
  baseline?: number;
  baselineMin?: number;
  baselineMax?: number;
  /** median(subject) / median(baseline). */
  ratio?: number;
  budget?: Budget;
  /** The budget as printed, or "info". */
  target: string;
  /** Whether every bound of the budget holds; rows without a budget pass. */
  pass: boolean;
  /** Every measured run, in order (warm-ups excluded). */
  runs: { subject: number[]; baseline?: number[] };
}

interface Common {
  name: string;
  scale?: string;
  /** Default "ms". */
  unit?: string;
  budget?: Budget;
}

export interface CompareSpec extends Common {
  subject: Run;
  baseline: Run;
  /** "time" (default): each run's wall time. "returned": the number each run returns. */
  figure?: 'time' | 'returned';
  /** Measured pairs, at least 5 (default 7). */
  pairs?: number;
  /** Pairs run first and thrown away (default 1). */
  warmups?: number;
  /** Runs before each run, untimed (e.g. lock the vault before timing an unlock). */
  before?: () => unknown;
}

export interface MeasureSpec extends Common {
  subject: Run;
  figure?: 'time' | 'returned';
  /** Measured runs (default 7). */
  runs?: number;
  warmups?: number;
  before?: () => unknown;
}

const collect = typeof globalThis.gc === 'function' ? (globalThis.gc as () => void) : () => {};

async function once(run: Run, figure: 'time' | 'returned', before?: () => unknown): Promise<number> {
  if (before) await before();
  collect();
  const start = performance.now();
  const returned = await run();
  const elapsed = performance.now() - start;
  if (figure === 'time') return elapsed;
  if (typeof returned !== 'number' || !Number.isFinite(returned)) {
    throw new Error(`a "returned" run must return a finite number, got ${String(returned)}`);
  }
  return returned;
}

export async function compare(spec: CompareSpec): Promise<BenchRow> {
  const pairs = spec.pairs ?? 7;
  if (pairs < 5) throw new Error(`${spec.name}: at least 5 interleaved pairs, not ${pairs}`);
  const figure = spec.figure ?? 'time';
  const subject: number[] = [];
  const baseline: number[] = [];
  const warmups = spec.warmups ?? 1;
  for (let i = 0; i < warmups + pairs; i++) {
    const order = i % 2 === 0 ? (['subject', 'baseline'] as const) : (['baseline', 'subject'] as const);
    for (const side of order) {
      const value = await once(side === 'subject' ? spec.subject : spec.baseline, figure, spec.before);
      if (i >= warmups) (side === 'subject' ? subject : baseline).push(value);
    }
  }
  return row(spec, subject, baseline);
}

export async function measure(spec: MeasureSpec): Promise<BenchRow> {
  const figure = spec.figure ?? 'time';
  const runs = spec.runs ?? 7;
  const samples: number[] = [];
  for (let i = 0; i < (spec.warmups ?? 1) + runs; i++) {
    const value = await once(spec.subject, figure, spec.before);
    if (i >= (spec.warmups ?? 1)) samples.push(value);
  }
  return row(spec, samples);
}

/** A figure measured once or computed (a file size, a count): no spread, same budget rules. */
export function fixed(spec: Common & { value: number; baseline?: number }): BenchRow {
  return row(spec, [spec.value], spec.baseline === undefined ? undefined : [spec.baseline]);
}

function row(spec: Common, subject: number[], baseline?: number[]): BenchRow {
  const value = median(subject);
  const base = baseline && baseline.length > 0 ? median(baseline) : undefined;
  const ratio = base === undefined ? undefined : value / base;
  const budget = spec.budget;
  const pass =
    (budget?.ratio === undefined || (ratio !== undefined && ratio <= budget.ratio)) &&
    (budget?.max === undefined || value <= budget.max) &&
    (budget?.overBaseline === undefined || (base !== undefined && value - base <= budget.overBaseline));
  const unit = spec.unit ?? 'ms';
  return {
    name: spec.name,
    ...(spec.scale === undefined ? {} : { scale: spec.scale }),
    unit,
    value,
    min: Math.min(...subject),
    max: Math.max(...subject),
    ...(base === undefined
      ? {}
      : { baseline: base, baselineMin: Math.min(...baseline!), baselineMax: Math.max(...baseline!) }),
    ...(ratio === undefined ? {} : { ratio }),
    ...(budget ? { budget } : {}),
    target: describeBudget(budget, unit),
    pass,
    runs: { subject, ...(baseline ? { baseline } : {}) },
  };
}

function describeBudget(budget: Budget | undefined, unit: string): string {
  const parts: string[] = [];
  if (budget?.max !== undefined) parts.push(`<= ${budget.max} ${unit}`);
  if (budget?.ratio !== undefined) parts.push(`<= ${budget.ratio}x`);
  if (budget?.overBaseline !== undefined) parts.push(`<= raw + ${budget.overBaseline} ${unit}`);
  return parts.length ? parts.join(', ') : 'info';
}

const num = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

export function printTable(rows: readonly BenchRow[]): void {
  const lines = rows.map((r) => [
    r.name,
    r.scale ?? '',
    `${num(r.value)} ${r.unit}`,
    r.runs.subject.length > 1 ? `${num(r.min)}–${num(r.max)}` : '',
    r.baseline === undefined ? '' : `${num(r.baseline)} ${r.unit}`,
    r.baseline === undefined || r.runs.baseline!.length < 2 ? '' : `${num(r.baselineMin!)}–${num(r.baselineMax!)}`,
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
    r.target,
    r.target === 'info' ? '' : r.pass ? 'ok' : 'OVER',
  ]);
  const header = ['measure', 'scale', 'median', 'min–max', 'raw median', 'min–max', 'ratio', 'budget', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const right = new Set([2, 3, 4, 5, 6]);
  for (const line of [header, ...lines]) {
    console.log(
      line
        .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    );
  }
}

/** What a suite gets from run.ts. */
export interface BenchContext {
  /** A fresh folder for this suite's files, removed afterwards. */
  dir: string;
  /** The workload sizes chosen on the command line (or the defaults), smallest first. */
  scales: readonly Scale[];
  /** Whether sizes were named on the command line (suites that are slow at 100k run it only then). */
  scalesChosen: boolean;
  /** Audit events for the audit-trail workload (BENCH_EVENTS, default 1,000,000). */
  events: number;
  /** Progress lines (seeding times and the like), indented under the suite's name. */
  log(line: string): void;
}

export type Suite = (ctx: BenchContext) => Promise<BenchRow[]>;
