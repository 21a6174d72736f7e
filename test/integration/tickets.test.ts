/**
 * One-time credentials: every refusal the redeem screen must give (wrong
 * code with back-off, outside the window, already redeemed, tampered,
 * malformed, another format version, a weakened KDF), a tamper sweep of
 * random byte flips, an independent decoder following docs/one-time-ticket.md,
 * and many processes racing to redeem one ticket: exactly one wins.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { CustodianError } from '../../src/main/core/errors';
import { freshPath, useTempDir } from '../support/tmp';
import { countingDerive, makeCore, makeVault, refusal, type TestCore } from '../support/vault';

const run = promisify(execFile);
const dir = useTempDir('custodian-tickets-');
const HOUR = 3_600_000;
const clock = new ManualClock(Date.UTC(2026, 5, 1, 8, 0));
let core: TestCore;
let ticket: { text: string; file: string; code: string };
let account: number;
let person: number;
let vaultPath: string;

async function issue(validHours = 24) {
  const t = await core.takeovers.issueForGrant(account, person, Math.ceil(validHours / 24), false);
  return { text: t.text, file: t.file, code: t.code };
}

beforeAll(async () => {
  await sodium.ready;
  vaultPath = freshPath(dir);
  core = await makeVault(vaultPath, { clock });
  account = core.accounts.create(
    { platform: 'x', handle: 'ourbrand', twoFactor: 'none' },
    { password: 'Pa55-word!' },
  ).id;
  person = core.people.create({ name: 'Ada', email: 'ada@example.ac.uk' }).id;
  core.access.grant({ accountId: account, personId: person, reason: 'Runs it' });
  ticket = await issue();
});

describe('inspecting and redeeming', () => {
  it('shows issuer, account and window without opening anything', () => {
    const info = core.tickets.inspect(ticket.text);
    expect(info).toMatchObject({
      issuer: { name: 'Comms Team' },
      account: { platform: 'x', handle: 'ourbrand', label: '@ourbrand (X (Twitter))' },
      window: 'valid',
      redeemedHere: false,
      includesTotp: false,
    });
    expect(info.issuer.keyFingerprint).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){3}$/);
    // The manager can read the same fingerprint out from their vault's status.
    expect(info.issuer.keyFingerprint).toBe(core.vault.status().vault!.keyFingerprint);
    expect(core.tickets.inspect(ticket.file).ticketId).toBe(info.ticketId);
  });

  it('refuses a wrong code, backing off after two, and the back-off survives a restart', async () => {
    const t = await issue();
    await refusal(() => core.tickets.redeem(t.text, 'AAAAA-AAAAA'), 'wrong_code');
    await refusal(() => core.tickets.redeem(t.text, 'BBBBB-BBBBB'), 'wrong_code');
    const third = await refusal(() => core.tickets.redeem(t.text, 'CCCCC-CCCCC'), 'wrong_code');
    expect(third.details.retryAfterSeconds).toBe(1);
    await refusal(() => core.tickets.redeem(t.text, t.code), 'backoff');
    expect(core.tickets.inspect(t.text).retryAfterSeconds).toBe(1);
    // A restart (a new core on the same data folder) still backs off: the count lives in the ledger file.
    const restarted = await makeCore(vaultPath, { clock });
    await refusal(() => restarted.tickets.redeem(t.text, t.code), 'backoff');
    await restarted.dispose();
    clock.advance(1500);
    expect((await core.tickets.redeem(t.text, t.code)).password).toBe('Pa55-word!');
    await refusal(() => core.tickets.redeem(t.text, 'nope'), 'invalid_input');
  });

  it('ten wrong codes at once run Argon2 no more often than the back-off allows', async () => {
    const t = await issue();
    const derive = countingDerive();
    const cores = await Promise.all(
      Array.from({ length: 10 }, () => makeCore(vaultPath, { clock, deriveKey: derive })),
    );
    try {
      const results = await Promise.allSettled(cores.map((c) => c.tickets.redeem(t.text, 'AAAAA-AAAAA')));
      const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as CustodianError).code : 'ok'));
      expect(codes.every((c) => c === 'wrong_code' || c === 'backoff')).toBe(true);
      // Each attempt is counted before its KDF, under the ledger's write lock: two free, the third backs off the rest.
      expect(derive.calls).toBeLessThanOrEqual(3);
      expect(codes.filter((c) => c === 'wrong_code').length).toBe(derive.calls);
    } finally {
      for (const c of cores) await c.dispose();
    }
  });

  it('opens once per machine', async () => {
    const t = await issue();
    expect((await core.tickets.redeem(t.text, t.code.toLowerCase())).password).toBe('Pa55-word!');
    await refusal(() => core.tickets.redeem(t.text, t.code), 'already_used');
    expect(core.tickets.inspect(t.text).redeemedHere).toBe(true);
  });

  it('refuses outside its window', async () => {
    const t = await issue();
    const saved = clock.now();
    clock.set(saved - HOUR);
    await refusal(() => core.tickets.redeem(t.text, t.code), 'not_yet_valid');
    clock.set(saved + 2 * 24 * HOUR);
    await refusal(() => core.tickets.redeem(t.text, t.code), 'expired');
    expect(core.tickets.inspect(t.text).window).toBe('expired');
    clock.set(saved);
  });
});

describe('tampered, malformed and foreign tickets', () => {
  it('refuses every one of many random byte flips, in the file and in the text block', () => {
    const flip = (text: string, index: number, bit: number) => {
      const bytes = Buffer.from(text, 'utf8');
      bytes[index] = bytes[index]! ^ (1 << bit);
      return bytes.toString('latin1');
    };
    let seed = 20261122;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let refused = 0;
    const trials = 600;
    for (let i = 0; i < trials; i++) {
      const form = i % 2 === 0 ? ticket.file : ticket.text;
      const tampered = flip(form, next(form.length), next(7));
      try {
        core.tickets.inspect(tampered);
      } catch (error) {
        if (error instanceof CustodianError && ['tampered', 'invalid_input', 'unsupported'].includes(error.code))
          refused += 1;
        continue;
      }
    }
    console.log(`[ticket tamper] refused ${refused}/${trials} random single-bit flips (file and text block forms)`);
    expect(refused).toBe(trials);
  });

  it('refuses garbage, truncation and swapped signatures with clear messages', async () => {
    const other = await issue();
    const swap = JSON.stringify({ ...JSON.parse(ticket.file), signature: JSON.parse(other.file).signature });
    const cases: [string, string][] = [
      ['not JSON', 'hello'],
      ['truncated', ticket.file.slice(0, ticket.file.length - 10)],
      ['truncated block', ticket.text.split('\n').slice(0, 3).join('\n')],
      ['swapped signature', swap],
      ['re-spaced', ticket.file.replace('","', '", "')],
    ];
    for (const [what, input] of cases) {
      const error = await refusal(
        () => core.tickets.inspect(input),
        what === 'swapped signature' || what === 're-spaced' ? 'tampered' : 'invalid_input',
      );
      expect(error.message, what).not.toMatch(/Pa55/);
    }
  });

  it('refuses another format version and a weakened KDF, even when validly signed', async () => {
    const outer = JSON.parse(ticket.file) as { body: string };
    const future = JSON.stringify({ custodianTicket: 2, body: outer.body, signature: 'x' });
    await refusal(() => core.tickets.inspect(future), 'unsupported');
    // A forger with their own key re-signs a body whose KDF is below the floor.
    const keys = sodium.crypto_sign_keypair();
    const body = JSON.parse(Buffer.from(outer.body, 'base64url').toString('utf8'));
    body.kdf.opsLimit = 1;
    body.issuer.signingKey = Buffer.from(keys.publicKey).toString('base64url');
    const weak = resign(body, keys.privateKey);
    expect(core.tickets.inspect(weak).window).toBe('valid');
    await refusal(() => core.tickets.redeem(weak, ticket.code), 'kdf_too_weak');
    body.kdf.opsLimit = 2;
    body.format = 'custodian.ticket.v9';
    await refusal(() => core.tickets.inspect(resign(body, keys.privateKey)), 'unsupported');
  });
});

function resign(body: unknown, secretKey: Uint8Array): string {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const message = Buffer.concat([Buffer.from('custodian.ticket.v1\u0000'), bytes]);
  const signature = sodium.crypto_sign_detached(message, secretKey);
  return JSON.stringify({
    custodianTicket: 1,
    body: bytes.toString('base64url'),
    signature: Buffer.from(signature).toString('base64url'),
  });
}

describe('an independent decoder (docs/one-time-ticket.md, with raw libsodium)', () => {
  it('verifies and opens a ticket following only the documented steps', async () => {
    const t = await issue();
    // 1. Parse the file; the body is base64url of UTF-8 JSON.
    const file = JSON.parse(t.file) as { custodianTicket: number; body: string; signature: string };
    expect(file.custodianTicket).toBe(1);
    const bodyBytes = Buffer.from(file.body, 'base64url');
    const body = JSON.parse(bodyBytes.toString('utf8'));
    // 2. Ed25519 over "custodian.ticket.v1" NUL || body bytes, with the issuer key in the body.
    const signed = Buffer.concat([Buffer.from('custodian.ticket.v1', 'utf8'), Buffer.from([0]), bodyBytes]);
    expect(
      sodium.crypto_sign_verify_detached(
        Buffer.from(file.signature, 'base64url'),
        signed,
        Buffer.from(body.issuer.signingKey, 'base64url'),
      ),
    ).toBe(true);
    // 3. Key = Argon2id13(code without separators, upper case; salt; opslimit; memlimit), 32 bytes.
    const code = t.code.replace('-', '').toUpperCase();
    const key = sodium.crypto_pwhash(
      32,
      code,
      Buffer.from(body.kdf.salt, 'base64url'),
      body.kdf.opsLimit,
      body.kdf.memLimit,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
    // 4. XChaCha20-Poly1305, AD = "custodian.ticket.v1" NUL ticket id.
    const ad = Buffer.concat([
      Buffer.from('custodian.ticket.v1', 'utf8'),
      Buffer.from([0]),
      Buffer.from(body.id, 'utf8'),
    ]);
    const plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      Buffer.from(body.payload.ciphertext, 'base64url'),
      ad,
      Buffer.from(body.payload.nonce, 'base64url'),
      key,
    );
    expect(JSON.parse(Buffer.from(plain).toString('utf8'))).toEqual({ password: 'Pa55-word!', totp: null });
    // 5. The armoured block holds the same file, base64 between the BEGIN/END lines.
    const inner = t.text
      .split('\n')
      .filter((l) => l && !l.startsWith('-----'))
      .join('');
    expect(Buffer.from(inner, 'base64').toString('utf8')).toBe(t.file);
  });
});

describe('the sign-in name and address (sealed with the password)', () => {
  it('travel in the payload, open with the code, and copy like the password', async () => {
    const signedIn = core.accounts.create(
      {
        platform: 'facebook',
        handle: 'uninews',
        url: 'https://www.facebook.com/uninews',
        twoFactor: 'none',
      },
      { password: 'Fb-Pa55-word!', signInName: 'press-office@example.ac.uk' },
    ).id;
    core.access.grant({ accountId: signedIn, personId: person, reason: 'Runs it' });
    const t = await core.takeovers.issueForGrant(signedIn, person, 1, false);
    expect(t.includesSignInName).toBe(true);
    // Sealed: neither the file nor the text block says who to sign in as.
    for (const form of [t.file, t.text, Buffer.from(JSON.parse(t.file).body, 'base64url').toString('utf8')]) {
      expect(form).not.toContain('press-office');
    }
    // The independent decoder's plaintext has exactly the documented members, in order.
    const body = JSON.parse(Buffer.from(JSON.parse(t.file).body, 'base64url').toString('utf8'));
    const plain = openPayload(body, t.code);
    expect(plain).toBe(
      JSON.stringify({
        password: 'Fb-Pa55-word!',
        totp: null,
        signInName: 'press-office@example.ac.uk',
        url: 'https://www.facebook.com/uninews',
      }),
    );
    const redeemed = await core.tickets.redeem(t.text, t.code);
    expect(redeemed).toMatchObject({
      signInName: 'press-office@example.ac.uk',
      url: 'https://www.facebook.com/uninews',
      password: 'Fb-Pa55-word!',
    });
    expect((await core.tickets.copy(redeemed.ticketId, 'signInName')).clearAfterSeconds).toBeGreaterThan(0);
  });

  it('a ticket without them (issued before tickets carried them) still opens, showing none', async () => {
    // Made with raw libsodium following docs/one-time-ticket.md, payload as older versions wrote it.
    const keys = sodium.crypto_sign_keypair();
    const code = 'K3M9PQ2XH7';
    const salt = sodium.randombytes_buf(16);
    const id = Buffer.from(sodium.randombytes_buf(16)).toString('base64url');
    const key = sodium.crypto_pwhash(32, code, salt, 2, 67108864, sodium.crypto_pwhash_ALG_ARGON2ID13);
    const nonce = sodium.randombytes_buf(24);
    const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
      JSON.stringify({ password: 'Old-Pa55-word!', totp: null }),
      Buffer.from(`custodian.ticket.v1\u0000${id}`, 'utf8'),
      null,
      nonce,
      key,
    );
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
    const old = resign(
      {
        format: 'custodian.ticket.v1',
        id,
        issuedAt: new Date(clock.now()).toISOString(),
        issuer: { vaultId: 'older-vault', name: 'Comms Team', signingKey: b64(keys.publicKey) },
        account: { platform: 'x', handle: 'ourbrand', label: '@ourbrand (X (Twitter))' },
        window: {
          notBefore: new Date(clock.now() - HOUR).toISOString(),
          notAfter: new Date(clock.now() + HOUR).toISOString(),
        },
        kdf: { algorithm: 'argon2id13', opsLimit: 2, memLimit: 67108864, salt: b64(salt) },
        includesTotp: false,
        payload: { nonce: b64(nonce), ciphertext: b64(ciphertext) },
      },
      keys.privateKey,
    );
    const redeemed = await core.tickets.redeem(old, 'k3m9p-q2xh7');
    expect(redeemed).toMatchObject({ password: 'Old-Pa55-word!', signInName: null, url: null, totp: null });
    await refusal(() => core.tickets.copy(redeemed.ticketId, 'signInName'), 'not_found');
  });
});

/** Opens a ticket body's payload with raw libsodium (docs/one-time-ticket.md, "The payload"). */
function openPayload(
  body: { id: string; kdf: { salt: string; opsLimit: number; memLimit: number }; payload: Record<string, string> },
  typed: string,
): string {
  const key = sodium.crypto_pwhash(
    32,
    typed.replace('-', '').toUpperCase(),
    Buffer.from(body.kdf.salt, 'base64url'),
    body.kdf.opsLimit,
    body.kdf.memLimit,
    sodium.crypto_pwhash_ALG_ARGON2ID13,
  );
  const plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
    null,
    Buffer.from(body.payload.ciphertext!, 'base64url'),
    Buffer.from(`custodian.ticket.v1\u0000${body.id}`, 'utf8'),
    Buffer.from(body.payload.nonce!, 'base64url'),
    key,
  );
  return Buffer.from(plain).toString('utf8');
}

