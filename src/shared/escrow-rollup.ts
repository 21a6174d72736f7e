/**
 * The press office's roll-up of the register: per manager (the vault that
 * issued a bundle) and per account, what is due, and the reminder to send
 * each manager. A bundle from this build carries the manager's own
 * compliance findings, which say everything the manager's vault knows
 * (overdue rotations, a manager who left, open obligations); a bundle from
 * an earlier build is judged from what its manifest shows (holders,
 * two-factor method) and marked as not checked.
 */
import type {
  EscrowRegister,
  ManagerRollup,
  RegisterRollup,
  Reminder,
  RollupAccount,
  RollupItem,
} from './domain/escrow';
import { ROLLUP_ITEMS, ROLLUP_LABELS } from './domain/escrow';
import { PLATFORM_INFO } from './domain/platforms';

/** Which roll-up item each of the manager's findings counts towards (others are not the centre's business). */
const ITEM_OF_FINDING: Record<string, RollupItem> = {
  rotation_overdue: 'overdue',
  password_too_old: 'overdue',
  no_holders: 'few_holders',
  too_few_holders: 'few_holders',
  no_two_factor: 'no_two_factor',
  no_manager: 'manager_left',
  manager_left: 'manager_left',
  leaver_obligation: 'open_obligations',
  takeover_not_changed_back: 'open_obligations',
};

type Entry = EscrowRegister['accounts'][number];

function itemsOf(entry: Entry): RollupItem[] {
  const items = new Set<RollupItem>();
  if (entry.findings === null) {
    // No summary: what the manifest itself shows.
    if (entry.holders.length < 2) items.add('few_holders');
    if (entry.twoFactor === 'none') items.add('no_two_factor');
    if (entry.manager === null) items.add('manager_left');
  } else {
    for (const finding of entry.findings) {
      const item = ITEM_OF_FINDING[finding.kind];
      if (item) items.add(item);
    }
  }
  return ROLLUP_ITEMS.filter((item) => items.has(item));
}

const label = (a: Pick<RollupAccount, 'handle' | 'platform'>) => `@${a.handle} (${PLATFORM_INFO[a.platform].label})`;

/** The reminder text for one manager, or null when nothing is due and the bundle is fresh. */
export function reminderFor(manager: ManagerRollup, accounts: readonly RollupAccount[], from: string): Reminder | null {
  const due = ROLLUP_ITEMS.filter((item) => manager.counts[item] > 0);
  if (due.length === 0 && !manager.stale) return null;
  const lines = [`Dear ${manager.issuerName},`, '', `The central communications team's register shows:`];
  for (const item of due) {
    lines.push('', `${ROLLUP_LABELS[item]}:`);
    for (const a of accounts) if (a.items.includes(item)) lines.push(`  - ${label(a)}`);
  }
  if (manager.stale) {
    lines.push(
      '',
      `Your escrow bundle is ${manager.bundleAgeDays} days old, older than a rotation period: please export a new one to the press office.`,
    );
  }
  if (!manager.checked) {
    lines.push('', 'Your bundle was made by an older Custodian: export a new one so the register can check it fully.');
  }
  lines.push('', 'Please put these right, or tell us why they cannot be.', '', from);
  const total = due.reduce((n, item) => n + manager.counts[item], 0);
  return {
    issuerVaultId: manager.issuerVaultId,
    to: manager.issuerName,
    subject:
      total > 0
        ? `Social media accounts: ${total} thing${total === 1 ? '' : 's'} to put right`
        : 'Social media accounts: your escrow bundle is out of date',
    text: lines.join('\n'),
  };
}

/**
 * Rolls the register's current bundles up per manager and per account.
 * `stale` says whether a bundle made at that time is older than the rotation period.
 */
export function rollUp(register: EscrowRegister, stale: (createdAt: number) => boolean, from: string): RegisterRollup {
  const byIssuer = new Map<string, Entry[]>();
  for (const entry of register.accounts) {
    const list = byIssuer.get(entry.issuerVaultId);
    if (list) list.push(entry);
    else byIssuer.set(entry.issuerVaultId, [entry]);
  }
  const managers: ManagerRollup[] = [];
  const accounts: RollupAccount[] = [];
  const reminders: Reminder[] = [];
  const current = register.bundles.filter((b) => b.current);
  for (const bundle of [...current].sort((a, b) => a.issuerName.localeCompare(b.issuerName))) {
    const entries = byIssuer.get(bundle.issuerVaultId) ?? [];
    const counts = Object.fromEntries(ROLLUP_ITEMS.map((item) => [item, 0])) as Record<RollupItem, number>;
    const mine: RollupAccount[] = [];
    for (const entry of [...entries].sort((a, b) => a.handle.localeCompare(b.handle))) {
      const items = itemsOf(entry);
      for (const item of items) counts[item] += 1;
      if (items.length > 0) {
        mine.push({
          issuerVaultId: entry.issuerVaultId,
          ref: entry.ref,
          platform: entry.platform,
          handle: entry.handle,
          items,
        });
      }
    }
    const manager: ManagerRollup = {
      issuerVaultId: bundle.issuerVaultId,
      issuerName: bundle.issuerName,
      bundleCreatedAt: bundle.createdAt,
      bundleAgeDays: entries[0]?.bundleAgeDays ?? 0,
      stale: stale(bundle.createdAt),
      checked: entries.every((e) => e.findings !== null),
      accounts: entries.length,
      counts,
    };
    managers.push(manager);
    accounts.push(...mine);
    const reminder = reminderFor(manager, mine, from);
    if (reminder) reminders.push(reminder);
  }
  return { managers, accounts, reminders };
}
