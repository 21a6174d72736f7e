/**
 * The account list: a virtualised listbox (see components/list/VirtualList)
 * whose rows say what needs doing (archived, compromised, rotate) and the
 * two-factor state. Enter or a click opens an account.
 */
import { IconAlertOctagon, IconRotateClockwise } from '@tabler/icons-react';
import { memo, type KeyboardEvent } from 'react';
import type { AccountSummary } from '../../../../shared/domain/account';
import type { ObligationView } from '../../../../shared/domain/access';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import type { SearchResult } from '../../../../shared/search';
import { ListOption, VirtualList, type RowPlace } from '../../components/list/VirtualList';
import { PlatformIcon } from '../../components/PlatformIcon';
import { TWO_FACTOR_ICONS, TWO_FACTOR_SHORT, displayHandle, twoFactorDescription, twoFactorTone } from './labels';

export const ROW_HEIGHT = 60;

interface Props {
  /** Read by position: only the rows in view are ever looked at. */
  results: SearchResult<AccountSummary>;
  activeIndex: number;
  selectedId: number | null;
  /** A click: makes the row active and opens its account. Stable across renders. */
  onPick(id: number): void;
  onKey(event: KeyboardEvent<HTMLElement>): void;
  /** Bumped when the keyboard (or a save) moves the active row: scroll it into view. */
  scrollKey: number;
  /** A new search or filter starts at the top of the list. */
  resetKey: string;
  /** Open rotation obligations by account: those rows say the password must change. */
  rotationDue: ReadonlyMap<number, readonly ObligationView[]>;
  /** Accounts with an open compromise report. */
  compromised: ReadonlySet<number>;
}

export function AccountList({ rotationDue, compromised, onPick, ...list }: Props) {
  return (
    <VirtualList
      {...list}
      label="Accounts"
      idPrefix="account-row"
      rowHeight={ROW_HEIGHT}
      renderRow={(account, place) => (
        <AccountRow
          key={account.id}
          account={account}
          {...place}
          rotations={rotationDue.get(account.id)?.length ?? 0}
          compromised={compromised.has(account.id)}
          onPick={onPick}
        />
      )}
    />
  );
}

const AccountRow = memo(function AccountRow({
  account,
  rotations,
  compromised,
  onPick,
  ...place
}: RowPlace & {
  account: AccountSummary;
  rotations: number;
  compromised: boolean;
  onPick(id: number): void;
}) {
  const secondary = [account.displayName || PLATFORM_INFO[account.platform].label, account.department]
    .filter(Boolean)
    .join(' · ');
  return (
    <ListOption
      id={account.id}
      idPrefix="account-row"
      height={ROW_HEIGHT}
      place={place}
      muted={account.status === 'archived'}
      onPick={onPick}
    >
      <PlatformIcon platform={account.platform} size={34} />
      <div className="account-row-text">
        <div className="account-row-title">{displayHandle(account.platform, account.handle)}</div>
        <div className="account-row-sub">{secondary}</div>
      </div>
      <div className="account-row-meta">
        {account.status === 'archived' ? <span className="row-badge row-badge-archived">Archived</span> : null}
        {compromised ? (
          <span className="row-badge" data-tone="compromised" title="Reported compromised: an incident is open">
            <IconAlertOctagon size={12} stroke={2} aria-hidden />
            Compromised
          </span>
        ) : rotations > 0 ? (
          <span
            className="row-badge"
            data-tone="rotate"
            title={`Password must change: ${rotations === 1 ? 'one open obligation' : `${rotations} open obligations`}`}
          >
            <IconRotateClockwise size={12} stroke={2} aria-hidden />
            Rotate
          </span>
        ) : null}
        <TwoFactorTag account={account} />
      </div>
    </ListOption>
  );
});

/** The 2FA state in a row: plain elements and a native tooltip. */
function TwoFactorTag({ account }: { account: AccountSummary }) {
  const tone = twoFactorTone(account.twoFactor, account.hasTotp);
  const Glyph = TWO_FACTOR_ICONS[tone];
  const description = twoFactorDescription(account.twoFactor, account.hasTotp);
  return (
    <span className="row-badge" data-tone={tone} title={description} aria-label={description}>
      <Glyph size={12} stroke={2} aria-hidden />
      {TWO_FACTOR_SHORT[account.twoFactor]}
    </span>
  );
}
