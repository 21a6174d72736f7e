/**
 * The organisation policy as one object, and the press team's published
 * policy file: set whole (refused whole), published signed with the press
 * card's key, verified by an independent reader following docs/compliance.md,
 * applied by a manager who pinned that card, and refused with the reason,
 * changing nothing, when the card is not pinned, the signature is bad, or the
 * body has unknown keys, out-of-range values or an invalid pattern.
 */
import sodium from 'libsodium-wrappers-sumo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganisationPolicy } from '../../src/shared/domain/policy';
import { fromBase64Url } from '../../src/main/core/formats/signed-envelope';
import {
  contentDigest,
  escrowPair,
  importPressCard,
  resign,
  strangerKey,
  unwrap,
  type EscrowPair,
} from '../support/escrow';
import { freshPath, useTempDir } from '../support/tmp';
import { makeVault, refusal, type TestCore } from '../support/vault';

const dir = useTempDir('custodian-policy-file-');
let pair: EscrowPair;
let file = '';

const PRESS_POLICY: OrganisationPolicy = {
  handleRules: [
    { platform: 'all', kind: 'prefix', value: 'livuni' },
    { platform: 'x', kind: 'pattern', value: 'LivUni[A-Za-z]+' },
  ],
  minHolders: 3,
  holdersSameDepartment: true,
  twoFactorRequired: true,
  minPasswordStrength: 4,
  takeoverMaxDays: 7,
  rotation: { unit: 'months', count: 6 },
};

function publish(core: TestCore): string {
  let out = '';
  core.policy.publish((content) => (out = content));
  return out;
}

/** Runs `fn` expecting a refusal; the manager's vault must not change in any row, its policy least of all. */
async function refusedUnchanged(fn: () => unknown, code: string) {
  const before = contentDigest(pair.managerPath);
  const policy = pair.manager.policy.get();
  const error = await refusal(fn, code as never);
  expect(contentDigest(pair.managerPath)).toBe(before);
  expect(pair.manager.policy.get()).toEqual(policy);
  return error;
}

/** The press vault's own signing key, as a press team that published a bad body would use it. */
const pressSign = () => (message: Uint8Array) => pair.press.vault.session().keys.sign(message);

beforeAll(async () => {
  await sodium.ready;
  pair = await escrowPair(dir);
  importPressCard(pair);
  pair.press.policy.set(PRESS_POLICY);
  file = publish(pair.press);
});
afterAll(() => pair.dispose());

describe('the policy as one object', () => {
  it('reads back what was set, and records one event with no secrets', () => {
    expect(pair.press.policy.get()).toEqual(PRESS_POLICY);
    expect(pair.press.settings.get()).toMatchObject({ minHolders: 3, takeoverMaxDays: 7 });
    expect(pair.press.rotation.policy().policy).toEqual({ unit: 'months', count: 6 });
    const event = pair.press.audit.list({ kinds: ['policy.changed'], limit: 10 })[0]!;
    expect(event.details).toMatchObject({ source: 'manual', minHolders: 3, rotation: '6 months' });
  });

  it('refuses an invalid pattern or an out-of-range value whole, changing nothing', async () => {
    const before = contentDigest(pair.pressPath);
    const bad = await refusal(
      () =>
        pair.press.policy.set({ ...PRESS_POLICY, handleRules: [{ platform: 'all', kind: 'pattern', value: 'uni(' }] }),
      'invalid_input',
    );
    expect(bad.message).toMatch(/Not a valid regular expression/);
    await refusal(() => pair.press.policy.set({ ...PRESS_POLICY, minHolders: 0 }), 'invalid_input');
    await refusal(() => pair.press.policy.set({ ...PRESS_POLICY, takeoverMaxDays: 91 }), 'invalid_input');
    expect(contentDigest(pair.pressPath)).toBe(before);
  });
});

