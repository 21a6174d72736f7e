/**
 * Foundation budgets: unlock-to-usable (KDF excluded), search per keystroke,
 * and the field-encryption wrapper, each against a raw baseline of the same
 * work in the same run.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildSearchIndex, fold, searchAccounts } from '../src/shared/search';
import { FieldCipher, fieldAad } from '../src/main/core/crypto/field-cipher';
import { nodeRandom } from '../src/main/core/crypto/random';
import { benchCore, PASSPHRASE, seedAccounts } from './fixtures';
import { median, percentile, timeRounds, timeRoundsAsync, type BenchRow } from './stats';

export async function foundationBench(dir: string, accounts: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const vaultPath = join(dir, 'foundation.custodian');
  const core = await benchCore(vaultPath);
  const start = performance.now();
  await seedAccounts(core, accounts);
  console.log(`  seeded ${accounts} accounts in ${(performance.now() - start).toFixed(0)} ms`);
  core.vault.lock();

  // 1. Unlock to usable (KDF excluded) vs raw select + decrypt of the same rows.
  await core.vault.unlock(PASSPHRASE); // warm the KEK cache and the JIT
  core.accounts.list();
  core.vault.lock();
  const unlockTimes = await timeRoundsAsync(7, async () => {
    await core.vault.unlock(PASSPHRASE);
    core.accounts.list();
    core.vault.lock();
  });
  await core.vault.unlock(PASSPHRASE);
  const fieldKey = (core.vault.session().keys.fields as unknown as { key: Uint8Array }).key.slice();
  core.vault.lock();
  const sodium = core.sodium;
  const rawUnlockTimes = timeRounds(7, () => {
    const db = new Database(vaultPath, { readonly: true });
    const list = db.prepare('SELECT id, handle, display_name, department FROM accounts ORDER BY id').all() as {
      id: number;
      handle: Buffer;
      display_name: Buffer;
      department: Buffer;
    }[];
    for (const row of list) {
      for (const [column, value] of [
        ['handle', row.handle],
        ['display_name', row.display_name],
        ['department', row.department],
      ] as const) {
        sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
          null,
          value.subarray(25),
          fieldAad({ table: 'accounts', row: row.id, column }),
          value.subarray(1, 25),
          fieldKey,
        );
      }
    }
    db.close();
  });
  const unlock = median(unlockTimes);
  const rawUnlock = median(rawUnlockTimes);
  rows.push({
    name: `unlock to usable (${accounts} accounts, KDF excluded)`,
    value: unlock,
    unit: 'ms',
    baseline: rawUnlock,
    ratio: unlock / rawUnlock,
    target: '<= 150 ms, <= 2x',
    pass: unlock <= 150 && unlock / rawUnlock <= 2,
  });

  // 2. Search per keystroke over the decrypted list, typing queries one character at a time.
  await core.vault.unlock(PASSPHRASE);
  const summaries = core.accounts.list();
  const index = buildSearchIndex(summaries);
  const queries = ['alumni', 'unisport', 'faculty of law', 'x 42', 'instagram music', 'zzz'];
  const keystrokes = queries.flatMap((q) => [...q].map((_, i) => q.slice(0, i + 1)));
  for (const q of keystrokes) searchAccounts(index, q); // warm-up
  const searchTimes = keystrokes.flatMap((q) => timeRounds(5, () => searchAccounts(index, q)));
  const folded = summaries.map((s) => fold(`${s.handle} ${s.displayName} ${s.department}`));
  const rawSearchTimes = keystrokes.flatMap((q) => timeRounds(5, () => folded.filter((h) => h.includes(q))));
  const searchP95 = percentile(searchTimes, 95);
  const rawSearchP95 = percentile(rawSearchTimes, 95);
  rows.push({
    name: `search per keystroke, p95 (${keystrokes.length} keystrokes)`,
    value: searchP95,
    unit: 'ms',
    baseline: rawSearchP95,
    ratio: searchP95 / rawSearchP95,
    target: '<= 16 ms p95',
    pass: searchP95 <= 16,
  });
  const indexTimes = timeRounds(5, () => buildSearchIndex(summaries));
  rows.push({
    name: 'search index build (once per list load)',
    value: median(indexTimes),
    unit: 'ms',
    target: 'info',
    pass: true,
  });

  // 3. Field-encryption wrapper vs raw libsodium on the same fields.
  const cipher = new FieldCipher(sodium, fieldKey.slice(), nodeRandom);
  const encoder = new TextEncoder();
  const fields = summaries
    .slice(0, 5000)
    .map((s) => ({ ref: { table: 'accounts', row: s.id, column: 'display_name' }, text: s.displayName }));
  const sealed = fields.map((f) => cipher.sealText(f.ref, f.text));
  const rawAads = fields.map((f) => fieldAad(f.ref));
  const rawSealed = fields.map((f, i) => {
    const nonce = nodeRandom(24);
    return {
      nonce,
      body: sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        encoder.encode(f.text),
        rawAads[i]!,
        null,
        nonce,
        fieldKey,
      ),
    };
  });
  const decoder = new TextDecoder();
  for (let warm = 0; warm < 2; warm++) {
    fields.forEach((f, i) => cipher.openText(f.ref, sealed[i]!));
    rawSealed.forEach((s, i) =>
      decoder.decode(sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, s.body, rawAads[i]!, s.nonce, fieldKey)),
    );
  }
  const wrapOpen = median(timeRounds(9, () => fields.forEach((f, i) => cipher.openText(f.ref, sealed[i]!))));
  const rawOpen = median(
    timeRounds(9, () =>
      rawSealed.forEach((s, i) =>
        decoder.decode(sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, s.body, rawAads[i]!, s.nonce, fieldKey)),
      ),
    ),
  );
  rows.push({
    name: `field decrypt wrapper (${fields.length} fields)`,
    value: wrapOpen,
    unit: 'ms',
    baseline: rawOpen,
    ratio: wrapOpen / rawOpen,
    target: '<= 1.5x raw',
    pass: wrapOpen / rawOpen <= 1.5,
  });
  const wrapSeal = median(timeRounds(9, () => fields.forEach((f) => cipher.sealText(f.ref, f.text))));
  const rawSeal = median(
    timeRounds(9, () =>
      fields.forEach((f, i) =>
        sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
          encoder.encode(f.text),
          rawAads[i]!,
          null,
          nodeRandom(24),
          fieldKey,
        ),
      ),
    ),
  );
  rows.push({
    name: `field encrypt wrapper (${fields.length} fields)`,
    value: wrapSeal,
    unit: 'ms',
    baseline: rawSeal,
    ratio: wrapSeal / rawSeal,
    target: '<= 1.5x raw',
    pass: wrapSeal / rawSeal <= 1.5,
  });

  await core.dispose();
  return rows;
}
