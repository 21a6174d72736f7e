/**
 * Escrow budgets (export of 10,000 accounts <= 500 ms), with the
 * reference workload: 10,000 accounts (password, TOTP seed, recovery codes),
 * 1,000 people, 50,000 grants (the manifest lists every holder).
 *
 *  - export: collect and decrypt every field, build manifest and secrets,
 *    encrypt, seal, sign, record (audit event, signed checkpoint, 10,000
 *    staleness rows), against raw libsodium doing the same select, decrypts,
 *    JSON, encryption, sealing and signature with none of the app's layers;
 *  - open (break glass, all accounts): re-verify the stored bundle, open the
 *    content key, decrypt and validate the secrets, record the opening and
 *    sign the notice, against raw libsodium parsing, verifying and
 *    decrypting the same file;
 *  - import into the register, staleness check and the register view, for information.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { fieldAad } from '../src/main/core/crypto/field-cipher';
import { nodeRandom } from '../src/main/core/crypto/random';
import type { Core } from '../src/main/core/core';
import { benchCore, handleFor, word } from './fixtures';
import { PLATFORMS } from '../src/shared/domain/platforms';
import { compare, measure, type BenchContext, type BenchRow } from './harness';

const PASSPHRASE = 'benchmark passphrase, not secret';
const ROUNDS = 5;

/** The DESIGN workload at `accounts` accounts (also the compliance bench's, with its own passwords). */
export async function seed(
  core: Core,
  accounts: number,
  password: (i: number) => string = (i) => `pw-${i}-${word(i)}-${i * 7919}`,
): Promise<number[]> {
  await core.vault.create({ owner: 'Bench Manager', passphrase: PASSPHRASE, kdf: 'interactive' });
  const session = core.vault.session();
  const ids: number[] = [];
  const people: number[] = [];
  session.store.transaction(() => {
    for (let p = 0; p < 1000; p++)
      people.push(core.people.create({ name: `Person ${p}`, email: `p${p}@example.ac.uk` }).id);
    for (let i = 0; i < accounts; i++) {
      const platform = PLATFORMS[i % (PLATFORMS.length - 1)]!;
      ids.push(
        core.accounts.create(
          {
            platform,
            handle: handleFor(platform, i),
            displayName: `University ${word(i)} ${word(i * 3 + 1)} ${i}`,
            department: `Faculty of ${word(i * 11 + 5)}`,
            url: `https://example.com/${word(i)}/${i}`,
            managerId: people[i % people.length]!,
            twoFactor: 'totp',
          },
          {
            password: password(i),
            totp: { seed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
            recoveryCodes: [`rc-${i}-a`, `rc-${i}-b`],
          },
        ).id,
      );
    }
    // Five holders per account, five different people each.
    ids.forEach((accountId, a) => {
      for (let k = 0; k < 5; k++) {
        core.access.grant({ accountId, personId: people[(a * 5 + k) % people.length]!, reason: 'Bench' });
      }
    });
  });
  return ids;
}

export async function escrowBench(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // 100k accounts with 500,000 holders take many minutes to seed: only when asked for by name.
  const scales = ctx.scales.filter((s) => ctx.scalesChosen || s.accounts <= 10_000);
  for (const scale of scales) rows.push(...(await escrowAt(ctx, scale.label, scale.accounts)));
  return rows;
}

async function escrowAt(ctx: BenchContext, label: string, accounts: number): Promise<BenchRow[]> {
  const { dir } = ctx;
  const rows: BenchRow[] = [];
  const managerPath = join(dir, `escrow-manager-${label}.custodian`);
  const manager = await benchCore(managerPath);
  const press = await benchCore(join(dir, `escrow-press-${label}.custodian`));
  let start = performance.now();
  await seed(manager, accounts);
  await press.vault.create({ owner: 'Bench Press', passphrase: PASSPHRASE, kdf: 'interactive' });
  const key = await press.press.keygen({ team: 'Press Office', kdf: 'interactive', replace: false });
  manager.escrow.importCard(key.card, key.fingerprint);
  ctx.log(
    `seeded ${accounts.toLocaleString('en')} accounts, 1,000 people, ${(accounts * 5).toLocaleString('en')} grants in ${(performance.now() - start).toFixed(0)} ms`,
  );

  // --- export ----------------------------------------------------------------------------
  let file = '';
  const exportOnce = async () => {
    await manager.escrow.export(undefined, (content) => (file = content));
  };
  await exportOnce(); // the file the raw baseline's setup reads keys from
  const session = manager.vault.session();
  const fieldKey = (session.keys.fields as unknown as { key: Uint8Array }).key.slice();
  const signingKey = (session.keys as unknown as { signingSecretKey: Uint8Array }).signingSecretKey.slice();
  const sodium = manager.sodium;
  const cardBody = JSON.parse(
    Buffer.from((JSON.parse(key.card) as { body: string }).body, 'base64url').toString('utf8'),
  ) as {
    encryptionKey: string;
  };
  const pressPk = new Uint8Array(Buffer.from(cardBody.encryptionKey, 'base64url'));
  const db = new Database(managerPath, { readonly: true });
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const open = (table: string, row: number, column: string, value: Buffer | null) =>
    value
      ? decoder.decode(
          sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
            null,
            value.subarray(25),
            fieldAad({ table, row, column }),
            value.subarray(1, 25),
            fieldKey,
          ),
        )
      : '';
  interface RawRow {
    id: number;
    platform: string;
    twoFactor: string;
    handle: Buffer;
    displayName: Buffer | null;
    url: Buffer | null;
    department: Buffer | null;
    managerId: number | null;
    password: Buffer | null;
    totp: Buffer | null;
    recoveryCodes: Buffer | null;
    passwordChangedAt: number | null;
  }
  const b64 = (bytes: Uint8Array) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  /** The same select, decrypts, manifest and secrets JSON, encryption, sealing and signature, with raw calls. */
  const rawExport = () => {
    const people = new Map(
      (db.prepare('SELECT id, name, email FROM people').all() as { id: number; name: Buffer; email: Buffer }[]).map(
        (p) => [p.id, { name: open('people', p.id, 'name', p.name), email: open('people', p.id, 'email', p.email) }],
      ),
    );
    const listed: { name: string; email: string }[] = [];
    const index = new Map<number, number>();
    const indexOf = (id: number) => {
      let at = index.get(id);
      if (at === undefined) {
        at = listed.push(people.get(id)!) - 1;
        index.set(id, at);
      }
      return at;
    };
    const holders = new Map<number, unknown[]>();
    const grants = db
      .prepare(
        'SELECT account_id AS a, person_id AS p, kind, granted_at AS at FROM grants WHERE revoked_at IS NULL ORDER BY account_id, granted_at, id',
      )
      .all() as { a: number; p: number; kind: string; at: number }[];
    for (const g of grants) {
      const list = holders.get(g.a) ?? [];
      list.push({ person: indexOf(g.p), kind: g.kind, since: new Date(g.at).toISOString() });
      holders.set(g.a, list);
    }
    const list = db
      .prepare(
        `SELECT a.id, a.platform, a.two_factor AS twoFactor, a.handle, a.display_name AS displayName, a.url, a.department,
                a.manager_person_id AS managerId, s.password, s.totp, s.recovery_codes AS recoveryCodes,
                s.password_changed_at AS passwordChangedAt
           FROM accounts a LEFT JOIN account_secrets s ON s.account_id = a.id WHERE a.status = 'active' ORDER BY a.id`,
      )
      .all() as RawRow[];
    const accountsOut: unknown[] = [];
    const secrets: unknown[] = [];
    for (const r of list) {
      const totp = r.totp
        ? (JSON.parse(open('account_secrets', r.id, 'totp', r.totp)) as Record<string, unknown>)
        : null;
      const codes = r.recoveryCodes
        ? (JSON.parse(open('account_secrets', r.id, 'recovery_codes', r.recoveryCodes)) as string[])
        : [];
      accountsOut.push({
        ref: r.id,
        platform: r.platform,
        handle: open('accounts', r.id, 'handle', r.handle),
        displayName: open('accounts', r.id, 'display_name', r.displayName),
        url: open('accounts', r.id, 'url', r.url),
        department: open('accounts', r.id, 'department', r.department),
        manager: r.managerId === null ? null : indexOf(r.managerId),
        holders: holders.get(r.id) ?? [],
        lastRotatedAt: r.passwordChangedAt === null ? null : new Date(r.passwordChangedAt).toISOString(),
        twoFactor: r.twoFactor,
        hasPassword: r.password !== null,
        hasTotp: totp !== null,
        recoveryCodes: codes.length,
      });
      secrets.push({
        ref: r.id,
        password: open('account_secrets', r.id, 'password', r.password),
        totp,
        recoveryCodes: codes,
      });
    }
    const encrypt = (value: unknown, key: Uint8Array, ad: string) => {
      const nonce = nodeRandom(24);
      const plain = encoder.encode(JSON.stringify(value));
      return {
        nonce: b64(nonce),
        ciphertext: b64(sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, encoder.encode(ad), null, nonce, key)),
      };
    };
    const manifestKey = nodeRandom(32);
    const contentKey = nodeRandom(32);
    const body = encoder.encode(
      JSON.stringify({
        manifest: encrypt({ people: listed, accounts: accountsOut }, manifestKey, 'manifest'),
        secrets: encrypt({ accounts: secrets }, contentKey, 'secrets'),
        keys: {
          manifest: b64(sodium.crypto_box_seal(manifestKey, pressPk)),
          content: b64(sodium.crypto_box_seal(contentKey, pressPk)),
        },
      }),
    );
    const signature = sodium.crypto_sign_detached(body, signingKey);
    return `{"b":"${b64(body)}","s":"${b64(signature)}"}`;
  };
  rows.push(
    await compare({
      name: `escrow export, ${accounts * 5} holders (${(file.length / 1e6).toFixed(1)} MB)`,
      scale: label,
      subject: exportOnce,
      baseline: rawExport,
      pairs: ROUNDS,
      budget: accounts === 10_000 ? { ratio: 1.2, max: 500 } : { ratio: 1.2 },
    }),
  );

  // --- import and register (press side) ---------------------------------------------------
  start = performance.now();
  const imported = press.press.importBundle(file);
  const importMs = performance.now() - start;
  rows.push(
    await measure({
      name: 'import into the press register (first import timed once)',
      scale: label,
      runs: 1,
      warmups: 0,
      figure: 'returned',
      subject: () => importMs,
    }),
  );
  rows.push(
    await measure({
      name: 'press register view (cached manifests)',
      scale: label,
      runs: ROUNDS,
      subject: () => press.press.register(),
    }),
  );

  // --- open (break glass, every account) --------------------------------------------------
  const openOnce = async () => {
    await press.press.open({ bundleId: imported.bundleId, reason: 'Benchmark drill' });
  };
  const pressSession = press.vault.session();
  const pressRow = pressSession.store.escrow.activePressKey()!;
  const pressSk = pressSession.keys.fields.open(
    { table: 'press_keys', row: pressRow.id, column: 'secret_key' },
    pressRow.secretKey,
  );
  const rawOpen = () => {
    const outer = JSON.parse(file) as { body: string; signature: string };
    const bodyBytes = Buffer.from(outer.body, 'base64url');
    const body = JSON.parse(decoder.decode(bodyBytes)) as {
      format: string;
      bundleId: string;
      issuer: { signingKey: string };
      secrets: { nonce: string; ciphertext: string };
      keys: { content: { sealed: string } };
    };
    const message = Buffer.concat([Buffer.from(`${body.format}\u0000`), bodyBytes]);
    if (
      !sodium.crypto_sign_verify_detached(
        Buffer.from(outer.signature, 'base64url'),
        message,
        Buffer.from(body.issuer.signingKey, 'base64url'),
      )
    ) {
      throw new Error('signature');
    }
    const contentKey = sodium.crypto_box_seal_open(
      Buffer.from(body.keys.content.sealed, 'base64url'),
      pressRow.publicKey,
      pressSk,
    );
    const plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      Buffer.from(body.secrets.ciphertext, 'base64url'),
      encoder.encode(`custodian.escrow.secrets.v1\u0000${body.bundleId}`),
      Buffer.from(body.secrets.nonce, 'base64url'),
      contentKey,
    );
    return JSON.parse(decoder.decode(plain)) as unknown;
  };
  rows.push(
    await compare({
      name: 'escrow open (break glass), every account',
      scale: label,
      subject: openOnce,
      baseline: rawOpen,
      pairs: ROUNDS,
      budget: { ratio: 2 },
    }),
  );

  // --- staleness -----------------------------------------------------------------------------
  rows.push(
    await measure({
      name: 'escrow status (staleness of every escrowed account)',
      scale: label,
      runs: ROUNDS,
      subject: () => manager.escrow.status(),
    }),
  );

  db.close();
  sodium.memzero(fieldKey);
  sodium.memzero(signingKey);
  sodium.memzero(pressSk);
  await manager.dispose();
  await press.dispose();
  return rows;
}
