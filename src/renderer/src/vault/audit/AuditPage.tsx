/**
 * The audit trail: every event, newest first, a page at a time ("Load older"
 * asks main for the events before the oldest shown), filtered by account,
 * person, kind and day. Verify recomputes the hash chain and checks the
 * signed checkpoints in main; Export writes the trail (as filtered) or the
 * access log to a file and says where.
 */
import {
  Alert,
  Box,
  Button,
  Group,
  Menu,
  MultiSelect,
  Pill,
  Select,
  Stack,
  Text,
  Title,
  type ComboboxItem,
} from '@mantine/core';
import {
  IconChevronDown,
  IconDownload,
  IconFileExport,
  IconFilterOff,
  IconShieldCheck,
  IconShieldX,
} from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { AuditEventView, AuditKind, AuditVerification } from '../../../../shared/domain/audit';
import { PLATFORM_INFO } from '../../../../shared/domain/platforms';
import { DateField } from '../../components/DateField';
import { api, errorMessage } from '../../lib/api';
import { formatCount, formatTime, plural, todayIso } from '../../lib/format';
import { displayHandle } from '../accounts/labels';
import { PersonSelect } from '../people/PersonSelect';
import { useVaultData } from '../VaultData';
import { type AuditEntry } from '../navigation';
import { AuditTable } from './AuditTable';
import { KIND_GROUPS, kindLabel } from './describe';

export const AUDIT_PAGE = 200;

interface Filters {
  accountId: number | null;
  personId: number | null;
  kinds: AuditKind[];
  from: string;
  to: string;
}

interface Loaded {
  events: AuditEventView[];
  /** No older events match. */
  complete: boolean;
  /** How many events match the filters in all (main counts them; only a page is loaded). */
  total: number;
  for: string;
}

interface ExportNote {
  what: 'audit' | 'access';
  format: 'csv' | 'json';
  path: string | null;
  count: number;
}

const KIND_DATA = KIND_GROUPS.map(({ group, kinds }) => ({
  group,
  items: kinds.map((kind) => ({ value: kind, label: kindLabel(kind) })),
}));

