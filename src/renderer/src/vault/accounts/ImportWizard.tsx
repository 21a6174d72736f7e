/**
 * The import wizard: choose a file (or paste authenticator URIs), check the
 * preview row by row (fix a handle or platform, skip a row, update an existing
 * account's secrets with a reason, confirm a spreadsheet's column mapping),
 * commit in one step, then decide about the plaintext export left on disk.
 * Every problem shown comes from the same service as `custodian import --dry-run`.
 */
import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  PasswordInput,
  Progress,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import { IconAlertTriangle, IconFileImport, IconTrash } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import {
  IMPORT_FORMATS,
  IMPORT_FORMAT_LABELS,
  IMPORT_TARGETS,
  IMPORT_TARGET_LABELS,
  UPDATE_REASONS,
  UPDATE_REASON_LABELS,
  type ColumnMapping,
  type ImportAction,
  type ImportDecision,
  type ImportFormat,
  type ImportPreview,
  type ImportResult,
  type ImportRow,
  type UpdateReason,
} from '../../../../shared/domain/import';
import { PLATFORMS, PLATFORM_INFO, type Platform } from '../../../../shared/domain/platforms';
import { DialogActions } from '../../components/DialogParts';
import { ApiError, api } from '../../lib/api';
import { useAction } from '../../lib/useAction';

type Step =
  | { kind: 'choose' }
  | { kind: 'preview'; preview: ImportPreview }
  | { kind: 'committing'; preview: ImportPreview }
  | { kind: 'done'; result: ImportResult };

interface Source {
  fileToken: string | null;
  name: string;
  text?: string;
}

const PLATFORM_OPTIONS = PLATFORMS.map((p) => ({ value: p, label: PLATFORM_INFO[p].label }));
const FORMAT_OPTIONS = [
  { value: 'auto', label: 'Recognise from the file' },
  ...IMPORT_FORMATS.map((f) => ({ value: f, label: IMPORT_FORMAT_LABELS[f] })),
];

/** Main's refusal of an encrypted file opened without its password (the wizard then asks for it). */
const NEEDS_PASSWORD = /encrypted: give its password/;

