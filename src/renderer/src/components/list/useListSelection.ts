/**
 * The keyboard and selection of a searchable list page (accounts, people):
 * the active row (moved by arrows and page keys, remembered with the query it
 * was chosen under so a new query starts at the top), the open row, and a
 * counter that asks the list to scroll the active row into view.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { indexOfId, rowAt, type Rows } from './VirtualList';

/** How many rows PageUp/PageDown move: about one pane's height. */
const PAGE_PX = 480;

export interface ListSelection {
  activeIndex: number;
  selectedId: number | null;
  setSelectedId(id: number | null): void;
  /** A click: makes the row active and opens it. Stable across renders. */
  pick(id: number): void;
  /** Makes a row active (and scrolls to it), as after a save. */
  activate(id: number): void;
  scrollKey: number;
  /** Handles a list key; returns whether it used it. */
  navigate(key: string): boolean;
}

export function useListSelection(
  results: Rows<{ id: number }>,
  query: string,
  rowHeight: number,
  /** Open this row as the page mounts: another screen sent the user here. */
  entry: number | null,
): ListSelection {
  const [selectedId, setSelectedId] = useState<number | null>(entry);
  const [active, setActive] = useState<{ id: number; query: string } | null>(
    entry === null ? null : { id: entry, query: '' },
  );
  const [scrollKey, setScrollKey] = useState(entry === null ? 0 : 1);

  const found = active && active.query === query ? indexOfId(results, active.id) : -1;
  const activeIndex = found >= 0 ? found : results.length > 0 ? 0 : -1;

  // Row clicks get one stable handler, so a keystroke re-renders only the rows whose content changed.
  const queryRef = useRef(query);
  useEffect(() => {
    queryRef.current = query;
  }, [query]);
  const pick = useCallback((id: number) => {
    setActive({ id, query: queryRef.current });
    setSelectedId(id);
  }, []);
  const activate = useCallback((id: number) => {
    setActive({ id, query: queryRef.current });
    setScrollKey((k) => k + 1);
  }, []);

  const navigate = useCallback(
    (key: string): boolean => {
      if (results.length === 0) return false;
      const page = Math.max(1, Math.floor(PAGE_PX / rowHeight));
      let next: number;
      switch (key) {
        case 'ArrowDown':
          next = Math.min(results.length - 1, activeIndex + 1);
          break;
        case 'ArrowUp':
          next = Math.max(0, activeIndex - 1);
          break;
        case 'PageDown':
          next = Math.min(results.length - 1, activeIndex + page);
          break;
        case 'PageUp':
          next = Math.max(0, activeIndex - page);
          break;
        case 'Home':
          next = 0;
          break;
        case 'End':
          next = results.length - 1;
          break;
        case 'Enter': {
          const row = rowAt(results, activeIndex);
          if (row) setSelectedId(row.id);
          return row !== undefined;
        }
        default:
          return false;
      }
      const row = rowAt(results, next);
      if (row) setActive({ id: row.id, query });
      setScrollKey((k) => k + 1);
      return true;
    },
    [results, activeIndex, rowHeight, query],
  );

  return { activeIndex, selectedId, setSelectedId, pick, activate, scrollKey, navigate };
}

/** Ctrl/Cmd+N, outside any dialog: the page's "new" action. */
export function useNewShortcut(onNew: () => void) {
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.key === 'n' || event.key === 'N') && (event.metaKey || event.ctrlKey) && !event.shiftKey) {
        if (document.querySelector('[role="dialog"]')) return;
        event.preventDefault();
        onNew();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onNew]);
}
