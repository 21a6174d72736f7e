/**
 * The press register: every corporate account across the managers' current
 * bundles (manager, who holds access, last rotation, whose bundle and how old
 * it is), searchable, without opening a single secret. Bundles are imported
 * here: the first from a manager pins their signing key, a later one signed
 * by another key is refused unless the press office, having phoned the
 * manager, explicitly accepts the new key. Breaking the glass starts here.
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Tooltip,
} from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconFingerprint,
  IconHammer,
  IconInfoCircle,
  IconPackageImport,
  IconSearch,
  IconShieldX,
} from '@tabler/icons-react';
import { memo, useMemo, useRef, useState, type FormEvent } from 'react';
import type {
  BundleImportResult,
  BundleInspection,
  EscrowRegister,
  PressKeyView,
  RegisterBundle,
  RegisterEntry,
} from '../../../../shared/domain/escrow';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import { scheduledDue, type RotationPolicy } from '../../../../shared/rotation';
import { PlatformIcon } from '../../components/PlatformIcon';
import { useFeedback } from '../../components/Feedback';
import { ApiError, api, errorMessage } from '../../lib/api';
import { formatCount, formatDate, formatDateTime, formatRelative, plural } from '../../lib/format';
import { useNow } from '../../lib/hooks';
import { useInspection } from '../../lib/inspection';
import { TwoFactorBadge, displayHandle } from '../accounts/labels';
import { GRANT_KIND_LABELS } from '../../../../shared/domain/access';
import { EmptyRow, Section } from '../DetailSection';
import { PersonAvatar } from '../people/labels';
import { useVaultData } from '../VaultData';
import { ageText, BundleFacts, PastedText } from './labels';

/** What the register knows of a bundle's freshness, seen from the press office. */
export interface BundleState {
  /** Older than a whole rotation period: every password in it should have changed since. */
  old: boolean;
  /** The glass was broken on it: the manager will rotate those accounts, and their next bundle replaces it. */
  opened: boolean;
}

export function bundleState(
  bundle: Pick<RegisterBundle, 'createdAt' | 'openings'>,
  rotation: { policy: RotationPolicy; timeZone: string } | null,
  now: number,
): BundleState {
  return {
    old: rotation !== null && scheduledDue(bundle.createdAt, rotation.policy, rotation.timeZone) <= now,
    opened: bundle.openings > 0,
  };
}

