/**
 * Emergency escrow across two real vault files (a press-team vault and a
 * manager vault): cards and fingerprints, export, the press register and
 * pinning, staleness, break glass (single key and k-of-n officers), notices
 * and obligations, and every refusal leaving both files exactly as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/shared/totp';
import { loadSodium } from '../../src/main/core/crypto/sodium';
import { parseBundle } from '../../src/main/core/escrow/bundle';
import { toBase64Url } from '../../src/main/core/formats/signed-envelope';
import { checkpointMessage } from '../../src/main/core/audit/audit-trail';
import { NOTICE_FORMAT, makeNotice, type NoticeBody } from '../../src/main/core/escrow/notice';
import { VaultStore } from '../../src/main/core/db/vault-store';
import {
  OFFICERS,
  contentDigest,
  escrowPair,
  exportBundle,
  flipAt,
  importPressCard,
  prng,
  resign,
  rowCounts,
  strangerKey,
  unwrap,
  type EscrowPair,
} from '../support/escrow';
import { fileBytes } from '../support/raw-db';
import { findLeaks } from '../support/leaks';
import { useTempDir } from '../support/tmp';
import { PASSPHRASE, fields, refusal, secrets } from '../support/vault';

const dir = useTempDir('custodian-escrow-');
const DAY = 24 * 60 * 60 * 1000;

const counts: Record<string, { trials: number; refused: number }> = {};
function count(kind: string, wasRefused: boolean) {
  counts[kind] ??= { trials: 0, refused: 0 };
  counts[kind].trials += 1;
  if (wasRefused) counts[kind].refused += 1;
}
afterAll(() => {
  for (const [kind, c] of Object.entries(counts))
    console.log(`[escrow tamper, vaults] ${kind}: refused ${c.refused}/${c.trials}`);
});

/** Runs `fn` expecting a refusal and that neither vault file changed in any row. */
async function refusedUnchanged(pair: EscrowPair, fn: () => unknown, kind?: string) {
  const before = [contentDigest(pair.pressPath), contentDigest(pair.managerPath)];
  let error: unknown;
  try {
    await fn();
  } catch (caught) {
    error = caught;
  }
  const wasRefused = error !== undefined && (error as { code?: string }).code !== 'internal';
  if (kind) count(kind, wasRefused);
  expect(error, 'expected a refusal').toBeDefined();
  expect((error as Error).name).toBe('CustodianError');
  expect((error as Error).message).not.toMatch(/\n/);
  expect([contentDigest(pair.pressPath), contentDigest(pair.managerPath)]).toEqual(before);
  return error as { code: string; message: string };
}

describe('press card and fingerprint', () => {
  let pair: EscrowPair;
  beforeAll(async () => (pair = await escrowPair(dir)));
  afterAll(() => pair.dispose());

  it('the card and its fingerprint are stable across reads, locks and processes', async () => {
    const first = pair.press.press.card().key!;
    expect(first.fingerprint).toMatch(/^\d{5}( \d{5}){5}$/);
    expect(first.team).toBe('Press Office');
    expect(pair.press.press.card().key).toEqual(first);
    pair.press.vault.lock();
    await pair.press.vault.unlock(PASSPHRASE);
    expect(pair.press.press.card().key).toEqual(first);
    // The fingerprint is over the card's body: recompute it from the file the manager receives.
    const sodium = await loadSodium();
    const body = Buffer.from(JSON.parse(first.card).body as string, 'base64url');
    const digest = sodium.crypto_generichash(
      32,
      Buffer.concat([Buffer.from('custodian.press-card.fingerprint.v1\u0000'), body]),
      null,
    );
    const groups = [0, 1, 2, 3, 4, 5].map((i) =>
      Number(BigInt(`0x${Buffer.from(digest.subarray(5 * i, 5 * i + 5)).toString('hex')}`) % 100000n)
        .toString()
        .padStart(5, '0'),
    );
    expect(first.fingerprint).toBe(groups.join(' '));
    // It names the press vault's own signing key.
    expect(unwrap(first.card).body.signingKey).toBe(toBase64Url(pair.press.vault.session().keys.signingPublicKey));
  });

  it('a second keygen is refused unless replacing; the secret key is not stored in the clear', async () => {
    const before = pair.press.press.card().key!;
    await refusal(pair.press.press.keygen({ team: 'Press Office', kdf: 'interactive', replace: false }), 'conflict');
    expect(pair.press.press.card().key).toEqual(before);
    const events = pair.press.audit.list({ kinds: ['press.key_generated'], limit: 10 });
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ officers: 0, quorumK: null });
  });

  it('import-card is refused unless the fingerprint matches, and changes nothing', async () => {
    const { key } = pair.press.press.card();
    const wrong = key!.fingerprint.replace(/^\d/, (d) => String((Number(d) + 1) % 10));
    const mismatch = await refusedUnchanged(pair, () => pair.manager.escrow.importCard(key!.card, wrong));
    expect(mismatch.code).toBe('tampered');
    expect(mismatch.message).toContain(key!.fingerprint);
    expect((await refusedUnchanged(pair, () => pair.manager.escrow.importCard(key!.card, '12345'))).code).toBe(
      'invalid_input',
    );
    expect(
      (await refusedUnchanged(pair, () => pair.manager.escrow.importCard('not a card', key!.fingerprint))).code,
    ).toBe('invalid_input');
    // Typed with dashes, from the text block: accepted.
    const card = pair.manager.escrow.importCard(key!.armoured, key!.fingerprint.replace(/ /g, '-'));
    expect(card).toMatchObject({ team: 'Press Office', fingerprint: key!.fingerprint, quorum: null });
    expect((await refusedUnchanged(pair, () => pair.manager.escrow.importCard(key!.card, key!.fingerprint))).code).toBe(
      'conflict',
    );
    expect(pair.manager.audit.list({ kinds: ['press.card_imported'], limit: 5 })).toHaveLength(1);
  });

  it('random byte flips of the card file are refused at import, leaving the vault unchanged', async () => {
    const { key } = pair.press.press.card();
    const next = prng(42);
    const before = contentDigest(pair.managerPath);
    for (let i = 0; i < 300; i++) {
      const damaged = flipAt(key!.card, next(key!.card.length), 1 + next(255));
      let error: { code?: string } | undefined;
      try {
        pair.manager.escrow.importCard(damaged, key!.fingerprint);
      } catch (caught) {
        error = caught as { code?: string };
      }
      count('card import: random byte flip', error !== undefined);
      expect(['tampered', 'invalid_input', 'unsupported']).toContain(error?.code);
    }
    expect(contentDigest(pair.managerPath)).toBe(before);
  });
});

