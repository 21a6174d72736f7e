/**
 * `npm run bench -- cli`: the command line as users run it, whole processes,
 * against baselines timed in the same run, interleaved (A B A B ...) after a
 * warm-up pair, medians with min–max:
 *  - `custodian --help` <= `node -e 0` + 100 ms;
 *  - `custodian account list --search` on a 10,000-account vault <= the KDF's
 *    own time (Argon2id with the vault's parameters, timed in this process)
 *    + 150 ms;
 *  - open + search, open + show a password, open + TOTP code <= 0.8x
 *    keepassxc-cli on a KDBX 4 file with the same 10,000 entries and the same
 *    Argon2id parameters (256 MiB, 3 passes, 1 lane). The KDBX file is made by
 *    keepassxc-cli import (KDBX 3.1, AES-KDF) merged into an empty KDBX 4 file
 *    whose Argon2id header pykeepass writes. Skipped, and said so, where
 *    keepassxc-cli or pykeepass is missing.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { cliEntry } from '../bin/cli-entry.mjs';
import { PLATFORMS } from '../src/shared/domain/platforms';
import { deriveKey, KDF_ALGORITHM, KDF_PRESET_PARAMS } from '../src/main/core/crypto/kdf';
import { benchCore, handleFor, PASSPHRASE, word } from './fixtures';
import { median, type BenchRow } from './stats';

const root = process.cwd();
const BIN = join(root, 'bin', 'custodian.mjs');
const PAIRS = Number(process.env.BENCH_CLI_PAIRS ?? 7);
const HELP_PAIRS = Number(process.env.BENCH_CLI_HELP_PAIRS ?? 15);
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

interface Entry {
  handle: string;
  name: string;
  password: string;
  seed: string;
}

function entryFor(i: number): Entry & { platform: (typeof PLATFORMS)[number] } {
  const platform = PLATFORMS[i % (PLATFORMS.length - 1)]!;
  const digest = createHash('sha256').update(`seed ${i}`).digest();
  return {
    platform,
    handle: handleFor(platform, i),
    name: `University ${word(i)} ${word(i * 3 + 1)} ${i}`,
    password: `pw-${i}-${word(i)}-${i * 7919}`,
    seed: Array.from(digest.subarray(0, 16), (byte) => BASE32[byte % 32]).join(''),
  };
}

/** Times one whole process; fails loudly if it does not do what it is timed for. */
function timed(command: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; expect: RegExp }) {
  const start = performance.now();
  const result = spawnSync(command, args, {
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - start;
  if (result.status !== 0 || !options.expect.test(result.stdout)) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.trim() || result.stdout.slice(0, 200)}`,
    );
  }
  return ms;
}

interface Pairing {
  a: number[];
  b: number[];
}

/** A B A B ...: one warm-up pair, then `pairs` pairs; both sides see the same machine load. */
async function interleave(pairs: number, a: () => number | Promise<number>, b: () => number | Promise<number>) {
  const out: Pairing = { a: [], b: [] };
  for (let i = 0; i <= pairs; i++) {
    const ta = await a();
    const tb = await b();
    if (i === 0) continue;
    out.a.push(ta);
    out.b.push(tb);
  }
  return out;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const range = (samples: number[]) => `${Math.min(...samples).toFixed(0)}–${Math.max(...samples).toFixed(0)}`;

function describePair(label: string, p: Pairing, baselineLabel: string): void {
  console.log(
    `  ${label}: ${median(p.a).toFixed(0)} ms (${range(p.a)}) vs ${baselineLabel}: ${median(p.b).toFixed(0)} ms (${range(p.b)}), ratio ${(median(p.a) / median(p.b)).toFixed(2)}x`,
  );
}

/** The compiled CLI, built now when it is missing or older than its sources: the bench measures what users run. */
async function ensureCompiledCli(): Promise<void> {
  const entry = cliEntry(root);
  if (entry.kind === 'bundle') return;
  console.log(`  building the compiled CLI (${entry.reason})`);
  await build({ configFile: join(root, 'vite.cli.config.ts'), logLevel: 'warn' });
  if (cliEntry(root).kind !== 'bundle') throw new Error('the compiled CLI is still not up to date after building it');
}

/** A Python that has pykeepass (Debian's python3-pykeepass lives in the system Python). */
function pythonWithPykeepass(): string | undefined {
  return ['/usr/bin/python3', 'python3'].find(
    (python) => spawnSync(python, ['-c', 'import pykeepass'], { encoding: 'utf8' }).status === 0,
  );
}

const KDBX4_HEADER_SCRIPT = `
import json, sys
from pykeepass import create_database
from pykeepass.kdbx_parsing.kdbx4 import kdf_uuids
spec = json.load(open(sys.argv[1]))
kp = create_database(spec['path'], password=spec['password'])
params = kp.kdbx.header.value.dynamic_header.kdf_parameters.data.dict
params['$UUID'].value = kdf_uuids['argon2id']
params['M'].value = spec['memoryBytes']
params['I'].value = spec['iterations']
params['P'].value = 1
# construct keeps the parsed header's raw bytes too: drop them so the edited values are written.
kp.kdbx.header.pop('data', None)
kp.save()
`;

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const uuid = () => randomBytes(16).toString('base64');

/** The same entries as the vault, in a KDBX 4 file with the vault's Argon2id parameters; undefined when it cannot be made. */
function makeKdbx(dir: string, entries: Entry[], kdf: { opsLimit: number; memLimit: number }): string | undefined {
  const python = pythonWithPykeepass();
  const keepassxc = spawnSync('keepassxc-cli', ['--version'], { encoding: 'utf8' });
  if (keepassxc.status !== 0 || !python) {
    console.log(
      `  keepassxc-cli comparisons skipped: ${keepassxc.status !== 0 ? 'keepassxc-cli' : 'pykeepass'} is not installed`,
    );
    return undefined;
  }
  const xmlPath = join(dir, 'entries.xml');
  const lines = entries.map(
    (e) =>
      `<Entry><UUID>${uuid()}</UUID>` +
      [
        ['Title', e.handle],
        ['UserName', `${e.handle}@example.ac.uk`],
        ['Password', e.password],
        ['Notes', e.name],
        ['otp', `otpauth://totp/${encodeURIComponent(e.handle)}?secret=${e.seed}&period=30&digits=6`],
      ]
        .map(([key, value]) => `<String><Key>${key}</Key><Value>${xml(value!)}</Value></String>`)
        .join('') +
      '</Entry>',
  );
  writeFileSync(
    xmlPath,
    `<?xml version="1.0" encoding="UTF-8"?>\n<KeePassFile><Meta><Generator>custodian bench</Generator></Meta><Root><Group><UUID>${uuid()}</UUID><Name>Root</Name>\n${lines.join('\n')}\n</Group></Root></KeePassFile>\n`,
  );
  const imported = join(dir, 'imported.kdbx');
  const target = join(dir, 'keepassxc.kdbx');
  const run = (command: string, args: string[], input = '') => {
    const result = spawnSync(command, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`${command} ${args[0]} failed: ${result.stderr.trim()}`);
  };
  run('keepassxc-cli', ['import', '-q', '-p', '-t', '100', xmlPath, imported], `${PASSPHRASE}\n${PASSPHRASE}\n`);
  const spec = join(dir, 'kdbx4.json');
  writeFileSync(
    spec,
    JSON.stringify({ path: target, password: PASSPHRASE, memoryBytes: kdf.memLimit, iterations: kdf.opsLimit }),
  );
  const script = join(dir, 'kdbx4-header.py');
  writeFileSync(script, KDBX4_HEADER_SCRIPT);
  run(python, [script, spec]);
  run('keepassxc-cli', ['merge', '-q', '-s', target, imported], `${PASSPHRASE}\n`);
  const info = spawnSync('keepassxc-cli', ['db-info', '-q', target], { input: `${PASSPHRASE}\n`, encoding: 'utf8' });
  const kb = kdf.memLimit / 1024;
  if (
    !info.stdout.includes(`KDF: Argon2id (${kdf.opsLimit} rounds, ${kb} KB)`) ||
    !info.stdout.includes(`Number of entries: ${entries.length}`)
  ) {
    throw new Error(`the KDBX file is not what the comparison needs:\n${info.stdout}`);
  }
  console.log(`  KDBX 4: ${entries.length} entries, Argon2id ${kdf.opsLimit} passes, ${kb / 1024} MiB, 1 lane`);
  return target;
}

