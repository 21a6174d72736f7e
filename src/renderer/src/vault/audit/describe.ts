/**
 * Audit events in words. Events carry only ids, enums, counts and times;
 * these turn them into what an auditor reads ("Password", "Grant #12 ·
 * Standing · until 31 Mar 2026", "Locked after idle"). Anything unknown is
 * shown as key: value rather than hidden.
 */
import { GRANT_KIND_LABELS, OBLIGATION_KIND_LABELS } from '../../../../shared/domain/access';
import { AUDIT_KIND_LABELS, type AuditEventView, type AuditKind } from '../../../../shared/domain/audit';
import { formatFingerprint } from '../../../../shared/domain/escrow';
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
      'policy.changed',
      'policy.published',
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
  {
    group: 'Escrow (manager)',
    kinds: ['press.card_imported', 'escrow.exported', 'escrow.notice_imported'],
  },
  {
    group: 'Escrow (press office)',
    kinds: [
      'press.key_generated',
      'press.card_exported',
      'escrow.imported',
      'escrow.issuer_repinned',
      'escrow.opened',
      'escrow.open_refused',
      'escrow.secret_copied',
      'escrow.totp_viewed',
      'escrow.notice_exported',
    ],
  },
  { group: 'Audit trail', kinds: ['audit.exported', 'audit.verified', 'compliance.exported'] },
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
    case 'escrow.secret_copied':
    case 'escrow.totp_viewed':
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
    case 'escrow.issuer_repinned':
    case 'escrow.notice_imported':
      return 'warning';
    case 'vault.unlock_failed':
    case 'incident.reported':
    case 'escrow.opened':
    case 'escrow.open_refused':
      return 'danger';
    case 'audit.verified':
    case 'audit.exported':
    case 'access.exported':
    case 'press.card_exported':
    case 'press.card_imported':
    case 'escrow.exported':
    case 'escrow.imported':
    case 'escrow.notice_exported':
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

const OPEN_REFUSED_LABELS: Record<string, string> = {
  wrong_officer_passphrase: 'wrong officer passphrase',
  secrets_do_not_decrypt: 'the secrets did not decrypt (a wrong or damaged share)',
};

const PIN_LABELS: Record<string, string> = {
  new: 'manager’s key pinned (first bundle)',
  match: 'signed by the pinned key',
  repinned: 'manager’s key replaced',
};

/** A fingerprint as recorded (digits) in its readable groups. */
function fingerprintText(value: unknown): string {
  const text = String(value);
  return /^\d{30}$/.test(text) ? formatFingerprint(text) : text;
}

/** The escrow events' details: cards, bundles and openings in words, ids last. */
function describeEscrow(take: (key: string) => unknown, has: (key: string) => boolean, out: string[]): void {
  // What happened first (how many accounts, what it set off), then which card and bundle it was.
  if (has('accounts')) {
    const n = Number(take('accounts'));
    out.push(`${formatCount(n)} ${n === 1 ? 'account' : 'accounts'}`);
  }
  if (has('obligations')) {
    const n = Number(take('obligations'));
    out.push(`${formatCount(n)} rotation ${n === 1 ? 'obligation' : 'obligations'}`);
  }
  if (has('reason')) {
    const reason = String(take('reason'));
    out.push(OPEN_REFUSED_LABELS[reason] ?? reason);
  }
  if (has('officer')) out.push(`officer ${Number(take('officer')) + 1} on the card`);
  if (has('quorumK')) {
    const k = take('quorumK');
    const officers = has('officers') ? Number(take('officers')) : null;
    out.push(
      typeof k === 'number' ? `${k} of ${officers ?? 'the'} officers to open` : 'opens with the press key alone',
    );
  }
  if (has('mode')) out.push(take('mode') === 'quorum' ? 'officers’ quorum' : 'press key alone');
  if (has('pin')) out.push(PIN_LABELS[String(take('pin'))] ?? String(take('pin')));
  if (has('superseded') && take('superseded') === true) out.push('older than the one held: kept as history');
  if (has('previousKey') && has('newKey')) out.push(`key ${String(take('previousKey'))} → ${String(take('newKey'))}`);
  if (has('replaced') && take('replaced') !== null) out.push(`replaces press key #${String(take('replaced'))}`);
  if (has('openedAt')) {
    const at = take('openedAt');
    if (typeof at === 'number') out.push(`opened ${formatDateTime(at)}`);
  }
  if (has('fingerprint')) out.push(`card ${fingerprintText(take('fingerprint'))}`);
  if (has('cardFingerprint')) out.push(`card ${fingerprintText(take('cardFingerprint'))}`);
  if (has('refs')) out.push(`their account ids ${String(take('refs')).split(',').join(', ')}`);
  if (has('ref')) out.push(`their account #${String(take('ref'))}`);
  if (has('openingId')) out.push(`opening #${String(take('openingId'))}`);
  if (has('pressKeyId')) out.push(`press key #${String(take('pressKeyId'))}`);
  if (has('cardId')) out.push(`card #${String(take('cardId'))}`);
  if (has('bundleId')) out.push(`bundle ${String(take('bundleId'))}`);
  if (has('noticeId')) out.push(`notice ${String(take('noticeId'))}`);
  if (has('issuerVaultId')) out.push(`vault ${String(take('issuerVaultId'))}`);
}

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
  return resolve(value)?.name ?? 'someone no longer in the directory';
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
  if (event.kind.startsWith('escrow.') || event.kind.startsWith('press.')) describeEscrow(take, has, out);
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
  if (has('reason') && !seen.has('reason')) {
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
  // Record numbers are not words: they go to describeRecordIds (the row's tooltip), for cross-checking an export.
  for (const key of Object.keys(RECORD_ID_LABELS)) seen.add(key);

  for (const [key, value] of Object.entries(d)) {
    if (seen.has(key)) continue;
    const setting = SETTING_LABELS[key];
    out.push(setting ? setting(value) : `${key}: ${value === null ? '—' : String(value)}`);
  }
  return out;
}

const RECORD_ID_LABELS: Record<string, string> = {
  grantId: 'grant',
  obligationId: 'obligation',
  takeoverId: 'takeover',
  incidentId: 'incident',
  rotationId: 'rotation',
  draftId: 'draft',
  historyId: 'history entry',
};

/** The internal record numbers an event names ("grant 12, obligation 3"), or '' when none. */
export function describeRecordIds(event: AuditEventView): string {
  const out: string[] = [];
  for (const [key, label] of Object.entries(RECORD_ID_LABELS)) {
    const value = event.details[key];
    if (value !== undefined && value !== null) out.push(`${label} ${String(value)}`);
  }
  return out.join(', ');
}
