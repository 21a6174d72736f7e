/**
 * `custodian import FILE`: the same ImportService as the app's wizard. The
 * format is recognised from the file (or named with --format); the preview is
 * printed; --dry-run stops there, --yes commits without asking.
 */
import { basename } from 'node:path';
import {
  IMPORT_FORMATS,
  IMPORT_TARGETS,
  UPDATE_REASONS,
  type ColumnMapping,
  type ImportDecision,
  type ImportFormat,
  type ImportPreview,
  type ImportTarget,
  type UpdateReason,
} from '../../../shared/domain/import';
import { CustodianError } from '../../core/errors';
import { needsPassword } from '../../core/import/parse';
import { readImportFile } from '../../core/import/read-file';
import { channelInput } from '../channel-input';
import { stringOption, type Command, type OptionValues } from '../command';
import { table } from '../io';
import { UsageError } from '../usage-error';

function rowList(values: OptionValues, name: string): number[] {
  const raw = values[name];
  const items = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).flatMap((v) => String(v).split(','));
  return items.map((item) => {
    if (!/^\d+$/.test(item.trim()) || Number(item) < 1) throw new UsageError(`--${name} takes row numbers (1, 2...)`);
    return Number(item) - 1;
  });
}

function mappingOption(values: OptionValues): ColumnMapping | undefined {
  const raw = values.map;
  const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (items.length === 0) return undefined;
  const mapping: ColumnMapping = {};
  for (const item of items.map(String)) {
    const eq = item.indexOf('=');
    const target = item.slice(0, eq).trim();
    if (eq < 1 || !(IMPORT_TARGETS as readonly string[]).includes(target)) {
      throw new UsageError(`--map takes FIELD=COLUMN, FIELD one of ${IMPORT_TARGETS.join(', ')}`);
    }
    const column = item.slice(eq + 1).trim();
    mapping[target as ImportTarget] = column === '' ? null : column;
  }
  return mapping;
}

function decisionsFrom(values: OptionValues): ImportDecision[] {
  const decisions = new Map<number, ImportDecision>();
  for (const index of rowList(values, 'skip')) decisions.set(index, { index, action: 'skip' });
  for (const index of rowList(values, 'keep')) decisions.set(index, { index, action: 'create' });
  const updates = values.update;
  for (const item of (Array.isArray(updates) ? updates : updates === undefined ? [] : [updates]).map(String)) {
    const [row, reason] = item.split(':');
    if (
      !row ||
      !/^\d+$/.test(row) ||
      Number(row) < 1 ||
      !(UPDATE_REASONS as readonly string[]).includes(reason ?? '')
    ) {
      throw new UsageError(`--update takes ROW:REASON, REASON one of ${UPDATE_REASONS.join(', ')}`);
    }
    const index = Number(row) - 1;
    decisions.set(index, { index, action: 'update', updateReason: reason as UpdateReason });
  }
  return [...decisions.values()];
}

function describePreview(preview: ImportPreview): string {
  const rows = preview.rows.map((r) => [
    String(r.index + 1),
    r.source,
    r.action,
    r.platform,
    r.handle ? `@${r.handle}` : '',
    r.displayName,
    r.department,
    [r.hasSignInName && 'sign-in', r.hasPassword && 'password', r.hasTotp && 'totp', r.hasNotes && 'notes']
      .filter(Boolean)
      .join(','),
    r.problems.map((p) => p.message).join('; '),
  ]);
  const { counts } = preview;
  const how = preview.detected ? 'recognised from the file' : 'as named by --format';
  return [
    `Format: ${preview.formatLabel} (${how})`,
    preview.mapping
      ? `Columns: ${Object.entries(preview.mapping)
          .filter(([, c]) => c)
          .map(([t, c]) => `${t}=${c}`)
          .join(', ')}`
      : '',
    table(['ROW', 'SOURCE', 'ACTION', 'PLATFORM', 'HANDLE', 'NAME', 'DEPARTMENT', 'SECRETS', 'PROBLEMS'], rows),
    `${counts.create} to create, ${counts.update} to update, ${counts.skip} to skip (${counts.flagged} kept with flags)`,
  ]
    .filter(Boolean)
    .join('\n');
}

export const importCommand: Command = {
  name: 'import',
  summary:
    'Import accounts from LastPass, Bitwarden, KeePass, 1Password, a spreadsheet or an authenticator export; previews first',
  usage:
    'FILE [--format NAME] [--map FIELD=COLUMN]... [--skip ROWS] [--keep ROWS] [--update ROW:REASON]... [--dry-run] [--yes]',
  options: {
    format: { type: 'string' },
    map: { type: 'string', multiple: true },
    skip: { type: 'string', multiple: true },
    keep: { type: 'string', multiple: true },
    update: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [file]) {
    const format = stringOption(values, 'format');
    if (format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
    }
    if (values['dry-run'] && values.yes) throw new UsageError('--dry-run and --yes contradict each other');
    const mapping = mappingOption(values);
    const decisions = decisionsFrom(values);
    const bytes = readImportFile(file!);
    const chosen = format as ImportFormat | undefined;
    let password: string | undefined;
    if (needsPassword(bytes, chosen)) {
      password =
        ctx.io.env.CUSTODIAN_IMPORT_PASSWORD ??
        (await ctx.io.promptSecret(`Password for ${basename(file!)}: `)) ??
        undefined;
      if (!password) throw new UsageError('The file is encrypted: set CUSTODIAN_IMPORT_PASSWORD or run in a terminal');
    }
    // The app's schemas for what the command line adds to the file: the password, the mapping and the decisions.
    channelInput('import.stage', {
      source: { text: 'checked for its options only', name: basename(file!).slice(0, 200) },
      ...(chosen !== undefined ? { format: chosen } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(mapping !== undefined ? { mapping } : {}),
    });
    channelInput('import.preview', { stagingId: 'checked', decisions });
    const core = await ctx.unlocked();
    const staged = await core.imports.stage(bytes, { fileName: basename(file!), format: chosen, password, mapping });
    const preview = core.imports.preview(staged.stagingId, decisions);
    const text = describePreview(preview);
    if (values['dry-run']) {
      return { json: { preview }, text: `${text}\nDry run: nothing was written.` };
    }
    if (!values.yes) {
      const answer = await ctx.io.promptSecret(`${text}\nType "yes" to import: `);
      if (answer === null)
        throw new UsageError('No terminal to confirm on: add --yes to import, or --dry-run to preview');
      if (answer.trim().toLowerCase() !== 'yes') {
        core.imports.discard(staged.stagingId);
        throw new CustodianError('conflict', 'Import cancelled: nothing was written');
      }
    }
    const result = core.imports.commit(staged.stagingId, decisions);
    const reminder = `${file} is still on disk, unencrypted: delete it once you have checked the import (on SSDs deleting cannot guarantee the data is erased).`;
    return {
      json: { preview, result },
      text: `${values.yes ? `${text}\n` : ''}Imported from ${preview.formatLabel}: ${result.created.length} created, ${result.updated.length} updated, ${result.skipped} skipped.\n${reminder}`,
    };
  },
};
