import { describe, expect, it } from 'vitest';
import {
  MIN_SECRET_BYTES,
  TotpInputError,
  normalizeBase32,
  parseTotp,
  totpCode,
  totpParams,
  type TotpAlgorithm,
} from '../../../src/shared/totp';
import { ascii, base32Decode, base32Encode } from '../../support/base32';
import { referenceTotp } from '../../support/hotp';

/** RFC 6238 Appendix B: the seeds are the ASCII digits, repeated to the hash's block of key bytes. */
const RFC_SEEDS: Record<TotpAlgorithm, Uint8Array> = {
  sha1: ascii('12345678901234567890'),
  sha256: ascii('12345678901234567890123456789012'),
  sha512: ascii('1234567890'.repeat(6) + '1234'),
};

/** RFC 6238 Appendix B, table of test vectors (8 digits, 30 s step, T0 = 0). */
const RFC_VECTORS: [number, TotpAlgorithm, string][] = [
  [59, 'sha1', '94287082'],
  [59, 'sha256', '46119246'],
  [59, 'sha512', '90693936'],
  [1111111109, 'sha1', '07081804'],
  [1111111109, 'sha256', '68084774'],
  [1111111109, 'sha512', '25091201'],
  [1111111111, 'sha1', '14050471'],
  [1111111111, 'sha256', '67062674'],
  [1111111111, 'sha512', '99943326'],
  [1234567890, 'sha1', '89005924'],
  [1234567890, 'sha256', '91819424'],
  [1234567890, 'sha512', '93441116'],
  [2000000000, 'sha1', '69279037'],
  [2000000000, 'sha256', '90698825'],
  [2000000000, 'sha512', '38618901'],
  [20000000000, 'sha1', '65353130'],
  [20000000000, 'sha256', '77737706'],
  [20000000000, 'sha512', '47863826'],
];

const seedText = (algorithm: TotpAlgorithm) => base32Encode(RFC_SEEDS[algorithm]);

