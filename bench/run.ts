/**
 * `npm run bench [-- SUITE...] [-- 1k 10k 100k]`: the performance budgets,
 * each a ratio of medians against a raw baseline of the same work, measured
 * in interleaved pairs in the same process (see harness.ts). Workloads are
 * named by account count; without a size argument the default sizes run.
 * Prints a table and writes bench/results/latest.json with every run.
 * A benchmark, not a test.
 *
 *   npm run bench                      every suite, default sizes
 *   npm run bench -- search 100k       one suite at one size
 *   BENCH_EVENTS=100000 npm run bench -- audit
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditBench } from './audit.bench';
import { cliBench } from './cli.bench';
import { complianceBench } from './compliance.bench';
import { escrowBench } from './escrow.bench';
import { footprintBench } from './footprint.bench';
import { importBench } from './import.bench';
import { foundationBench } from './foundation.bench';
import { searchBench } from './search.bench';
import { printTable, type BenchRow, type Suite } from './harness';
import { DEFAULT_SCALES, SCALES, type Scale } from './scales';

/** Every suite, in the order they run. Add yours here. */
const SUITES: Record<string, Suite> = {
  foundation: foundationBench,
  search: searchBench,
  audit: auditBench,
  escrow: escrowBench,
  cli: cliBench,
  footprint: footprintBench,
  import: importBench,
  compliance: complianceBench,
};

const args = process.argv.slice(2);
const unknown = args.filter((a) => !(a in SUITES) && !(a in SCALES));
if (unknown.length > 0) {
  console.error(
    `unknown argument ${unknown.join(', ')}: suites are ${Object.keys(SUITES).join(', ')}; sizes ${Object.keys(SCALES).join(', ')}`,
  );
  process.exit(2);
}
const chosenSuites = args.filter((a) => a in SUITES);
const chosenScales = args.filter((a) => a in SCALES);
const scales: Scale[] = (chosenScales.length > 0 ? chosenScales : DEFAULT_SCALES).map((s) => SCALES[s]!);
const events = Number(process.env.BENCH_EVENTS ?? 1_000_000);

const rows: BenchRow[] = [];
const started = new Date();
for (const [name, suite] of Object.entries(SUITES)) {
  if (chosenSuites.length > 0 && !chosenSuites.includes(name)) continue;
  const dir = mkdtempSync(join(tmpdir(), `custodian-bench-${name}-`));
  try {
    console.log(`${name}:`);
    const before = rows.length;
    rows.push(
      ...(await suite({
        dir,
        scales,
        scalesChosen: chosenScales.length > 0,
        events,
        log: (line) => console.log(`  ${line}`),
      })),
    );
    for (const row of rows.slice(before)) row.suite = name;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log('');
printTable(rows);
const over = rows.filter((r) => !r.pass);
console.log(
  over.length === 0
    ? '\nevery budget met'
    : `\n${over.length} over budget: ${over.map((r) => `${r.name}${r.scale ? ` (${r.scale})` : ''}`).join('; ')}`,
);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/latest.json',
  `${JSON.stringify(
    {
      at: started.toISOString(),
      seconds: Math.round((Date.now() - started.getTime()) / 1000),
      node: process.version,
      scales: scales.map((s) => s.label),
      events,
      rows,
    },
    null,
    2,
  )}\n`,
);
console.log('wrote bench/results/latest.json');