describe('racing redemptions on one machine', () => {
  it('gives exactly one success among many simultaneous processes', async () => {
    // The racing processes use the real clock: issue the ticket for a window around it.
    clock.set(Date.now());
    const t = await issue();
    const file = join(dir, 'race.custodian-ticket');
    writeFileSync(file, t.file);
    const home = join(dir, 'race-home');
    const bin = join(process.cwd(), 'bin', 'custodian.mjs');
    const racers = 8;
    const results = await Promise.all(
      Array.from({ length: racers }, () =>
        run(process.execPath, [bin, 'redeem', '--ticket', file, '--json'], {
          env: { ...process.env, XDG_CONFIG_HOME: home, HOME: home, CUSTODIAN_CODE: t.code },
        }).then(
          (ok) => ({ code: 0, stdout: ok.stdout, stderr: ok.stderr }),
          (error: { code: number; stdout: string; stderr: string }) => ({
            code: error.code,
            stdout: error.stdout,
            stderr: error.stderr,
          }),
        ),
      ),
    );
    const winners = results.filter((r) => r.code === 0);
    console.log(
      `[ticket race] ${racers} processes: ${winners.length} redeemed, ${results.filter((r) => /already redeemed/.test(r.stderr)).length} told it was already redeemed, ${results.filter((r) => /Too many attempts/.test(r.stderr)).length} backed off`,
    );
    expect(winners).toHaveLength(1);
    expect(JSON.parse(winners[0]!.stdout)).toEqual({ password: 'Pa55-word!' });
    // Each attempt is counted before its Argon2id run, so racers that arrive while the first three are still
    // deriving back off instead of deriving too; every other one is told the ticket is already redeemed.
    for (const loser of results.filter((r) => r.code !== 0)) {
      expect(loser.code).toBe(1);
      expect(loser.stderr).toMatch(
        /^custodian: (This ticket was already redeemed on this computer|Too many attempts with this ticket: try again in \d+ s)/,
      );
    }
  }, 120_000);
});