export async function cliBench(dir: string, accounts: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  await ensureCompiledCli();

  // The vault, with the default (moderate) KDF as `custodian init` makes it.
  const vaultPath = join(dir, 'cli.custodian');
  const kdf = KDF_PRESET_PARAMS.moderate;
  const entries = Array.from({ length: accounts }, (_, i) => entryFor(i));
  const core = await benchCore(vaultPath);
  await core.vault.create({ owner: 'Bench', passphrase: PASSPHRASE, kdf: 'moderate' });
  const session = core.vault.session();
  session.store.transaction(() => {
    for (const e of entries) {
      core.accounts.create(
        { platform: e.platform, handle: e.handle, displayName: e.name, twoFactor: 'totp' },
        { password: e.password, totp: { seed: e.seed }, notes: e.name },
      );
    }
  });
  await core.dispose();

  const target = entries[Math.floor(accounts * 0.4242)]!;
  const env = { CUSTODIAN_VAULT: vaultPath, CUSTODIAN_PASSPHRASE: PASSPHRASE };
  const custodian = (args: string[], expect: RegExp) => () => timed(process.execPath, [BIN, ...args], { env, expect });
  const escaped = escapeRegExp(target.handle);

  // 1. Start-up: --help against node -e 0.
  const help = await interleave(HELP_PAIRS, custodian(['--help'], /^usage: custodian/), () =>
    timed(process.execPath, ['-e', '0'], { expect: /^$/ }),
  );
  describePair('custodian --help', help, 'node -e 0');
  const helpOver = median(help.a) - median(help.b);
  rows.push({
    name: 'CLI --help, whole process',
    value: median(help.a),
    unit: 'ms',
    baseline: median(help.b),
    ratio: median(help.a) / median(help.b),
    target: `<= node -e 0 + 100 ms (+${helpOver.toFixed(0)})`,
    pass: helpOver <= 100,
  });

  // 2. account list --search against the KDF alone with the vault's parameters.
  const salt = randomBytes(16);
  const search = await interleave(
    PAIRS,
    custodian(['account', 'list', '--search', target.handle], new RegExp(escaped)),
    async () => {
      const start = performance.now();
      await deriveKey(PASSPHRASE, { algorithm: KDF_ALGORITHM, ...kdf, salt });
      return performance.now() - start;
    },
  );
  describePair(`custodian account list --search (${accounts} accounts)`, search, 'Argon2id alone');
  const searchOver = median(search.a) - median(search.b);
  rows.push({
    name: `CLI open + search, ${accounts} accounts`,
    value: median(search.a),
    unit: 'ms',
    baseline: median(search.b),
    ratio: median(search.a) / median(search.b),
    target: `<= KDF + 150 ms (+${searchOver.toFixed(0)})`,
    pass: searchOver <= 150,
  });

  // 3. Side by side with keepassxc-cli on the same entries and KDF.
  const kdbx = makeKdbx(dir, entries, kdf);
  if (kdbx) {
    const keepassxc = (command: string, options: string[], argument: string, expect: RegExp) => () =>
      timed('keepassxc-cli', [command, '-q', ...options, kdbx, argument], { input: `${PASSPHRASE}\n`, expect });
    const comparisons: [string, () => number, () => number][] = [
      [
        'open + search',
        custodian(['account', 'list', '--search', target.handle], new RegExp(escaped)),
        keepassxc('search', [], target.handle, new RegExp(escaped)),
      ],
      [
        'open + show password',
        custodian(['account', 'show', target.handle, '--reveal'], new RegExp(escaped)),
        keepassxc(
          'show',
          ['-s', '-a', 'Password'],
          target.handle,
          new RegExp(`^${escapeRegExp(target.password)}$`, 'm'),
        ),
      ],
      [
        'open + TOTP code',
        custodian(['totp', target.handle], /^\d{6}$/m),
        keepassxc('show', ['-t'], target.handle, /^\d{6}$/m),
      ],
    ];
    for (const [label, ours, theirs] of comparisons) {
      const pair = await interleave(PAIRS, ours, theirs);
      describePair(`custodian ${label}`, pair, 'keepassxc-cli');
      const ratio = median(pair.a) / median(pair.b);
      rows.push({
        name: `CLI ${label} vs keepassxc-cli, ${accounts}`,
        value: median(pair.a),
        unit: 'ms',
        baseline: median(pair.b),
        ratio,
        target: '<= 0.8x keepassxc-cli',
        pass: ratio <= 0.8,
      });
    }
  }
  return rows;
}
