/**
 * Audit events in words. Events carry only ids, enums, counts and times;
 * these turn them into what an auditor reads ("Password", "Grant #12 ·
 * Standing · until 31 Mar 2026", "Locked after idle"). Anything unknown is
 * shown as key: value rather than hidden.
 */
import { GRANT_KIND_LABELS, OBLIGATION_KIND_LABELS } from '../../../../shared/domain/access';
import { AUDIT_KIND_LABELS, type AuditEventView, type AuditKind } from '../../../../shared/domain/audit';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import { KDF_PRESET_INFO } from '../../../../shared/domain/vault';
import type { PersonView } from '../../../../shared/domain/people';
import { formatCount, formatDate, formatIsoDate } from '../../lib/format';

export type Tone = 'neutral' | 'secret' | 'grant' | 'revoke' | 'warning' | 'danger' | 'audit';

export const KIND_GROUPS: { group: string; kinds: AuditKind[] }[] = [
  {
    group: 'Vault',
    kinds: [
      'vault.created',
      'vault.unlocked',
      'vault.unlock_failed',
      'vault.locked',
      'vault.passphrase_changed',
      'settings.changed',
    ],
  },
  { group: 'Accounts', kinds: ['account.created', 'account.updated', 'account.archived', 'account.restored'] },
  { group: 'Secrets', kinds: ['secret.revealed', 'secret.copied', 'totp.viewed'] },
  { group: 'People', kinds: ['person.created', 'person.updated', 'person.left', 'person.moved'] },
  { group: 'Access', kinds: ['grant.created', 'grant.revoked', 'obligation.created', 'access.exported'] },
  { group: 'Audit trail', kinds: ['audit.exported', 'audit.verified'] },
];

export function kindLabel(kind: string): string {
  return (AUDIT_KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

export function kindTone(kind: string): Tone {
  switch (kind) {
    case 'secret.revealed':
    case 'secret.copied':
    case 'totp.viewed':
      return 'secret';
    case 'grant.created':
      return 'grant';
    case 'grant.revoked':
      return 'revoke';
    case 'person.left':
    case 'person.moved':
    case 'obligation.created':
      return 'warning';
    case 'vault.unlock_failed':
      return 'danger';
    case 'audit.verified':
    case 'audit.exported':
    case 'access.exported':
      return 'audit';
    default:
      return 'neutral';
  }
}

const SECRET_FIELD_LABELS: Record<string, string> = {
  password: 'Password',
  totpSecret: 'TOTP seed',
  totp: 'TOTP seed',
  totpCode: 'One-time code',
  recoveryCodes: 'Recovery codes',
  notes: 'Notes',
};

const LOCK_REASON_LABELS: Record<string, string> = {
  manual: 'Locked by hand',
  idle: 'Locked after idle',
  system: 'Computer locked or slept',
};

const SETTING_LABELS: Record<string, (value: unknown) => string> = {
  autoLockMinutes: (v) => `Auto-lock: ${String(v)} min`,
  clipboardSeconds: (v) => `Clipboard clears after ${String(v)} s`,
};

/** Who did it: "owner@app" -> "Vault owner · app". */
export function describeActor(actor: string): string {
  const at = actor.lastIndexOf('@');
  const who = at < 0 ? actor : actor.slice(0, at);
  const source = at < 0 ? '' : actor.slice(at + 1);
  const name = who === 'owner' ? 'Vault owner' : who === 'unknown' ? 'Unknown' : who === 'system' ? 'System' : who;
  return source ? `${name} · ${source}` : name;
}

type Resolve = (id: number) => PersonView | undefined;

function personName(value: unknown, resolve: Resolve, owner: string): string {
  if (value === null) return `${owner} (vault owner)`;
  if (typeof value !== 'number') return String(value);
  return resolve(value)?.name ?? `person #${value}`;
}

/** The event's details as short phrases, in a stable order. */
export function describeDetails(event: AuditEventView, resolve: Resolve, owner: string): string[] {
  const d = event.details;
  const out: string[] = [];
  const seen = new Set<string>();
  const take = (key: string) => {
    seen.add(key);
    return d[key];
  };
  const has = (key: string) => Object.hasOwn(d, key);

  if (has('field')) {
    const field = String(take('field'));
    out.push(SECRET_FIELD_LABELS[field] ?? field);
  }
  if (has('kind')) {
    const kind = String(take('kind'));
    out.push(GRANT_KIND_LABELS[kind as keyof typeof GRANT_KIND_LABELS] ?? kind);
  }
  if (has('endsAt')) {
    const ends = take('endsAt');
    if (typeof ends === 'number') out.push(`until ${formatDate(ends - 1)}`);
  }
  // Who authorised it, when someone other than the actor (the vault owner) did.
  if (has('grantedBy') && take('grantedBy') !== null)
    out.push(`authorised by ${personName(d.grantedBy, resolve, owner)}`);
  if (has('revokedBy') && take('revokedBy') !== null)
    out.push(`authorised by ${personName(d.revokedBy, resolve, owner)}`);
  if (has('reason')) {
    const reason = String(take('reason'));
    if (event.kind === 'vault.locked') out.push(LOCK_REASON_LABELS[reason] ?? reason);
    else out.push(OBLIGATION_KIND_LABELS[reason as keyof typeof OBLIGATION_KIND_LABELS] ?? reason);
  }
  if (has('dueAt')) {
    const due = take('dueAt');
    if (typeof due === 'number') out.push(`due ${formatDate(due)}`);
  }
  if (has('date')) out.push(`on ${formatIsoDate(String(take('date')))}`);
  if (has('platform')) {
    const platform = String(take('platform'));
    out.push(PLATFORM_INFO[platform as keyof typeof PLATFORM_INFO]?.label ?? platform);
  }
  if (has('secretsChanged')) {
    const changed = String(take('secretsChanged'))
      .split(',')
      .filter(Boolean)
      .map((f) => SECRET_FIELD_LABELS[f] ?? f);
    if (changed.length > 0) out.push(`Changed ${changed.join(', ')}`);
  }
  if (has('failedBefore')) {
    const n = Number(take('failedBefore'));
    if (n > 0) out.push(`after ${formatCount(n)} failed ${n === 1 ? 'attempt' : 'attempts'}`);
  }
  if (has('failures')) out.push(`failure ${formatCount(Number(take('failures')))} in a row`);
  if (has('during')) {
    const during = String(take('during'));
    out.push(during === 'passphrase_change' ? 'while changing the passphrase' : `during ${during}`);
  }
  if (has('kdf')) {
    const kdf = String(take('kdf'));
    out.push(KDF_PRESET_INFO[kdf as keyof typeof KDF_PRESET_INFO]?.label ?? kdf);
  }
  if (has('format')) out.push(String(take('format')).toUpperCase());
  if (has('intact')) {
    const intact = take('intact') === true;
    const broken = take('firstBrokenSeq');
    out.push(intact ? 'Intact' : typeof broken === 'number' ? `Broken at #${broken}` : 'Broken');
  }
  if (has('events')) out.push(`${formatCount(Number(take('events')))} events`);
  seen.add('firstBrokenSeq');
  // Record numbers last: they matter for cross-checking an export, less for reading.
  if (has('grantId')) out.push(`grant #${String(take('grantId'))}`);
  if (has('obligationId')) out.push(`obligation #${String(take('obligationId'))}`);

  for (const [key, value] of Object.entries(d)) {
    if (seen.has(key)) continue;
    const setting = SETTING_LABELS[key];
    out.push(setting ? setting(value) : `${key}: ${value === null ? '—' : String(value)}`);
  }
  return out;
}
