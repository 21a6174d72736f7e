import { z } from 'zod';
import { parseStoredJson } from '../stored-value';
import { Repo } from './repo';

/**
 * Plain key/value settings; values are JSON. Nothing secret belongs here.
 * Text that is not JSON is refused as tampered (Custodian writes JSON.stringify);
 * whether a value is in range is the settings service's to judge.
 */
export class SettingsRepo extends Repo {
  all(): Record<string, unknown> {
    const rows = this.sql('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    return Object.fromEntries(
      rows.map((row) => [
        row.key,
        parseStoredJson(z.unknown(), row.value, { table: 'settings', row: row.key, column: 'value' }),
      ]),
    );
  }

  /** One setting's parsed value; undefined when it was never set. */
  get(key: string): unknown {
    const value = this.sql('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
    return value === undefined ? undefined : (JSON.parse(value) as unknown);
  }

  set(key: string, value: unknown): void {
    this.write(
      'settings',
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      key,
      JSON.stringify(value),
    );
  }
}
