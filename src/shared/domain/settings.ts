import { z } from 'zod';
import { DEFAULT_POLICY_SETTINGS, PolicySettingsShape } from './policy';

export const SettingsSchema = z.strictObject({
  /** Lock after this many minutes without activity in the app. */
  autoLockMinutes: z.number().int().min(1).max(240),
  /** Clear a copied secret from the clipboard after this many seconds. */
  clipboardSeconds: z.number().int().min(5).max(600),
  /** The longest a takeover may last. */
  takeoverMaxDays: z.number().int().min(1).max(90),
  /** The organisation's policy (handle rules, holders, two-factor, password floor): see policy.ts. */
  ...PolicySettingsShape,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  autoLockMinutes: 5,
  clipboardSeconds: 30,
  takeoverMaxDays: 14,
  ...DEFAULT_POLICY_SETTINGS,
};
