/**
 * The audit events as a table, virtualised: only the rows in view exist, so
 * thousands of loaded events scroll as easily as a screenful. Rows are plain
 * elements with table roles; long cells are cut with the full text on hover.
 */
import { Button, Skeleton, Stack, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef } from 'react';
import type { AuditEventView } from '../../../../shared/domain/audit';
import type { PersonView } from '../../../../shared/domain/people';
import type { AccountSummary } from '../../../../shared/domain/account';
import { PlatformIcon } from '../../components/PlatformIcon';
import { formatDateTimeSeconds } from '../../lib/format';
import { displayHandle } from '../accounts/labels';
import { useVaultData } from '../VaultData';
import { describeActor, describeDetails, describeRecordIds, kindLabel, kindTone } from './describe';

const ROW_HEIGHT = 38;
const FOOTER_HEIGHT = 64;

const COLUMNS = ['#', 'Time', 'Event', 'Account', 'Person', 'Actor', 'Details'];

export function AuditTable({
  events,
  complete,
  loadingOlder,
  onLoadOlder,
  highlight,
  resetKey,
}: {
  events: AuditEventView[] | null;
  complete: boolean;
  loadingOlder: boolean;
  onLoadOlder(): void;
  /** The sequence number a failed verification named. */
  highlight: number | null;
  /** A new query: back to the top. */
  resetKey: string;
}) {
  const { accountsById, peopleById, owner } = useVaultData();
  const parent = useRef<HTMLDivElement>(null);
  const count = events?.length ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions that change every render by design
  const virtualizer = useVirtualizer({
    count: events && count > 0 ? count + 1 : 0,
    getScrollElement: () => parent.current,
    estimateSize: (index) => (index === count ? FOOTER_HEIGHT : ROW_HEIGHT),
    overscan: 12,
    getItemKey: (index) => (index === count ? 'footer' : (events?.[index]?.seq ?? index)),
  });

  useEffect(() => {
    if (virtualizer.scrollOffset) virtualizer.scrollToOffset(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resetKey]);

  const resolve = useCallback((id: number): PersonView | undefined => peopleById.get(id), [peopleById]);

  return (
    <div className="audit-table" role="table" aria-label="Audit events" aria-rowcount={complete ? count + 1 : -1}>
      <div className="audit-row audit-head" role="row" aria-rowindex={1}>
        {COLUMNS.map((name) => (
          <div key={name} role="columnheader" className="audit-cell">
            {name}
          </div>
        ))}
      </div>
      {events === null ? (
        <Stack gap={10} p="md" aria-busy="true" aria-label="Loading events">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} height={14} width={`${70 + ((i * 13) % 25)}%`} />
          ))}
        </Stack>
      ) : count === 0 ? (
        <Text size="sm" c="dimmed" p="lg" ta="center">
          No events to show.
        </Text>
      ) : (
        <div ref={parent} className="audit-scroll" tabIndex={0} role="rowgroup" aria-label="Events, newest first">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
            {virtualizer.getVirtualItems().map((item) => {
              if (item.index === count) {
                return (
                  <div
                    key="footer"
                    className="audit-footer"
                    style={{ transform: `translateY(${item.start}px)`, height: FOOTER_HEIGHT }}
                  >
                    {complete ? (
                      <Text size="xs" c="dimmed">
                        {events[count - 1]?.seq === 1 ? 'The beginning of the trail' : 'No older events match'}
                      </Text>
                    ) : (
                      <Button variant="default" size="xs" onClick={onLoadOlder} loading={loadingOlder}>
                        Load older events
                      </Button>
                    )}
                  </div>
                );
              }
              const event = events[item.index]!;
              return (
                <AuditRow
                  key={event.seq}
                  event={event}
                  top={item.start}
                  index={item.index + 2}
                  account={event.accountId === null ? undefined : accountsById.get(event.accountId)}
                  resolve={resolve}
                  owner={owner}
                  broken={event.seq === highlight}
                />
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}

const AuditRow = memo(function AuditRow({
  event,
  top,
  index,
  account,
  resolve,
  owner,
  broken,
}: {
  event: AuditEventView;
  top: number;
  index: number;
  account: AccountSummary | undefined;
  resolve(id: number): PersonView | undefined;
  owner: string;
  broken: boolean;
}) {
  const time = formatDateTimeSeconds(event.at);
  const label = kindLabel(event.kind);
  const details = describeDetails(event, resolve, owner).join(' · ');
  const records = describeRecordIds(event);
  const tooltip = [details, records ? `Records: ${records}` : ''].filter(Boolean).join('\n');
  const actor = describeActor(event.actor);
  return (
    <div
      className="audit-row"
      role="row"
      aria-rowindex={index}
      data-broken={broken || undefined}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
    >
      <div role="cell" className="audit-cell audit-seq">
        #{event.seq}
      </div>
      <div role="cell" className="audit-cell" title={new Date(event.at).toISOString()}>
        {time}
      </div>
      <div role="cell" className="audit-cell audit-kind" data-tone={kindTone(event.kind)} title={event.kind}>
        <span className="audit-dot" aria-hidden />
        {label}
      </div>
      <div role="cell" className="audit-cell" title={event.accountLabel ?? undefined}>
        {event.accountLabel ? (
          <>
            {account ? <PlatformIcon platform={account.platform} size={16} decorative /> : null}
            <span className="truncate">
              {account ? displayHandle(account.platform, account.handle) : event.accountLabel}
            </span>
          </>
        ) : (
          <span className="audit-none">—</span>
        )}
      </div>
      <div role="cell" className="audit-cell" title={event.personLabel ?? undefined}>
        {event.personLabel ? (
          <span className="truncate">{event.personLabel}</span>
        ) : (
          <span className="audit-none">—</span>
        )}
      </div>
      <div role="cell" className="audit-cell audit-actor" title={event.actor}>
        {actor}
      </div>
      <div role="cell" className="audit-cell audit-details" title={tooltip || undefined}>
        {details || <span className="audit-none">—</span>}
      </div>
    </div>
  );
});