export function AuditPage({ entry }: { entry: AuditEntry | null }) {
  const { accounts, people } = useVaultData();
  const [filters, setFilters] = useState<Filters>({
    accountId: entry?.accountId ?? null,
    personId: entry?.personId ?? null,
    kinds: [],
    from: '',
    to: '',
  });
  /** Show the trail from this event back (after "Show event #N"), instead of from the newest. */
  const [anchor, setAnchor] = useState<number | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<{ message: string; for: string } | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [exportNote, setExportNote] = useState<ExportNote | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const rangeError = filters.from && filters.to && filters.from > filters.to ? 'Ends before it starts' : null;
  const query = useMemo(
    () => ({
      ...(filters.accountId !== null ? { accountId: filters.accountId } : {}),
      ...(filters.personId !== null ? { personId: filters.personId } : {}),
      ...(filters.kinds.length > 0 ? { kinds: filters.kinds } : {}),
      ...(filters.from ? { from: filters.from } : {}),
      ...(filters.to ? { to: filters.to } : {}),
    }),
    [filters],
  );
  const key = `${JSON.stringify(query)}:${anchor}:${refresh}`;

  useEffect(() => {
    if (rangeError) return;
    let live = true;
    const key = `${JSON.stringify(query)}:${anchor}:${refresh}`;
    api.audit
      .list({
        ...query,
        ...(anchor !== null ? { beforeSeq: anchor + 1 } : {}),
        limit: AUDIT_PAGE,
      })
      .then(({ events, total }) => {
        if (!live) return;
        setLoaded({ events, complete: events.length < AUDIT_PAGE, total, for: key });
        setError(null);
      })
      .catch((e: unknown) => live && setError({ message: errorMessage(e), for: key }));
    return () => {
      live = false;
    };
  }, [query, anchor, refresh, rangeError]);

  const loadOlder = async () => {
    if (!loaded || loaded.complete || loadingOlder) return;
    const oldest = loaded.events.at(-1);
    if (!oldest) return;
    setLoadingOlder(true);
    try {
      const { events, total } = await api.audit.list({ ...query, beforeSeq: oldest.seq, limit: AUDIT_PAGE });
      setLoaded((current) =>
        current && current.for === loaded.for
          ? {
              events: [...current.events, ...events],
              complete: events.length < AUDIT_PAGE,
              total,
              for: current.for,
            }
          : current,
      );
    } catch (e) {
      setError({ message: errorMessage(e), for: loaded.for });
    } finally {
      setLoadingOlder(false);
    }
  };

  const verify = async () => {
    setVerifying(true);
    setVerifyError(null);
    try {
      setVerification(await api.audit.verify());
      // Verifying is itself recorded: show it.
      if (anchor === null) setRefresh((n) => n + 1);
    } catch (e) {
      setVerification(null);
      setVerifyError(errorMessage(e));
    } finally {
      setVerifying(false);
    }
  };

  const exportFile = async (what: 'audit' | 'access', format: 'csv' | 'json') => {
    setExporting(true);
    setExportError(null);
    try {
      const saved =
        what === 'audit'
          ? await api.audit.exportEvents({ format, ...query })
          : await api.audit.exportAccessLog({ format });
      setExportNote({ what, format, path: saved.path, count: saved.count });
      if (anchor === null) setRefresh((n) => n + 1);
    } catch (e) {
      setExportNote(null);
      setExportError(errorMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const accountOptions = useMemo<ComboboxItem[]>(
    () =>
      (accounts ?? [])
        .map((a) => ({
          value: String(a.id),
          label: `${displayHandle(a.platform, a.handle)} (${PLATFORM_INFO[a.platform].label})${a.status === 'archived' ? ' · archived' : ''}`,
        }))
        .sort((a, b) => a.label.localeCompare(b.label, 'en-GB', { sensitivity: 'base' })),
    [accounts],
  );

  const filtered =
    filters.accountId !== null ||
    filters.personId !== null ||
    filters.kinds.length > 0 ||
    filters.from !== '' ||
    filters.to !== '';
  const set = <K extends keyof Filters>(name: K, value: Filters[K]) => {
    setAnchor(null);
    setFilters((old) => ({ ...old, [name]: value }));
  };

  const current = loaded && loaded.for === key ? loaded : null;
  const shownError = error && error.for === key ? error.message : null;

  return (
    <Box className="audit-page">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
        <Box>
          <Title order={3}>Audit trail</Title>
          <Text size="sm" c="dimmed" mt={4} maw={640}>
            Everything done in this vault, in order. Each event is chained to the one before and the chain is signed, so
            an edited, deleted or reordered event shows up when you verify.
          </Text>
        </Box>
        <Group gap="xs" wrap="nowrap">
          <Menu position="bottom-end" shadow="md" width={250}>
            <Menu.Target>
              <Button
                variant="default"
                leftSection={<IconDownload size={16} />}
                rightSection={<IconChevronDown size={14} />}
                loading={exporting}
              >
                Export
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{filtered ? 'Audit trail, as filtered' : 'Audit trail'}</Menu.Label>
              <Menu.Item leftSection={<IconFileExport size={15} />} onClick={() => void exportFile('audit', 'csv')}>
                Audit trail as CSV
              </Menu.Item>
              <Menu.Item leftSection={<IconFileExport size={15} />} onClick={() => void exportFile('audit', 'json')}>
                Audit trail as JSON
              </Menu.Item>
              <Menu.Divider />
              <Menu.Label>Access log (every grant)</Menu.Label>
              <Menu.Item leftSection={<IconFileExport size={15} />} onClick={() => void exportFile('access', 'csv')}>
                Access log as CSV
              </Menu.Item>
              <Menu.Item leftSection={<IconFileExport size={15} />} onClick={() => void exportFile('access', 'json')}>
                Access log as JSON
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <Button leftSection={<IconShieldCheck size={17} />} onClick={() => void verify()} loading={verifying}>
            Verify integrity
          </Button>
        </Group>
      </Group>

      <Box aria-live="polite">
        {verification ? (
          <Verdict
            result={verification}
            onShow={(seq) => {
              setFilters({ accountId: null, personId: null, kinds: [], from: '', to: '' });
              setAnchor(seq);
            }}
          />
        ) : verifyError ? (
          <Alert mt="md" color="red" variant="light" title="Could not verify" role="alert">
            {verifyError}
          </Alert>
        ) : null}
        {exportNote ? (
          <Alert
            mt="md"
            color={exportNote.path ? 'custodian' : 'gray'}
            variant="light"
            icon={<IconFileExport size={18} />}
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setExportNote(null)}
            title={
              exportNote.path
                ? `Exported ${exportNote.what === 'audit' ? plural(exportNote.count, 'event') : plural(exportNote.count, 'grant')} as ${exportNote.format.toUpperCase()}`
                : 'Export cancelled'
            }
            role="status"
          >
            {exportNote.path ? (
              <Text size="sm">
                Written to <span className="mono-small path-text selectable">{exportNote.path}</span>
                {exportNote.what === 'audit' ? '. It ends at a freshly signed checkpoint.' : '.'} Spreadsheet formulas
                in names are neutralised.
              </Text>
            ) : (
              <Text size="sm">Nothing was written.</Text>
            )}
          </Alert>
        ) : exportError ? (
          <Alert mt="md" color="red" variant="light" title="Could not export" role="alert">
            {exportError}
          </Alert>
        ) : null}
      </Box>

      <Group className="audit-filters" gap="sm" align="flex-end" wrap="nowrap" mt="lg" role="search">
        <Select
          label="Account"
          placeholder="All accounts"
          data={accountOptions}
          value={filters.accountId === null ? null : String(filters.accountId)}
          onChange={(value) => set('accountId', value === null ? null : Number(value))}
          searchable
          clearable
          limit={50}
          nothingFoundMessage="No account matches"
          size="xs"
          style={{ flex: 1.3 }}
          miw={0}
          comboboxProps={{ withinPortal: true }}
          maxDropdownHeight={300}
        />
        <PersonSelect
          label="Person"
          placeholder="Everyone"
          people={people}
          value={filters.personId}
          onChange={(id) => set('personId', id)}
          includeLeft
          clearable
          size="xs"
          style={{ flex: 1 }}
          miw={0}
        />
        <MultiSelect
          label="Events"
          placeholder={filters.kinds.length ? undefined : 'All events'}
          data={KIND_DATA}
          value={filters.kinds}
          onChange={(value) => set('kinds', value as AuditKind[])}
          searchable
          clearable
          size="xs"
          style={{ flex: 1.4 }}
          miw={0}
          maxDropdownHeight={340}
          comboboxProps={{ withinPortal: true }}
          classNames={{ pillsList: 'kinds-pills' }}
          // One summary pill ("Access revoked +2"), so the filter row keeps its height.
          renderPill={({ value }) =>
            value === filters.kinds[0] ? (
              <Pill key={value} size="xs" className="kinds-pill">
                {kindLabel(value as string)}
                {filters.kinds.length > 1 ? ` +${filters.kinds.length - 1}` : ''}
              </Pill>
            ) : null
          }
        />
        <DateField
          label="From"
          size="xs"
          w={148}
          value={filters.from}
          onChange={(value) => set('from', value)}
          max={filters.to || todayIso()}
        />
        <DateField
          label="To"
          size="xs"
          w={148}
          value={filters.to}
          onChange={(value) => set('to', value)}
          min={filters.from || undefined}
          max={todayIso()}
          error={rangeError ?? undefined}
        />
        <Button
          variant="subtle"
          size="xs"
          color="gray"
          leftSection={<IconFilterOff size={14} />}
          disabled={!filtered}
          onClick={() => {
            setAnchor(null);
            setFilters({ accountId: null, personId: null, kinds: [], from: '', to: '' });
          }}
        >
          Clear
        </Button>
      </Group>

      <Group justify="space-between" mt="md" mb={6} mih={22}>
        <Text size="xs" c="dimmed" aria-live="polite" data-testid="audit-count">
          {rangeError
            ? 'Fix the dates to see events'
            : current === null
              ? 'Loading…'
              : current.events.length === 0
                ? filtered
                  ? 'No events match these filters'
                  : 'No events'
                : countText(current, filtered, anchor)}
        </Text>
        {anchor !== null ? (
          <Button variant="subtle" size="compact-xs" onClick={() => setAnchor(null)}>
            Back to the newest events
          </Button>
        ) : null}
      </Group>

      {shownError ? (
        <Alert color="red" variant="light" title="Could not load the audit trail">
          {shownError}
          <Button
            size="xs"
            variant="light"
            color="red"
            mt="xs"
            display="block"
            onClick={() => setRefresh((n) => n + 1)}
          >
            Try again
          </Button>
        </Alert>
      ) : (
        <AuditTable
          events={current?.events ?? null}
          complete={current?.complete ?? false}
          loadingOlder={loadingOlder}
          onLoadOlder={() => void loadOlder()}
          highlight={verification && !verification.intact ? verification.firstBrokenSeq : null}
          resetKey={key}
        />
      )}
    </Box>
  );
}

/** "All 37 events", "200 of 3,401 matching events, newest first", "200 of 3,401 events, up to #812". */
function countText(loaded: Loaded, filtered: boolean, anchor: number | null): string {
  const shown = loaded.events.length;
  const events = `${filtered ? 'matching ' : ''}${loaded.total === 1 ? 'event' : 'events'}`;
  if (shown >= loaded.total) return loaded.total === 1 ? `The only ${events}` : `All ${formatCount(shown)} ${events}`;
  const of = `${formatCount(shown)} of ${formatCount(loaded.total)} ${events}`;
  if (anchor !== null) return `${of}, up to #${formatCount(anchor)}`;
  return loaded.complete ? of : `${of}, newest first`;
}

function Verdict({ result, onShow }: { result: AuditVerification; onShow(seq: number): void }) {
  if (result.intact) {
    const last = result.lastCheckpointSeq;
    return (
      <Alert
        mt="md"
        color="teal"
        variant="light"
        icon={<IconShieldCheck size={20} />}
        title="Intact: nothing has been altered"
        role="status"
        className="verdict"
        data-intact
      >
        <Text size="sm">
          {last === null
            ? `${plural(result.events, 'event')}, no signed checkpoint yet: the chain covers every event, and the next lock or export signs it.`
            : `${plural(result.events, 'event')}, ${plural(result.checkpoints, 'signed checkpoint')}, last at #${formatCount(last)}; ${
                result.unsignedTail === 0
                  ? 'no events since.'
                  : `${plural(result.unsignedTail, 'event')} since, covered by the chain and signed at the next lock or export.`
              }`}
        </Text>
        <Text size="xs" c="dimmed" mt={4}>
          Verified at {formatTime(result.verifiedAt)}
          {result.incrementalFrom === null
            ? '.'
            : `: events up to #${formatCount(result.incrementalFrom)} matched the digest kept when they were last verified, those after were re-hashed (custodian audit verify --full re-hashes every event).`}
        </Text>
      </Alert>
    );
  }
  const seq = result.firstBrokenSeq;
  return (
    <Alert
      mt="md"
      color="red"
      variant="filled"
      icon={<IconShieldX size={20} />}
      title={seq !== null ? `Broken at event #${formatCount(seq)}` : 'The audit trail does not verify'}
      className="verdict"
      role="alert"
    >
      <Stack gap={6}>
        <Text size="sm">
          {result.problem ? `${result.problem[0]!.toUpperCase()}${result.problem.slice(1)}.` : ''} Someone changed the
          vault file outside Custodian, or the disk damaged it. Keep a copy of the file as evidence and restore from a
          backup.
        </Text>
        <Group gap="sm">
          {seq !== null ? (
            <Button size="xs" variant="white" color="red" onClick={() => onShow(seq)}>
              Show event #{formatCount(seq)}
            </Button>
          ) : null}
          <Text size="xs">
            {plural(result.events, 'event')}, {plural(result.checkpoints, 'signed checkpoint')} · verified at{' '}
            {formatTime(result.verifiedAt)}
          </Text>
        </Group>
      </Stack>
    </Alert>
  );
}
