/**
 * The one way a secret reaches the clipboard: the copy is recorded first (an
 * action and its audit event commit together, so a copy that cannot be
 * recorded does not happen), then the value is written marked as concealed
 * and cleared after the vault's clipboard setting, if the clipboard still
 * holds it. Account secrets, a rotation's new password, break-glass secrets
 * and redeemed one-time credentials all go through here.
 */
import { DEFAULT_SETTINGS } from '../../../shared/domain/settings';
import type { AuditEvent } from '../audit/audit-trail';
import type { ClipboardGuard } from './clipboard-guard';
import type { SettingsService } from './settings.service';
import type { VaultService } from './vault.service';

export interface Copied {
  clearAfterSeconds: number;
}

export class SecretCopy {
  constructor(
    private readonly vault: VaultService,
    private readonly settings: SettingsService,
    private readonly clipboard: ClipboardGuard,
  ) {}

  /** Records `event` in the unlocked vault, then copies `value` with auto-clear. */
  async recorded(event: AuditEvent, value: string): Promise<Copied> {
    const session = this.vault.session();
    const seconds = this.settings.get().clipboardSeconds;
    session.store.transaction(() => session.record(event));
    return this.write(value, seconds);
  }

  /**
   * Copies with no vault to record in (a one-time credential redeemed on the
   * start screen): the redemption itself was recorded in the ledger. The
   * timeout is the unlocked vault's setting, else the default.
   */
  async unrecorded(value: string): Promise<Copied> {
    return this.write(value, this.settings.current()?.clipboardSeconds ?? DEFAULT_SETTINGS.clipboardSeconds);
  }

  private async write(value: string, seconds: number): Promise<Copied> {
    await this.clipboard.copy(value, seconds);
    return { clearAfterSeconds: seconds };
  }
}
