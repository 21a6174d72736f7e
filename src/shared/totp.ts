/**
 * TOTP seeds: parsing what users paste (an otpauth:// URI or a bare base32
 * secret) and computing codes. Pure and environment-neutral: otplib's default
 * plugins are @noble/hashes and @scure/base.
 */
import { createGuardrails, generateSync } from 'otplib';
import { generateTOTP, parse as parseOtpauth } from '@otplib/uri';
import { z } from 'zod';

export const TOTP_ALGORITHMS = ['sha1', 'sha256', 'sha512'] as const;
export type TotpAlgorithm = (typeof TOTP_ALGORITHMS)[number];

/**
 * Real seeds are often 10 bytes (80 bits, e.g. JBSWY3DPEHPK3PXP) although
 * RFC 4226 asks for 16; otplib refuses anything under 16 unless told otherwise.
 * We accept 10, never less.
 */
export const MIN_SECRET_BYTES = 10;
const GUARDRAILS = createGuardrails({ MIN_SECRET_BYTES, MIN_PERIOD: 10, MAX_PERIOD: 300 });

export const TotpConfigSchema = z.strictObject({
  /** Base32, upper case, no padding or spaces. */
  secret: z.string().regex(/^[A-Z2-7]+$/, 'Secret must be base32 (letters A–Z and digits 2–7)'),
  digits: z.union([z.literal(6), z.literal(7), z.literal(8)]),
  period: z.number().int().min(10).max(300),
  algorithm: z.enum(TOTP_ALGORITHMS),
  issuer: z.string().max(200).optional(),
  label: z.string().max(200).optional(),
});
export type TotpConfig = z.infer<typeof TotpConfigSchema>;

/** Parameters without the seed: safe to show and to send to the renderer. */
export const TotpParamsSchema = TotpConfigSchema.omit({ secret: true });
export type TotpParams = z.infer<typeof TotpParamsSchema>;

export class TotpInputError extends Error {
  override name = 'TotpInputError';
}

export interface TotpOverrides {
  digits?: 6 | 7 | 8;
  period?: number;
  algorithm?: TotpAlgorithm;
}

/** Upper-cases, drops spaces, hyphens and "=" padding: how seeds get pasted. */
export function normalizeBase32(raw: string): string {
  return raw.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
}

/**
 * Accepts `otpauth://totp/...` or a bare base32 secret. Overrides apply to a
 * bare secret; a URI's own parameters win over them.
 */
export function parseTotp(input: string, overrides: TotpOverrides = {}): TotpConfig {
  const text = input.trim();
  if (text.length === 0) throw new TotpInputError('TOTP seed is empty');
  let config: TotpConfig;
  if (/^otpauth:/i.test(text)) {
    let uri;
    try {
      // Scheme and type are case-insensitive (QR codes often carry them upper-cased); the parser is not.
      uri = parseOtpauth(text.replace(/^otpauth:\/\/(totp|hotp)\//i, (prefix) => prefix.toLowerCase()));
    } catch (error) {
      throw new TotpInputError(`Not a usable otpauth URI: ${describeUriError(error)}`);
    }
    if (uri.type !== 'totp') throw new TotpInputError('Only time-based (otpauth://totp) seeds are supported');
    const algorithm = (uri.params.algorithm ?? overrides.algorithm ?? 'sha1').toLowerCase();
    config = {
      secret: normalizeBase32(uri.params.secret),
      digits: (uri.params.digits ?? overrides.digits ?? 6) as 6 | 7 | 8,
      period: uri.params.period ?? overrides.period ?? 30,
      algorithm: algorithm as TotpAlgorithm,
      ...(uri.params.issuer ? { issuer: uri.params.issuer } : {}),
      ...(uri.label ? { label: uri.label } : {}),
    };
  } else {
    config = {
      secret: normalizeBase32(text),
      digits: overrides.digits ?? 6,
      period: overrides.period ?? 30,
      algorithm: overrides.algorithm ?? 'sha1',
    };
  }
  return validateTotp(config);
}

/** Checks shape and that the seed decodes to an acceptable key. */
export function validateTotp(config: TotpConfig): TotpConfig {
  const parsed = TotpConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TotpInputError(`Invalid TOTP seed: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
  }
  try {
    computeCode(parsed.data, 0);
  } catch (error) {
    throw new TotpInputError(describeOtpError(error));
  }
  return parsed.data;
}

/**
 * The URI parser quotes what it could not parse: the whole URI (secret
 * included) for a malformed one, the value for a bad parameter. Keep only the
 * part before the quote.
 */
function describeUriError(error: unknown): string {
  if (!(error instanceof Error)) return 'unreadable';
  if (error.name === 'MissingParameterError') return error.message;
  if (error.name === 'InvalidURIError') return 'expected otpauth://totp/LABEL?secret=BASE32';
  return error.message.split(':')[0] ?? 'unreadable';
}

function describeOtpError(error: unknown): string {
  if (!(error instanceof Error)) return 'Invalid TOTP seed';
  switch (error.name) {
    case 'SecretTooShortError':
      return `TOTP secret is too short: at least ${MIN_SECRET_BYTES} bytes (16 base32 characters) are needed`;
    case 'SecretTooLongError':
      return 'TOTP secret is too long: at most 64 bytes';
    default:
      // The base32 plugin throws a plain Error whose message quotes leftover bits of the secret.
      if (/base32/i.test(error.message)) return 'TOTP secret is not valid base32';
      return `Invalid TOTP seed: ${error.message}`;
  }
}

function computeCode(config: TotpConfig, epochSeconds: number): string {
  return generateSync({
    secret: config.secret,
    digits: config.digits,
    period: config.period,
    algorithm: config.algorithm,
    epoch: epochSeconds,
    guardrails: GUARDRAILS,
  });
}

export interface TotpCode {
  code: string;
  /** Whole seconds until this code stops being current (1..period). */
  remaining: number;
  period: number;
}

export function totpCode(config: TotpConfig, epochSeconds: number): TotpCode {
  const now = Math.floor(epochSeconds);
  return {
    code: computeCode(config, now),
    remaining: config.period - (now % config.period),
    period: config.period,
  };
}

/**
 * The otpauth:// URI of a seed, as authenticator apps scan it from a QR code.
 * `issuer` and `label` name it in the app when the seed carries none.
 */
export function totpUri(config: TotpConfig, issuer: string, label: string): string {
  return generateTOTP({
    issuer: config.issuer ?? issuer,
    label: config.label ?? label,
    secret: config.secret,
    algorithm: config.algorithm,
    digits: config.digits,
    period: config.period,
  });
}

/**
 * Whether a typed code is the seed's code now or one period either side
 * (clocks drift; a code read just before it rolled over is still fair).
 */
export function totpMatches(config: TotpConfig, code: string, epochSeconds: number): boolean {
  const typed = code.replace(/\s/g, '');
  return [-1, 0, 1].some((step) => computeCode(config, Math.floor(epochSeconds) + step * config.period) === typed);
}

export function totpParams(config: TotpConfig): TotpParams {
  const { secret: _secret, ...params } = config;
  return params;
}
