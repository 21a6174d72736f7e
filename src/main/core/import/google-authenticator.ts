/**
 * Google Authenticator's "Transfer accounts" export: a QR code holding
 * `otpauth-migration://offline?data=<base64>`, the data being a protobuf
 * MigrationPayload { repeated OtpParameters otp_parameters = 1; ... } with
 * OtpParameters { bytes secret = 1; string name = 2; string issuer = 3;
 * Algorithm algorithm = 4; DigitCount digits = 5; OtpType type = 6;
 * int64 counter = 7 }. The schema is two small messages of scalar fields, so a
 * varint and length-delimited reader of forty lines does it; a protobuf
 * library would bring a schema compiler for the same result.
 */
import { badFile, emptyEntry, type ImportEntry, type ParsedFile } from './entry';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: how otpauth URIs carry a seed. */
export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let value = 0;
  let bits = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

class Reader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.at >= this.bytes.length) throw new Error('truncated varint');
      const byte = this.bytes[this.at++]!;
      // Counters can exceed 2^53; only the low bits matter to us, and a number stays a number.
      if (shift < 49) result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) throw new Error('varint too long');
    }
  }

  bytesField(): Uint8Array {
    const length = this.varint();
    if (this.at + length > this.bytes.length) throw new Error('truncated field');
    const out = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }

  /** Skips a field of the given wire type. */
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.bytesField();
    else if (wireType === 1) this.at += 8;
    else if (wireType === 5) this.at += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
    if (this.at > this.bytes.length) throw new Error('truncated field');
  }
}

export interface MigrationOtp {
  secret: Uint8Array;
  name: string;
  issuer: string;
  algorithm: 'sha1' | 'sha256' | 'sha512' | 'md5' | 'unspecified';
  digits: 6 | 8;
  type: 'totp' | 'hotp' | 'unspecified';
}

const ALGORITHMS = ['unspecified', 'sha1', 'sha256', 'sha512', 'md5'] as const;
const TYPES = ['unspecified', 'hotp', 'totp'] as const;

export function decodeMigrationPayload(bytes: Uint8Array): MigrationOtp[] {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const payload = new Reader(bytes);
  const otps: MigrationOtp[] = [];
  while (!payload.done) {
    const tag = payload.varint();
    if (tag >>> 3 !== 1 || (tag & 7) !== 2) {
      payload.skip(tag & 7);
      continue;
    }
    const message = new Reader(payload.bytesField());
    const otp: MigrationOtp = {
      secret: new Uint8Array(),
      name: '',
      issuer: '',
      algorithm: 'sha1',
      digits: 6,
      type: 'totp',
    };
    while (!message.done) {
      const key = message.varint();
      const field = key >>> 3;
      const wire = key & 7;
      if (field === 1 && wire === 2) otp.secret = message.bytesField().slice();
      else if (field === 2 && wire === 2) otp.name = utf8.decode(message.bytesField());
      else if (field === 3 && wire === 2) otp.issuer = utf8.decode(message.bytesField());
      else if (field === 4 && wire === 0) otp.algorithm = ALGORITHMS[message.varint()] ?? 'unspecified';
      else if (field === 5 && wire === 0) otp.digits = message.varint() === 2 ? 8 : 6;
      else if (field === 6 && wire === 0) otp.type = TYPES[message.varint()] ?? 'unspecified';
      else message.skip(wire);
    }
    otps.push(otp);
  }
  return otps;
}

export const MIGRATION_PREFIX = 'otpauth-migration://';

export function isMigrationText(text: string): boolean {
  return text.trim().toLowerCase().startsWith(MIGRATION_PREFIX);
}

/** One or more `otpauth-migration://` URIs (one per line: a large export spans several QR codes). */
export function parseMigrationText(text: string): ParsedFile {
  const entries: ImportEntry[] = [];
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  lines.forEach((line, li) => {
    const where = lines.length > 1 ? `code ${li + 1} ` : '';
    let data: string | null;
    try {
      const url = new URL(line);
      if (url.protocol !== 'otpauth-migration:') throw new Error('scheme');
      data = url.searchParams.get('data');
    } catch {
      throw badFile(`Line ${li + 1} is not an otpauth-migration:// URI`);
    }
    if (!data) throw badFile(`The otpauth-migration URI on line ${li + 1} has no data`);
    let otps: MigrationOtp[];
    try {
      const bytes = Buffer.from(data.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
      otps = decodeMigrationPayload(bytes);
    } catch {
      throw badFile(`The otpauth-migration data on line ${li + 1} is damaged`);
    }
    otps.forEach((otp, i) => entries.push(migrationEntry(otp, `${where}seed ${i + 1}`)));
  });
  if (entries.length === 0) throw badFile('The Google Authenticator export holds no seeds');
  return { format: 'google-authenticator', entries };
}

function migrationEntry(otp: MigrationOtp, source: string): ImportEntry {
  const colon = otp.name.indexOf(':');
  const account = colon >= 0 ? otp.name.slice(colon + 1).trim() : otp.name.trim();
  const issuer = otp.issuer.trim() || (colon >= 0 ? otp.name.slice(0, colon).trim() : '');
  const entry = {
    ...emptyEntry(`${source}${issuer || account ? ` (${issuer || account})` : ''}`),
    title: issuer ? `${issuer}${account ? ` (${account})` : ''}` : account,
    username: account,
  };
  // HOTP (counter) seeds and MD5 codes cannot become TOTP seeds: the row says so instead of guessing.
  if (otp.type === 'hotp') return { ...entry, notes: 'Google Authenticator held a counter-based (HOTP) seed' };
  if (otp.algorithm === 'md5') return { ...entry, notes: 'Google Authenticator held an MD5 seed' };
  const params = new URLSearchParams({
    secret: encodeBase32(otp.secret),
    digits: String(otp.digits),
    algorithm: (otp.algorithm === 'unspecified' ? 'sha1' : otp.algorithm).toUpperCase(),
    period: '30',
  });
  if (issuer) params.set('issuer', issuer);
  return { ...entry, totp: `otpauth://totp/${encodeURIComponent(account || issuer || 'seed')}?${params.toString()}` };
}
