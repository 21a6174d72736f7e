import { z } from 'zod';

/** Every kind of audit event, with a label for people. */
export const AUDIT_KIND_LABELS = {
  'vault.created': 'Vault created',
  'vault.unlocked': 'Vault unlocked',
  'vault.unlock_failed': 'Failed unlock',
  'vault.locked': 'Vault locked',
  'vault.passphrase_changed': 'Passphrase changed',
  'settings.changed': 'Settings changed',
  'policy.changed': 'Organisation policy changed',
  'policy.published': 'Organisation policy published',
  'account.created': 'Account registered',
  'account.updated': 'Account edited',
  'account.archived': 'Account archived',
  'account.restored': 'Account restored',
  'secret.revealed': 'Secret revealed',
  'secret.copied': 'Secret copied',
  'totp.viewed': 'TOTP code viewed',
  'person.created': 'Person added',
  'person.updated': 'Person edited',
  'person.left': 'Marked as leaver',
  'person.moved': 'Marked as mover',
  'grant.created': 'Access granted',
  'grant.revoked': 'Access revoked',
  'obligation.created': 'Rotation obligation created',
  'rotation.started': 'Rotation started',
  'rotation.completed': 'Password rotated',
  'rotation.abandoned': 'Rotation abandoned',
  'rotation.policy_changed': 'Rotation policy changed',
  'rotation.calendar_exported': 'Rotation calendar exported',
  'takeover.scheduled': 'Takeover scheduled',
  'takeover.temporary_set': 'Temporary password set',
  'takeover.ended': 'Takeover ended',
  'ticket.issued': 'One-time credential issued',
  'incident.reported': 'Compromise reported',
  'incident.step': 'Incident checklist updated',
  'incident.closed': 'Incident closed',
  'incident.exported': 'Incident summary exported',
  'compliance.exported': 'Compliance report exported',
  'access.exported': 'Access log exported',
  'audit.exported': 'Audit trail exported',
  'audit.verified': 'Audit trail verified',
  'press.key_generated': 'Press key generated',
  'press.card_exported': 'Press key card saved',
  'press.card_imported': 'Press key card imported',
  'escrow.exported': 'Escrow bundle exported',
  'escrow.imported': 'Escrow bundle imported',
  'escrow.issuer_repinned': 'Escrow issuer key re-pinned',
  'escrow.opened': 'Escrow opened (break glass)',
  'escrow.open_refused': 'Escrow opening refused',
  'escrow.secret_copied': 'Escrowed secret copied',
  'escrow.totp_viewed': 'Escrowed TOTP code viewed',
  'escrow.notice_exported': 'Break-glass notice saved',
  'escrow.notice_imported': 'Break-glass notice imported',
  'export.failed': 'Export recorded but not saved',
  'import.completed': 'Accounts imported',
} as const;

export type AuditKind = keyof typeof AUDIT_KIND_LABELS;
export const AUDIT_KINDS = Object.keys(AUDIT_KIND_LABELS) as [AuditKind, ...AuditKind[]];

/** Values an event may carry: ids, enums, counts. Never a secret, never free text. */
export const AuditDetailsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type AuditDetails = z.infer<typeof AuditDetailsSchema>;

export const AuditEventViewSchema = z.strictObject({
  seq: z.number().int(),
  at: z.number(),
  actor: z.string(),
  kind: z.string(),
  accountId: z.number().int().nullable(),
  personId: z.number().int().nullable(),
  details: AuditDetailsSchema,
  /** Resolved for display (decrypted while unlocked); null when the subject is absent. */
  accountLabel: z.string().nullable(),
  personLabel: z.string().nullable(),
});
export type AuditEventView = z.infer<typeof AuditEventViewSchema>;

export const AuditVerificationSchema = z.strictObject({
  intact: z.boolean(),
  events: z.number().int(),
  checkpoints: z.number().int(),
  lastCheckpointSeq: z.number().int().nullable(),
  /** Events after the last signed checkpoint: covered by the chain, not yet by a signature. */
  unsignedTail: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  problem: z.string().nullable(),
  verifiedAt: z.number(),
  /**
   * `full`: every event re-hashed. `incremental`: the events up to
   * `incrementalFrom` (a signed checkpoint an earlier verification found
   * intact) compared in bulk against the keyed digest remembered then, only
   * the events after it re-hashed (docs/audit-trail.md says what each catches).
   */
  mode: z.enum(['full', 'incremental']),
  incrementalFrom: z.number().int().nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;
