/**
 * CSV and JSON for exports that auditors open in spreadsheets. papaparse does
 * the quoting; we pass our own formula guard because its default pattern
 * (/^[=+\-@\t\r].*$/) lets a cell like "=cmd\nrest" through: "." does not
 * match the newline, so the anchored pattern fails.
 */
import Papa from 'papaparse';

/** Cells a spreadsheet would treat as a formula get a leading apostrophe. */
export const FORMULA_TRIGGER = /^[=+\-@\t\r\n]/;

export type Cell = string | number | boolean | null;

export function toCsv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return Papa.unparse(
    { fields: [...columns], data: rows.map((row) => row.map((cell) => (cell === null ? '' : cell))) },
    { escapeFormulae: FORMULA_TRIGGER, newline: '\r\n' },
  );
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
