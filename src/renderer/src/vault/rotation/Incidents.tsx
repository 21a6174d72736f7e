/**
 * Reported compromises (policy: a hacked account is escalated to the
 * communications team). Reporting marks the account, adds an immediate
 * rotation obligation and opens a checklist; the panel on the account keeps
 * the checklist (the rotation ticks its own step), the summary for the
 * communications team (Markdown to paste, or a PDF) and closing.
 */
import { Alert, Box, Button, Checkbox, Code, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import {
  IconAlertOctagon,
  IconCheck,
  IconCircleCheck,
  IconCircleDashed,
  IconFileTypePdf,
  IconFileText,
  IconRotateClockwise,
  IconSelectAll,
} from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AccountDetail } from '../../../../shared/domain/account';
import {
  INCIDENT_STEPS,
  INCIDENT_STEP_LABELS,
  type IncidentStep,
  type IncidentView,
} from '../../../../shared/domain/rotation';
import { useFeedback } from '../../components/Feedback';
import { COPY_SHORTCUT, selectContents } from '../../components/SaveToFile';
import { api, errorMessage } from '../../lib/api';
import { useAction } from '../../lib/useAction';
import { fieldErrors } from '../../lib/schema';
import { formatDateTime, formatRelative, plural } from '../../lib/format';
import { displayHandle } from '../accounts/labels';
import { useVaultData } from '../VaultData';
import { useNavigation } from '../navigation';
import { SectionLabel } from '../../components/SectionLabel';
import { DialogActions, NoteField } from '../../components/DialogParts';

/** The open compromise reports of an account, each as a panel. Nothing renders when there are none. */
export function IncidentPanels({ account }: { account: AccountDetail }) {
  const { revision } = useVaultData();
  const [incidents, setIncidents] = useState<IncidentView[]>([]);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    api.incidents
      .list({ accountId: account.id })
      .then(({ incidents: list }) => live && setIncidents(list))
      .catch(() => live && setIncidents([]));
    return () => {
      live = false;
    };
  }, [account.id, revision, version]);

  if (incidents.length === 0) return null;
  return (
    <Stack gap="md" mt="lg">
      {incidents.map((incident) => (
        <IncidentPanel
          key={incident.id}
          account={account}
          incident={incident}
          onChanged={(next) => setIncidents((list) => list.map((i) => (i.id === next.id ? next : i)))}
          onClosed={() => setVersion((v) => v + 1)}
        />
      ))}
    </Stack>
  );
}

