/**
 * Escrow test helpers: a press-team vault and a manager vault on real files
 * sharing one manual clock, a manager with accounts, people and grants, and
 * the tools an attacker would use on the files (re-signing, byte flips).
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import sodiumModule from 'libsodium-wrappers-sumo';
import { ManualClock } from '../../src/main/core/clock';
import { CustodianError } from '../../src/main/core/errors';
import { fromBase64Url, toBase64Url } from '../../src/main/core/formats/signed-envelope';
import type { KeygenRequest } from '../../src/main/core/services/press.service';
import { withRawDb } from './raw-db';
import { freshPath } from './tmp';
import { fields, makeVault, secrets, type TestCore } from './vault';

export const OFFICERS = [
  { name: 'Ann Officer', passphrase: 'ann officer passphrase' },
  { name: 'Bob Officer', passphrase: 'bob officer passphrase' },
  { name: 'Cat Officer', passphrase: 'cat officer passphrase' },
];

export interface EscrowPair {
  clock: ManualClock;
  press: TestCore;
  manager: TestCore;
  pressPath: string;
  managerPath: string;
  /** The manager's accounts by handle. */
  accounts: { ourbrand: number; uninews: number; unisport: number };
  /** The manager's people by name. */
  people: { jo: number; sam: number };
  dispose(): Promise<void>;
}

/** A deterministic generator for random trials (same as the audit tamper tests). */
export function prng(seed: number) {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    state = (state ^ (state >>> 13)) >>> 0;
    return state % n;
  };
}

/** Three accounts with managers, holders, TOTP and recovery codes. */
/** With `keygen: null`, the press vault gets no press key. */
export async function escrowPair(dir: string, keygen?: Partial<KeygenRequest> | null): Promise<EscrowPair> {
  const clock = new ManualClock(Date.UTC(2026, 0, 15, 9, 0, 0));
  const pressPath = freshPath(dir, 'press');
  const managerPath = freshPath(dir, 'manager');
  const press = await makeVault(pressPath, { clock });
  const manager = await makeVault(managerPath, { clock });
  if (keygen !== null) {
    await press.press.keygen({ team: 'Press Office', kdf: 'interactive', replace: false, ...keygen });
  }
  const jo = manager.people.create({ name: 'Jo Bloggs', email: 'jo.bloggs@example.ac.uk' });
  const sam = manager.people.create({ name: 'Sam Smith', email: 'sam.smith@example.ac.uk', phone: '07700 900123' });
  const brand = manager.accounts.create(
    fields({
      platform: 'instagram',
      handle: 'ourbrand',
      displayName: 'Our Brand',
      managerId: jo.id,
      twoFactor: 'totp',
      recoveryEmail: 'comms-team@example.ac.uk',
      twoFactorDevice: 'Comms team iPhone',
      twoFactorHolderId: sam.id,
    }),
    secrets({
      signInName: 'brand-login@example.ac.uk',
      password: 'brand password 1',
      totp: { seed: 'JBSWY3DPEHPK3PXP' },
      recoveryCodes: ['rc-brand-1', 'rc-brand-2'],
    }),
  );
  const news = manager.accounts.create(
    fields({ platform: 'x', handle: 'uninews', url: 'https://x.com/uninews', managerId: sam.id }),
    secrets({ password: 'news password 1' }),
  );
  const sport = manager.accounts.create(
    fields({ platform: 'tiktok', handle: 'unisport', department: 'Sport' }),
    secrets({ password: 'sport password 1', notes: 'never escrowed note' }),
  );
  clock.advance(60_000);
  manager.access.grant({ accountId: brand.id, personId: jo.id, reason: 'Runs it' });
  manager.access.grant({ accountId: brand.id, personId: sam.id, reason: 'Weekend cover' });
  manager.access.grant({ accountId: news.id, personId: sam.id, reason: 'Runs it' });
  clock.advance(60_000);
  return {
    clock,
    press,
    manager,
    pressPath,
    managerPath,
    accounts: { ourbrand: brand.id, uninews: news.id, unisport: sport.id },
    people: { jo: jo.id, sam: sam.id },
    async dispose() {
      await press.dispose();
      await manager.dispose();
    },
  };
}

