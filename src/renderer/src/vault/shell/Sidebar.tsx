import { AppShell, NavLink, Text } from '@mantine/core';
import { memo } from 'react';
import { SectionLabel } from '../../components/SectionLabel';
import { useVaultData } from '../VaultData';
import type { Page } from '../navigation';
import { PAGES } from './pages';

/** The sidebar, built from the page table. Memoised: the shell re-renders on every search keystroke, this need not. */
export const Sidebar = memo(function Sidebar({ page, onPage }: { page: Page; onPage(page: Page): void }) {
  const data = useVaultData();
  const autoLockMinutes = data.settings?.autoLockMinutes ?? null;
  return (
    <AppShell.Navbar p="sm" className="app-navbar" aria-label="Sections">
      <AppShell.Section grow>
        <SectionLabel px="sm" mb={6} mt={4}>
          Vault
        </SectionLabel>
        {PAGES.map((row) => (
          <NavLink
            key={row.page}
            component="button"
            label={row.label}
            leftSection={<row.icon size={18} stroke={1.7} />}
            rightSection={row.aside?.(data) ?? null}
            active={page === row.page}
            onClick={() => onPage(row.page)}
            aria-current={page === row.page ? 'page' : undefined}
            className="nav-link"
          />
        ))}
      </AppShell.Section>
      <AppShell.Section>
        <Text size="xs" c="dimmed" px="sm" pb={4}>
          {autoLockMinutes !== null ? `Locks after ${autoLockMinutes} min idle` : '\u00a0'}
        </Text>
      </AppShell.Section>
    </AppShell.Navbar>
  );
});
