/**
 * Foundation budgets: unlock-to-usable (KDF excluded) at each size, and the
 * field-encryption wrapper, each against a raw baseline of the same work.
 */
import Database from 'better-sqlite3';
import { FieldCipher, fieldAad } from '../src/main/core/crypto/field-cipher';
import { nodeRandom } from '../src/main/core/crypto/random';
import { accountVault, PASSPHRASE } from './fixtures';
import { compare, type BenchContext, type BenchRow } from './harness';

/** Unlock-to-usable budgets by size (ms, KDF excluded). */
const UNLOCK_MAX: Record<string, number> = { '1k': 30, '10k': 30, '100k': 250 };

export async function foundationBench(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const scale of ctx.scales) {
    const { core, path } = await accountVault(ctx.dir, scale.accounts, ctx.log);
    const fieldKey = (core.vault.session().keys.fields as unknown as { key: Uint8Array }).key.slice();
    const sodium = core.sodium;
    core.vault.lock();

    // Unlock to a usable list (KDF excluded: the bench core derives once) vs raw select + decrypt of the same rows.
    rows.push(
      await compare({
        name: 'unlock to usable list (KDF excluded)',
        scale: scale.label,
        before: () => core.vault.isUnlocked && core.vault.lock(),
        subject: async () => {
          await core.vault.unlock(PASSPHRASE);
          core.accounts.list();
        },
        baseline: () => {
          const db = new Database(path, { readonly: true });
          const list = db.prepare('SELECT id, handle, display_name, department FROM accounts ORDER BY id').all() as {
            id: number;
            handle: Buffer;
            display_name: Buffer | null;
            department: Buffer | null;
          }[];
          for (const row of list) {
            for (const [column, value] of [
              ['handle', row.handle],
              ['display_name', row.display_name],
              ['department', row.department],
            ] as const) {
              if (!value) continue;
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
        },
        budget: { max: UNLOCK_MAX[scale.label] ?? 250, ratio: 2 },
      }),
    );
    if (!core.vault.isUnlocked) await core.vault.unlock(PASSPHRASE);

    if (scale === ctx.scales[0]) rows.push(...(await wrapperRows(core.accounts.list(), sodium, fieldKey)));
    sodium.memzero(fieldKey);
    await core.dispose();
  }
  return rows;
}

/** The field-encryption wrapper vs raw libsodium on the same 1,000 fields (independent of vault size). */
async function wrapperRows(
  summaries: { id: number; displayName: string }[],
  sodium: Awaited<ReturnType<typeof accountVault>>['core']['sodium'],
  fieldKey: Uint8Array,
): Promise<BenchRow[]> {
  const cipher = new FieldCipher(sodium, fieldKey.slice(), nodeRandom);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const fields = summaries
    .slice(0, 1000)
    .map((s) => ({ ref: { table: 'accounts', row: s.id, column: 'display_name' }, text: s.displayName }));
  const sealed = fields.map((f) => cipher.sealText(f.ref, f.text));
  const aads = fields.map((f) => fieldAad(f.ref));
  const rawSealed = fields.map((f, i) => {
    const nonce = nodeRandom(24);
    const body = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
      encoder.encode(f.text),
      aads[i]!,
      null,
      nonce,
      fieldKey,
    );
    return { nonce, body };
  });
  const scale = `${fields.length} fields`;
  return [
    await compare({
      name: 'field decrypt wrapper',
      scale,
      subject: () => fields.forEach((f, i) => cipher.openText(f.ref, sealed[i]!)),
      baseline: () =>
        rawSealed.forEach((s, i) =>
          decoder.decode(sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, s.body, aads[i]!, s.nonce, fieldKey)),
        ),
      pairs: 9,
      warmups: 2,
      budget: { ratio: 1.5 },
    }),
    await compare({
      name: 'field encrypt wrapper',
      scale,
      subject: () => fields.forEach((f) => cipher.sealText(f.ref, f.text)),
      baseline: () =>
        fields.forEach((f, i) =>
          sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
            encoder.encode(f.text),
            aads[i]!,
            null,
            nodeRandom(24),
            fieldKey,
          ),
        ),
      pairs: 9,
      warmups: 2,
      budget: { ratio: 1.5 },
    }),
  ];
}
