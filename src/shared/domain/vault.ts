import { z } from 'zod';

/**
 * Argon2id cost presets, named as libsodium names them. `moderate` (256 MiB,
 * 3 passes, about a second here) is the default; nothing below `interactive`
 * (64 MiB, 2 passes) is ever accepted, on creation or when opening a vault.
 */
export const KDF_PRESETS = ['interactive', 'moderate', 'sensitive'] as const;
export type KdfPreset = (typeof KDF_PRESETS)[number];

export const KDF_PRESET_INFO: Record<KdfPreset, { label: string; memoryMiB: number; passes: number }> = {
  interactive: { label: 'Interactive (64 MiB, fastest)', memoryMiB: 64, passes: 2 },
  moderate: { label: 'Moderate (256 MiB, recommended)', memoryMiB: 256, passes: 3 },
  sensitive: { label: 'Sensitive (1 GiB, slowest)', memoryMiB: 1024, passes: 4 },
};

/** Passphrases are long enough to resist guessing once the file is stolen. */
export const MIN_PASSPHRASE_LENGTH = 10;
export const Passphrase = z
  .string()
  .min(MIN_PASSPHRASE_LENGTH, `Passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters`)
  .max(1024);

export const OwnerName = z
  .string()
  .trim()
  .min(1, 'Owner name is empty')
  .max(200, 'Owner name is longer than 200 characters');

export const LOCK_REASONS = ['manual', 'idle', 'system'] as const;
export type LockReason = (typeof LOCK_REASONS)[number];

export const VaultStatusSchema = z.strictObject({
  /** The vault file the app is pointed at. */
  path: z.string(),
  exists: z.boolean(),
  unlocked: z.boolean(),
  /** Present while unlocked. */
  vault: z
    .strictObject({
      id: z.string(),
      owner: z.string(),
      createdAt: z.number(),
      kdf: z.enum([...KDF_PRESETS, 'custom']),
      /** The vault's signing key fingerprint, shown on tickets it issues (for reading out). */
      keyFingerprint: z.string(),
    })
    .optional(),
  /** Seconds before another unlock attempt is allowed, when backing off. */
  retryAfterSeconds: z.number().optional(),
});
export type VaultStatus = z.infer<typeof VaultStatusSchema>;
