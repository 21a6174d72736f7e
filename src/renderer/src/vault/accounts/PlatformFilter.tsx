import { Box, Button, Checkbox, Group, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { memo, useMemo, useState } from 'react';
import type { AccountSummary } from '../../../../shared/domain/account';
import { PLATFORMS, PLATFORM_INFO, type Platform } from '../../../../shared/domain/platforms';
import { PlatformIcon } from '../../components/PlatformIcon';
import { formatCount } from '../../lib/format';

interface Props {
  value: Platform[];
  onChange(value: Platform[]): void;
  /** The accounts the counts are taken from (status filter applied). */
  accounts: readonly AccountSummary[];
}

/** Multi-select of platforms, with how many accounts each has. */
export const PlatformFilter = memo(function PlatformFilter({ value, onChange, accounts }: Props) {
  const [open, setOpen] = useState(false);
  const label =
    value.length === 0
      ? 'All platforms'
      : value.length === 1
        ? PLATFORM_INFO[value[0]!].label
        : `${value.length} platforms`;
  return (
    <Popover opened={open} onChange={setOpen} position="bottom-start" shadow="md" width={260} trapFocus>
      <Popover.Target>
        <Button
          variant={value.length ? 'light' : 'default'}
          size="xs"
          rightSection={<IconChevronDown size={14} />}
          onClick={() => setOpen((o) => !o)}
          aria-label={`Filter by platform: ${label}`}
          aria-haspopup="dialog"
          aria-expanded={open}
          className="filter-button"
        >
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown p={0} aria-label="Platforms">
        {open ? <PlatformChoices value={value} onChange={onChange} accounts={accounts} /> : null}
      </Popover.Dropdown>
    </Popover>
  );
});

function PlatformChoices({ value, onChange, accounts }: Props) {
  const counts = useMemo(() => {
    const map = new Map<Platform, number>();
    for (const account of accounts) map.set(account.platform, (map.get(account.platform) ?? 0) + 1);
    return map;
  }, [accounts]);
  const chosen = new Set(value);
  const toggle = (platform: Platform) =>
    onChange(chosen.has(platform) ? value.filter((p) => p !== platform) : [...value, platform]);
  return (
    <Box>
      <Group justify="space-between" px="sm" py={8} className="popover-head">
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" style={{ letterSpacing: '0.04em' }}>
          Platforms
        </Text>
        <UnstyledButton onClick={() => onChange([])} disabled={value.length === 0} className="text-link">
          <Text size="xs" c={value.length ? 'custodian' : 'dimmed'} fw={500}>
            Show all
          </Text>
        </UnstyledButton>
      </Group>
      <ScrollArea.Autosize mah={340} type="auto">
        <Stack gap={0} p={6}>
          {PLATFORMS.map((platform) => (
            <Checkbox.Card
              key={platform}
              checked={chosen.has(platform)}
              onChange={() => toggle(platform)}
              className="platform-choice"
              withBorder={false}
              aria-label={PLATFORM_INFO[platform].label}
            >
              <Group gap="sm" wrap="nowrap" px={6} py={5}>
                <Checkbox.Indicator size="xs" />
                <PlatformIcon platform={platform} size={20} decorative />
                <Text size="sm" style={{ flex: 1 }}>
                  {PLATFORM_INFO[platform].label}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatCount(counts.get(platform) ?? 0)}
                </Text>
              </Group>
            </Checkbox.Card>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Box>
  );
}