function IncidentPanel({
  account,
  incident,
  onChanged,
  onClosed,
}: {
  account: AccountDetail;
  incident: IncidentView;
  onChanged(incident: IncidentView): void;
  onClosed(): void;
}) {
  const feedback = useFeedback();
  const { rotationChanged } = useVaultData();
  const { startRotation } = useNavigation();
  const [pending, setPending] = useState<IncidentStep | null>(null);
  const [summaryOpen, setSummaryOpen] = useState(false);
  /** The summary as last read, and the checklist it was read for. */
  const [read, setRead] = useState<{ markdown: string; for: string } | null>(null);
  const [pdfBusy, setPdfBusy] = useState(false);
  const [pdfPath, setPdfPath] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  const block = useRef<HTMLPreElement>(null);
  const archived = account.status === 'archived';
  const done = INCIDENT_STEPS.filter((s) => incident.steps[s] !== null).length;
  const stepsKey = INCIDENT_STEPS.map((s) => incident.steps[s] ?? '-').join(',');

  // Reading the summary is not an audit event, so an open one follows the checklist (ticked here or by a rotation).
  useEffect(() => {
    if (!summaryOpen) return;
    let live = true;
    api.incidents
      .summary({ incidentId: incident.id })
      .then(({ markdown }) => live && setRead({ markdown, for: stepsKey }))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [summaryOpen, stepsKey, incident.id]);
  const summary = summaryOpen && read !== null ? read.markdown : null;
  const summaryBusy = summaryOpen && read === null && error === null;

  const toggle = async (step: IncidentStep, value: boolean) => {
    setPending(step);
    setError(null);
    try {
      onChanged(await api.incidents.setStep({ incidentId: incident.id, step, done: value }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(null);
    }
  };

  const showSummary = () => {
    setError(null);
    setRead(null);
    setSummaryOpen((open) => !open);
  };

  const exportPdf = async () => {
    setPdfBusy(true);
    setError(null);
    try {
      const { path } = await api.incidents.exportPdf({ incidentId: incident.id });
      setPdfPath(path);
      if (path) feedback.toast('Incident summary saved as PDF');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPdfBusy(false);
    }
  };

  return (
    <Paper className="incident-card" role="region" aria-label="Compromise report">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start" miw={0}>
          <ThemeIcon color="red" variant="filled" size={32} radius="md">
            <IconAlertOctagon size={19} stroke={2} />
          </ThemeIcon>
          <Box miw={0}>
            <Text fw={650} c="red">
              Reported compromised {formatRelative(incident.reportedAt)}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(incident.reportedAt)} · {done} of {INCIDENT_STEPS.length} steps done
            </Text>
          </Box>
        </Group>
        <Button size="xs" variant="default" onClick={() => setClosing(true)} style={{ flexShrink: 0 }}>
          Close incident…
        </Button>
      </Group>
      <Text size="sm" mt="sm" className="incident-note selectable">
        {incident.note}
      </Text>

      <SectionLabel mt="md" mb={6}>
        Checklist
      </SectionLabel>
      <Stack gap={8} role="list" aria-label="Incident checklist">
        {INCIDENT_STEPS.map((step) => {
          const at = incident.steps[step];
          if (step === 'rotate') {
            return (
              <Group key={step} gap="sm" wrap="nowrap" justify="space-between" role="listitem">
                <Group gap={12} wrap="nowrap" align="flex-start">
                  <ThemeIcon
                    size={20}
                    radius="xl"
                    variant={at !== null ? 'filled' : 'default'}
                    color="teal"
                    aria-hidden
                    mt={1}
                  >
                    {at !== null ? <IconCheck size={13} stroke={2.6} /> : <IconCircleDashed size={13} />}
                  </ThemeIcon>
                  <Box>
                    <Text size="sm">{INCIDENT_STEP_LABELS[step]}</Text>
                    <Text size="xs" c="dimmed">
                      {at !== null
                        ? `Done ${formatDateTime(at)} (recorded by the rotation)`
                        : 'Ticked by itself when the password is rotated'}
                    </Text>
                  </Box>
                </Group>
                {at === null && !archived ? (
                  <Button
                    size="xs"
                    color="red"
                    leftSection={<IconRotateClockwise size={14} />}
                    onClick={() => startRotation(account.id)}
                    style={{ flexShrink: 0 }}
                  >
                    Rotate now…
                  </Button>
                ) : null}
              </Group>
            );
          }
          return (
            <Box key={step} role="listitem">
              <Checkbox
                checked={at !== null}
                onChange={(e) => void toggle(step, e.currentTarget.checked)}
                disabled={pending !== null}
                label={INCIDENT_STEP_LABELS[step]}
                description={at !== null ? `Done ${formatDateTime(at)}` : undefined}
              />
            </Box>
          );
        })}
      </Stack>

      <Group gap="xs" mt="md">
        <Button
          size="xs"
          variant="default"
          leftSection={<IconFileText size={14} />}
          onClick={showSummary}
          loading={summaryBusy}
          aria-expanded={summaryOpen}
        >
          {summaryOpen ? 'Hide summary' : 'Summary for the communications team'}
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconFileTypePdf size={14} />}
          onClick={() => void exportPdf()}
          loading={pdfBusy}
        >
          Export PDF
        </Button>
      </Group>
      {pdfPath ? (
        <Text size="xs" c="dimmed" mt={6} role="status" aria-label="PDF saved">
          PDF saved to{' '}
          <Text span ff="monospace" size="xs" className="selectable path-text">
            {pdfPath}
          </Text>
        </Text>
      ) : null}
      {error ? (
        <Text size="sm" c="red" mt="xs" role="alert">
          {error}
        </Text>
      ) : null}
      {summary !== null ? (
        <Box mt="sm">
          <Group justify="space-between" mb={6} wrap="nowrap" align="flex-start">
            <Text size="xs" c="dimmed" style={{ flex: 1 }}>
              Markdown, with no passwords in it. Select it and copy ({COPY_SHORTCUT}) into an email or chat to the
              communications team.
            </Text>
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconSelectAll size={13} />}
              onClick={() => selectContents(block.current)}
              style={{ flexShrink: 0 }}
            >
              Select all
            </Button>
          </Group>
          <Code block className="summary-block" ref={block} tabIndex={0} aria-label="Incident summary">
            {summary}
          </Code>
        </Box>
      ) : null}
      {closing ? (
        <CloseIncident
          incident={incident}
          remaining={INCIDENT_STEPS.length - done}
          onClose={() => setClosing(false)}
          onDone={() => {
            setClosing(false);
            feedback.toast(`Incident on ${displayHandle(account.platform, account.handle)} closed`);
            onClosed();
            void rotationChanged();
          }}
        />
      ) : null}
    </Paper>
  );
}

