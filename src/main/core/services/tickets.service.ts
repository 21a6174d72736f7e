/**
 * One-time credentials. Issuing (in the manager's vault) seals a password, and
 * optionally a TOTP seed, under a key derived from a short code, signs the
 * ticket with the vault's key and records that it was issued. Redeeming needs
 * no vault: check the signature and the window, derive the key from the code,
 * decrypt, and claim the ticket in this machine's ledger so it opens once.
 */
import type { IssuedTicket, Redeemed, TicketInfo } from '../../../shared/domain/takeover';
import { codeProblem, formatCode, generateCode, normalizeCode } from '../../../shared/ticket-code';
import { totpCode, type TotpConfig } from '../../../shared/totp';
import type { Clock } from '../clock';
import { KDF_ALGORITHM, KDF_PRESET_PARAMS, checkKdfParams, type KdfParams } from '../crypto/kdf';
import { fillFrom, type RandomSource } from '../crypto/random';
import type { Sodium } from '../crypto/sodium';
import { RedemptionLedger } from '../db/ledger';
import { CustodianError } from '../errors';
import { backoffDelayMs, backoffRemainingMs } from './backoff';
import type { Copied, SecretCopy } from './secret-copy';
import type { DeriveKey } from './vault.service';
import type { VaultSession } from './vault-session';
import {
  TICKET_FORMAT,
  TicketPayloadSchema,
  armourTicket,
  keyFingerprint,
  parseTicket,
  payloadAad,
  signTicket,
  type ParsedTicket,
} from '../tickets/ticket';
import { toBase64Url } from '../formats/signed-envelope';

/** Tickets use the KDF floor: the code's 49.5 bits, not the KDF, are what resist guessing. */
const TICKET_KDF = KDF_PRESET_PARAMS.interactive;
/** How long a redeemed secret stays available for "copy" in this window. */
const KEEP_REDEEMED_MS = 10 * 60 * 1000;

export interface TicketRequest {
  accountId: number;
  platform: TicketInfo['account']['platform'];
  handle: string;
  accountLabel: string;
  notBefore: number;
  notAfter: number;
  password: string;
  totp: TotpConfig | null;
  /** What to type above the password on the platform's login form (sealed with it). */
  signInName: string | null;
  /** Where to sign in (sealed with the rest, so an unopened ticket does not say it). */
  url: string | null;
}

/** A sealed ticket ready to hand over; `id` is recorded with the issue. */
export interface PreparedTicket extends IssuedTicket {
  includesTotp: boolean;
}

export class TicketsService {
  private readonly redeemed = new Map<string, { value: Redeemed; totp: TotpConfig | null; until: number }>();

  constructor(
    private readonly sodium: Sodium,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly derive: DeriveKey,
    private readonly ledgerPath: () => string,
    private readonly copier: SecretCopy,
  ) {}

  /**
   * Seals and signs a ticket (Argon2id runs here, off-thread, so call it
   * before the transaction that records the issue).
   */
  async prepare(session: VaultSession, request: TicketRequest): Promise<PreparedTicket> {
    const code = generateCode(fillFrom(this.random));
    const salt = this.random(16);
    const kdf: KdfParams = { algorithm: KDF_ALGORITHM, ...TICKET_KDF, salt };
    const key = await this.derive(code, kdf);
    const id = toBase64Url(this.random(16));
    const nonce = this.random(24);
    try {
      const payload = new TextEncoder().encode(
        JSON.stringify({
          password: request.password,
          totp: request.totp,
          ...(request.signInName ? { signInName: request.signInName } : {}),
          ...(request.url ? { url: request.url } : {}),
        }),
      );
      let ciphertext: Uint8Array;
      try {
        ciphertext = this.sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(payload, payloadAad(id), null, nonce, key);
      } finally {
        this.sodium.memzero(payload);
      }
      const file = signTicket(
        {
          format: TICKET_FORMAT,
          id,
          issuedAt: new Date(this.clock.now()).toISOString(),
          issuer: {
            vaultId: session.info.id,
            name: session.info.owner,
            signingKey: toBase64Url(session.keys.signingPublicKey),
          },
          account: { platform: request.platform, handle: request.handle, label: request.accountLabel },
          window: {
            notBefore: new Date(request.notBefore).toISOString(),
            notAfter: new Date(request.notAfter).toISOString(),
          },
          kdf: { algorithm: KDF_ALGORITHM, opsLimit: kdf.opsLimit, memLimit: kdf.memLimit, salt: toBase64Url(salt) },
          includesTotp: request.totp !== null,
          payload: { nonce: toBase64Url(nonce), ciphertext: toBase64Url(ciphertext) },
        },
        (message) => session.keys.sign(message),
      );
      const safeHandle = request.handle.replace(/[^A-Za-z0-9._-]/g, '_');
      return {
        ticketId: id,
        file,
        text: armourTicket(file),
        suggestedName: `custodian-ticket-${safeHandle}.custodian-ticket`,
        code: formatCode(code),
        notBefore: request.notBefore,
        notAfter: request.notAfter,
        includesTotp: request.totp !== null,
        includesSignInName: Boolean(request.signInName),
      };
    } finally {
      this.sodium.memzero(key);
    }
  }

