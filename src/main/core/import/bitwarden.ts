/**
 * Bitwarden exports: the JSON export (plain, or password-protected: the same
 * JSON sealed with AES-256-CBC + HMAC-SHA256 under a key derived from the
 * password by PBKDF2-SHA256 or Argon2id and stretched with HKDF), and the CSV
 * export (`folder,favorite,type,name,notes,fields,reprompt,login_uri,
 * login_username,login_password,login_totp`).
 */
import { z } from 'zod';
import type { EntryKind } from '../../../shared/domain/import';
import { argon2, type Argon2Params } from '../crypto/argon2';
import { decryptBitwardenString, deriveBitwardenKeys, type BitwardenKeys } from '../crypto/bitwarden-export';
import { badFile, emptyEntry, needsFilePassword, wrongFilePassword, type ImportEntry, type ParsedFile } from './entry';

const KINDS: Record<number, EntryKind> = { 1: 'login', 2: 'note', 3: 'card', 4: 'identity' };

const ItemSchema = z.looseObject({
  type: z.number().int(),
  name: z.string().nullish(),
  notes: z.string().nullish(),
  folderId: z.string().nullish(),
  collectionIds: z.array(z.string()).nullish(),
  login: z
    .looseObject({
      uris: z.array(z.looseObject({ uri: z.string().nullish() })).nullish(),
      username: z.string().nullish(),
      password: z.string().nullish(),
      totp: z.string().nullish(),
    })
    .nullish(),
});

const PlainExportSchema = z.looseObject({
  encrypted: z.literal(false).optional(),
  folders: z.array(z.looseObject({ id: z.string(), name: z.string() })).optional(),
  collections: z.array(z.looseObject({ id: z.string(), name: z.string() })).optional(),
  items: z.array(z.unknown()),
});

const ProtectedExportSchema = z.looseObject({
  encrypted: z.literal(true),
  passwordProtected: z.literal(true),
  salt: z.string().min(1),
  kdfType: z.union([z.literal(0), z.literal(1)]),
  kdfIterations: z.number().int().positive(),
  kdfMemory: z.number().int().positive().nullish(),
  kdfParallelism: z.number().int().positive().nullish(),
  encKeyValidation_DO_NOT_EDIT: z.string(),
  data: z.string(),
});

/** Bounds on the KDF a file may ask for, so a hostile file cannot make us spin or exhaust memory. */
const MAX_PBKDF2_ITERATIONS = 10_000_000;
const MAX_ARGON2_MIB = 1024;
const MAX_ARGON2_ITERATIONS = 100;

export async function parseBitwardenJson(json: unknown, password: string | undefined): Promise<ParsedFile> {
  let plain: unknown = json;
  if ((json as { encrypted?: unknown }).encrypted === true) {
    const sealed = ProtectedExportSchema.safeParse(json);
    if (!sealed.success) {
      throw badFile(
        'This Bitwarden export is encrypted to its account ("account restricted"); export it again with "password protected"',
      );
    }
    if (!password) throw needsFilePassword('Bitwarden export');
    const keys = await keysFor(sealed.data, password);
    if (decryptBitwardenString(sealed.data.encKeyValidation_DO_NOT_EDIT, keys) === null) {
      throw wrongFilePassword('Bitwarden export');
    }
    const data = decryptBitwardenString(sealed.data.data, keys);
    if (data === null) throw badFile('The Bitwarden export is damaged: its data does not authenticate');
    try {
      plain = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
    } catch {
      throw badFile('The Bitwarden export is damaged: its data is not JSON');
    }
  }
  const parsed = PlainExportSchema.safeParse(plain);
  if (!parsed.success) throw badFile('Not a Bitwarden JSON export: no "items" list');
  const groups = new Map<string, string>();
  for (const f of parsed.data.folders ?? []) groups.set(f.id, f.name);
  for (const c of parsed.data.collections ?? []) groups.set(c.id, c.name);
  const entries = parsed.data.items.map((raw, i): ImportEntry => {
    const item = ItemSchema.safeParse(raw);
    const source = `item ${i + 1}`;
    if (!item.success) throw badFile(`Bitwarden ${source}: not an item (${item.error.issues[0]?.path.join('.')})`);
    const { data } = item;
    const group = data.folderId
      ? groups.get(data.folderId)
      : data.collectionIds?.[0]
        ? groups.get(data.collectionIds[0])
        : '';
    return {
      ...emptyEntry(data.name ? `${source} (${data.name})` : source, KINDS[data.type] ?? 'other'),
      title: data.name?.trim() ?? '',
      url: data.login?.uris?.find((u) => u.uri)?.uri?.trim() ?? '',
      username: data.login?.username?.trim() ?? '',
      password: data.login?.password ?? '',
      totp: data.login?.totp?.trim() ?? '',
      notes: data.notes ?? '',
      folder: group?.trim() ?? '',
    };
  });
  return { format: 'bitwarden-json', entries };
}

async function keysFor(file: z.infer<typeof ProtectedExportSchema>, password: string): Promise<BitwardenKeys> {
  if (file.kdfType === 0) {
    if (file.kdfIterations > MAX_PBKDF2_ITERATIONS)
      throw badFile('The Bitwarden export asks for too many PBKDF2 iterations');
    return deriveBitwardenKeys({ kind: 'pbkdf2', password, salt: file.salt, iterations: file.kdfIterations });
  }
  const params: Argon2Params = {
    type: 'argon2id',
    iterations: file.kdfIterations,
    memoryKiB: (file.kdfMemory ?? 64) * 1024,
    parallelism: file.kdfParallelism ?? 4,
    hashLength: 32,
  };
  if ((file.kdfMemory ?? 64) > MAX_ARGON2_MIB || file.kdfIterations > MAX_ARGON2_ITERATIONS) {
    throw badFile('The Bitwarden export asks for Argon2 parameters beyond what Custodian will run');
  }
  return deriveBitwardenKeys({ kind: 'argon2id', password, salt: file.salt, params, argon2 });
}