function CloseIncident({
  incident,
  remaining,
  onClose,
  onDone,
}: {
  incident: IncidentView;
  remaining: number;
  onClose(): void;
  onDone(): void;
}) {
  const { run, busy, error } = useAction(async () => {
    await api.incidents.close({ incidentId: incident.id });
    onDone();
  });
  return (
    <Dialog opened onClose={busy ? () => undefined : onClose} title="Close this incident?" size="md">
      <Stack gap="md">
        <Text size="sm">
          The account stops being marked compromised. The report, its checklist and the audit trail keep what was done.
        </Text>
        {remaining > 0 ? (
          <Alert color="yellow" variant="light" p="sm" icon={<IconAlertOctagon size={16} />}>
            <Text size="sm">{plural(remaining, 'step is', 'steps are')} not ticked off yet.</Text>
          </Alert>
        ) : (
          <Group gap={6}>
            <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" aria-hidden />
            <Text size="sm">Every step is done.</Text>
          </Group>
        )}
        <DialogActions refusal={error} busy={busy} onCancel={onClose}>
          <Button onClick={() => void run()} loading={busy} data-autofocus>
            Close incident
          </Button>
        </DialogActions>
      </Stack>
    </Dialog>
  );
}

export function ReportCompromiseDialog({
  account,
  onClose,
  onReported,
}: {
  account: AccountDetail;
  onClose(): void;
  onReported(): void;
}) {
  const feedback = useFeedback();
  const { rotationChanged } = useVaultData();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const name = displayHandle(account.platform, account.handle);
  const report = useAction(
    async () => {
      await api.incidents.report({ accountId: account.id, note });
      feedback.toast(`${name} reported compromised`);
      await rotationChanged();
      onReported();
    },
    {
      onRefused(e) {
        const mapped = fieldErrors(e, { note: 'note' });
        setError(mapped.note ?? null);
        return mapped.note !== undefined;
      },
    },
  );
  const { busy, error: formError } = report;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    void report.run();
  };

  return (
    <Dialog opened onClose={busy ? () => undefined : onClose} title={`Report ${name} compromised`} size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={`Report ${name} compromised`}>
        <Stack gap="md">
          <Text size="sm">
            Marks {name} as compromised, puts its password at the top of the rotation queue, and opens a checklist:
          </Text>
          <Stack gap={4} pl="sm">
            {INCIDENT_STEPS.map((step, i) => (
              <Text key={step} size="sm" c="dimmed">
                {i + 1}. {INCIDENT_STEP_LABELS[step]}
              </Text>
            ))}
          </Stack>
          <NoteField
            label="What happened"
            placeholder="e.g. Posts we did not write at 02:10; the recovery email was changed"
            description="Kept encrypted. It goes into the summary for the communications team, never into the audit trail."
            value={note}
            onChange={(value) => {
              setNote(value);
              setError(null);
            }}
            error={error}
            minRows={3}
            maxRows={8}
            maxLength={5000}
            autoFocus
          />
          <DialogActions refusal={formError} busy={busy} onCancel={onClose}>
            <Button type="submit" color="red" loading={busy} leftSection={<IconAlertOctagon size={16} />}>
              Report compromise
            </Button>
          </DialogActions>
        </Stack>
      </form>
    </Dialog>
  );
}