export function ImportWizard({ onClose, onImported }: { onClose(): void; onImported(result: ImportResult): void }) {
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [source, setSource] = useState<Source | null>(null);
  const [pasted, setPasted] = useState('');
  const [format, setFormat] = useState<'auto' | ImportFormat>('auto');
  const [password, setPassword] = useState('');
  const [needsPassword, setNeedsPassword] = useState(false);
  /** Why the password field appeared (said in the app's words, not the CLI's). */
  const [passwordNote, setPasswordNote] = useState<string | null>(null);
  const [decisions, setDecisions] = useState<Map<number, ImportDecision>>(new Map());
  const [sourceDeleted, setSourceDeleted] = useState<boolean | null>(null);
  // Previews answer in order of asking; only the latest request's answer is shown.
  const latest = useRef(0);

  const staging = useAction(
    async (from: Source, mapping?: ColumnMapping) => {
      setPasswordNote(null);
      const preview = await api.import.stage({
        source: from.fileToken ? { fileToken: from.fileToken } : { text: from.text ?? '', name: from.name },
        ...(format !== 'auto' ? { format } : {}),
        ...(password ? { password } : {}),
        ...(mapping ? { mapping } : {}),
      });
      setDecisions(new Map());
      setStep({ kind: 'preview', preview });
    },
    {
      onRefused(refused) {
        if (!(refused instanceof ApiError)) return false;
        if (NEEDS_PASSWORD.test(refused.message)) {
          setNeedsPassword(true);
          setPasswordNote('This file is encrypted: type the password it was exported with.');
          return true;
        }
        if (refused.code === 'wrong_passphrase') setNeedsPassword(true);
        return false;
      },
    },
  );

  const choosing = useAction(async () => {
    const chosen = await api.import.chooseFile();
    if (!chosen.fileToken || !chosen.name) return;
    const next = { fileToken: chosen.fileToken, name: chosen.name };
    setSource(next);
    setNeedsPassword(false);
    setPassword('');
    await staging.run(next);
  });

  const previewPasted = async () => {
    const next = { fileToken: null, name: 'pasted text', text: pasted };
    setSource(next);
    await staging.run(next);
  };

  const previewing = useAction(async (preview: ImportPreview, next: Map<number, ImportDecision>) => {
    const asked = ++latest.current;
    try {
      const fresh = await api.import.preview({ stagingId: preview.stagingId, decisions: [...next.values()] });
      if (asked === latest.current) setStep({ kind: 'preview', preview: fresh });
    } catch (refused) {
      // A later edit's answer is on its way: this one's refusal is out of date.
      if (asked === latest.current) throw refused;
    }
  });

  const decide = (preview: ImportPreview, change: ImportDecision) => {
    const next = new Map(decisions);
    next.set(change.index, { ...next.get(change.index), ...change });
    setDecisions(next);
    committing.reset();
    void previewing.run(preview, next);
  };

  const committing = useAction(async (preview: ImportPreview) => {
    setStep({ kind: 'committing', preview });
    try {
      const result = await api.import.commit({ stagingId: preview.stagingId, decisions: [...decisions.values()] });
      setStep({ kind: 'done', result });
      onImported(result);
    } catch (refused) {
      setStep({ kind: 'preview', preview });
      throw refused;
    }
  });

  const cancel = () => {
    // Main drops the staged rows; if it cannot answer they go with the session anyway.
    if (step.kind === 'preview') api.import.discard({ stagingId: step.preview.stagingId }).catch(() => undefined);
    onClose();
  };

  const deleting = useAction(async (fileToken: string) => {
    const answer = await api.import.deleteSource({ fileToken });
    setSourceDeleted(answer.deleted);
  });

  const busy = staging.busy || choosing.busy || deleting.busy;
  const error =
    passwordNote ?? staging.error ?? choosing.error ?? previewing.error ?? committing.error ?? deleting.error;

  return (
    <Dialog
      opened
      onClose={step.kind === 'committing' ? () => undefined : step.kind === 'done' ? onClose : cancel}
      title={
        <Group gap="xs">
          <IconFileImport size={20} />
          <Text fw={600}>Import accounts</Text>
        </Group>
      }
      size={step.kind === 'preview' || step.kind === 'committing' ? '95%' : 'lg'}
      closeOnClickOutside={false}
      data-testid="import-wizard"
    >
      {error ? (
        <Alert color="red" mb="sm" role="alert" data-testid="import-error">
          {error}
        </Alert>
      ) : null}
      {step.kind === 'choose' ? (
        <Stack>
          <Text size="sm">
            From LastPass, Bitwarden, KeePass or KeePassXC, 1Password, a spreadsheet (CSV), or an authenticator app’s
            export. Nothing is written until you have checked every row.
          </Text>
          <Select
            label="Format"
            data={FORMAT_OPTIONS}
            value={format}
            onChange={(v) => setFormat((v as ImportFormat | 'auto' | null) ?? 'auto')}
            allowDeselect={false}
          />
          {needsPassword ? (
            <PasswordInput
              label="Password of the export"
              description="Used to open the file, never stored"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
          ) : null}
          <Group>
            <Button onClick={() => void choosing.run()} loading={busy} leftSection={<IconFileImport size={16} />}>
              Choose a file…
            </Button>
            {needsPassword && source ? (
              <Button variant="light" onClick={() => void staging.run(source)} loading={busy}>
                Open with this password
              </Button>
            ) : null}
          </Group>
          <Textarea
            label="Or paste otpauth:// or otpauth-migration:// URIs"
            autosize
            minRows={2}
            maxRows={6}
            value={pasted}
            onChange={(e) => setPasted(e.currentTarget.value)}
          />
          <DialogActions onCancel={onClose}>
            <Button variant="light" disabled={!pasted.trim()} onClick={() => void previewPasted()} loading={busy}>
              Preview pasted text
            </Button>
          </DialogActions>
        </Stack>
      ) : null}
      {step.kind === 'preview' || step.kind === 'committing' ? (
        <PreviewStep
          preview={step.preview}
          committing={step.kind === 'committing'}
          onDecide={(change) => decide(step.preview, change)}
          onMapping={(mapping) => source && void staging.run(source, mapping)}
          onCommit={() => void committing.run(step.preview)}
          onCancel={cancel}
        />
      ) : null}
      {step.kind === 'done' ? (
        <Stack data-testid="import-done">
          <Alert color="green" title="Imported">
            {step.result.created.length} created, {step.result.updated.length} updated, {step.result.skipped} skipped
            from {step.result.fileName}. Each is in the audit trail.
          </Alert>
          {source?.fileToken ? (
            <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="The plaintext export is still on disk">
              <Text size="sm">
                {step.result.fileName} holds every password in the clear. Delete it now that the accounts are in the
                vault. Deleting removes the file, but on SSDs and some file systems it cannot guarantee the data is
                erased from the disk.
              </Text>
              {sourceDeleted ? (
                <Text size="sm" fw={600} mt="xs" data-testid="source-deleted">
                  The file was deleted.
                </Text>
              ) : (
                <Group mt="sm">
                  <Button
                    color="orange"
                    leftSection={<IconTrash size={16} />}
                    onClick={() => source?.fileToken && void deleting.run(source.fileToken)}
                    loading={busy}
                  >
                    Delete {step.result.fileName}
                  </Button>
                  <Button variant="default" onClick={onClose}>
                    Keep it
                  </Button>
                </Group>
              )}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : null}
    </Dialog>
  );
}

function PreviewStep({
  preview,
  committing,
  onDecide,
  onMapping,
  onCommit,
  onCancel,
}: {
  preview: ImportPreview;
  committing: boolean;
  onDecide(change: ImportDecision): void;
  onMapping(mapping: ColumnMapping): void;
  onCommit(): void;
  onCancel(): void;
}) {
  const { counts } = preview;
  const blocked = preview.rows.filter((r) => r.action !== 'skip' && r.problems.some((p) => p.blocking));
  const writes = counts.create + counts.update;
  return (
    <Stack gap="sm" data-testid="import-preview">
      <Group justify="space-between">
        <Text size="sm">
          <b>{preview.fileName}</b> · {preview.formatLabel}
          {preview.detected ? ' (recognised from the file)' : ''}
        </Text>
        <Text size="sm" data-testid="import-counts">
          {counts.create} to create · {counts.update} to update · {counts.skip} to skip
        </Text>
      </Group>
      {preview.columns && preview.mapping ? (
        <MappingEditor columns={preview.columns} mapping={preview.mapping} onChange={onMapping} disabled={committing} />
      ) : null}
      <ScrollArea.Autosize mah="60vh" type="auto">
        <Table striped stickyHeader verticalSpacing={4} data-testid="import-rows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Platform</Table.Th>
              <Table.Th>Handle</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Department</Table.Th>
              <Table.Th>Secrets</Table.Th>
              <Table.Th>Problems</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((row) => (
              <PreviewRow key={row.index} row={row} onDecide={onDecide} disabled={committing} />
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {committing ? (
        <Stack gap={4} data-testid="import-progress">
          <Text size="sm">
            Importing {writes} account{writes === 1 ? '' : 's'} in one transaction…
          </Text>
          <Progress value={100} animated striped />
        </Stack>
      ) : null}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {blocked.length
            ? `Fix or skip ${blocked.length} row${blocked.length === 1 ? '' : 's'} before importing.`
            : 'Flags (weak or reused password, no password) do not stop the import.'}
        </Text>
        <Group>
          <Button variant="default" onClick={onCancel} disabled={committing}>
            Cancel
          </Button>
          <Button onClick={onCommit} disabled={committing || writes === 0 || blocked.length > 0} loading={committing}>
            Import {writes} account{writes === 1 ? '' : 's'}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function PreviewRow({
  row,
  onDecide,
  disabled,
}: {
  row: ImportRow;
  onDecide(change: ImportDecision): void;
  disabled: boolean;
}) {
  const [handle, setHandle] = useState(row.handle);
  const [seen, setSeen] = useState(row.handle);
  // The service's answer wins when it changes the handle (e.g. after a platform change).
  if (row.handle !== seen) {
    setSeen(row.handle);
    setHandle(row.handle);
  }
  const actions: { value: ImportAction; label: string }[] =
    row.duplicateOf !== null
      ? [
          { value: 'skip', label: 'Skip' },
          { value: 'update', label: 'Update secrets' },
        ]
      : [
          { value: 'create', label: row.problems.some((p) => p.code === 'not_social') ? 'Keep' : 'Create' },
          { value: 'skip', label: 'Skip' },
        ];
  const secrets = [
    row.hasSignInName && 'sign-in',
    row.hasPassword && 'password',
    row.hasTotp && 'TOTP',
    row.hasNotes && 'notes',
  ].filter(Boolean);
  return (
    <Table.Tr data-testid={`import-row-${row.index}`} data-action={row.action}>
      <Table.Td>
        <Text size="xs" c="dimmed" title={row.source}>
          {row.index + 1}
        </Text>
      </Table.Td>
      <Table.Td w={170}>
        <Stack gap={4}>
          <Select
            size="xs"
            aria-label={`Action for row ${row.index + 1}`}
            data={actions}
            value={row.action}
            allowDeselect={false}
            disabled={disabled}
            onChange={(v) => v && onDecide({ index: row.index, action: v as ImportAction })}
          />
          {row.action === 'update' ? (
            <Select
              size="xs"
              aria-label={`Reason for updating row ${row.index + 1}`}
              placeholder="Why replace its secrets?"
              data={UPDATE_REASONS.map((r) => ({ value: r, label: UPDATE_REASON_LABELS[r] }))}
              value={row.updateReason}
              disabled={disabled}
              onChange={(v) => v && onDecide({ index: row.index, action: 'update', updateReason: v as UpdateReason })}
            />
          ) : null}
        </Stack>
      </Table.Td>
      <Table.Td w={150}>
        <Select
          size="xs"
          aria-label={`Platform for row ${row.index + 1}`}
          data={PLATFORM_OPTIONS}
          value={row.platform}
          allowDeselect={false}
          disabled={disabled}
          onChange={(v) => v && onDecide({ index: row.index, platform: v as Platform })}
        />
      </Table.Td>
      <Table.Td w={170}>
        <TextInput
          size="xs"
          aria-label={`Handle for row ${row.index + 1}`}
          value={handle}
          disabled={disabled}
          onChange={(e) => setHandle(e.currentTarget.value)}
          onBlur={() => handle !== row.handle && onDecide({ index: row.index, handle })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && handle !== row.handle) onDecide({ index: row.index, handle });
          }}
        />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{row.displayName}</Text>
        <Text size="xs" c="dimmed">
          {row.source}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{row.department}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs">{secrets.join(', ') || '—'}</Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          {row.problems.map((p, i) => (
            <Badge
              key={i}
              size="sm"
              variant="light"
              color={p.blocking ? 'red' : p.code === 'not_social' || p.code === 'duplicate' ? 'gray' : 'orange'}
              tt="none"
              style={{ whiteSpace: 'normal', height: 'auto' }}
              data-problem={p.code}
            >
              {p.message}
            </Badge>
          ))}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

function MappingEditor({
  columns,
  mapping,
  onChange,
  disabled,
}: {
  columns: string[];
  mapping: ColumnMapping;
  onChange(mapping: ColumnMapping): void;
  disabled: boolean;
}) {
  const options = [{ value: '', label: '(not imported)' }, ...columns.map((c) => ({ value: c, label: c }))];
  return (
    <Box data-testid="import-mapping">
      <Text size="sm" fw={600} mb={4}>
        Columns: check what each holds
      </Text>
      <Group gap="xs" align="flex-end">
        {IMPORT_TARGETS.map((target) => (
          <Select
            key={target}
            size="xs"
            w={150}
            label={IMPORT_TARGET_LABELS[target]}
            data={options}
            value={mapping[target] ?? ''}
            allowDeselect={false}
            disabled={disabled}
            onChange={(v) => onChange({ ...mapping, [target]: v ? v : null })}
          />
        ))}
      </Group>
    </Box>
  );
}
