/**
 * KeePass and KeePassXC databases (KDBX 4, and 3.1), opened with their
 * password. TOTP is read from KeePassXC's `otp` attribute (an otpauth URI)
 * or the older `TOTP Seed` + `TOTP Settings` pair ("30;6").
 */
import * as kdbxModule from 'kdbxweb';
import { argon2 } from '../crypto/argon2';
import { badFile, emptyEntry, needsFilePassword, wrongFilePassword, type ImportEntry, type ParsedFile } from './entry';

// kdbxweb is a UMD bundle: under Node's ESM loader its named exports are only on the default export.
const kdbxweb = ((kdbxModule as unknown as { default?: typeof kdbxModule }).default ?? kdbxModule) as typeof kdbxModule;

let argon2Installed = false;

function installArgon2(): void {
  if (argon2Installed) return;
  kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memory, iterations, length, parallelism, type, version) => {
    if (version !== 0x13) throw new kdbxweb.KdbxError(kdbxweb.Consts.ErrorCodes.Unsupported, 'argon2 version');
    if (memory > 1024 * 1024 || iterations > 1000 || parallelism > 64) {
      throw new kdbxweb.KdbxError(kdbxweb.Consts.ErrorCodes.Unsupported, 'argon2 parameters too large');
    }
    const hash = await argon2(new Uint8Array(password), new Uint8Array(salt), {
      type: type === kdbxweb.CryptoEngine.Argon2TypeArgon2id ? 'argon2id' : 'argon2d',
      iterations,
      memoryKiB: memory,
      parallelism,
      hashLength: length,
    });
    return hash.slice().buffer;
  });
  argon2Installed = true;
}

const text = (value: kdbxModule.KdbxEntryField | undefined): string =>
  value === undefined ? '' : typeof value === 'string' ? value : value.getText();

export async function parseKdbx(bytes: Uint8Array, password: string | undefined): Promise<ParsedFile> {
  if (!password) throw needsFilePassword('KeePass database');
  installArgon2();
  let db: kdbxModule.Kdbx;
  try {
    const buffer = new Uint8Array(bytes).buffer; // a copy: a Buffer may be a view into a larger pool
    db = await kdbxweb.Kdbx.load(buffer, new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(password)));
  } catch (error) {
    throw describeKdbxError(error);
  }
  const recycleBin = db.meta.recycleBinEnabled ? db.meta.recycleBinUuid?.id : undefined;
  const entries: ImportEntry[] = [];
  const walk = (group: kdbxModule.KdbxGroup, path: string[]) => {
    if (recycleBin && group.uuid.id === recycleBin) return;
    for (const entry of group.entries) {
      const title = text(entry.fields.get('Title')).trim();
      const folder = path.join('/');
      entries.push({
        ...emptyEntry(`entry ${[...path, title || '(untitled)'].join('/')}`),
        title,
        url: text(entry.fields.get('URL')).trim(),
        username: text(entry.fields.get('UserName')).trim(),
        password: text(entry.fields.get('Password')),
        totp: kdbxTotp(entry),
        notes: text(entry.fields.get('Notes')),
        folder,
      });
    }
    for (const child of group.groups) walk(child, [...path, child.name ?? '']);
  };
  const root = db.getDefaultGroup();
  walk(root, []);
  return { format: 'kdbx', entries };
}

/** KeePassXC's `otp` URI, or the KeeOtp-style `TOTP Seed` with `TOTP Settings` "period;digits". */
function kdbxTotp(entry: kdbxModule.KdbxEntry): string {
  const otp = text(entry.fields.get('otp')).trim();
  if (otp) return otp;
  const seed = text(entry.fields.get('TOTP Seed')).trim();
  if (!seed) return '';
  const [period, digits] = text(entry.fields.get('TOTP Settings')).split(';');
  const params = new URLSearchParams({ secret: seed.replace(/\s/g, '') });
  if (period && /^\d+$/.test(period.trim())) params.set('period', period.trim());
  if (digits && /^\d+$/.test(digits.trim())) params.set('digits', digits.trim());
  return `otpauth://totp/KeePass?${params.toString()}`;
}

function describeKdbxError(error: unknown) {
  const code = error instanceof kdbxweb.KdbxError ? error.code : null;
  switch (code) {
    case kdbxweb.Consts.ErrorCodes.InvalidKey:
      return wrongFilePassword('KeePass database');
    case kdbxweb.Consts.ErrorCodes.InvalidVersion:
      return badFile('This KeePass database has a KDBX version Custodian cannot read: save it as KDBX 4 first');
    case kdbxweb.Consts.ErrorCodes.Unsupported:
      return badFile('This KeePass database uses settings Custodian does not support (a key file or unusual KDF)');
    case kdbxweb.Consts.ErrorCodes.BadSignature:
      return badFile('Not a KeePass database: the signature is wrong');
    default:
      return badFile('The KeePass database is truncated or damaged');
  }
}