/** The freshness of a bundle as a badge: its age, and why it may no longer hold the current passwords. */
export function BundleAgeBadge({ ageDays, state }: { ageDays: number; state: BundleState }) {
  if (state.old) {
    return (
      <Tooltip label="Older than a whole rotation period: the passwords in it have probably changed. Ask the manager to export again.">
        <Badge size="xs" variant="light" color="red" aria-label={`Stale bundle, exported ${ageText(ageDays)}`}>
          Stale · {ageText(ageDays)}
        </Badge>
      </Tooltip>
    );
  }
  if (state.opened) {
    return (
      <Tooltip label="The glass was broken on this bundle: once the manager has rotated those accounts, they export a new one.">
        <Badge size="xs" variant="light" color="orange" aria-label={`Opened bundle, exported ${ageText(ageDays)}`}>
          Opened · {ageText(ageDays)}
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Badge size="xs" variant="light" color="gray" aria-label={`Exported ${ageText(ageDays)}`}>
      {ageText(ageDays)}
    </Badge>
  );
}

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
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.05em' }}>
        {label}
      </Text>
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

const ROW_HEIGHT = 58;
const COLUMNS = ['Account', 'Manager', 'Who holds access', 'Last rotation', 'Bundle', ''];

/** The register's accounts, virtualised: an organisation's thousands scroll like a screenful. */
function RegisterTable({
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
          {formatCount(count)} of {formatCount(total)} accounts
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

/**
 * Importing a bundle: first what it says about itself (who, for whom, whether
 * the signing key matches the pinned one), then the import. A changed key is
 * a warning naming both fingerprints; replacing the pin needs a phone call and
 * an explicit confirmation.
 */
function ImportBundleDialog({
  initial,
  pressKey,
  register,
  onClose,
  onImported,
}: {
  initial: string;
  pressKey: PressKeyView;
  register: EscrowRegister | null;
  onClose(): void;
  onImported(): Promise<void>;
}) {
  const { fileDialogs } = useVaultData();
  const feedback = useFeedback();
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [repinning, setRepinning] = useState(false);
  const [phoned, setPhoned] = useState(false);
  const [result, setResult] = useState<BundleImportResult | null>(null);
  // A bundle carried from the start screen is inspected as the dialog opens.
  const bundle = useInspection((content) => api.escrow.inspect({ content }), errorMessage, {
    initial,
  });
  const { answer: inspection, error: inspectError, inspecting } = bundle;

  const inspect = (value: string) => {
    setRefusal(null);
    setRepinning(false);
    setPhoned(false);
    bundle.inspect(value);
  };

  const pinned = inspection ? register?.issuers.find((i) => i.vaultId === inspection.issuer.vaultId) : undefined;
  const blocked =
    inspection === null || inspection.forThisVault === false || inspection.imported === true || inspecting;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (blocked) return;
    if (inspection.pin === 'changed' && !(repinning && phoned)) return setRepinning(true);
    setBusy(true);
    setRefusal(null);
    try {
      const imported = await api.escrow.import({ content: text, acceptNewKey: inspection.pin === 'changed' && phoned });
      setResult(imported);
      feedback.toast(`Bundle from ${imported.issuer.name} imported: ${plural(imported.accounts, 'account')}`);
      await onImported();
    } catch (e) {
      setRefusal(errorMessage(e));
      // The register may have moved on (another import): show the bundle as it stands now.
      if (e instanceof ApiError && e.code === 'conflict') inspect(text);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened
      onClose={busy ? () => undefined : onClose}
      title={result ? 'Bundle imported' : 'Import an escrow bundle'}
      size={680}
    >
      {result ? (
        <ImportedSummary result={result} onClose={onClose} />
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate aria-label="Import an escrow bundle">
          <Stack gap="md">
            <PastedText
              label="Bundle"
              description="The contents of the .custodian-escrow file a manager sent you."
              placeholder='{"custodianEscrowBundle":1,…}'
              kind="bundle"
              fileDialogs={fileDialogs}
              value={text}
              onChange={(value) => {
                setText(value);
                inspect(value);
              }}
              busy={inspecting}
              autoFocus={!initial}
              collapsed={inspection !== null}
            />
            {inspectError ? (
              <Alert
                color="red"
                variant="light"
                icon={<IconShieldX size={18} />}
                title="Not a bundle this vault can use"
                role="alert"
              >
                <Text size="sm">{inspectError}</Text>
              </Alert>
            ) : null}
            {inspection ? (
              <Paper withBorder p="md" role="region" aria-label="Bundle details">
                <BundleFacts inspection={inspection} />
              </Paper>
            ) : null}
            {inspection ? (
              <Verdict inspection={inspection} pressKey={pressKey} pinnedAt={pinned?.pinnedAt ?? null} />
            ) : null}
            {inspection?.pin === 'changed' ? (
              <Alert
                color="red"
                variant="filled"
                icon={<IconAlertTriangle size={18} />}
                title="WARNING: the manager’s signing key has changed"
                role="alert"
              >
                <Stack gap={6}>
                  <Text size="sm">
                    This bundle claims to come from {inspection.issuer.name}, but it is not signed by the key pinned for
                    their vault. It may be forged. Import it only if {inspection.issuer.name} confirms, on a number you
                    already know, that they replaced their vault.
                  </Text>
                  <dl className="key-change">
                    <dt>Pinned{pinned ? ` ${formatDate(pinned.pinnedAt)}` : ''}</dt>
                    <dd className="mono-small" aria-label="Pinned key fingerprint">
                      {pinned?.signingKeyFingerprint ?? 'unknown'}
                    </dd>
                    <dt>This bundle</dt>
                    <dd className="mono-small" aria-label="Offered key fingerprint">
                      {inspection.issuer.signingKeyFingerprint}
                    </dd>
                  </dl>
                  {repinning ? (
                    <Checkbox
                      color="white"
                      checked={phoned}
                      onChange={(e) => setPhoned(e.currentTarget.checked)}
                      label={`I phoned ${inspection.issuer.name}: they replaced their vault and read me the new key’s fingerprint, which matches`}
                      styles={{ label: { color: 'white' } }}
                    />
                  ) : null}
                </Stack>
              </Alert>
            ) : null}
            {refusal ? (
              <Alert
                color="red"
                variant="light"
                icon={<IconShieldX size={18} />}
                title="The bundle was not imported"
                role="alert"
              >
                <Text size="sm">{refusal}</Text>
              </Alert>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              {inspection?.pin === 'changed' ? (
                <Button type="submit" color="red" loading={busy} disabled={blocked || (repinning && !phoned)}>
                  {repinning ? 'Replace the pinned key and import' : 'Replace the pinned key…'}
                </Button>
              ) : (
                <Button type="submit" loading={busy} disabled={blocked} leftSection={<IconPackageImport size={16} />}>
                  Import into the register
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** Whether this press vault can take the bundle, and what importing it will do to the pin. */
function Verdict({
  inspection,
  pressKey,
  pinnedAt,
}: {
  inspection: BundleInspection;
  pressKey: PressKeyView;
  pinnedAt: number | null;
}) {
  if (inspection.forThisVault === false) {
    return (
      <Alert color="red" variant="light" icon={<IconShieldX size={18} />} title="Not for this press key" role="alert">
        <Text size="sm">
          It is sealed to the card of “{inspection.recipient.team}” ({inspection.recipient.cardFingerprint}). This
          vault’s card is {pressKey.fingerprint}. Ask {inspection.issuer.name} to import your card and export again.
        </Text>
      </Alert>
    );
  }
  if (inspection.imported) {
    return (
      <Alert
        color="gray"
        variant="light"
        icon={<IconCircleCheck size={18} />}
        title="Already in the register"
        role="status"
      >
        <Text size="sm">This bundle was imported before: nothing to do.</Text>
      </Alert>
    );
  }
  if (inspection.pin === 'new') {
    return (
      <Alert
        color="custodian"
        variant="light"
        icon={<IconInfoCircle size={18} />}
        title="First bundle from this manager"
        role="status"
      >
        <Text size="sm">
          Importing pins the signing key of {inspection.issuer.name}: their later bundles must be signed by it. Before
          you rely on it, phone them to confirm they sent it; they see the same key fingerprint when they open their
          bundle file on Custodian’s start screen.
        </Text>
      </Alert>
    );
  }
  if (inspection.pin === 'match') {
    return (
      <Alert
        color="teal"
        variant="light"
        icon={<IconCircleCheck size={18} />}
        title="Signed by the pinned key"
        role="status"
      >
        <Text size="sm">
          The key pinned for {inspection.issuer.name}
          {pinnedAt !== null ? ` on ${formatDate(pinnedAt)}` : ''}. It replaces their bundle in the register.
        </Text>
      </Alert>
    );
  }
  return null;
}

function ImportedSummary({ result, onClose }: { result: BundleImportResult; onClose(): void }) {
  return (
    <Stack gap="md">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon color="teal" variant="light" size={34} radius="xl">
          <IconCircleCheck size={20} />
        </ThemeIcon>
        <Box>
          <Text fw={600}>
            {plural(result.accounts, 'account')} from {result.issuer.name}
          </Text>
          <Text size="sm" c="dimmed">
            Exported {formatDateTime(result.createdAt)}.{' '}
            {result.pin === 'new'
              ? 'Their signing key is now pinned.'
              : result.pin === 'repinned'
                ? 'Their new signing key replaced the pinned one.'
                : 'Signed by their pinned key.'}{' '}
            {result.superseded
              ? 'A newer bundle of theirs was already here: this one is kept as history.'
              : result.supersedes
                ? 'It replaces their previous bundle.'
                : ''}
          </Text>
        </Box>
      </Group>
      {result.warnings.map((warning) => (
        <Alert key={warning} color="orange" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
          <Text size="sm">{warning}</Text>
        </Alert>
      ))}
      <Group justify="flex-end">
        <Button onClick={onClose} data-autofocus>
          Done
        </Button>
      </Group>
    </Stack>
  );
}
