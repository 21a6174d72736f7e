/**
 * 1Password exports: the CSV of 1Password 8 (`Title,Url,Username,Password,
 * OTPAuth,Favorite,Archived,Tags,Notes`) and the 1PUX file: a zip holding
 * `export.data`, JSON of accounts > vaults > items, each item with its
 * category (001 Login, 005 Password, 003 Secure Note, 002 Credit Card,
 * 004 Identity...), overview (title, url, tags) and details (login fields,
 * plain notes, sections whose fields may hold a `totp` value).
 */
import { unzipSync } from 'fflate';
import { z } from 'zod';
import type { EntryKind } from '../../../shared/domain/import';
import { badFile, emptyEntry, type ImportEntry, type ParsedFile } from './entry';

const KINDS: Record<string, EntryKind> = {
  '001': 'login',
  '005': 'login',
  '003': 'note',
  '002': 'card',
  '004': 'identity',
};

const FieldSchema = z.looseObject({
  title: z.string().nullish(),
  value: z.record(z.string(), z.unknown()).nullish(),
});
const ItemSchema = z.looseObject({
  state: z.string().nullish(),
  categoryUuid: z.string(),
  overview: z.looseObject({
    title: z.string().nullish(),
    url: z.string().nullish(),
    urls: z.array(z.looseObject({ url: z.string().nullish() })).nullish(),
    tags: z.array(z.string()).nullish(),
  }),
  details: z
    .looseObject({
      loginFields: z.array(z.looseObject({ designation: z.string().nullish(), value: z.string().nullish() })).nullish(),
      password: z.string().nullish(),
      notesPlain: z.string().nullish(),
      sections: z.array(z.looseObject({ fields: z.array(FieldSchema).nullish() })).nullish(),
    })
    .nullish(),
});
const ExportSchema = z.looseObject({
  accounts: z.array(
    z.looseObject({
      vaults: z.array(
        z.looseObject({ attrs: z.looseObject({ name: z.string().nullish() }), items: z.array(z.unknown()) }),
      ),
    }),
  ),
});

/** export.data may be large; bounded so a zip bomb is refused rather than inflated. */
const MAX_EXPORT_DATA = 512 * 1024 * 1024;

export function parseOnePux(bytes: Uint8Array): ParsedFile {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => file.name === 'export.data' && file.originalSize <= MAX_EXPORT_DATA,
    });
  } catch {
    throw badFile('The 1PUX file is truncated or damaged (not a readable zip)');
  }
  const data = files['export.data'];
  if (!data) throw badFile('Not a 1PUX export: the zip has no export.data');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    throw badFile('The 1PUX export.data is not JSON');
  }
  const parsed = ExportSchema.safeParse(json);
  if (!parsed.success) throw badFile('Not a 1PUX export: export.data has no accounts > vaults > items');
  const entries: ImportEntry[] = [];
  for (const account of parsed.data.accounts) {
    for (const vault of account.vaults) {
      const vaultName = vault.attrs.name?.trim() ?? '';
      vault.items.forEach((raw, i) => {
        const item = ItemSchema.safeParse(raw);
        const source = `vault ${vaultName || '(unnamed)'} item ${i + 1}`;
        if (!item.success) throw badFile(`1PUX ${source}: not an item (${item.error.issues[0]?.path.join('.')})`);
        const { overview, details, categoryUuid, state } = item.data;
        if (state === 'archived' || state === 'deleted') return;
        const login = (designation: string) =>
          details?.loginFields?.find((f) => f.designation === designation)?.value ?? '';
        const totp =
          details?.sections
            ?.flatMap((s) => s.fields ?? [])
            .map((f) => f.value?.totp)
            .find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? '';
        const title = overview.title?.trim() ?? '';
        entries.push({
          ...emptyEntry(title ? `${source} (${title})` : source, KINDS[categoryUuid] ?? 'other'),
          title,
          url: (overview.url || overview.urls?.find((u) => u.url)?.url || '').trim(),
          username: login('username').trim(),
          password: login('password') || details?.password || '',
          totp: totp.trim(),
          notes: details?.notesPlain ?? '',
          folder: overview.tags?.[0]?.trim() || vaultName,
        });
      });
    }
  }
  return { format: '1pux', entries };
}
