/**
 * The account list: virtualised (only the rows in view exist in the DOM),
 * so 10,000 accounts scroll and filter as quickly as 10. A listbox with an
 * active row moved by the keyboard; Enter or a click opens an account.
 *
 * Rows are plain elements on purpose: a keystroke in the search box can
 * replace every visible row, and Mantine's styled boxes cost more per row
 * than the search itself.
 */
import { Box, Skeleton, Stack, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IconAlertOctagon, IconRotateClockwise } from '@tabler/icons-react';
import { memo, useEffect, useRef, type KeyboardEvent } from 'react';
import type { AccountSummary } from '../../../../shared/domain/account';
import type { ObligationView } from '../../../../shared/domain/access';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import type { SearchResult } from '../../../../shared/search';
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

export function AccountList({
  results,
  activeIndex,
  selectedId,
  onPick,
  onKey,
  scrollKey,
  resetKey,
  rotationDue,
  compromised,
}: Props) {
  const parent = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions that change every render by design
  const virtualizer = useVirtualizer({
    count: results.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => (index < results.length ? results.at(index).id : index),
  });

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
    // Only when the keyboard (or a save) moved the active row, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollKey]);

  useEffect(() => {
    // Only when scrolled: asking the virtualiser to scroll measures the list (a forced layout) on every keystroke.
    if (virtualizer.scrollOffset) virtualizer.scrollToOffset(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resetKey]);

  const active = activeIndex >= 0 && activeIndex < results.length ? results.at(activeIndex) : undefined;
  return (
    <div
      ref={parent}
      className="account-list"
      role="listbox"
      aria-label="Accounts"
      tabIndex={0}
      aria-activedescendant={active ? `account-row-${active.id}` : undefined}
      onKeyDown={onKey}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const account = results.at(item.index);
          return (
            <AccountRow
              key={account.id}
              account={account}
              top={item.start}
              position={item.index + 1}
              total={results.length}
              active={item.index === activeIndex}
              selected={account.id === selectedId}
              rotations={rotationDue.get(account.id)?.length ?? 0}
              compromised={compromised.has(account.id)}
              onPick={onPick}
            />
          );
        })}
      </div>
    </div>
  );
}

const AccountRow = memo(function AccountRow({
  account,
  top,
  position,
  total,
  active,
  selected,
  rotations,
  compromised,
  onPick,
}: {
  account: AccountSummary;
  top: number;
  position: number;
  total: number;
  active: boolean;
  selected: boolean;
  rotations: number;
  compromised: boolean;
  onPick(id: number): void;
}) {
  const secondary = [account.displayName || PLATFORM_INFO[account.platform].label, account.department]
    .filter(Boolean)
    .join(' · ');
  return (
    <div
      id={`account-row-${account.id}`}
      role="option"
      aria-selected={selected}
      aria-posinset={position}
      aria-setsize={total}
      className="account-row"
      data-active={active || undefined}
      data-selected={selected || undefined}
      data-archived={account.status === 'archived' || undefined}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => onPick(account.id)}
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
    </div>
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

export function AccountListSkeleton() {
  return (
    <Stack gap={0} px="sm" pt={4} aria-busy="true" aria-label="Loading accounts">
      {Array.from({ length: 9 }, (_, i) => (
        <Box key={i} className="skeleton-row">
          <Skeleton height={34} width={34} radius="md" />
          <Box style={{ flex: 1 }}>
            <Skeleton height={11} width={`${50 + ((i * 17) % 35)}%`} radius="sm" />
            <Skeleton height={9} mt={8} width={`${35 + ((i * 23) % 30)}%`} radius="sm" />
          </Box>
        </Box>
      ))}
      <Text size="xs" c="dimmed" ta="center" mt="md">
        Decrypting the account list…
      </Text>
    </Stack>
  );
}
