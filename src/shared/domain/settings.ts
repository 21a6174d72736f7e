import { z } from 'zod';

export const SettingsSchema = z.strictObject({
  /** Lock after this many minutes without activity in the app. */
  autoLockMinutes: z.number().int().min(1).max(240),
  /** Clear a copied secret from the clipboard after this many seconds. */
  clipboardSeconds: z.number().int().min(5).max(600),
  /** The longest a takeover may last. */
  takeoverMaxDays: z.number().int().min(1).max(90),
  /** The policy's password floor: the lowest zxcvbn score (0-4) accepted without an override reason. */
  minPasswordStrength: z.number().int().min(0).max(4),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  autoLockMinutes: 5,
  clipboardSeconds: 30,
  takeoverMaxDays: 14,
  minPasswordStrength: 3,
};
