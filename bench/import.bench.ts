/**
 * Import budgets (issue 11): a 10,000-row LastPass CSV previews in <= 500 ms
 * and commits in <= 1 s, <= 1.5x raw. Subject: the ImportService as the CLI
 * and the wizard use it (detect, decode, papaparse, map every row, blind
 * indexes for duplicates, reuse and weak-password flags; then one
 * transaction creating every account with its audit event). Baseline: bare
 * papaparse over the same text, bare libsodium sealing the same fields of
 * every row and bare SQLite inserting them into the same tables, in one
 * transaction. Each commit run starts from a fresh copy of an empty vault.
 *
 *   npm run bench -- import          (10k; 1k too, 100k when named)
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { fieldAad } from '../src/main/core/crypto/field-cipher';
import { nodeRandom } from '../src/main/core/crypto/random';
import { loadSodium } from '../src/main/core/crypto/sodium';
import type { Core } from '../src/main/core/core';
import { benchCore, PASSPHRASE, word } from './fixtures';
import { compare, type BenchContext, type BenchRow } from './harness';

const HOSTS = [
  (h: string) => `https://twitter.com/${h}`,
  (h: string) => `https://www.instagram.com/${h}/`,
  (h: string) => `https://www.linkedin.com/company/${h}`,
  (h: string) => `https://www.tiktok.com/@${h}`,
  (h: string) => `https://www.youtube.com/@${h}`,
  (h: string) => `https://www.facebook.com/${h}`,
];

/** A LastPass export of `rows` social accounts: strong random passwords, a TOTP seed on every third. */
export function lastPassCsv(rows: number): string {
  const lines = ['url,username,password,totp,extra,name,grouping,fav'];
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@#$%&*';
  const bytes = nodeRandom(rows * 20);
  for (let i = 0; i < rows; i++) {
    const handle = `uni${word(i).slice(0, 6)}${i}`;
    let password = '';
    for (let k = 0; k < 20; k++) password += alphabet[bytes[i * 20 + k]! % alphabet.length];
    const totp = i % 3 === 0 ? 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' : '';
    lines.push(
      [
        HOSTS[i % HOSTS.length]!(handle),
        `${handle}@uni.example`,
        `"${password}"`,
        totp,
        `"Account ${i}"`,
        `University ${word(i)} ${i}`,
        `Faculty of ${word(i * 7)}`,
        '0',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function importBench(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const scales = ctx.scales.filter((s) => ctx.scalesChosen || s.accounts <= 10_000);
  const sodium = await loadSodium();
  const template = join(ctx.dir, 'import-empty.custodian');
  {
    const core = await benchCore(template);
    await core.vault.create({ owner: 'Bench', passphrase: PASSPHRASE, kdf: 'interactive' });
    await core.dispose();
  }
  for (const scale of scales) {
    const text = lastPassCsv(scale.accounts);
    const bytes = new TextEncoder().encode(text);
    const budgeted = scale.accounts === 10_000;
    const subjectPath = join(ctx.dir, `import-subject-${scale.label}.custodian`);
    const rawPath = join(ctx.dir, `import-raw-${scale.label}.custodian`);
    let core: Core | undefined;
    const fresh = async () => {
      await core?.dispose();
      copyFileSync(template, subjectPath);
      copyFileSync(template, rawPath);
      core = await benchCore(subjectPath);
      await core.vault.unlock(PASSPHRASE);
    };
    await fresh();

    const baselineParse = () => Papa.parse<string[]>(text, { delimitersToGuess: [',', ';', '\t'] }).data.length;
    rows.push(
      await compare({
        name: `import preview, ${scale.accounts.toLocaleString('en')}-row LastPass CSV`,
        scale: scale.label,
        subject: () => core!.imports.stage(bytes, { fileName: 'lastpass.csv' }),
        baseline: baselineParse,
        ...(budgeted ? { budget: { max: 500 } } : {}),
        pairs: 5,
      }),
    );

    const key = nodeRandom(32);
    const rawImport = () => {
      const parsed = Papa.parse<string[]>(text, { delimitersToGuess: [',', ';', '\t'] }).data.slice(1);
      const db = new Database(rawPath);
      try {
        const insertAccount = db.prepare(
          `INSERT INTO accounts (id, platform, status, two_factor, handle, handle_index, display_name, url, department,
                                 created_at, updated_at) VALUES (?, 'x', 'active', 'none', ?, ?, ?, ?, ?, ?, ?)`,
        );
        const insertSecrets = db.prepare(
          `INSERT INTO account_secrets (account_id, sign_in_name, password, totp, notes, password_changed_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        );
        const seal = (table: string, row: number, column: string, value: string) => {
          const nonce = nodeRandom(24);
          const body = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
            value,
            fieldAad({ table, row, column }),
            null,
            nonce,
            key,
          );
          const out = new Uint8Array(25 + body.length);
          out[0] = 1;
          out.set(nonce, 1);
          out.set(body, 25);
          return out;
        };
        const now = Date.now();
        db.transaction(() => {
          parsed.forEach((cells, i) => {
            if (cells.length < 8) return;
            const id = i + 1;
            const [url, username, password, totp, extra, name, grouping] = cells as string[];
            insertAccount.run(
              id,
              seal('accounts', id, 'handle', username!),
              sodium.crypto_generichash(16, `handle\u0000${username}`, key),
              seal('accounts', id, 'display_name', name!),
              seal('accounts', id, 'url', url!),
              seal('accounts', id, 'department', grouping!),
              now,
              now,
            );
            insertSecrets.run(
              id,
              seal('account_secrets', id, 'sign_in_name', username!),
              seal('account_secrets', id, 'password', password!),
              totp ? seal('account_secrets', id, 'totp', JSON.stringify({ secret: totp })) : null,
              seal('account_secrets', id, 'notes', extra!),
              now,
              now,
            );
          });
        }).immediate();
      } finally {
        db.close();
      }
    };
    rows.push(
      await compare({
        name: `import commit (stage + one transaction), ${scale.accounts.toLocaleString('en')} rows`,
        scale: scale.label,
        before: fresh,
        subject: async () => {
          const preview = await core!.imports.stage(bytes, { fileName: 'lastpass.csv' });
          return core!.imports.commit(preview.stagingId, []);
        },
        baseline: rawImport,
        ...(budgeted ? { budget: { ratio: 1.5, max: 1000 } } : {}),
        pairs: 5,
      }),
    );
    await core?.dispose();
  }
  return rows;
}
