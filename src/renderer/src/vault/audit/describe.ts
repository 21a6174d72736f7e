/**
 * Audit events in words. Events carry only ids, enums, counts and times;
 * these turn them into what an auditor reads ("Password", "Grant #12 ·
 * Standing · until 31 Mar 2026", "Locked after idle"). Anything unknown is
 * shown as key: value rather than hidden.
 */
import { GRANT_KIND_LABELS, OBLIGATION_KIND_LABELS } from '../../../../shared/domain/access';
import { AUDIT_KIND_LABELS, type AuditEventView, type AuditKind } from '../../../../shared/domain/audit';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import { INCIDENT_STEPS, type IncidentStep } from '../../../../shared/domain/rotation';
import { policyLabel } from '../../../../shared/rotation';
import { KDF_PRESET_INFO } from '../../../../shared/domain/vault';
import type { PersonView } from '../../../../shared/domain/people';
import { formatCount, formatDate, formatDateTime, formatIsoDate } from '../../lib/format';

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
  { group: 'Access', kinds: ['grant.created', 'grant.revoked', 'access.exported'] },
  {
    group: 'Rotation',
    kinds: [
      'obligation.created',
      'rotation.started',
      'rotation.completed',
      'rotation.abandoned',
      'rotation.policy_changed',
      'rotation.calendar_exported',
    ],
  },
  { group: 'Compromise', kinds: ['incident.reported', 'incident.step', 'incident.exported', 'incident.closed'] },
  { group: 'Takeovers', kinds: ['takeover.scheduled', 'takeover.temporary_set', 'takeover.ended', 'ticket.issued'] },
  { group: 'Audit trail', kinds: ['audit.exported', 'audit.verified'] },
];

/** The checklist steps in a few words, for event details. */
const INCIDENT_STEP_SHORT: Record<IncidentStep, string> = {
  rotate: 'Password changed',
  reset_2fa: 'Two-factor reset',
  review_posts: 'Posts reviewed',
  tell_comms: 'Communications told',
};

export function kindLabel(kind: string): string {
  return (AUDIT_KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

export function kindTone(kind: string): Tone {
  switch (kind) {
    case 'secret.revealed':
    case 'secret.copied':
    case 'totp.viewed':
      return 'secret';
    case 'ticket.issued':
      return 'secret';
    case 'grant.created':
    case 'rotation.completed':
      return 'grant';
    case 'grant.revoked':
    case 'rotation.abandoned':
      return 'revoke';
    case 'person.left':
    case 'person.moved':
    case 'obligation.created':
    case 'takeover.ended':
    case 'incident.step':
      return 'warning';
    case 'vault.unlock_failed':
    case 'incident.reported':
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
  previousPassword: 'Previous password',
  newPassword: 'New password (rotation)',
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
  // Takeovers carry exact instants; grants carry local days (`endsAt` is the midnight after the last one).
  const instants = event.kind.startsWith('takeover.');
  if (has('startsAt')) {
    const starts = take('startsAt');
    if (typeof starts === 'number') out.push(`from ${instants ? formatDateTime(starts) : formatDate(starts)}`);
  }
  if (has('endsAt')) {
    const ends = take('endsAt');
    if (typeof ends === 'number') out.push(`until ${instants ? formatDateTime(ends) : formatDate(ends - 1)}`);
  }
  if (has('temporary') && take('temporary') === true) out.push('takeover’s temporary password');
  if (has('changeBack')) {
    out.push(take('changeBack') === true ? 'password to change back' : 'cancelled: temporary password never set');
  }
  if (has('includesTotp') && take('includesTotp') === true) out.push('with the TOTP seed');
  if (has('notAfter')) {
    const until = take('notAfter');
    if (typeof until === 'number') out.push(`opens until ${formatDateTime(until)}`);
  }
  if (has('resolvedObligations')) {
    const n = Number(take('resolvedObligations'));
    out.push(n > 0 ? `resolved ${formatCount(n)} ${n === 1 ? 'obligation' : 'obligations'}` : 'no obligation open');
  }
  if (has('totpChanged') && take('totpChanged') === true) out.push('new TOTP seed');
  if (has('recoveryChanged') && take('recoveryChanged') === true) out.push('new recovery codes');
  if (has('closedTakeovers')) {
    const n = Number(take('closedTakeovers'));
    if (n > 0) out.push(`closed ${formatCount(n)} ${n === 1 ? 'takeover' : 'takeovers'}`);
  }
  if (has('step')) {
    const step = String(take('step'));
    const done = take('done') !== false;
    const label = (INCIDENT_STEPS as readonly string[]).includes(step)
      ? INCIDENT_STEP_SHORT[step as IncidentStep]
      : step;
    out.push(done ? label : `${label}: unticked`);
    seen.add('done');
  }
  if (event.kind === 'rotation.policy_changed') {
    if (has('unit') && has('count')) {
      const unit = take('unit');
      const count = Number(take('count'));
      out.push(unit === 'days' || unit === 'months' ? policyLabel({ unit, count }) : `${count} ${String(unit)}`);
    }
    if (has('days')) {
      const days = take('days');
      out.push(
        typeof days === 'number' ? `this account: every ${formatCount(days)} days` : 'back to the vault’s policy',
      );
    }
  }
  if (has('guest') && take('guest') === true) out.push('added as a guest');
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
  if (has('takeoverId')) out.push(`takeover #${String(take('takeoverId'))}`);
  if (has('incidentId')) out.push(`incident #${String(take('incidentId'))}`);
  if (has('rotationId')) out.push(`rotation #${String(take('rotationId'))}`);
  if (has('draftId')) out.push(`draft #${String(take('draftId'))}`);
  if (has('historyId')) out.push(`history #${String(take('historyId'))}`);

  for (const [key, value] of Object.entries(d)) {
    if (seen.has(key)) continue;
    const setting = SETTING_LABELS[key];
    out.push(setting ? setting(value) : `${key}: ${value === null ? '—' : String(value)}`);
  }
  return out;
}
