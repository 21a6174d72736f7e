/** The press register's accounts table: virtualised, so an organisation's thousands scroll like a screenful. */
import { ActionIcon, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IconHammer } from '@tabler/icons-react';
import { memo, useRef } from 'react';
import type { RegisterEntry } from '../../../../shared/domain/escrow';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import { PlatformIcon } from '../../components/PlatformIcon';
import { formatCount, formatDate, formatRelative, plural } from '../../lib/format';
import { TwoFactorBadge, displayHandle } from '../accounts/labels';
import { GRANT_KIND_LABELS } from '../../../../shared/domain/access';
import { ageText } from './labels';
import { BundleAgeBadge, type BundleState } from './BundleFreshness';

const ROW_HEIGHT = 58;
const COLUMNS = ['Account', 'Manager', 'Who holds access', 'Last rotation', 'Bundle', ''];

/** The register's accounts, virtualised: an organisation's thousands scroll like a screenful. */
export function RegisterTable({
  rows,
  total,
  states,
  onBreakGlass,
}: {
  rows: RegisterEntry[] | null;
  total: number;
  states: ReadonlyMap<string, BundleState>;
  onBreakGlass(entry: RegisterEntry): void;
}) {
  const parent = useRef<HTMLDivElement>(null);
  const count = rows?.length ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions that change every render by design
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => (rows?.[index] ? `${rows[index].bundleId}:${rows[index].ref}` : index),
  });

  return (
    <div className="register-table" role="table" aria-label="Register" aria-rowcount={count + 1}>
      <div className="register-row register-head" role="row" aria-rowindex={1}>
        {COLUMNS.map((name, i) => (
          <div key={i} role="columnheader" className="register-cell">
            {name}
          </div>
        ))}
      </div>
      {rows === null ? (
        <Stack gap={10} p="md" aria-busy="true" aria-label="Loading the register">
          {Array.from({ length: 5 }, (_, i) => (
            <Skeleton key={i} height={14} width={`${70 + ((i * 13) % 25)}%`} />
          ))}
        </Stack>
      ) : count === 0 ? (
        <Text size="sm" c="dimmed" p="lg" ta="center">
          {total === 0 ? 'No accounts yet: import a manager’s bundle.' : 'No account matches.'}
        </Text>
      ) : (
        <div
          ref={parent}
          className="register-scroll"
          tabIndex={0}
          role="rowgroup"
          aria-label="Accounts in the register"
          style={{ height: Math.min(count * ROW_HEIGHT, 8.5 * ROW_HEIGHT) }}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const entry = rows[item.index]!;
              return (
                <RegisterRow
                  key={item.key}
                  entry={entry}
                  top={item.start}
                  index={item.index + 2}
                  state={states.get(entry.bundleId)}
                  onBreakGlass={onBreakGlass}
                />
              );
            })}
          </div>
        </div>
      )}
      {rows !== null && count > 0 && count < total ? (
        <Text size="xs" c="dimmed" px="sm" py={6} className="register-foot" aria-live="polite">
          {formatCount(count)} of {plural(total, 'account')}
        </Text>
      ) : null}
    </div>
  );
}

const RegisterRow = memo(function RegisterRow({
  entry,
  top,
  index,
  state,
  onBreakGlass,
}: {
  entry: RegisterEntry;
  top: number;
  index: number;
  state: BundleState | undefined;
  onBreakGlass(entry: RegisterEntry): void;
}) {
  const handle = displayHandle(entry.platform, entry.handle);
  const holders = entry.holders.map((h) => `${h.name} (${GRANT_KIND_LABELS[h.kind].toLowerCase()})`).join(', ');
  return (
    <div
      className="register-row"
      role="row"
      aria-rowindex={index}
      aria-label={`${handle} (${PLATFORM_INFO[entry.platform].label})`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
    >
      <div role="cell" className="register-cell">
        <PlatformIcon platform={entry.platform} size={30} decorative />
        <div className="register-two">
          <span className="register-line">
            <span className="register-main truncate" title={handle}>
              {handle}
            </span>
            <TwoFactorBadge method={entry.twoFactor} hasTotp={entry.hasTotp} size="xs" />
          </span>
          <span className="register-sub truncate">
            {[entry.displayName, PLATFORM_INFO[entry.platform].label].filter(Boolean).join(' · ')}
          </span>
        </div>
      </div>
      <div role="cell" className="register-cell">
        {entry.manager ? (
          <div className="register-two">
            <span className="truncate" title={entry.manager.name}>
              {entry.manager.name}
            </span>
            <span className="register-sub truncate selectable" title={entry.manager.email}>
              {entry.manager.email}
            </span>
          </div>
        ) : (
          <span className="register-none">No manager named</span>
        )}
      </div>
      <div role="cell" className="register-cell">
        {entry.holders.length > 0 ? (
          <div className="register-two">
            <span className="truncate" title={holders}>
              {entry.holders.map((h) => h.name).join(', ')}
            </span>
            <span className="register-sub" data-warn={entry.holders.length < 2 || undefined}>
              {plural(entry.holders.length, 'person', 'people')}
              {entry.holders.length < 2 ? ' · fewer than two' : ''}
            </span>
          </div>
        ) : (
          <span className="register-none" data-warn>
            Nobody recorded
          </span>
        )}
      </div>
      <div role="cell" className="register-cell">
        {entry.lastRotatedAt !== null ? (
          <div className="register-two">
            <span>{formatDate(entry.lastRotatedAt)}</span>
            <span className="register-sub">{formatRelative(entry.lastRotatedAt)}</span>
          </div>
        ) : (
          <span className="register-none">No password</span>
        )}
      </div>
      <div role="cell" className="register-cell">
        <div className="register-two">
          <span className="truncate" title={entry.issuerName}>
            {entry.issuerName}
          </span>
          <span>
            {state ? <BundleAgeBadge ageDays={entry.bundleAgeDays} state={state} /> : ageText(entry.bundleAgeDays)}
          </span>
        </div>
      </div>
      <div role="cell" className="register-cell register-action">
        <Tooltip label="Break glass on this account…">
          <ActionIcon
            variant="subtle"
            color="red"
            onClick={() => onBreakGlass(entry)}
            aria-label={`Break glass on ${handle}`}
          >
            <IconHammer size={16} />
          </ActionIcon>
        </Tooltip>
      </div>
    </div>
  );
});