describe('publishing', () => {
  it('is the documented envelope, verifiable with raw libsodium against the pinned card’s signing key', () => {
    const outer = JSON.parse(file) as Record<string, string>;
    expect(Object.keys(outer)).toEqual(['custodianPolicy', 'body', 'signature']);
    const bodyBytes = Buffer.from(outer.body!, 'base64url');
    const body = JSON.parse(bodyBytes.toString('utf8'));
    expect(Object.keys(body)).toEqual(['format', 'policyId', 'publishedAt', 'press', 'policy']);
    expect(body.format).toBe('custodian.policy.v1');
    expect(body.policyId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(body.policy).toEqual(PRESS_POLICY);
    // The key to check it with comes from the press card the manager pinned, not from the file.
    const card = unwrap(pair.press.press.card().key!.card).body as { signingKey: string };
    expect(body.press.signingKey).toBe(card.signingKey);
    expect(body.press.cardFingerprint).toBe(pair.press.press.card().key!.fingerprint);
    const message = Buffer.concat([Buffer.from('custodian.policy.v1\u0000', 'utf8'), bodyBytes]);
    expect(
      sodium.crypto_sign_verify_detached(
        Buffer.from(outer.signature!, 'base64url'),
        message,
        fromBase64Url(card.signingKey)!,
      ),
    ).toBe(true);
    expect(pair.press.audit.list({ kinds: ['policy.published'], limit: 10 })).toHaveLength(1);
  });

  it('needs a press key', async () => {
    await refusal(() => publish(pair.manager), 'not_found');
  });
});

describe('applying a published policy', () => {
  it('refuses a file signed for a card this vault has not pinned', async () => {
    const other = await makeVault(freshPath(dir, 'other-press'), { clock: pair.clock });
    try {
      await other.press.keygen({ team: 'Other Press', kdf: 'interactive', replace: false });
      other.policy.set(PRESS_POLICY);
      const error = await refusedUnchanged(() => pair.manager.policy.importFile(publish(other)), 'invalid_input');
      expect(error.message).toMatch(/press card .* that this vault has not imported/);
    } finally {
      await other.dispose();
    }
  });

  it('refuses a bad signature, and a key that is not the pinned card’s', async () => {
    const { body, signature } = unwrap(file);
    signature[5] = signature[5]! ^ 1;
    const outer = JSON.parse(file) as Record<string, string>;
    const flipped = JSON.stringify({ ...outer, signature: Buffer.from(signature).toString('base64url') });
    const bad = await refusedUnchanged(() => pair.manager.policy.importFile(flipped), 'tampered');
    expect(bad.message).toMatch(/signature does not verify/);
    // A forger names the pinned card but signs with (and names) their own key.
    const forger = await strangerKey();
    const forged = resign(
      file,
      {
        ...body,
        press: { ...(body.press as object), signingKey: Buffer.from(forger.publicKey).toString('base64url') },
      },
      forger.sign,
    );
    const substituted = await refusedUnchanged(() => pair.manager.policy.importFile(forged), 'tampered');
    expect(substituted.message).toMatch(/not signed by the key on the press card you imported/);
    // Or keeps the card's key in the body and signs a weaker policy with their own.
    const weaker = resign(file, { ...body, policy: { ...PRESS_POLICY, minHolders: 1 } }, forger.sign);
    await refusedUnchanged(() => pair.manager.policy.importFile(weaker), 'tampered');
  });

  it('refuses unknown keys, out-of-range values and invalid patterns, even when properly signed', async () => {
    const { body } = unwrap(file);
    const cases: [string, Record<string, unknown>, RegExp][] = [
      [
        'unknown policy key',
        { ...body, policy: { ...PRESS_POLICY, maxPosts: 3 } },
        /policy: Unrecognized key.*maxPosts/,
      ],
      ['unknown body key', { ...body, comment: 'hi' }, /Unrecognized key.*comment/],
      ['minHolders out of range', { ...body, policy: { ...PRESS_POLICY, minHolders: 11 } }, /policy\.minHolders/],
      [
        'strength out of range',
        { ...body, policy: { ...PRESS_POLICY, minPasswordStrength: 5 } },
        /policy\.minPasswordStrength/,
      ],
      [
        'invalid pattern',
        { ...body, policy: { ...PRESS_POLICY, handleRules: [{ platform: 'x', kind: 'pattern', value: '[a-' }] } },
        /policy\.handleRules\.0\.value: Not a valid regular expression/,
      ],
      [
        'unknown platform',
        { ...body, policy: { ...PRESS_POLICY, handleRules: [{ platform: 'myspace', kind: 'prefix', value: 'x' }] } },
        /policy\.handleRules\.0\.platform/,
      ],
      [
        'rotation out of range',
        { ...body, policy: { ...PRESS_POLICY, rotation: { unit: 'months', count: 0 } } },
        /rotation/,
      ],
    ];
    for (const [what, changed, reason] of cases) {
      const signed = resign(file, changed, pressSign());
      const error = await refusedUnchanged(() => pair.manager.policy.importFile(signed), 'invalid_input');
      expect(error.message, what).toMatch(reason);
    }
  });

  it('refuses garbage and another version with a clear reason', async () => {
    await refusedUnchanged(() => pair.manager.policy.importFile('not a policy'), 'invalid_input');
    const outer = JSON.parse(file) as Record<string, string>;
    await refusedUnchanged(
      () =>
        pair.manager.policy.importFile(
          JSON.stringify({ custodianPolicy: 2, body: outer.body, signature: outer.signature }),
        ),
      'unsupported',
    );
    await refusedUnchanged(() => pair.manager.policy.importFile(file.replace('","', '", "')), 'tampered');
  });

  it('applies a file signed by the pinned card, audited, and compliance judges by it', () => {
    const before = pair.manager.policy.get();
    expect(before.minHolders).toBe(2);
    const result = pair.manager.policy.importFile(file);
    expect(result).toMatchObject({ team: 'Press Office', policy: PRESS_POLICY });
    expect(result.changed).toEqual(
      expect.arrayContaining([
        'handleRules',
        'minHolders',
        'holdersSameDepartment',
        'minPasswordStrength',
        'takeoverMaxDays',
        'rotation',
      ]),
    );
    expect(pair.manager.policy.get()).toEqual(PRESS_POLICY);
    const event = pair.manager.audit.list({ kinds: ['policy.changed'], limit: 10 })[0]!;
    expect(event.details).toMatchObject({ source: 'file', minHolders: 3, policyId: unwrap(file).body.policyId });
    // The manager's handles do not begin with "livuni": R10 finds each active account.
    const report = pair.manager.compliance.report();
    const r10 = report.accounts.filter((a) => a.findings.some((f) => f.kind === 'handle_breaks_rule'));
    expect(r10).toHaveLength(3);
    // Applying it again changes nothing but is still recorded.
    expect(pair.manager.policy.importFile(file).changed).toEqual([]);
  });
});
