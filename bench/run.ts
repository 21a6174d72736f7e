/**
 * `npm run bench [-- foundation|audit|escrow]`: the performance budgets of DESIGN.md,
 * each measured as a ratio against a raw baseline of the same work in the
 * same process (the machine is noisy; absolute times drift, ratios much less).
 * Prints a table and writes bench/results/latest.json. A benchmark, not a test.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditBench } from './audit.bench';
import { escrowBench } from './escrow.bench';
import { foundationBench } from './foundation.bench';
import { printTable, type BenchRow } from './stats';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const only = process.argv[2];

const dir = mkdtempSync(join(tmpdir(), 'custodian-bench-'));
const rows: BenchRow[] = [];
try {
  if (!only || only === 'foundation') {
    console.log(`foundation: ${ACCOUNTS} accounts`);
    rows.push(...(await foundationBench(dir, ACCOUNTS)));
  }
  if (!only || only === 'audit') {
    console.log(`audit and access log: ${ACCOUNTS} accounts, ${EVENTS} events, 1,000 people, 50,000 grants`);
    rows.push(...(await auditBench(dir, ACCOUNTS, EVENTS)));
  }
  if (!only || only === 'escrow') {
    console.log(`escrow: ${ACCOUNTS} accounts, 1,000 people, ${ACCOUNTS * 5} grants`);
    rows.push(...(await escrowBench(dir, ACCOUNTS)));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log('');
printTable(rows);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/latest.json',
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, accounts: ACCOUNTS, events: EVENTS, rows }, null, 2)}\n`,
);
console.log('\nwrote bench/results/latest.json');
