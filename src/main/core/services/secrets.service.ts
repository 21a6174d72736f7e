/**
 * Reading secrets: reveal, copy, TOTP codes. Every read is an audited event,
 * recorded before the secret leaves this service.
 */
import { RecoveryCodesStored } from '../stored-value';
import type { SecretField } from '../../../shared/domain/account';
import { totpCode, TotpConfigSchema, type TotpCode, type TotpConfig } from '../../../shared/totp';
import { CustodianError } from '../errors';
import { secretRef, type AccountsService } from './accounts.service';
import type { Copied, SecretCopy } from './secret-copy';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';

/** What can be copied, as the audit trail names it. */
export type CopiedField = SecretField | 'totpCode' | 'newPassword';

/** What can be revealed, as the audit trail names it. */
export type RevealedField = SecretField | 'newPassword' | 'previousPassword' | 'newTotpSeed';

const FIELD_LABELS: Record<SecretField, string> = {
  signInName: 'sign-in name',
  password: 'password',
  totpSecret: 'TOTP seed',
  recoveryCodes: 'recovery codes',
  notes: 'notes',
};

export class SecretsService {
  constructor(
    private readonly vault: VaultService,
    private readonly accounts: AccountsService,
    private readonly copier: SecretCopy,
  ) {}

  reveal(accountId: number, field: SecretField): string {
    return this.revealValue(accountId, this.read(this.vault.session(), accountId, field), field);
  }

  /**
   * Hands out a secret another service has opened (a rotation's new or previous password),
   * recording it first. `details` says which one (a draft or history id: never a value).
   */
  revealValue(accountId: number, value: string, field: RevealedField, details: Record<string, number> = {}): string {
    const session = this.vault.session();
    session.store.transaction(() =>
      session.record({ kind: 'secret.revealed', accountId, details: { field, ...details } }),
    );
    return value;
  }

  async copy(accountId: number, field: SecretField | 'totpCode'): Promise<Copied> {
    const session = this.vault.session();
    const value = field === 'totpCode' ? this.code(session, accountId).code : this.read(session, accountId, field);
    return this.copyValue(accountId, value, field);
  }

  /**
   * Copies a secret another service has opened (a rotation's new password), recording it first.
   * `field` goes into the audit trail, so it is a closed set of names: a secret passed there by
   * mistake (the two are adjacent strings) does not type-check.
   */
  async copyValue(accountId: number, value: string, field: CopiedField): Promise<Copied> {
    return this.copier.recorded({ kind: 'secret.copied', accountId, details: { field } }, value);
  }

  /** The current code. `refresh` marks the countdown's own re-fetch, which is not a new view. */
  totp(accountId: number, refresh: boolean): TotpCode {
    const session = this.vault.session();
    const code = this.code(session, accountId);
    if (!refresh) session.store.transaction(() => session.record({ kind: 'totp.viewed', accountId }));
    return code;
  }

  /** The stored TOTP configuration, for the CLI's `totp --at`. */
  totpAt(accountId: number, epochSeconds: number): TotpCode {
    const session = this.vault.session();
    const code = totpCode(this.totpConfig(session, accountId), epochSeconds);
    session.store.transaction(() => session.record({ kind: 'totp.viewed', accountId }));
    return code;
  }

  private code(session: VaultSession, accountId: number): TotpCode {
    return totpCode(this.totpConfig(session, accountId), session.clock.now() / 1000);
  }

  private totpConfig(session: VaultSession, accountId: number): TotpConfig {
    const row = this.accounts.readSecretRow(session, accountId);
    if (!row.totp) throw new CustodianError('not_found', `Account ${accountId} has no TOTP seed stored`);
    return session.keys.fields.openJson(secretRef(accountId, 'totp'), row.totp, TotpConfigSchema);
  }

  private read(session: VaultSession, accountId: number, field: SecretField): string {
    const row = this.accounts.readSecretRow(session, accountId);
    const fields = session.keys.fields;
    const missing = () => new CustodianError('not_found', `Account ${accountId} has no ${FIELD_LABELS[field]} stored`);
    switch (field) {
      case 'signInName':
        if (!row.signInName) throw missing();
        return fields.openText(secretRef(accountId, 'sign_in_name'), row.signInName);
      case 'password':
        if (!row.password) throw missing();
        return fields.openText(secretRef(accountId, 'password'), row.password);
      case 'totpSecret':
        if (!row.totp) throw missing();
        return fields.openJson(secretRef(accountId, 'totp'), row.totp, TotpConfigSchema).secret;
      case 'recoveryCodes':
        if (!row.recoveryCodes) throw missing();
        return fields
          .openJson(secretRef(accountId, 'recovery_codes'), row.recoveryCodes, RecoveryCodesStored)
          .join('\n');
      case 'notes':
        if (!row.notes) throw missing();
        return fields.openText(secretRef(accountId, 'notes'), row.notes);
    }
  }
}
