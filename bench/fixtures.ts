/** Building benchmark vaults: a core whose KDF runs once, and realistic accounts. */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Platform } from '../src/shared/domain/platforms';
import { PLATFORMS } from '../src/shared/domain/platforms';
import { createCore, type Core } from '../src/main/core/core';
import { deriveKey, type KdfParams } from '../src/main/core/crypto/kdf';
import { MemoryClipboard } from '../src/main/core/services/clipboard-guard';

export const PASSPHRASE = 'benchmark passphrase, not secret';

const WORDS = [
  'news',
  'alumni',
  'sport',
  'library',
  'research',
  'careers',
  'music',
  'arts',
  'science',
  'medicine',
  'law',
  'history',
  'events',
  'admissions',
  'international',
  'students',
  'press',
  'museum',
  'engineering',
  'global',
];
export const word = (i: number): string => WORDS[i % WORDS.length]!;

/** A handle valid under every platform's rule. */
export function handleFor(platform: Platform, i: number): string {
  const base = `uni${word(i).slice(0, 6)}${i}`;
  if (platform === 'bluesky') return `${base}.bsky.social`;
  if (platform === 'mastodon') return `${base}@mastodon.social`;
  return base;
}

/** A core whose Argon2id runs once: the budgets exclude the KDF. */
export async function benchCore(vaultPath: string): Promise<Core> {
  let cachedKek: Uint8Array | undefined;
  const derive = async (passphrase: string, params: KdfParams) => {
    cachedKek ??= await deriveKey(passphrase, params);
    return cachedKek.slice();
  };
  return createCore({
    defaultVaultPath: vaultPath,
    clipboard: new MemoryClipboard(),
    deriveKey: derive,
    source: 'bench',
  });
}

/** Creates the vault and `count` accounts in one transaction. */
export async function seedAccounts(core: Core, count: number): Promise<number[]> {
  await core.vault.create({ owner: 'Bench', passphrase: PASSPHRASE, kdf: 'interactive' });
  const session = core.vault.session();
  const ids: number[] = [];
  session.store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const platform = PLATFORMS[i % (PLATFORMS.length - 1)]!;
      const account = core.accounts.create(
        {
          platform,
          handle: handleFor(platform, i),
          displayName: `University ${word(i)} ${word(i * 3 + 1)} ${i}`,
          department: `Faculty of ${word(i * 11 + 5)}`,
          twoFactor: 'totp',
        },
        { password: `pw-${i}-${word(i)}-${i * 7919}`, notes: `Account ${i}` },
      );
      ids.push(account.id);
    }
  });
  return ids;
}

/**
 * A locked vault of `count` accounts, built once per process and size
 * (seeding 100k accounts takes a while) and copied for each suite that asks.
 */
const templates = new Map<number, string>();
const templateDir = mkdtempSync(join(tmpdir(), 'custodian-bench-templates-'));
process.on('exit', () => rmSync(templateDir, { recursive: true, force: true }));

export async function accountVault(
  dir: string,
  count: number,
  log: (line: string) => void,
): Promise<{ core: Core; path: string }> {
  let template = templates.get(count);
  if (!template) {
    template = join(templateDir, `${count}.custodian`);
    const core = await benchCore(template);
    const start = performance.now();
    await seedAccounts(core, count);
    log(`seeded ${count.toLocaleString('en')} accounts in ${(performance.now() - start).toFixed(0)} ms`);
    await core.dispose();
    templates.set(count, template);
  }
  const path = join(dir, `accounts-${count}.custodian`);
  copyFileSync(template, path);
  const core = await benchCore(path);
  await core.vault.unlock(PASSPHRASE);
  return { core, path };
}
