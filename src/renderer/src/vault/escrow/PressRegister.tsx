/**
 * The press register: every corporate account across the managers' current
 * bundles (manager, who holds access, last rotation, whose bundle and how old
 * it is), searchable, without opening a single secret. Bundles are imported
 * here: the first from a manager pins their signing key, a later one signed
 * by another key is refused unless the press office, having phoned the
 * manager, explicitly accepts the new key. Breaking the glass starts here.
 */
import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconFingerprint, IconHammer, IconPackageImport, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { EscrowRegister, PressKeyView, RegisterBundle } from '../../../../shared/domain/escrow';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import { formatCount, formatDate, formatDateTime, plural } from '../../lib/format';
import { useNow } from '../../lib/hooks';
import { EmptyRow, Section } from '../DetailSection';
import { PersonAvatar } from '../people/labels';
import { useVaultData } from '../VaultData';
import { bundleState, BundleAgeBadge, type BundleState } from './BundleFreshness';
import { ImportBundleDialog } from './ImportBundleDialog';
import { RegisterTable } from './RegisterTable';
import { RollupPanel } from './RollupPanel';
import { SectionLabel } from '../../components/SectionLabel';

interface Props {
  pressKey: PressKeyView;
  register: EscrowRegister | null;
  error: string | null;
  reload(): Promise<void>;
  /** A bundle's text carried from the start screen: the import dialog opens with it. */
  pendingBundle: string | null;
  onBreakGlass(bundleId: string, refs: number[] | null): void;
}

type Staleness = 'all' | 'stale';

export function PressRegister({ pressKey, register, error, reload, pendingBundle, onBreakGlass }: Props) {
  const { rotation } = useVaultData();
  const [importing, setImporting] = useState<string | null>(pendingBundle);
  const [query, setQuery] = useState('');
  const [issuer, setIssuer] = useState<string | null>(null);
  const [staleness, setStaleness] = useState<Staleness>('all');
  const now = useNow(60_000);

  const bundles = useMemo(() => (register?.bundles ?? []).filter((b) => b.current), [register]);
  const states = useMemo(
    () => new Map(bundles.map((b) => [b.bundleId, bundleState(b, rotation, now)])),
    [bundles, rotation, now],
  );
  const isStale = (bundleId: string) => {
    const state = states.get(bundleId);
    return state !== undefined && (state.old || state.opened);
  };

  const haystacks = useMemo(
    () =>
      new Map(
        (register?.accounts ?? []).map((a) => [
          a,
          [
            a.handle,
            a.displayName,
            PLATFORM_INFO[a.platform].label,
            a.department,
            a.manager?.name,
            a.manager?.email,
            a.issuerName,
            ...a.holders.map((h) => h.name),
          ]
            .filter(Boolean)
            .join('\u0000')
            .toLowerCase(),
        ]),
      ),
    [register],
  );
  const words = query.trim().toLowerCase().replace(/^@/, '').split(/\s+/).filter(Boolean);
  const rows = (register?.accounts ?? []).filter(
    (a) =>
      (issuer === null || a.issuerVaultId === issuer) &&
      (staleness === 'all' || isStale(a.bundleId)) &&
      words.every((w) => haystacks.get(a)!.includes(w)),
  );
  const staleBundles = bundles.filter((b) => isStale(b.bundleId)).length;

  return (
    <Box>
      <Group justify="space-between" align="center" mt="lg" wrap="nowrap">
        <Text size="sm" c="dimmed" maw={620}>
          Every account in the managers’ current bundles. Names, managers and access come from the bundles’ registers:
          no password, code or recovery code is opened here.
        </Text>
        <Button
          leftSection={<IconPackageImport size={16} />}
          onClick={() => setImporting('')}
          style={{ flexShrink: 0 }}
        >
          Import a bundle…
        </Button>
      </Group>

      {error ? (
        <Alert color="red" variant="light" mt="md" title="Could not read the register" role="alert">
          {error}
          <Button size="xs" variant="light" color="red" mt="xs" display="block" onClick={() => void reload()}>
            Try again
          </Button>
        </Alert>
      ) : null}

      <SimpleGrid cols={3} spacing="md" mt="md">
        <Stat label="Accounts" value={register ? register.accounts.length : null} />
        <Stat label="Managers’ bundles" value={register ? bundles.length : null} />
        <Stat
          label="Stale or opened"
          value={register ? staleBundles : null}
          tone={staleBundles > 0 ? 'orange' : undefined}
        />
      </SimpleGrid>

      <Section title="Bundles">
        {register === null ? (
          <Stack p="md" gap="sm" aria-busy="true">
            <Skeleton height={14} width="50%" />
            <Skeleton height={10} width="70%" />
          </Stack>
        ) : bundles.length === 0 ? (
          <EmptyRow>
            No bundles yet. Send managers your card (on the Press key tab) and read them its fingerprint; import the
            bundles they send back.
          </EmptyRow>
        ) : (
          <Box role="list" aria-label="Managers’ bundles">
            {bundles.map((bundle) => (
              <BundleRow
                key={bundle.bundleId}
                bundle={bundle}
                state={states.get(bundle.bundleId)!}
                ageDays={register.accounts.find((a) => a.bundleId === bundle.bundleId)?.bundleAgeDays ?? 0}
                pin={register.issuers.find((i) => i.vaultId === bundle.issuerVaultId)}
                history={register.bundles.filter((b) => !b.current && b.issuerVaultId === bundle.issuerVaultId).length}
                onBreakGlass={() => onBreakGlass(bundle.bundleId, null)}
              />
            ))}
          </Box>
        )}
      </Section>

      <RollupPanel version={bundles.map((b) => b.bundleId).join(',')} />

      <Section title="Accounts" card={false}>
        <Group gap="sm" mb="sm" wrap="nowrap" role="search">
          <TextInput
            aria-label="Search the register"
            placeholder="Search handles, names, managers, people with access…"
            leftSection={<IconSearch size={16} />}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            style={{ flex: 1 }}
            spellCheck={false}
            autoComplete="off"
          />
          <Select
            aria-label="Manager’s vault"
            placeholder="Every manager"
            data={(register?.issuers ?? []).map((i) => ({ value: i.vaultId, label: i.name }))}
            value={issuer}
            onChange={setIssuer}
            clearable
            w={200}
          />
          <SegmentedControl
            value={staleness}
            onChange={(v) => setStaleness(v as Staleness)}
            data={[
              { value: 'all', label: 'All' },
              { value: 'stale', label: 'Stale or opened' },
            ]}
            aria-label="Freshness"
          />
        </Group>
        <RegisterTable
          rows={register === null ? null : rows}
          total={register?.accounts.length ?? 0}
          states={states}
          onBreakGlass={(entry) => onBreakGlass(entry.bundleId, [entry.ref])}
        />
      </Section>

      {importing !== null ? (
        <ImportBundleDialog
          initial={importing}
          pressKey={pressKey}
          register={register}
          onClose={() => setImporting(null)}
          onImported={reload}
        />
      ) : null}
    </Box>
  );
}