  /** What a ticket says, before anyone types a code. Checks the signature; opens nothing. */
  inspect(text: string): TicketInfo {
    const ticket = parseTicket(this.sodium, text);
    const ledger = RedemptionLedger.open(this.ledgerPath());
    try {
      const failures = ledger.failures(ticket.body.id);
      const wait = failures ? backoffRemainingMs(failures.count, failures.lastAt, this.clock.now()) : 0;
      return {
        ...this.describe(ticket),
        redeemedHere: ledger.isRedeemed(ticket.body.id),
        retryAfterSeconds: wait > 0 ? Math.ceil(wait / 1000) : null,
      };
    } finally {
      ledger.close();
    }
  }

  /** The explicit "Reveal": opens the ticket with the code and claims it on this machine. */
  async redeem(text: string, typedCode: string): Promise<Redeemed> {
    const ticket = parseTicket(this.sodium, text);
    const info = this.describe(ticket);
    if (info.window === 'not_yet_valid') {
      throw new CustodianError(
        'not_yet_valid',
        `This ticket opens at ${new Date(info.notBefore).toLocaleString('en-GB')}: try again then`,
      );
    }
    if (info.window === 'expired') {
      throw new CustodianError(
        'expired',
        `This ticket expired at ${new Date(info.notAfter).toLocaleString('en-GB')}: ask for a new one`,
      );
    }
    const problem = codeProblem(typedCode);
    const code = normalizeCode(typedCode);
    if (problem || !code) throw new CustodianError('invalid_input', problem ?? 'Not a code');
    const kdf: KdfParams = {
      algorithm: KDF_ALGORITHM,
      opsLimit: ticket.body.kdf.opsLimit,
      memLimit: ticket.body.kdf.memLimit,
      salt: ticket.salt,
    };
    checkKdfParams(kdf);
    const id = ticket.body.id;
    // The attempt is counted before Argon2 runs (see RedemptionLedger.chargeAttempt).
    let ledger = RedemptionLedger.open(this.ledgerPath());
    let attempts: number;
    try {
      attempts = ledger.chargeAttempt(id, this.clock.now(), ({ redeemed, failures }) => {
        if (redeemed) throw alreadyUsed();
        const wait = failures ? backoffRemainingMs(failures.count, failures.lastAt, this.clock.now()) : 0;
        if (wait > 0) {
          const seconds = Math.ceil(wait / 1000);
          throw new CustodianError('backoff', `Too many attempts with this ticket: try again in ${seconds} s`, {
            retryAfterSeconds: seconds,
          });
        }
      });
    } finally {
      ledger.close();
    }
    const key = await this.derive(code, kdf);
    let payload;
    let plain: Uint8Array | null = null;
    try {
      plain = this.sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
        null,
        ticket.ciphertext,
        payloadAad(id),
        ticket.nonce,
        key,
      );
      payload = TicketPayloadSchema.parse(JSON.parse(new TextDecoder().decode(plain)));
    } catch {
      payload = null;
    } finally {
      this.sodium.memzero(key);
      if (plain) this.sodium.memzero(plain);
    }
    ledger = RedemptionLedger.open(this.ledgerPath());
    try {
      if (!payload) {
        const next = backoffDelayMs(attempts);
        throw new CustodianError(
          'wrong_code',
          next > 0
            ? `Wrong code. Try again in ${Math.ceil(next / 1000)} s`
            : 'Wrong code: check it with the person who sent it',
          next > 0 ? { retryAfterSeconds: Math.ceil(next / 1000) } : {},
        );
      }
      if (!ledger.claim(id, this.clock.now())) throw alreadyUsed();
    } finally {
      ledger.close();
    }
    const now = this.clock.now();
    this.dropExpired(now);
    const redeemed: Redeemed = {
      ticketId: id,
      accountLabel: info.account.label,
      signInName: payload.signInName ?? null,
      url: payload.url ?? null,
      password: payload.password,
      totp: payload.totp ? { secret: payload.totp.secret, ...totpCode(payload.totp, now / 1000) } : null,
    };
    this.redeemed.set(id, { value: redeemed, totp: payload.totp, until: now + KEEP_REDEEMED_MS });
    return redeemed;
  }

  /** Copies a redeemed sign-in name, password or the current TOTP code (auto-cleared), for a few minutes after redeeming. */
  async copy(ticketId: string, field: 'signInName' | 'password' | 'totpCode'): Promise<Copied> {
    const entry = this.redeemed.get(ticketId);
    if (!entry || entry.until < this.clock.now()) {
      this.redeemed.delete(ticketId);
      throw new CustodianError(
        'not_found',
        'Nothing to copy: the redeemed credential is no longer held (it is shown once)',
      );
    }
    let value = entry.value.password;
    if (field === 'signInName') {
      if (!entry.value.signInName) throw new CustodianError('not_found', 'This credential has no sign-in name');
      value = entry.value.signInName;
    }
    if (field === 'totpCode') {
      if (!entry.totp) throw new CustodianError('not_found', 'This credential has no TOTP seed');
      value = totpCode(entry.totp, this.clock.now() / 1000).code;
    }
    return this.copier.unrecorded(value);
  }

  /** The live TOTP code of a redeemed credential that carried a seed. */
  code(ticketId: string): { code: string; remaining: number; period: number } {
    const entry = this.redeemed.get(ticketId);
    if (!entry || entry.until < this.clock.now() || !entry.totp) {
      throw new CustodianError('not_found', 'No TOTP seed is held for this credential');
    }
    return totpCode(entry.totp, this.clock.now() / 1000);
  }

  /** Forgets redeemed secrets (on navigation away or on lock). */
  forget(): void {
    this.redeemed.clear();
  }

  /** Redeemed secrets past their keeping time are dropped, not left in memory until someone asks for them. */
  private dropExpired(now: number): void {
    for (const [id, entry] of this.redeemed) if (entry.until < now) this.redeemed.delete(id);
  }

  private describe(ticket: ParsedTicket): Omit<TicketInfo, 'redeemedHere' | 'retryAfterSeconds'> {
    const notBefore = Date.parse(ticket.body.window.notBefore);
    const notAfter = Date.parse(ticket.body.window.notAfter);
    const now = this.clock.now();
    return {
      ticketId: ticket.body.id,
      issuer: {
        name: ticket.body.issuer.name,
        vaultId: ticket.body.issuer.vaultId,
        keyFingerprint: keyFingerprint(this.sodium, ticket.signingKey),
      },
      account: ticket.body.account,
      notBefore,
      notAfter,
      includesTotp: ticket.body.includesTotp,
      window: now < notBefore ? 'not_yet_valid' : now >= notAfter ? 'expired' : 'valid',
    };
  }
}

function alreadyUsed(): CustodianError {
  return new CustodianError('already_used', 'This ticket was already redeemed on this computer: it opens only once');
}