/** Runs `fn`, expecting a TotpInputError; returns its message. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TotpInputError);
    return (error as Error).message;
  }
  throw new Error('expected the input to be refused');
}

describe('TOTP codes: RFC 6238 Appendix B', () => {
  it('the seeds have the sizes the RFC gives (20, 32 and 64 bytes)', () => {
    expect([RFC_SEEDS.sha1.length, RFC_SEEDS.sha256.length, RFC_SEEDS.sha512.length]).toEqual([20, 32, 64]);
  });

  it.each(RFC_VECTORS)('T = %i with %s gives %s', (time, algorithm, expected) => {
    const config = parseTotp(seedText(algorithm), { digits: 8, algorithm });
    expect(config).toMatchObject({ digits: 8, period: 30, algorithm });
    expect(totpCode(config, time).code).toBe(expected);
  });

  it('the same vectors come out of an otpauth URI carrying the parameters', () => {
    for (const [time, algorithm, expected] of RFC_VECTORS) {
      const uri = `otpauth://totp/RFC:6238?secret=${seedText(algorithm)}&digits=8&algorithm=${algorithm.toUpperCase()}`;
      expect(totpCode(parseTotp(uri), time).code).toBe(expected);
    }
  });

  it('6-digit codes are the last six digits of the 8-digit ones (same truncation, mod 10^6)', () => {
    for (const [time, algorithm, expected] of RFC_VECTORS) {
      expect(totpCode(parseTotp(seedText(algorithm), { algorithm }), time).code).toBe(expected.slice(2));
    }
  });

  it('agrees with an independent RFC 4226/6238 implementation at other times, periods and lengths', () => {
    const key = ascii('a 10-byte!');
    const secret = base32Encode(key);
    const cases: [number, 6 | 7 | 8, number, TotpAlgorithm][] = [
      [0, 6, 30, 'sha1'],
      [1_767_225_600, 6, 30, 'sha1'],
      [1_767_225_629, 7, 60, 'sha256'],
      [4_102_444_800, 8, 10, 'sha512'],
      [1_234_567_899, 6, 300, 'sha1'],
    ];
    for (const [time, digits, period, algorithm] of cases) {
      const config = parseTotp(secret, { digits, period, algorithm });
      expect(totpCode(config, time).code).toBe(referenceTotp(key, time, { digits, period, algorithm }));
    }
  });

  it('uses the code of the whole second: fractions are floored, not rounded', () => {
    const config = parseTotp(seedText('sha1'), { digits: 8 });
    expect(totpCode(config, 59.999).code).toBe('94287082');
    expect(totpCode(config, 60).code).not.toBe('94287082');
  });
});

describe('TOTP countdown', () => {
  const config = parseTotp('JBSWY3DPEHPK3PXP');

  it('counts the whole seconds left in the current step, 1..period', () => {
    expect(totpCode(config, 0).remaining).toBe(30);
    expect(totpCode(config, 1).remaining).toBe(29);
    expect(totpCode(config, 29).remaining).toBe(1);
    expect(totpCode(config, 29.9).remaining).toBe(1);
    expect(totpCode(config, 30).remaining).toBe(30);
    expect(totpCode(config, 59).remaining).toBe(1);
  });

  it('the code changes exactly when the countdown restarts', () => {
    const key = base32Decode('JBSWY3DPEHPK3PXP');
    for (const boundary of [30, 60, 1_800_000_000]) {
      const before = totpCode(config, boundary - 1);
      const at = totpCode(config, boundary);
      expect(before.code).toBe(referenceTotp(key, boundary - 1));
      expect(at.code).toBe(referenceTotp(key, boundary));
      expect(before.remaining).toBe(1);
      expect(at.remaining).toBe(30);
    }
  });

  it('follows a non-default period', () => {
    const sixty = parseTotp('JBSWY3DPEHPK3PXP', { period: 60 });
    expect(totpCode(sixty, 60).remaining).toBe(60);
    expect(totpCode(sixty, 119).remaining).toBe(1);
    expect(totpCode(sixty, 119).period).toBe(60);
  });
});

describe('TOTP seed input', () => {
  it('accepts the common 10-byte (80-bit) seed JBSWY3DPEHPK3PXP', () => {
    expect(MIN_SECRET_BYTES).toBe(10);
    expect(parseTotp('JBSWY3DPEHPK3PXP')).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      digits: 6,
      period: 30,
      algorithm: 'sha1',
    });
  });

  it('refuses a 9-byte seed, saying how long a seed must be', () => {
    const nineBytes = base32Encode(ascii('123456789'));
    const message = refusal(() => parseTotp(nineBytes));
    expect(message).toMatch(/too short/i);
    expect(message).toContain('10 bytes');
  });

  it('refuses a seed longer than 64 bytes', () => {
    expect(parseTotp(base32Encode(new Uint8Array(64).fill(7))).secret).toHaveLength(103);
    expect(refusal(() => parseTotp(base32Encode(new Uint8Array(65).fill(7))))).toMatch(/too long/i);
  });

  it('tolerates lower case, spaces, hyphens and "=" padding the way seeds get pasted', () => {
    const key = ascii('eleven byte');
    const canonical = base32Encode(key);
    const padded = base32Encode(key, { padding: true });
    expect(padded).toMatch(/=+$/);
    const spaced = canonical.toLowerCase().replace(/(.{4})/g, '$1 ');
    for (const pasted of [canonical, padded, spaced, ` ${canonical}\n`, canonical.replace(/(.{4})/g, '$1-')]) {
      expect(parseTotp(pasted).secret).toBe(canonical);
    }
    expect(normalizeBase32('ab cd-ef==')).toBe('ABCDEF');
  });

  it('applies overrides to a bare secret', () => {
    expect(parseTotp('JBSWY3DPEHPK3PXP', { digits: 8, period: 60, algorithm: 'sha512' })).toMatchObject({
      digits: 8,
      period: 60,
      algorithm: 'sha512',
    });
  });

  it('refuses bad base32 and empty input with clear messages', () => {
    expect(refusal(() => parseTotp('JBSWY3DPEHPK3PX1'))).toMatch(/base32/i);
    expect(refusal(() => parseTotp('JBSWY3DPEHPK3PX8'))).toMatch(/base32/i);
    // Right alphabet, impossible length (one character cannot end a byte).
    expect(refusal(() => parseTotp('JBSWY3DPEHPK3PXPA'))).toMatch(/not valid base32/i);
    expect(refusal(() => parseTotp('   '))).toBe('TOTP seed is empty');
  });

  it('refuses parameters outside what authenticators use', () => {
    expect(refusal(() => parseTotp('JBSWY3DPEHPK3PXP', { period: 5 }))).toMatch(/period/);
    expect(refusal(() => parseTotp('JBSWY3DPEHPK3PXP', { period: 301 }))).toMatch(/period/);
    expect(refusal(() => parseTotp('JBSWY3DPEHPK3PXP', { digits: 9 as 8 }))).toMatch(/digits/);
  });

  it('totpParams drops the seed and keeps the rest', () => {
    const params = totpParams(parseTotp('otpauth://totp/ACME:ops?secret=JBSWY3DPEHPK3PXP&issuer=ACME'));
    expect(params).toEqual({ digits: 6, period: 30, algorithm: 'sha1', issuer: 'ACME', label: 'ACME:ops' });
    expect(JSON.stringify(params)).not.toContain('JBSWY3DPEHPK3PXP');
  });
});

describe('otpauth URIs', () => {
  it('reads issuer, label, digits, period and algorithm', () => {
    const config = parseTotp(
      'otpauth://totp/University%20of%20Example:press-office?secret=JBSWY3DPEHPK3PXP&issuer=University%20of%20Example&digits=8&period=60&algorithm=SHA256',
    );
    expect(config).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      digits: 8,
      period: 60,
      algorithm: 'sha256',
      issuer: 'University of Example',
      label: 'University of Example:press-office',
    });
  });

  it('defaults to 6 digits, 30 s and SHA-1, and its own parameters win over overrides', () => {
    expect(parseTotp('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP')).toMatchObject({
      digits: 6,
      period: 30,
      algorithm: 'sha1',
    });
    const config = parseTotp('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=7', { digits: 8, period: 60 });
    expect(config).toMatchObject({ digits: 7, period: 60 });
  });

  it('tolerates a lower-case, spaced, padded secret and an upper-case scheme', () => {
    const key = ascii('eleven byte');
    const expected = base32Encode(key);
    const secret = encodeURIComponent(
      base32Encode(key, { padding: true })
        .toLowerCase()
        .replace(/(.{4})/g, '$1 '),
    );
    expect(parseTotp(`otpauth://totp/x?secret=${secret}`).secret).toBe(expected);
    expect(parseTotp(`OTPAUTH://TOTP/ACME?secret=${expected}`)).toMatchObject({ secret: expected, label: 'ACME' });
  });

  it('computes codes from a URI like from the bare secret', () => {
    const uri = `otpauth://totp/RFC?secret=${seedText('sha1')}&digits=8`;
    expect(totpCode(parseTotp(uri), 1111111109).code).toBe('07081804');
  });

  it('refuses counter-based (hotp) URIs', () => {
    expect(refusal(() => parseTotp('otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1'))).toMatch(/time-based|totp/i);
  });

  it('refuses a URI without a secret', () => {
    expect(refusal(() => parseTotp('otpauth://totp/ACME:ops?issuer=ACME'))).toMatch(/secret/);
  });

  it('refuses bad parameters: digits, period, algorithm, base32', () => {
    expect(refusal(() => parseTotp('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=9'))).toMatch(/digits/);
    expect(refusal(() => parseTotp('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=5'))).toMatch(/period/);
    expect(refusal(() => parseTotp('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5'))).toMatch(/algorithm/);
    expect(refusal(() => parseTotp('otpauth://totp/x?secret=JBSWY3DPEHPK3PX1'))).toMatch(/base32/);
  });
});

describe('TOTP error messages never contain the seed', () => {
  // A 20-byte seed whose base32 form is distinctive enough to spot anywhere in a message.
  const key = ascii('canary-seed-20-bytes');
  const secret = base32Encode(key);
  const leaks = (message: string) =>
    [secret, secret.slice(0, 12), secret.slice(-12)].filter((part) =>
      message.toLowerCase().includes(part.toLowerCase()),
    );

  const badInputs: [string, string][] = [
    ['missing "//"', `otpauth:totp/ACME?secret=${secret}`],
    ['no label separator', `otpauth://totp?secret=${secret}`],
    ['counter-based', `otpauth://hotp/ACME?secret=${secret}&counter=0`],
    ['unknown type', `otpauth://motp/ACME?secret=${secret}`],
    ['bad digits', `otpauth://totp/ACME?secret=${secret}&digits=12`],
    ['bad period', `otpauth://totp/ACME?secret=${secret}&period=abc`],
    ['bad algorithm', `otpauth://totp/ACME?secret=${secret}&algorithm=SHA3`],
    ['bad label encoding', `otpauth://totp/%E0%A4%A?secret=${secret}`],
    ['invalid base32 character', `${secret.slice(0, 20)}1${secret.slice(21)}`],
    ['impossible base32 length', `${secret}A`],
    ['too long', secret.repeat(4)],
    ['too short', secret.slice(0, 8)],
  ];

  it.each(badInputs)('%s', (_case, input) => {
    const message = refusal(() => parseTotp(input));
    expect(leaks(message)).toEqual([]);
  });
});
