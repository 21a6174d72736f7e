/**
 * The account list: a virtualised listbox (see components/list/VirtualList)
 * whose rows say what needs doing (archived, compromised, rotate) and the
 * two-factor state, with what the search matched marked. When the window is
 * wide and no account is open it is a table: handle, platform, holders, last
 * rotated and two-factor in columns, whose headings sort it. Enter or a click
 * opens an account.
 */
import { IconAlertOctagon, IconArrowDown, IconArrowUp, IconRotateClockwise, IconSelector } from '@tabler/icons-react';
import { memo, type KeyboardEvent } from 'react';
import type { AccountListItem } from '../../../../shared/domain/account';
import type { ObligationView } from '../../../../shared/domain/access';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import type { SearchResult } from '../../../../shared/search';
import { ListOption, VirtualList, type RowPlace } from '../../components/list/VirtualList';
import { PlatformIcon } from '../../components/PlatformIcon';
import { formatDate, formatRelative } from '../../lib/format';
import { SORT_COLUMNS, SORT_LABELS, type AccountSort, type SortColumn } from './account-sort';
import { TWO_FACTOR_ICONS, TWO_FACTOR_SHORT, displayHandle, twoFactorDescription, twoFactorTone } from './labels';

export const ROW_HEIGHT = 60;

interface Props {
  /** Read by position: only the rows in view are ever looked at. */
  results: SearchResult<AccountListItem>;
  /** What is typed in the search box: marked in the rows (without re-rendering them). */
  query: string;
  /** Columns (the window is wide and no account is open), or the compact rows beside an open account. */
  table: boolean;
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

export function AccountList({ rotationDue, compromised, onPick, query, table, ...list }: Props) {
  return (
    <VirtualList
      {...list}
      highlight={query}
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
          table={table}
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
  table,
  ...place
}: RowPlace & {
  account: AccountListItem;
  rotations: number;
  compromised: boolean;
  onPick(id: number): void;
  table: boolean;
}) {
  const platform = PLATFORM_INFO[account.platform].label;
  const held = account.holders.length;
  const secondary = [table ? account.displayName : account.displayName || platform, account.department]
    .filter(Boolean)
    .join(' · ');
  const flags = (
    <>
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
    </>
  );
  return (
    <ListOption
      id={account.id}
      idPrefix="account-row"
      height={ROW_HEIGHT}
      place={place}
      muted={account.status === 'archived'}
      onPick={onPick}
      layout={table ? 'table' : undefined}
    >
      <div className="account-cell-main">
        <PlatformIcon platform={account.platform} size={34} />
        <div className="account-row-text">
          <div className="account-row-title">
            <span data-match>{displayHandle(account.platform, account.handle)}</span>
          </div>
          {secondary ? (
            <div className="account-row-sub">
              <span data-match>{secondary}</span>
            </div>
          ) : null}
        </div>
      </div>
      {table ? (
        <>
          <div className="account-cell">
            <span data-match>{platform}</span>
          </div>
          <div
            className="account-cell"
            data-tone={account.status === 'active' && held < 2 ? 'few' : undefined}
            title={held ? account.holders.join(', ') : undefined}
          >
            {held === 0 ? 'Nobody' : held === 1 ? '1 person' : `${held} people`}
          </div>
          <div
            className="account-cell"
            title={account.passwordChangedAt === null ? undefined : formatRelative(account.passwordChangedAt)}
          >
            {account.passwordChangedAt === null ? 'Never' : formatDate(account.passwordChangedAt)}
          </div>
          <div className="account-cell">
            <TwoFactorTag account={account} />
          </div>
          <div className="account-cell account-cell-flags">{flags}</div>
        </>
      ) : (
        <div className="account-row-meta">
          {flags}
          <TwoFactorTag account={account} />
        </div>
      )}
    </ListOption>
  );
});

/**
 * The table's column headings: each sorts by its column (ascending, then
 * descending, then back to relevance). Outside the listbox, so the rows keep
 * their keyboard and screen-reader behaviour as options.
 */
export function AccountTableHead({ sort, onSort }: { sort: AccountSort; onSort(column: SortColumn): void }) {
  return (
    <div className="account-table-head" role="group" aria-label="Sort accounts">
      {SORT_COLUMNS.map((column) => {
        const active = sort?.column === column ? sort.direction : null;
        const Arrow = active === 'ascending' ? IconArrowUp : active === 'descending' ? IconArrowDown : IconSelector;
        return (
          <button
            key={column}
            type="button"
            className="account-table-sort"
            data-active={active ?? undefined}
            aria-pressed={active !== null}
            aria-label={`Sort by ${SORT_LABELS[column].toLowerCase()}${active ? `, ${active}` : ''}`}
            onClick={() => onSort(column)}
          >
            {SORT_LABELS[column]}
            <Arrow size={13} stroke={2} aria-hidden />
          </button>
        );
      })}
      <span className="account-table-sort-spacer" aria-hidden />
    </div>
  );
}

/** The 2FA state in a row: plain elements and a native tooltip. */
function TwoFactorTag({ account }: { account: AccountListItem }) {
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