describe('export, register, pinning', () => {
  let pair: EscrowPair;
  let first: { file: string; bundleId: string };
  beforeAll(async () => {
    pair = await escrowPair(dir);
    importPressCard(pair);
    first = await exportBundle(pair.manager);
  });
  afterAll(() => pair.dispose());

  it('the bundle is signed by the manager vault, for the press card, with a fresh signed audit head', () => {
    const { body } = unwrap(first.file);
    const session = pair.manager.vault.session();
    expect(body).toMatchObject({
      format: 'custodian.escrow-bundle.v1',
      bundleId: first.bundleId,
      issuer: { vaultId: session.info.id, name: 'Comms Team', signingKey: toBase64Url(session.keys.signingPublicKey) },
      recipient: { team: 'Press Office', cardFingerprint: pair.press.press.card().key!.fingerprint },
      keys: { content: { mode: 'single' } },
    });
    const exported = pair.manager.audit.list({ kinds: ['escrow.exported'], limit: 1 })[0]!;
    expect(exported.details).toMatchObject({ bundleId: first.bundleId, accounts: 3 });
    // The head includes the export's own event and its signature verifies with the vault's key.
    const head = body.auditHead as { seq: number; at: number; hash: string; signature: string };
    expect(head.seq).toBe(exported.seq);
    expect(pair.manager.audit.verify().intact).toBe(true);
  });

  it('the bundle file holds no secret, handle or name in any encoding', () => {
    const bytes = Buffer.from(first.file);
    for (const plain of [
      'brand password 1',
      'JBSWY3DPEHPK3PXP',
      'rc-brand-1',
      'ourbrand',
      'uninews',
      'Jo Bloggs',
      'jo.bloggs@example.ac.uk',
    ]) {
      expect(findLeaks(bytes, plain), plain).toEqual([]);
    }
    expect(findLeaks(bytes, 'never escrowed note')).toEqual([]);
  });

  it('the press register shows every account with manager, holders, last rotation and issuer, opening no secret', () => {
    const result = pair.press.press.importBundle(first.file);
    expect(result).toMatchObject({
      bundleId: first.bundleId,
      accounts: 3,
      mode: 'single',
      pin: 'new',
      superseded: false,
      warnings: [],
    });
    pair.clock.advance(3 * DAY);
    const register = pair.press.press.register();
    expect(register.accounts.map((a) => a.handle).sort()).toEqual(['ourbrand', 'uninews', 'unisport']);
    const brand = register.accounts.find((a) => a.handle === 'ourbrand')!;
    expect(brand).toMatchObject({
      ref: pair.accounts.ourbrand,
      platform: 'instagram',
      displayName: 'Our Brand',
      manager: { name: 'Jo Bloggs', email: 'jo.bloggs@example.ac.uk' },
      twoFactor: 'totp',
      hasPassword: true,
      hasTotp: true,
      issuerName: 'Comms Team',
      bundleAgeDays: 3,
    });
    expect(brand.holders.map((h) => h.name)).toEqual(['Jo Bloggs', 'Sam Smith']);
    expect(brand.lastRotatedAt).toBe(pair.manager.accounts.get(pair.accounts.ourbrand).passwordChangedAt);
    expect(register.bundles).toEqual([
      expect.objectContaining({ bundleId: first.bundleId, current: true, openings: 0 }),
    ]);
    expect(register.issuers).toEqual([
      expect.objectContaining({ vaultId: pair.manager.vault.session().info.id, name: 'Comms Team', repinnedAt: null }),
    ]);
    const everything = JSON.stringify(register);
    for (const secret of ['brand password 1', 'JBSWY3DPEHPK3PXP', 'rc-brand-1'])
      expect(everything).not.toContain(secret);
    // No secret reached the press vault file either: they stay sealed to the press key inside the sealed bundle.
    pair.press.vault.lock();
    const files = Buffer.concat([
      fileBytes(pair.pressPath) ?? Buffer.alloc(0),
      fileBytes(`${pair.pressPath}-wal`) ?? Buffer.alloc(0),
    ]);
    for (const plain of ['brand password 1', 'JBSWY3DPEHPK3PXP', 'ourbrand', 'Jo Bloggs', 'Comms Team']) {
      expect(findLeaks(files, plain), plain).toEqual([]);
    }
    return pair.press.vault.unlock(PASSPHRASE);
  });

  it('the same bundle twice is refused; inspect tells what it can', async () => {
    expect((await refusedUnchanged(pair, () => pair.press.press.importBundle(first.file))).code).toBe('conflict');
    expect(pair.press.press.inspect(first.file)).toMatchObject({
      forThisVault: true,
      pin: 'match',
      imported: true,
      accounts: 3,
    });
  });

  it('a newer bundle supersedes the older one; an older one arriving late goes to history', async () => {
    pair.clock.advance(DAY);
    const second = await exportBundle(pair.manager);
    pair.clock.advance(DAY);
    const third = await exportBundle(pair.manager);
    expect(pair.press.press.importBundle(third.file)).toMatchObject({ superseded: false, supersedes: first.bundleId });
    const late = pair.press.press.importBundle(second.file);
    expect(late.superseded).toBe(true);
    expect(late.warnings.join(' ')).toMatch(/newer bundle/);
    const register = pair.press.press.register();
    expect(new Set(register.accounts.map((a) => a.bundleId))).toEqual(new Set([third.bundleId]));
    expect(register.bundles.filter((b) => b.current).map((b) => b.bundleId)).toEqual([third.bundleId]);
    expect(register.bundles).toHaveLength(3);
  });

  it('a bundle re-signed by another key is refused with both fingerprints, and re-pinning is explicit and audited', async () => {
    const forger = await strangerKey();
    // A genuine bundle not yet imported, intercepted and re-signed (its id must stay: the ciphertexts are bound to it).
    const intercepted = await exportBundle(pair.manager);
    const { body } = unwrap(intercepted.file);
    const issuer = body.issuer as { vaultId: string; name: string; signingKey: string };
    const head = body.auditHead as { seq: number; at: number; hash: string; signature: string };
    // Only the body re-signed: the audit checkpoint inside no longer verifies.
    const lazy = resign(
      intercepted.file,
      { ...body, issuer: { ...issuer, signingKey: toBase64Url(forger.publicKey) } },
      forger.sign,
    );
    expect((await refusedUnchanged(pair, () => pair.press.press.importBundle(lazy), 're-signed bundle')).code).toBe(
      'tampered',
    );
    // A careful forger re-signs the checkpoint too: the pin catches it.
    const hash = Buffer.from(head.hash, 'base64url');
    const careful = resign(
      intercepted.file,
      {
        ...body,
        issuer: { ...issuer, signingKey: toBase64Url(forger.publicKey) },
        auditHead: {
          ...head,
          signature: toBase64Url(forger.sign(checkpointMessage(issuer.vaultId, head.seq, head.at, hash))),
        },
      },
      forger.sign,
    );
    const pinned = pair.press.press.register().issuers[0]!.signingKeyFingerprint;
    const warning = await refusedUnchanged(pair, () => pair.press.press.importBundle(careful), 're-signed bundle');
    expect(warning.code).toBe('conflict');
    expect(warning.message).toContain(pinned);
    const offered = pair.press.press.inspect(careful);
    expect(offered.pin).toBe('changed');
    expect(warning.message).toContain(offered.issuer.signingKeyFingerprint);
    expect(warning.message).toMatch(/^WARNING/);
    // Accepting the new key: re-pinned and audited.
    const accepted = pair.press.press.importBundle(careful, { acceptNewKey: true });
    expect(accepted.pin).toBe('repinned');
    const repinned = pair.press.audit.list({ kinds: ['escrow.issuer_repinned'], limit: 5 });
    expect(repinned).toHaveLength(1);
    expect(repinned[0]!.details).toEqual({
      issuerVaultId: issuer.vaultId,
      previousKey: pinned,
      newKey: offered.issuer.signingKeyFingerprint,
    });
    // The pin now holds the accepted key: a bundle signed by the previous one is what gets the warning.
    const genuine = await exportBundle(pair.manager);
    const reverse = await refusedUnchanged(pair, () => pair.press.press.importBundle(genuine.file));
    expect(reverse.code).toBe('conflict');
    expect(reverse.message).toContain(pinned);
  });
});

