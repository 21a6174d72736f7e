import type { PowerMonitor } from 'electron';
import type { VaultService } from '../core/services/vault.service';

/** Locks the vault when the OS locks the screen, suspends or shuts down. */
export function lockOnSystemEvents(powerMonitor: PowerMonitor, vault: Pick<VaultService, 'lock'>): void {
  for (const event of ['lock-screen', 'suspend', 'shutdown'] as const) {
    powerMonitor.on(event as 'lock-screen', () => vault.lock('system'));
  }
}
