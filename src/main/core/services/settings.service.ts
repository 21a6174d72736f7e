import { DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsPatch } from '../../../shared/domain/settings';
import { parseInput } from '../errors';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';

const CACHE_KEY = 'settings';

/** Per-vault preferences (auto-lock, clipboard timeout) and the organisation's policy, stored in the vault. */
export class SettingsService {
  constructor(private readonly vault: VaultService) {}

  get(): Settings {
    const session = this.vault.session();
    const cached = session.cache.get(CACHE_KEY) as Settings | undefined;
    if (cached) return cached;
    const stored = session.store.read(() => session.store.settings.all());
    // Unknown or out-of-range stored values fall back to defaults rather than breaking unlock.
    const merged = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      const candidate = SettingsSchema.shape[key].safeParse(stored[key]);
      if (candidate.success) (merged as Record<keyof Settings, unknown>)[key] = candidate.data;
    }
    session.cache.set(CACHE_KEY, merged);
    return merged;
  }

  /** The current settings if a vault is unlocked, else null. */
  current(): Settings | null {
    return this.vault.isUnlocked ? this.get() : null;
  }

  update(patch: SettingsPatch): Settings {
    const session = this.vault.session();
    const next = session.store.transaction(() => {
      const { next, details } = this.write(session, patch);
      session.record({ kind: 'settings.changed', details });
      return next;
    });
    session.cache.set(CACHE_KEY, next);
    return next;
  }

  /**
   * Validates and stores a patch inside the caller's transaction (which
   * records the event); returns the settings it leaves and the changed values
   * as audit details. The cache is dropped: it is filled again on next read.
   */
  write(
    session: VaultSession,
    patch: SettingsPatch,
  ): { next: Settings; details: Record<string, string | number | boolean> } {
    const next = parseInput(SettingsSchema, { ...this.get(), ...patch });
    const changed = (Object.keys(patch) as (keyof Settings)[]).filter((key) => patch[key] !== undefined);
    for (const key of changed) session.store.settings.set(key, next[key]);
    session.cache.delete(CACHE_KEY);
    // Audit details are scalars: a list (the handle rules) is recorded as its JSON text.
    const details = changed.map((key) => {
      const value = next[key];
      return [key, typeof value === 'object' ? JSON.stringify(value) : value] as const;
    });
    return { next, details: Object.fromEntries(details) };
  }
}
