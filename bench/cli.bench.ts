/**
 * `npm run bench -- cli [10k]`: the command line as users run it (bin/custodian.mjs
 * on the compiled CLI), whole processes, against baselines in interleaved
 * pairs (harness.ts):
 *  - `custodian --help` <= `node -e 0` + 100 ms;
 *  - `custodian account list --search` on a vault of N accounts <= the KDF's
 *    own time (Argon2id with the vault's parameters, in this process, in its
 *    worker thread as the CLI runs it) + 150 ms;
 *  - open + search, open + show a password, open + TOTP code <= 0.8x
 *    keepassxc-cli on a KDBX 4 file with the same 10,000 entries and the same
 *    Argon2id parameters (256 MiB, 3 passes, 1 lane). The KDBX file is made by
 *    keepassxc-cli import (KDBX 3.1, AES-KDF) merged into an empty KDBX 4 file
 *    whose Argon2id header pykeepass writes. Skipped, and said so, where
 *    keepassxc-cli or pykeepass is missing.
 * Every size chosen runs, except 100k unless named (a 100k KDBX merge is slow).
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
import { compare, type BenchContext, type BenchRow } from './harness';

const root = process.cwd();
const BIN = join(root, 'bin', 'custodian.mjs');
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
  // The output holds fixture secrets: name what was wrong without printing it.
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
  if (!options.expect.test(result.stdout))
    throw new Error(`${command} ${args.join(' ')}: output does not match ${options.expect}`);
  return ms;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The compiled CLI, built now when it is missing or older than its sources: the bench measures what users run. */
async function ensureCompiledCli(ctx: BenchContext): Promise<void> {
  const entry = cliEntry(root);
  if (entry.kind === 'bundle') return;
  ctx.log(`building the compiled CLI (${entry.reason})`);
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
function makeKdbx(
  ctx: BenchContext,
  label: string,
  entries: Entry[],
  kdf: { opsLimit: number; memLimit: number },
): string | undefined {
  const dir = ctx.dir;
  const python = pythonWithPykeepass();
  const keepassxc = spawnSync('keepassxc-cli', ['--version'], { encoding: 'utf8' });
  if (keepassxc.status !== 0 || !python) {
    console.log(
      `  keepassxc-cli comparisons skipped: ${keepassxc.status !== 0 ? 'keepassxc-cli' : 'pykeepass'} is not installed`,
    );
    return undefined;
  }
  const xmlPath = join(dir, `entries-${label}.xml`);
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
  const imported = join(dir, `imported-${label}.kdbx`);
  const target = join(dir, `keepassxc-${label}.kdbx`);
  const run = (command: string, args: string[], input = '') => {
    const result = spawnSync(command, args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`${command} ${args[0]} failed: ${result.stderr.trim()}`);
  };
  run('keepassxc-cli', ['import', '-q', '-p', '-t', '100', xmlPath, imported], `${PASSPHRASE}\n${PASSPHRASE}\n`);
  const spec = join(dir, `kdbx4-${label}.json`);
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
  ctx.log(`${label}: KDBX 4 with ${entries.length} entries, Argon2id ${kdf.opsLimit} passes, ${kb / 1024} MiB, 1 lane`);
  return target;
}

/** A vault of `count` accounts with the default (moderate) KDF, as `custodian init` makes it, each with a TOTP seed. */
async function cliVault(path: string, entries: ReturnType<typeof entryFor>[]): Promise<void> {
  const core = await benchCore(path);
  await core.vault.create({ owner: 'Bench', passphrase: PASSPHRASE, kdf: 'moderate' });
  core.vault.session().store.transaction(() => {
    for (const e of entries) {
      core.accounts.create(
        { platform: e.platform, handle: e.handle, displayName: e.name, twoFactor: 'totp' },
        { password: e.password, totp: { seed: e.seed }, notes: e.name },
      );
    }
  });
  await core.dispose();
}

export async function cliBench(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  await ensureCompiledCli(ctx);
  const custodian = (env: NodeJS.ProcessEnv, args: string[], expect: RegExp) => () =>
    timed(process.execPath, [BIN, ...args], { env, expect });

  // 1. Start-up, no vault: --help against node -e 0.
  rows.push(
    await compare({
      name: 'CLI --help vs node -e 0, whole process',
      pairs: 15,
      subject: custodian({}, ['--help'], /^usage: custodian/),
      baseline: () => timed(process.execPath, ['-e', '0'], { expect: /^$/ }),
      budget: { overBaseline: 100 },
    }),
  );

  const kdf = KDF_PRESET_PARAMS.moderate;
  for (const scale of ctx.scales) {
    if (scale.accounts > 10_000 && !ctx.scalesChosen) {
      ctx.log(`${scale.label}: skipped (name it to run: npm run bench -- cli ${scale.label})`);
      continue;
    }
    const entries = Array.from({ length: scale.accounts }, (_, i) => entryFor(i));
    const vaultPath = join(ctx.dir, `cli-${scale.label}.custodian`);
    const seeding = performance.now();
    await cliVault(vaultPath, entries);
    ctx.log(`${scale.label}: vault of ${scale.accounts} accounts in ${(performance.now() - seeding).toFixed(0)} ms`);
    const env = { CUSTODIAN_VAULT: vaultPath, CUSTODIAN_PASSPHRASE: PASSPHRASE };
    const target = entries[Math.floor(scale.accounts * 0.4242)]!;
    const handle = new RegExp(escapeRegExp(target.handle));

    // 2. account list --search against the KDF alone, with the vault's parameters.
    const salt = randomBytes(16);
    rows.push(
      await compare({
        name: 'CLI open + search vs Argon2id alone',
        scale: scale.label,
        subject: custodian(env, ['account', 'list', '--search', target.handle], handle),
        baseline: () => deriveKey(PASSPHRASE, { algorithm: KDF_ALGORITHM, ...kdf, salt }),
        budget: { overBaseline: 150 },
      }),
    );

    // 3. Side by side with keepassxc-cli on the same entries and KDF.
    const kdbx = makeKdbx(ctx, scale.label, entries, kdf);
    if (!kdbx) continue;
    const keepassxc = (command: string, options: string[], expect: RegExp) => () =>
      timed('keepassxc-cli', [command, '-q', ...options, kdbx, target.handle], { input: `${PASSPHRASE}\n`, expect });
    // keepassxc-cli prints the bare password; custodian account show --reveal a "Secret" line.
    const password = new RegExp(`^(Secret +)?${escapeRegExp(target.password)}$`, 'm');
    const comparisons: [string, () => number, () => number][] = [
      [
        'open + search',
        custodian(env, ['account', 'list', '--search', target.handle], handle),
        keepassxc('search', [], handle),
      ],
      [
        'open + show password',
        custodian(env, ['account', 'show', target.handle, '--reveal'], password),
        keepassxc('show', ['-s', '-a', 'Password'], password),
      ],
      ['open + TOTP code', custodian(env, ['totp', target.handle], /^\d{6}$/m), keepassxc('show', ['-t'], /^\d{6}$/m)],
    ];
    for (const [label, subject, baseline] of comparisons) {
      rows.push(
        await compare({
          name: `CLI ${label} vs keepassxc-cli`,
          scale: scale.label,
          subject,
          baseline,
          budget: { ratio: 0.8 },
        }),
      );
    }
  }
  return rows;
}
