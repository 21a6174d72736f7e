/**
 * A virtualised listbox (only the rows in view exist in the DOM), so 10,000
 * rows scroll and filter as quickly as 10, with an active row moved by the
 * keyboard. Rows are plain elements on purpose: a keystroke in the search box
 * can replace every visible row, and Mantine's styled boxes cost more per row
 * than the search itself. Each row component is memoised by its caller and
 * wraps its content in <ListOption>.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { markMatches } from './search-highlight';

/**
 * The rows, read by position: an array, or a search result that keeps only
 * positions (see src/shared/search.ts), of which only the rows in view are read.
 */
export interface Rows<T extends { id: number }> {
  readonly length: number;
  at(index: number): T | undefined;
}

/** The position of the row with this id, or -1 (a search result knows it without a scan). */
export function indexOfId<T extends { id: number }>(rows: Rows<T>, id: number): number {
  if ('indexOfId' in rows && typeof rows.indexOfId === 'function')
    return (rows.indexOfId as (id: number) => number)(id);
  for (let i = 0; i < rows.length; i++) if (rows.at(i)?.id === id) return i;
  return -1;
}

/** The row at `index`, or undefined outside the rows. */
export function rowAt<T extends { id: number }>(rows: Rows<T>, index: number): T | undefined {
  return index >= 0 && index < rows.length ? rows.at(index) : undefined;
}

/** Where a row sits: spread into the (memoised) row component as plain props. */
export interface RowPlace {
  top: number;
  position: number;
  total: number;
  active: boolean;
  selected: boolean;
}

interface Props<T extends { id: number }> {
  results: Rows<T>;
  /** The listbox's name ("Accounts"). */
  label: string;
  /** Row element ids are `${idPrefix}-${id}`, for aria-activedescendant. */
  idPrefix: string;
  rowHeight: number;
  activeIndex: number;
  selectedId: number | null;
  onKey(event: KeyboardEvent<HTMLElement>): void;
  /** Bumped when the keyboard (or a save) moves the active row: scroll it into view. */
  scrollKey: number;
  /** A new search or filter starts at the top of the list. */
  resetKey: string;
  renderRow(item: T, place: RowPlace): ReactNode;
  /** A search whose matches are marked in the rows' `data-match` texts (see search-highlight.ts). */
  highlight?: string;
}

export function VirtualList<T extends { id: number }>({
  results,
  label,
  idPrefix,
  rowHeight,
  activeIndex,
  selectedId,
  onKey,
  scrollKey,
  resetKey,
  renderRow,
  highlight,
}: Props<T>) {
  const parent = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns functions that change every render by design
  const virtualizer = useVirtualizer({
    count: results.length,
    getScrollElement: () => parent.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    getItemKey: (index) => rowAt(results, index)?.id ?? index,
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

  // After every render (a keystroke, a scroll): the rows in view are other text nodes. Before paint.
  useLayoutEffect(() => {
    if (highlight !== undefined) markMatches(parent.current, highlight);
  });
  const marking = highlight !== undefined;
  useEffect(() => (marking ? () => markMatches(null, '') : undefined), [marking]);

  const active = rowAt(results, activeIndex);
  return (
    <div
      ref={parent}
      className="account-list"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={active ? `${idPrefix}-${active.id}` : undefined}
      onKeyDown={onKey}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = results.at(item.index)!;
          return renderRow(row, {
            top: item.start,
            position: item.index + 1,
            total: results.length,
            active: item.index === activeIndex,
            selected: row.id === selectedId,
          });
        })}
      </div>
    </div>
  );
}

/** One row of a VirtualList: a plain positioned option element. */
export function ListOption({
  id,
  idPrefix,
  height,
  place: { top, position, total, active, selected },
  muted,
  onPick,
  layout,
  children,
}: {
  id: number;
  idPrefix: string;
  height: number;
  place: RowPlace;
  /** Archived, left: shown dimmed. */
  muted: boolean;
  onPick(id: number): void;
  /** "table": the row's children are the cells of the list's columns. */
  layout?: 'table' | undefined;
  children: ReactNode;
}) {
  return (
    <div
      id={`${idPrefix}-${id}`}
      role="option"
      aria-selected={selected}
      aria-posinset={position}
      aria-setsize={total}
      className="account-row"
      data-active={active || undefined}
      data-selected={selected || undefined}
      data-archived={muted || undefined}
      data-layout={layout}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={() => onPick(id)}
    >
      {children}
    </div>
  );
}
