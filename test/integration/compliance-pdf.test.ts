/**
 * The signed compliance report for auditors: the document says what the
 * report says (date, vault, policy, every finding); the signature over the
 * printed bytes verifies with `custodian report verify` and without a vault;
 * any changed byte, a stripped or damaged signature line, or another vault's
 * key is refused with exit 1. The printed PDF here is a minimal one: the
 * signature covers bytes, whatever printed them (the e2e journey signs and
 * opens a real Chromium print).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountFieldsSchema } from '../../src/shared/domain/account';
import { runCli } from '../support/cli';
import { freshPath, useTempDir } from '../support/tmp';
import { makeVault, OWNER, refusal, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-compliance-pdf-');
/** The smallest file PDF readers accept as a PDF (the content is immaterial to the signature). */
const PRINTED = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

let core: TestCore;
let signedPath: string;
let signed: Buffer;
let fingerprint: string;

const verify = (file: string, ...args: string[]) => runCli(['report', 'verify', file, ...args]);
const variant = (name: string, bytes: Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

beforeAll(async () => {
  core = await makeVault(freshPath(dir));
  core.accounts.create(AccountFieldsSchema.parse({ platform: 'x', handle: 'orphan_news' }), { password: 'a' });
  fingerprint = core.vault.status().vault!.keyFingerprint;
  const { report } = core.compliance.auditorDocument();
  signed = Buffer.from(core.compliance.signPdf(PRINTED, report));
  signedPath = variant('signed.pdf', signed);
});
afterAll(() => core.dispose());

describe('the signed compliance report', () => {
  it('prints the date, the vault, the policy, the counts and every finding', () => {
    const { report, html, suggestedName } = core.compliance.auditorDocument();
    expect(suggestedName).toMatch(/^custodian-compliance-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(html).toContain(`${OWNER} (${report.vault.id})`);
    expect(html).toContain(new Date(report.generatedAt).toISOString());
    expect(html).toContain(fingerprint);
    expect(html).toContain('People who must know each login</td><td>2</td>');
    expect(report.findings).toBeGreaterThan(0);
    for (const finding of report.accounts[0]!.findings) expect(html).toContain(finding.message);
  });

  it('starts with the printed bytes unchanged and records the export', () => {
    expect(signed.subarray(0, PRINTED.length).equals(PRINTED)).toBe(true);
    expect(signed.subarray(PRINTED.length).toString('utf8')).toMatch(/^\n%custodian-signature \{"v":1,.*\}\n$/);
    const events = core.audit.list({ limit: 5 }).filter((e) => e.kind === 'compliance.exported');
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toEqual({ accounts: 1, findings: expect.any(Number) });
  });

  it('verifies with the CLI, no vault needed, naming the vault and its key', async () => {
    const run = await verify(signedPath);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`Valid: signed by the vault of ${OWNER}`);
    expect(run.stdout).toContain(`key fingerprint ${fingerprint}`);
    const json = await verify(signedPath, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: true, owner: OWNER, fingerprint });
    expect((await verify(signedPath, '--fingerprint', fingerprint)).code).toBe(0);
    expect((await verify(signedPath, '--fingerprint', fingerprint.replace(/ /g, '').toLowerCase())).code).toBe(0);
  });

  it('refuses another key, a changed byte, a damaged or missing signature, with exit 1', async () => {
    const other = await verify(signedPath, '--fingerprint', '0000 0000 0000 0000');
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/^Not valid: the signature is good but the key is not the expected one/);

    const flipped = Buffer.from(signed);
    flipped[20] = flipped[20]! ^ 0x01;
    const changed = await verify(variant('changed.pdf', flipped));
    expect(changed).toMatchObject({ code: 1, stdout: expect.stringMatching(/changed after it was signed/) });

    const text = signed.toString('latin1');
    const reOwned = Buffer.from(text.replace(`"owner":"${OWNER}"`, '"owner":"Someone Else"'), 'latin1');
    expect((await verify(variant('owner.pdf', reOwned))).code).toBe(1);

    const damaged = Buffer.from(text.replace(/"signature":"[^"]+"/, '"signature":"AAAA"'), 'latin1');
    expect(await verify(variant('damaged.pdf', damaged))).toMatchObject({ code: 1 });

    const unsigned = await verify(variant('unsigned.pdf', PRINTED));
    expect(unsigned).toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/not a signed Custodian compliance report/),
    });
    const json = JSON.parse((await verify(variant('unsigned2.pdf', PRINTED), '--json')).stdout) as { valid: boolean };
    expect(json.valid).toBe(false);
    expect(readFileSync(signedPath).equals(signed)).toBe(true);
  });

  it('refuses bad usage with exit 2', async () => {
    expect((await verify(signedPath, '--fingerprint', 'not hex')).code).toBe(2);
    expect((await runCli(['report', 'verify'])).code).toBe(2);
  });

  it('signs only a PDF', async () => {
    const { report } = core.compliance.auditorDocument();
    await refusal(() => core.compliance.signPdf(Buffer.from('<html>'), report), 'internal');
  });
});
