/**
 * The unlocked app's header: the brand, the account search (which drives the
 * account list from the keyboard), the owner, the theme switch and Lock.
 */
import {
  ActionIcon,
  AppShell,
  Badge,
  Button,
  Group,
  Kbd,
  TextInput,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { IconLock, IconMoon, IconSearch, IconSun, IconX } from '@tabler/icons-react';
import { memo, useEffect, type KeyboardEvent, type RefObject } from 'react';
import { BrandMark } from '../../components/BrandMark';
import { HeaderClipboard } from '../../components/Feedback';
import { MOD_KEY } from '../../lib/keys';

/** Keys the search box forwards to the list; returns whether it used the key. */
export type ListNavigator = (key: string) => boolean;

const LIST_KEYS = new Set(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Enter']);

interface Props {
  searchRef: RefObject<HTMLInputElement | null>;
  query: string;
  onQuery(query: string): void;
  /** The account list's keyboard, while it shows. */
  listNavigator: RefObject<ListNavigator | null>;
  owner: string;
  locking: boolean;
  onLock(): void;
}

export function Header({ searchRef, query, onQuery, listNavigator, owner, locking, onLock }: Props) {
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape' && query) {
      event.preventDefault();
      onQuery('');
      return;
    }
    // Up/down/page keys and Enter drive the list from the search box; Home/End stay with the caret.
    if (LIST_KEYS.has(event.key) && listNavigator.current?.(event.key)) event.preventDefault();
  };
  return (
    <AppShell.Header className="app-header">
      <Group h="100%" px="md" gap="md" wrap="nowrap">
        <Group gap="sm" wrap="nowrap" w={192}>
          <BrandMark size={26} />
        </Group>
        <TextInput
          ref={searchRef}
          className="header-search"
          aria-label="Search accounts"
          placeholder="Search handles, names, departments…"
          value={query}
          onChange={(event) => onQuery(event.currentTarget.value)}
          onKeyDown={onSearchKey}
          leftSection={<IconSearch size={16} />}
          rightSectionWidth={query ? 36 : 72}
          rightSection={query ? <ClearSearch onClear={onQuery} /> : <SearchShortcut />}
          spellCheck={false}
          autoComplete="off"
        />
        <HeaderActions owner={owner} locking={locking} onLock={onLock} />
      </Group>
    </AppShell.Header>
  );
}

/** Ctrl/Cmd+K anywhere, or "/" outside a text field and any dialog, calls `focusSearch`. */
export function useSearchShortcut(focusSearch: () => void) {
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]') !== null;
      if ((event.key === 'k' || event.key === 'K') && (event.metaKey || event.ctrlKey) && !event.altKey) {
        event.preventDefault();
        focusSearch();
      } else if (
        event.key === '/' &&
        !typing &&
        !event.metaKey &&
        !event.ctrlKey &&
        !document.querySelector('[role="dialog"]')
      ) {
        event.preventDefault();
        focusSearch();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focusSearch]);
}

// The pieces below are memoised: the header re-renders on every search keystroke, they need not.

const ClearSearch = memo(function ClearSearch({ onClear }: { onClear(query: string): void }) {
  return (
    <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Clear search" onClick={() => onClear('')}>
      <IconX size={14} />
    </ActionIcon>
  );
});

const SearchShortcut = memo(function SearchShortcut() {
  return (
    <Group gap={2} wrap="nowrap" aria-hidden>
      <Kbd size="xs">{MOD_KEY}</Kbd>
      <Kbd size="xs">K</Kbd>
    </Group>
  );
});

const HeaderActions = memo(function HeaderActions({
  owner,
  locking,
  onLock,
}: {
  owner: string;
  locking: boolean;
  onLock(): void;
}) {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const dark = computed === 'dark';
  return (
    <Group gap="xs" ml="auto" wrap="nowrap">
      <HeaderClipboard />
      <Tooltip label="Vault owner">
        <Badge variant="light" color="gray" size="lg" radius="sm" tt="none" fw={500} className="owner-badge">
          {owner}
        </Badge>
      </Tooltip>
      <Tooltip label={dark ? 'Light theme' : 'Dark theme'}>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label={dark ? 'Switch to light theme' : 'Switch to dark theme'}
          onClick={() => setColorScheme(dark ? 'light' : 'dark')}
          data-scheme={colorScheme}
        >
          {dark ? <IconSun size={18} /> : <IconMoon size={18} />}
        </ActionIcon>
      </Tooltip>
      <Button
        variant="default"
        leftSection={<IconLock size={16} />}
        onClick={onLock}
        loading={locking}
        aria-label="Lock vault"
      >
        Lock
      </Button>
    </Group>
  );
});