/** The manager imports the press vault's current card (after the "phone call"). */
export function importPressCard(pair: EscrowPair): void {
  const { key } = pair.press.press.card();
  pair.manager.escrow.importCard(key!.card, key!.fingerprint);
}

/** Exports a bundle from the manager; returns the file text and bundle id. */
export async function exportBundle(core: TestCore, fingerprint?: string): Promise<{ file: string; bundleId: string }> {
  let file = '';
  const { bundleId } = await core.escrow.export(fingerprint, (content) => (file = content));
  return { file, bundleId };
}

/** The outer object and decoded body of an envelope file. */
export function unwrap(file: string): { marker: string; body: Record<string, unknown>; signature: Uint8Array } {
  const outer = JSON.parse(file) as Record<string, unknown>;
  const marker = Object.keys(outer)[0]!;
  const body = JSON.parse(Buffer.from(fromBase64Url(outer.body as string)!).toString('utf8')) as Record<
    string,
    unknown
  >;
  return { marker, body, signature: fromBase64Url(outer.signature as string)! };
}

/** Re-serialises a (modified) body and signs it with `sign`, as a forger holding that key would. */
export function resign(
  file: string,
  body: Record<string, unknown>,
  sign: (message: Uint8Array) => Uint8Array,
  format = body.format as string,
): string {
  const marker = Object.keys(JSON.parse(file) as object)[0]!;
  const bodyBytes = new TextEncoder().encode(JSON.stringify(body));
  const prefix = new TextEncoder().encode(`${format}\u0000`);
  const message = new Uint8Array(prefix.length + bodyBytes.length);
  message.set(prefix);
  message.set(bodyBytes, prefix.length);
  return `{"${marker}":1,"body":"${toBase64Url(bodyBytes)}","signature":"${toBase64Url(sign(message))}"}`;
}

/** An Ed25519 key pair that is nobody's vault key. */
export async function strangerKey() {
  await sodiumModule.ready;
  const pair = sodiumModule.crypto_sign_keypair();
  return {
    publicKey: pair.publicKey,
    sign: (message: Uint8Array) => sodiumModule.crypto_sign_detached(message, pair.privateKey),
  };
}

/** A digest of every row of every table, read through a separate connection. */
export function contentDigest(path: string): string {
  return withRawDb(path, (db) => {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[];
    const hash = createHash('sha256');
    for (const { name } of tables) {
      hash.update(name);
      for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()) {
        hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
      }
    }
    return hash.digest('hex');
  });
}

/** Row counts of the tables escrow writes to (and the audit trail). */
export function rowCounts(path: string): Record<string, number> {
  return withRawDb(path, (db) =>
    Object.fromEntries(
      [
        'press_keys',
        'press_officers',
        'escrow_issuers',
        'escrow_bundles',
        'escrow_openings',
        'press_cards',
        'escrow_exports',
        'escrow_export_accounts',
        'escrow_notices',
        'rotation_obligations',
        'audit_events',
      ].map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
    ),
  );
}

export const REFUSAL_CODES = ['tampered', 'invalid_input', 'unsupported'] as const;

/** Runs `fn`, which must refuse with a one-line CustodianError of one of `codes`; returns the error. */
export function refused(fn: () => unknown, codes: readonly string[] = REFUSAL_CODES): CustodianError {
  let error: unknown;
  try {
    fn();
  } catch (caught) {
    error = caught;
  }
  expect(error, 'expected a refusal').toBeInstanceOf(CustodianError);
  const refusal = error as CustodianError;
  expect(codes).toContain(refusal.code);
  expect(refusal.message).not.toMatch(/\n/);
  return refusal;
}

/** Flips bits of one byte of a text file (as bytes), keeping it a JS string the way a reader would decode it. */
export function flipAt(file: string, index: number, mask: number): string {
  const bytes = Buffer.from(file, 'utf8');
  bytes[index] = bytes[index]! ^ mask;
  return bytes.toString('utf8');
}