describe('bad bundles change nothing', () => {
  let pair: EscrowPair;
  let other: EscrowPair;
  let bundle: { file: string; bundleId: string };
  let sibling: { file: string; bundleId: string };
  beforeAll(async () => {
    pair = await escrowPair(dir);
    other = await escrowPair(dir);
    importPressCard(pair);
    bundle = await exportBundle(pair.manager);
    sibling = await exportBundle(pair.manager);
    pair.press.press.importBundle(sibling.file);
  });
  afterAll(async () => {
    await pair.dispose();
    await other.dispose();
  });

  it('random byte flips, truncations and a swapped signature are refused by import', async () => {
    const next = prng(99);
    const before = rowCounts(pair.pressPath);
    const digest = contentDigest(pair.pressPath);
    const trials: string[] = [];
    for (let i = 0; i < 400; i++) trials.push(flipAt(bundle.file, next(bundle.file.length), 1 + next(255)));
    for (let i = 0; i < 60; i++) trials.push(bundle.file.slice(0, next(bundle.file.length)));
    trials.push(bundle.file.replace(/"signature":"[^"]+"/, `"signature":"${JSON.parse(sibling.file).signature}"`));
    for (const [i, damaged] of trials.entries()) {
      let error: { code?: string } | undefined;
      try {
        pair.press.press.importBundle(damaged);
      } catch (caught) {
        error = caught as { code?: string };
      }
      const kind =
        i < 400
          ? 'bundle import: random byte flip'
          : i < 460
            ? 'bundle import: truncation'
            : 'bundle import: swapped signature';
      count(kind, error !== undefined);
      expect(['tampered', 'invalid_input', 'unsupported'], `trial ${i}`).toContain(error?.code);
    }
    expect(rowCounts(pair.pressPath)).toEqual(before);
    expect(contentDigest(pair.pressPath)).toBe(digest);
    // The genuine file still imports afterwards.
    expect(pair.press.press.importBundle(bundle.file).accounts).toBe(3);
  });

  it('a bundle for another press key is refused, naming both cards', async () => {
    const card = other.press.press.card().key!;
    pair.manager.escrow.importCard(card.card, card.fingerprint);
    const foreign = await exportBundle(pair.manager, card.fingerprint);
    const error = await refusedUnchanged(pair, () => pair.press.press.importBundle(foreign.file));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(card.fingerprint);
    expect(error.message).toContain(pair.press.press.card().key!.fingerprint);
    // A press vault without a key says so.
    const keyless = await escrowPair(dir, null);
    try {
      const none = await refusal(() => keyless.press.press.importBundle(foreign.file), 'conflict');
      expect(none.message).toMatch(/this vault has no press key/);
    } finally {
      await keyless.dispose();
    }
  });

  it('unknown versions are refused as such', async () => {
    const session = pair.manager.vault.session();
    const { body } = unwrap(bundle.file);
    const v2 = resign(
      bundle.file,
      { ...body, format: 'custodian.escrow-bundle.v2' },
      (m) => session.keys.sign(m),
      'custodian.escrow-bundle.v2',
    );
    expect((await refusedUnchanged(pair, () => pair.press.press.importBundle(v2))).code).toBe('unsupported');
    const outer = bundle.file.replace('{"custodianEscrowBundle":1,', '{"custodianEscrowBundle":2,');
    const error = await refusedUnchanged(pair, () => pair.press.press.importBundle(outer));
    expect(error.code).toBe('unsupported');
    expect(error.message).toMatch(/version 2/);
  });

  it('a card, a notice or anything else where a bundle is expected is refused', async () => {
    const card = pair.press.press.card().key!.card;
    for (const input of [card, '', '{}', '[]', 'null', '{"custodianEscrowBundle":1}']) {
      expect((await refusedUnchanged(pair, () => pair.press.press.importBundle(input))).code).toMatch(
        /invalid_input|tampered/,
      );
    }
  });
});

describe('staleness', () => {
  let pair: EscrowPair;
  beforeAll(async () => {
    pair = await escrowPair(dir);
    importPressCard(pair);
  });
  afterAll(() => pair.dispose());
  const status = () => pair.manager.escrow.status();
  const reasons = () => status().cards[0]!.reasons;

  it('no bundle yet is "needs export"; a fresh bundle is up to date', async () => {
    expect(status()).toMatchObject({
      needsExport: true,
      banner: expect.stringMatching(/No escrow bundle yet for Press Office/),
    });
    await exportBundle(pair.manager);
    expect(status()).toMatchObject({ needsExport: false, banner: null });
    expect(status().cards[0]).toMatchObject({ stale: false, latest: { accounts: 3 } });
  });

  it('editing what is not escrowed (names, notes, grants) keeps it current', () => {
    const id = pair.accounts.uninews;
    pair.clock.advance(1000);
    pair.manager.accounts.update(
      id,
      fields({ platform: 'x', handle: 'uninews', displayName: 'Renamed' }),
      secrets({ notes: 'new note' }),
    );
    pair.manager.access.grant({ accountId: id, personId: pair.people.jo, reason: 'Extra cover' });
    // Saving the same password again is not a change.
    pair.manager.accounts.update(
      id,
      fields({ platform: 'x', handle: 'uninews', displayName: 'Renamed' }),
      secrets({ password: 'news password 1' }),
    );
    expect(status().cards[0]!.stale).toBe(false);
  });

  it('a rotation makes it stale at once, and says which account', () => {
    pair.manager.rotation.rotateNow(pair.accounts.uninews, { password: 'news password 2' });
    expect(reasons()).toEqual({ rotated: [pair.accounts.uninews], added: [], archived: [] });
    expect(status()).toMatchObject({
      needsExport: true,
      banner: expect.stringMatching(
        /Escrow out of date for Press Office: 1 account rotated since the bundle of 2026-01-15 — re-export/,
      ),
    });
  });

  it('a changed TOTP seed or recovery codes count as rotated, in the same millisecond as the export too', async () => {
    await exportBundle(pair.manager);
    expect(status().cards[0]!.stale).toBe(false);
    // The clock does not move: the export and the change share a timestamp.
    pair.manager.accounts.update(
      pair.accounts.ourbrand,
      fields({
        platform: 'instagram',
        handle: 'ourbrand',
        displayName: 'Our Brand',
        managerId: pair.people.jo,
        twoFactor: 'totp',
      }),
      secrets({ totp: { seed: 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ' } }),
    );
    expect(reasons().rotated).toEqual([pair.accounts.ourbrand]);
    await exportBundle(pair.manager);
    pair.manager.accounts.update(
      pair.accounts.ourbrand,
      fields({
        platform: 'instagram',
        handle: 'ourbrand',
        displayName: 'Our Brand',
        managerId: pair.people.jo,
        twoFactor: 'totp',
      }),
      secrets({ recoveryCodes: ['new-code'] }),
    );
    expect(reasons().rotated).toEqual([pair.accounts.ourbrand]);
  });

  it('an added account and an archived one make it stale; restoring an unescrowed account counts as added', async () => {
    await exportBundle(pair.manager);
    const added = pair.manager.accounts.create(
      fields({ platform: 'youtube', handle: 'unitube' }),
      secrets({ password: 'tube pw' }),
    );
    pair.manager.access.archiveAccount({ id: pair.accounts.unisport });
    expect(reasons()).toEqual({ rotated: [], added: [added.id], archived: [pair.accounts.unisport] });
    expect(status().cards[0]!.summary).toMatch(/1 account added, 1 account archived/);
    await exportBundle(pair.manager);
    expect(status().cards[0]!.stale).toBe(false);
    pair.manager.accounts.restore(pair.accounts.unisport);
    expect(reasons()).toEqual({ rotated: [], added: [pair.accounts.unisport], archived: [] });
  });
});

describe('break glass, notices and obligations', () => {
  let pair: EscrowPair;
  let bundle: { file: string; bundleId: string };
  let notice = '';
  let openingId = 0;
  beforeAll(async () => {
    pair = await escrowPair(dir);
    importPressCard(pair);
    bundle = await exportBundle(pair.manager);
    pair.press.press.importBundle(bundle.file);
  });
  afterAll(() => pair.dispose());

  it('opens the chosen accounts with a reason, audited without the reason; the reason is sealed', async () => {
    pair.clock.advance(DAY);
    const opened = await pair.press.press.open({
      bundleId: bundle.bundleId,
      refs: [pair.accounts.ourbrand, pair.accounts.uninews],
      reason: 'Instagram hacked at 2am, posting spam',
    });
    openingId = opened.openingId;
    expect(opened.accounts).toEqual([
      expect.objectContaining({
        ref: pair.accounts.ourbrand,
        handle: 'ourbrand',
        // Beside the password, what to type above it and who to call for the second factor.
        signInName: 'brand-login@example.ac.uk',
        password: 'brand password 1',
        totp: { secret: 'JBSWY3DPEHPK3PXP', digits: 6, period: 30, algorithm: 'sha1' },
        recoveryCodes: ['rc-brand-1', 'rc-brand-2'],
        recoveryEmail: 'comms-team@example.ac.uk',
        recoveryPhone: '',
        twoFactorDevice: 'Comms team iPhone',
        twoFactorHolder: { name: 'Sam Smith', email: 'sam.smith@example.ac.uk', phone: '07700 900123' },
      }),
      expect.objectContaining({
        ref: pair.accounts.uninews,
        signInName: null,
        twoFactorHolder: null,
        password: 'news password 1',
        totp: null,
        recoveryCodes: [],
      }),
    ]);
    const event = pair.press.audit.list({ kinds: ['escrow.opened'], limit: 5 });
    expect(event).toHaveLength(1);
    expect(event[0]!.details).toEqual({
      openingId,
      bundleId: bundle.bundleId,
      issuerVaultId: pair.manager.vault.session().info.id,
      accounts: 2,
      refs: `${pair.accounts.ourbrand},${pair.accounts.uninews}`,
      mode: 'single',
    });
    expect(JSON.stringify(pair.press.audit.list({ limit: 1000 }))).not.toMatch(/hacked|brand password/);
    expect(pair.press.press.openings()).toEqual([
      expect.objectContaining({ openingId, reason: 'Instagram hacked at 2am, posting spam', secretsAvailable: true }),
    ]);
    expect(findLeaks(fileBytes(`${pair.pressPath}-wal`), 'Instagram hacked at 2am')).toEqual([]);
    expect(findLeaks(fileBytes(pair.pressPath), 'Instagram hacked at 2am')).toEqual([]);
    // Not every account: the third was not opened.
    await refusal(pair.press.press.copy(openingId, pair.accounts.unisport, 'password'), 'not_found');
  });

  it('a blank or overlong reason is refused by the service itself, recording nothing', async () => {
    const before = rowCounts(pair.pressPath);
    for (const reason of ['', '   ', 'r'.repeat(2001)]) {
      const error = await refusal(pair.press.press.open({ bundleId: bundle.bundleId, reason }), 'invalid_input');
      expect(error.message).toMatch(/^reason: /);
    }
    await refusal(
      pair.press.press.keygen({ team: 'Press', officers: [OFFICERS[0]!], quorum: 2, replace: true }),
      'invalid_input',
    );
    expect(rowCounts(pair.pressPath)).toEqual(before);
  });

  it('copies through the clipboard guard and shows live TOTP codes, each audited', async () => {
    expect(await pair.press.press.copy(openingId, pair.accounts.ourbrand, 'password')).toEqual({
      clearAfterSeconds: 30,
    });
    expect(pair.press.clipboardPort.text).toBe('brand password 1');
    const code = pair.press.press.totp(openingId, pair.accounts.ourbrand, false);
    expect(code.code).toBe(
      totpCode({ secret: 'JBSWY3DPEHPK3PXP', digits: 6, period: 30, algorithm: 'sha1' }, pair.clock.now() / 1000).code,
    );
    pair.press.press.totp(openingId, pair.accounts.ourbrand, true);
    await pair.press.press.copy(openingId, pair.accounts.ourbrand, 'totpCode');
    expect(pair.press.clipboardPort.text).toBe(code.code);
    expect(pair.press.audit.list({ kinds: ['escrow.secret_copied'], limit: 10 }).map((e) => e.details.field)).toEqual([
      'totpCode',
      'password',
    ]);
    expect(pair.press.audit.list({ kinds: ['escrow.totp_viewed'], limit: 10 })).toHaveLength(1);
    await refusal(pair.press.press.copy(openingId, pair.accounts.uninews, 'totpSecret'), 'not_found');
  });

  it('the opened secrets leave memory when the vault locks', async () => {
    pair.press.vault.lock();
    await pair.press.vault.unlock(PASSPHRASE);
    await refusal(pair.press.press.copy(openingId, pair.accounts.ourbrand, 'password'), 'not_found');
    expect(pair.press.press.openings()[0]!.secretsAvailable).toBe(false);
    expect(pair.press.press.register().bundles[0]!.openings).toBe(1);
  });

  it('the notice is signed by the press vault and names bundle, vault, reason and accounts', async () => {
    pair.press.press.exportNotice(openingId, (content) => (notice = content));
    const { body } = unwrap(notice);
    expect(body).toMatchObject({
      format: 'custodian.break-glass-notice.v1',
      bundleId: bundle.bundleId,
      issuerVaultId: pair.manager.vault.session().info.id,
      reason: 'Instagram hacked at 2am, posting spam',
      accounts: [pair.accounts.ourbrand, pair.accounts.uninews],
      press: { team: 'Press Office', cardFingerprint: pair.press.press.card().key!.fingerprint },
    });
  });

  it('random byte flips and truncations of the notice are refused by the manager, changing nothing', async () => {
    const next = prng(7);
    const before = rowCounts(pair.managerPath);
    const digest = contentDigest(pair.managerPath);
    for (let i = 0; i < 400; i++) {
      const damaged =
        i < 340 ? flipAt(notice, next(notice.length), 1 + next(255)) : notice.slice(0, next(notice.length));
      let error: { code?: string } | undefined;
      try {
        pair.manager.escrow.importNotice(damaged);
      } catch (caught) {
        error = caught as { code?: string };
      }
      count(i < 340 ? 'notice import: random byte flip' : 'notice import: truncation', error !== undefined);
      expect(['tampered', 'invalid_input', 'unsupported']).toContain(error?.code);
    }
    expect(rowCounts(pair.managerPath)).toEqual(before);
    expect(contentDigest(pair.managerPath)).toBe(digest);
  });

  it('the manager imports it: audited, and an immediate "escrow opened" obligation per account', () => {
    pair.clock.advance(DAY);
    const result = pair.manager.escrow.importNotice(notice);
    expect(result).toEqual({
      noticeId: unwrap(notice).body.noticeId,
      bundleId: bundle.bundleId,
      team: 'Press Office',
      openedAt: pair.clock.now() - DAY,
      reason: 'Instagram hacked at 2am, posting spam',
      accounts: 2,
      obligations: 2,
      archivedSkipped: 0,
    });
    const obligations = pair.manager.obligations.list().filter((o) => o.reasonKind === 'escrow_opened');
    expect(obligations.map((o) => o.accountId).sort()).toEqual([pair.accounts.ourbrand, pair.accounts.uninews].sort());
    expect(obligations[0]).toMatchObject({
      dueAt: pair.clock.now(),
      reasonDetail: 'Escrow opened by Press Office on 2026-01-16: Instagram hacked at 2am, posting spam',
    });
    // The opening showed the TOTP seed of @ourbrand (the one account with a seed): two-factor must be re-enrolled.
    const reenrol = pair.manager.obligations.list().filter((o) => o.reasonKind === 'reenrol_totp');
    expect(reenrol.map((o) => o.accountId)).toEqual([pair.accounts.ourbrand]);
    expect(reenrol[0]!.reasonDetail).toBe(
      'Re-enrol two-factor: the TOTP seed was in the opened escrow (Press Office, 2026-01-16)',
    );
    const queue = pair.manager.rotation.queue();
    expect(queue.items.filter((i) => i.reasons.some((r) => r.kind === 'escrow_opened'))).toHaveLength(2);
    const event = pair.manager.audit.list({ kinds: ['escrow.notice_imported'], limit: 5 });
    expect(event[0]!.details).toMatchObject({ bundleId: bundle.bundleId, accounts: 2, obligations: 2 });
    expect(JSON.stringify(event)).not.toContain('hacked');
    expect(pair.manager.escrow.status().notices).toEqual([
      expect.objectContaining({
        bundleId: bundle.bundleId,
        team: 'Press Office',
        accounts: [pair.accounts.ourbrand, pair.accounts.uninews],
      }),
    ]);
    // Rotating resolves it, like any obligation.
    pair.manager.rotation.rotateNow(pair.accounts.uninews, { password: 'news password 2' });
    expect(pair.manager.obligations.list(pair.accounts.uninews)).toEqual([]);
  });

  it('refuses duplicates, foreign notices, unknown accounts and notices from unimported cards', async () => {
    expect((await refusedUnchanged(pair, () => pair.manager.escrow.importNotice(notice))).code).toBe('conflict');
    const press = pair.press.vault.session();
    const sign = (m: Uint8Array) => press.keys.sign(m);
    const body = unwrap(notice).body as unknown as NoticeBody;
    let serial = 100;
    const variant = (changes: Record<string, unknown>) =>
      makeNotice({ ...body, noticeId: toBase64Url(new Uint8Array(16).fill(serial++)), ...changes }, sign);
    const unknown = await refusedUnchanged(pair, () => pair.manager.escrow.importNotice(variant({ accounts: [999] })));
    expect(unknown).toMatchObject({ code: 'not_found', message: expect.stringMatching(/account 999/) });
    const added = pair.manager.accounts.create(fields({ platform: 'x', handle: 'newone' }), secrets({ password: 'p' }));
    const notEscrowed = await refusedUnchanged(pair, () =>
      pair.manager.escrow.importNotice(variant({ accounts: [added.id] })),
    );
    expect(notEscrowed.code).toBe('conflict');
    const otherVault = await refusedUnchanged(pair, () =>
      pair.manager.escrow.importNotice(variant({ issuerVaultId: 'another-vault' })),
    );
    expect(otherVault).toMatchObject({ code: 'conflict', message: expect.stringMatching(/another vault/) });
    const otherBundle = await refusedUnchanged(pair, () =>
      pair.manager.escrow.importNotice(variant({ bundleId: toBase64Url(new Uint8Array(16)) })),
    );
    expect(otherBundle.code).toBe('not_found');
    const v9 = makeNotice({ ...body, format: 'custodian.break-glass-notice.v9' as typeof NOTICE_FORMAT }, sign);
    expect((await refusedUnchanged(pair, () => pair.manager.escrow.importNotice(v9))).code).toBe('unsupported');
    // Signed by another press vault whose card the manager never imported.
    const stranger = await escrowPair(dir);
    try {
      const theirs = makeNotice(
        {
          ...body,
          press: {
            ...body.press,
            cardFingerprint: stranger.press.press.card().key!.fingerprint,
            signingKey: toBase64Url(stranger.press.vault.session().keys.signingPublicKey),
          },
        },
        (m) => stranger.press.vault.session().keys.sign(m),
      );
      expect((await refusedUnchanged(pair, () => pair.manager.escrow.importNotice(theirs))).message).toMatch(
        /has not imported/,
      );
      // The right card named, but signed with another key.
      const forged = makeNotice({ ...body, noticeId: toBase64Url(new Uint8Array(16).fill(3)) }, (m) =>
        stranger.press.vault.session().keys.sign(m),
      );
      expect((await refusedUnchanged(pair, () => pair.manager.escrow.importNotice(forged))).code).toBe('tampered');
    } finally {
      await stranger.dispose();
    }
  });

  it('an account archived since is skipped (it cannot be rotated) and counted', () => {
    pair.manager.access.archiveAccount({ id: pair.accounts.ourbrand });
    const press = pair.press.vault.session();
    const body = unwrap(notice).body as unknown as NoticeBody;
    const again = makeNotice(
      { ...body, noticeId: toBase64Url(new Uint8Array(16).fill(77)), format: NOTICE_FORMAT },
      (m) => press.keys.sign(m),
    );
    expect(pair.manager.escrow.importNotice(again)).toMatchObject({ accounts: 2, obligations: 1, archivedSkipped: 1 });
  });
});

describe('quorum: k of n officers', () => {
  let pair: EscrowPair;
  let bundle: { file: string; bundleId: string };
  const officer = (i: number) => ({ officer: i, passphrase: OFFICERS[i]!.passphrase });
  beforeAll(async () => {
    pair = await escrowPair(dir, { officers: OFFICERS, quorum: 2 });
    importPressCard(pair);
    bundle = await exportBundle(pair.manager);
    pair.press.press.importBundle(bundle.file);
  });
  afterAll(() => pair.dispose());

  it('the card names the officers; the bundle splits the content key into one sealed share each', () => {
    expect(pair.press.press.card().key!.quorum).toEqual({ k: 2, officers: OFFICERS.map((o) => o.name) });
    expect(pair.manager.escrow.cards()[0]!.quorum).toEqual({ k: 2, officers: OFFICERS.map((o) => o.name) });
    const content = (
      unwrap(bundle.file).body.keys as { content: { mode: string; k: number; n: number; shares: unknown[] } }
    ).content;
    expect(content).toMatchObject({ mode: 'quorum', k: 2, n: 3 });
    expect(content.shares).toHaveLength(3);
    expect(pair.press.press.register().bundles[0]!.mode).toBe('quorum');
  });

  it('any two officers open it; one is not enough; a wrong passphrase is refused and audited', async () => {
    for (const officers of [
      [0, 1],
      [1, 2],
      [2, 0],
    ]) {
      const opened = await pair.press.press.open({
        bundleId: bundle.bundleId,
        reason: `drill ${officers}`,
        officerPassphrases: officers.map(officer),
      });
      expect(opened.accounts.find((a) => a.handle === 'ourbrand')!.password).toBe('brand password 1');
    }
    const before = rowCounts(pair.pressPath);
    const one = await refusal(
      pair.press.press.open({ bundleId: bundle.bundleId, reason: 'x', officerPassphrases: [officer(0)] }),
      'invalid_input',
    );
    expect(one.message).toMatch(/needs 2 of its 3 officers/);
    await refusal(pair.press.press.open({ bundleId: bundle.bundleId, reason: 'x' }), 'invalid_input');
    await refusal(
      pair.press.press.open({ bundleId: bundle.bundleId, reason: 'x', officerPassphrases: [officer(0), officer(0)] }),
      'invalid_input',
    );
    const wrong = await refusal(
      pair.press.press.open({
        bundleId: bundle.bundleId,
        reason: 'x',
        officerPassphrases: [officer(0), { officer: 1, passphrase: OFFICERS[2]!.passphrase }],
      }),
      'wrong_passphrase',
    );
    expect(wrong.message).toBe('The passphrase of Bob Officer is wrong');
    // It names the one that failed by its place in the request, so a screen can keep the others.
    expect(wrong.details.issues).toEqual([
      { path: 'officerPassphrases.1.passphrase', message: 'The passphrase of Bob Officer is wrong' },
    ]);
    // Nothing opened; only the refusal recorded.
    const after = rowCounts(pair.pressPath);
    expect(after.escrow_openings).toBe(before.escrow_openings);
    expect(after.audit_events).toBe(before.audit_events! + 1);
    expect(pair.press.audit.list({ kinds: ['escrow.open_refused'], limit: 5 })[0]!.details).toEqual({
      bundleId: bundle.bundleId,
      officer: 1,
      reason: 'wrong_officer_passphrase',
    });
  });

  it('the press vault alone cannot open it, and a bundle bypassing the officers is refused', async () => {
    const session = pair.manager.vault.session();
    const { body } = unwrap(bundle.file);
    const sodium = await loadSodium();
    const parsed = parseBundle(sodium, bundle.file);
    // A forged single-key bundle, sealed to the press key, validly signed by the issuer: refused by policy.
    const bypass = resign(
      bundle.file,
      {
        ...body,
        bundleId: toBase64Url(new Uint8Array(16).fill(5)),
        keys: {
          manifest: (body.keys as { manifest: string }).manifest,
          content: {
            mode: 'single',
            sealed: toBase64Url(sodium.crypto_box_seal(new Uint8Array(32), parsed.recipientKey)),
          },
        },
      },
      (m) => session.keys.sign(m),
    );
    const error = await refusedUnchanged(pair, () => pair.press.press.importBundle(bypass));
    expect(error).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/needs 2 of 3 officers .* sealed to the press key alone/),
    });
  });

  it('a corrupted share is detected by the AEAD tag, naming no secret; the other officers still open it', async () => {
    const sodium = await loadSodium();
    const session = pair.manager.vault.session();
    const fresh = await exportBundle(pair.manager);
    const { body } = unwrap(fresh.file);
    const keys = body.keys as {
      manifest: string;
      content: {
        mode: 'quorum';
        k: number;
        n: number;
        shares: { officer: string; encryptionKey: string; sealed: string }[];
      };
    };
    // The issuer (or someone with their key) swaps Ann's share for garbage with a fresh x-coordinate.
    const garbage = new Uint8Array(33);
    garbage.set(sodium.randombytes_buf(32));
    // An x-coordinate no real share has (the three real ones are distinct values in 1..255; 0 is never used).
    garbage[32] = 0;
    const annKey = Buffer.from(keys.content.shares[0]!.encryptionKey, 'base64url');
    const shares = keys.content.shares.map((s, i) =>
      i === 0 ? { ...s, sealed: toBase64Url(sodium.crypto_box_seal(garbage, annKey)) } : s,
    );
    const corrupted = resign(fresh.file, { ...body, keys: { ...keys, content: { ...keys.content, shares } } }, (m) =>
      session.keys.sign(m),
    );
    const result = pair.press.press.importBundle(corrupted);
    const bad = await refusal(
      pair.press.press.open({
        bundleId: result.bundleId,
        reason: 'drill',
        officerPassphrases: [officer(0), officer(1)],
      }),
      'tampered',
    );
    expect(bad.message).toMatch(/share is wrong or damaged/);
    expect(pair.press.audit.list({ kinds: ['escrow.open_refused'], limit: 1 })[0]!.details).toMatchObject({
      reason: 'secrets_do_not_decrypt',
    });
    const good = await pair.press.press.open({
      bundleId: result.bundleId,
      reason: 'drill',
      officerPassphrases: [officer(1), officer(2)],
    });
    expect(good.accounts).toHaveLength(3);
  });

  it('the officers’ secret keys are wrapped under their passphrases, then sealed: not in the file in the clear', async () => {
    pair.press.vault.lock();
    const store = VaultStore.open(pair.pressPath);
    try {
      const rows = store.escrow.officersOf(1);
      expect(rows).toHaveLength(3);
      expect(rows.map((r) => r.kdfMemLimit)).toEqual([64 * 1024 * 1024, 64 * 1024 * 1024, 64 * 1024 * 1024]);
      // Sealed by the vault's field cipher: format byte, nonce, then an AEAD ciphertext of nonce || wrapped key.
      for (const row of rows) expect(row.wrappedSecretKey.length).toBe(1 + 24 + 24 + 32 + 16 + 16);
    } finally {
      store.close();
    }
    await pair.press.vault.unlock(PASSPHRASE);
  });
});
