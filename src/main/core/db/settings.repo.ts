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

  set(key: string, value: unknown): void {
    this.write(
      'settings',
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      key,
      JSON.stringify(value),
    );
  }
}