function Stat({ label, value, tone }: { label: string; value: number | null; tone?: string }) {
  return (
    <Paper
      withBorder
      className="stat-tile"
      data-tone={tone}
      role="group"
      aria-label={`${label}: ${value ?? 'loading'}`}
    >
      <SectionLabel>{label}</SectionLabel>
      <Text className="stat-value" c={tone ? `${tone}.8` : value ? undefined : 'dimmed'}>
        {value === null ? '–' : formatCount(value)}
      </Text>
    </Paper>
  );
}

function BundleRow({
  bundle,
  state,
  ageDays,
  pin,
  history,
  onBreakGlass,
}: {
  bundle: RegisterBundle;
  state: BundleState;
  ageDays: number;
  pin: EscrowRegister['issuers'][number] | undefined;
  history: number;
  onBreakGlass(): void;
}) {
  return (
    <Box className="queue-row" role="listitem" aria-label={bundle.issuerName}>
      <PersonAvatar id={hashId(bundle.issuerVaultId)} name={bundle.issuerName} size={36} />
      <Box className="queue-row-body">
        <Group gap={8} wrap="wrap">
          <Text fw={600} size="sm">
            {bundle.issuerName}
          </Text>
          <BundleAgeBadge ageDays={ageDays} state={state} />
          {bundle.mode === 'quorum' ? (
            <Badge size="xs" variant="light" color="grape">
              Officers’ quorum
            </Badge>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed" mt={2}>
          {plural(bundle.accounts, 'account')} · exported {formatDateTime(bundle.createdAt)} · imported{' '}
          {formatDate(bundle.importedAt)}
          {bundle.openings > 0 ? ` · glass broken ${plural(bundle.openings, 'time')}` : ''}
          {history > 0 ? ` · ${plural(history, 'earlier bundle')} kept` : ''}
        </Text>
        {pin ? (
          <Group gap={6} mt={4} wrap="nowrap">
            <IconFingerprint size={13} color="var(--mantine-color-dimmed)" aria-hidden style={{ flexShrink: 0 }} />
            <Text size="xs" c="dimmed">
              Signing key <span className="mono-small selectable">{pin.signingKeyFingerprint}</span>, pinned{' '}
              {formatDate(pin.pinnedAt)}
              {pin.repinnedAt !== null ? `, replaced ${formatDate(pin.repinnedAt)}` : ''}
            </Text>
          </Group>
        ) : null}
      </Box>
      <Box className="access-row-action">
        <Button
          size="xs"
          variant="light"
          color="red"
          leftSection={<IconHammer size={14} />}
          onClick={onBreakGlass}
          aria-label={`Break glass on the accounts of ${bundle.issuerName}`}
        >
          Break glass…
        </Button>
      </Box>
    </Box>
  );
}

/** A steady small number from a vault id, to colour its avatar like a person's. */
function hashId(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}
