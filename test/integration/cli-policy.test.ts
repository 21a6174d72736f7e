/**
 * `custodian policy show|set|export|import`: the press team sets and exports
 * its signed policy, a manager who pinned its card imports it; bad values,
 * an invalid pattern, an unpinned or altered file exit 1 with the reason and
 * change nothing; bad usage exits 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrganisationPolicy } from '../../src/shared/domain/policy';
import { runCli } from '../support/cli';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE } from '../support/vault';

const dir = useTempDir('custodian-cli-policy-');
const env = { CUSTODIAN_PASSPHRASE: PASSPHRASE };
let press = '';
let manager = '';
const run = (vault: string, argv: string[]) => runCli([...argv, '--vault', vault], { env });
const policyOf = async (vault: string) =>
  JSON.parse((await run(vault, ['policy', 'show', '--json'])).stdout) as OrganisationPolicy;

beforeAll(async () => {
  press = freshPath(dir, 'press');
  manager = freshPath(dir, 'manager');
  for (const [vault, owner] of [
    [press, 'Press Office'],
    [manager, 'Comms'],
  ] as const) {
    expect((await run(vault, ['init', '--owner', owner, '--kdf', 'interactive'])).code).toBe(0);
  }
  expect((await run(press, ['press', 'keygen', '--team', 'Press Office'])).code).toBe(0);
  const card = join(dir, 'press.custodian-card');
  expect((await run(press, ['press', 'card', '--out', card])).code).toBe(0);
  const { fingerprint } = JSON.parse((await run(press, ['press', 'card', '--json'])).stdout) as { fingerprint: string };
  expect((await run(manager, ['press', 'import-card', card, '--fingerprint', fingerprint])).code).toBe(0);
});

describe('custodian policy', () => {
  it('shows the defaults, as text and JSON', async () => {
    const text = await run(manager, ['policy', 'show']);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toMatch(/Handle rules:\n {2}none\nMinimum holders: 2\nTwo-factor: required/);
    expect(await policyOf(manager)).toEqual({
      handleRules: [],
      minHolders: 2,
      holdersSameDepartment: false,
      twoFactorRequired: true,
      minPasswordStrength: 3,
      takeoverMaxDays: 14,
      rotation: { unit: 'months', count: 3 },
    });
  });

  it('sets parts and keeps the rest; an invalid pattern or an out-of-range value exits 1 and changes nothing', async () => {
    const set = await run(press, [
      'policy',
      'set',
      '--handle-rule',
      'all:prefix:livuni',
      '--handle-rule',
      'x:pattern:LivUni[A-Za-z]+',
      '--min-holders',
      '3',
      '--same-department',
      'yes',
      '--rotation-months',
      '6',
    ]);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/X \(Twitter\): matches LivUni\[A-Za-z\]\+/);
    const saved = await policyOf(press);
    expect(saved).toMatchObject({ minHolders: 3, holdersSameDepartment: true, rotation: { unit: 'months', count: 6 } });
    expect(saved.twoFactorRequired).toBe(true);

    const pattern = await run(press, ['policy', 'set', '--handle-rule', 'all:pattern:uni(']);
    expect(pattern.code).toBe(1);
    expect(pattern.stderr).toMatch(/Not a valid regular expression/);
    const range = await run(press, ['policy', 'set', '--min-holders', '0']);
    expect(range.code).toBe(1);
    expect(await policyOf(press)).toEqual(saved);
  });

  it('bad usage exits 2', async () => {
    for (const argv of [
      ['policy', 'set'],
      ['policy', 'set', '--handle-rule', 'no-colons'],
      ['policy', 'set', '--two-factor', 'maybe'],
      ['policy', 'set', '--rotation-days', '30', '--rotation-months', '1'],
      ['policy', 'export'],
      ['policy', 'import'],
    ]) {
      expect((await run(press, argv)).code, argv.join(' ')).toBe(2);
    }
  });

  it('exports signed; the manager imports it; an altered file or one from an unpinned card exits 1', async () => {
    const file = join(dir, 'press.custodian-policy');
    const exported = await run(press, ['policy', 'export', '--out', file]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/signed with the key of card \d{5}( \d{5}){5}/);
    // A manager without a press key has nothing to sign with.
    expect((await run(manager, ['policy', 'export', '--out', join(dir, 'none.custodian-policy')])).code).toBe(1);

    const before = await policyOf(manager);
    const altered = join(dir, 'altered.custodian-policy');
    const outer = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    const body = JSON.parse(Buffer.from(outer.body!, 'base64url').toString('utf8'));
    body.policy.minHolders = 1;
    outer.body = Buffer.from(JSON.stringify(body)).toString('base64url');
    writeFileSync(altered, JSON.stringify(outer));
    const refused = await run(manager, ['policy', 'import', altered]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/altered or damaged: its signature does not verify/);

    // The manager's own (unpinned) key cannot publish, and another press vault's file is refused.
    const other = freshPath(dir, 'other');
    await run(other, ['init', '--owner', 'Other', '--kdf', 'interactive']);
    await run(other, ['press', 'keygen', '--team', 'Other Press']);
    const foreign = join(dir, 'foreign.custodian-policy');
    expect((await run(other, ['policy', 'export', '--out', foreign])).code).toBe(0);
    const unpinned = await run(manager, ['policy', 'import', foreign]);
    expect(unpinned.code).toBe(1);
    expect(unpinned.stderr).toMatch(/has not imported/);
    expect(await policyOf(manager)).toEqual(before);

    const applied = await run(manager, ['policy', 'import', file, '--json']);
    expect(applied.code).toBe(0);
    const result = JSON.parse(applied.stdout) as { team: string; changed: string[]; policy: OrganisationPolicy };
    expect(result.team).toBe('Press Office');
    expect(result.changed).toEqual(['handleRules', 'minHolders', 'holdersSameDepartment', 'rotation']);
    expect(await policyOf(manager)).toEqual(await policyOf(press));
  });
});
