import { Repo } from './repo';

/** Plain key/value settings; values are JSON. Nothing secret belongs here. */
export class SettingsRepo extends Repo {
  all(): Record<string, unknown> {
    const rows = this.sql('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    return Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
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
