/**
 * The seam for the audit trail. Services call `record` inside the same
 * transaction as the action it describes (or, for reads of secrets, in a
 * transaction of its own before the secret is returned), so once the audit
 * trail exists an action whose event cannot be written does not happen.
 *
 * Details must never contain a secret: ids, field names, counts only.
 */
import type { VaultStore } from '../db/vault-store';

export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEvent {
  kind: string;
  accountId?: number;
  details?: AuditDetails;
}

export interface AuditHook {
  record(store: VaultStore, event: AuditEvent): void;
}

/** Until the audit trail lands (separate work), events go nowhere. */
export const noAudit: AuditHook = { record: () => undefined };
