/**
 * Importing a manager's bundle into the press register: what it says about
 * itself, whether this press vault can take it (and what that does to the
 * issuer's pinned key), then what was imported.
 */
import { Alert, Box, Button, Checkbox, Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconInfoCircle,
  IconPackageImport,
  IconShieldX,
} from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type {
  BundleImportResult,
  BundleInspection,
  EscrowRegister,
  PressKeyView,
} from '../../../../shared/domain/escrow';
import { useFeedback } from '../../components/Feedback';
import { ApiError, api, errorMessage } from '../../lib/api';
import { formatDate, formatDateTime, plural } from '../../lib/format';
import { useInspection } from '../../lib/inspection';
import { useVaultData } from '../VaultData';
import { BundleFacts, PastedText } from './labels';
import { DialogActions } from '../../components/DialogParts';

/**
 * Importing a bundle: first what it says about itself (who, for whom, whether
 * the signing key matches the pinned one), then the import. A changed key is
 * a warning naming both fingerprints; replacing the pin needs a phone call and
 * an explicit confirmation.
 */
export function ImportBundleDialog({
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
  const [rollbackConfirmed, setRollbackConfirmed] = useState(false);
  const [result, setResult] = useState<BundleImportResult | null>(null);
  // A bundle carried from the start screen is inspected as the dialog opens.
  const bundle = useInspection((content) => api.press.inspect({ content }), errorMessage, {
    initial,
  });
  const { answer: inspection, error: inspectError, inspecting } = bundle;

  const inspect = (value: string) => {
    setRefusal(null);
    setRepinning(false);
    setPhoned(false);
    setRollbackConfirmed(false);
    bundle.inspect(value);
  };

  const pinned = inspection ? register?.issuers.find((i) => i.vaultId === inspection.issuer.vaultId) : undefined;
  const blocked =
    inspection === null ||
    inspection.forThisVault === false ||
    inspection.imported === true ||
    inspecting ||
    (inspection.rollback !== null && !rollbackConfirmed);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (blocked) return;
    if (inspection.pin === 'changed' && !(repinning && phoned)) return setRepinning(true);
    setBusy(true);
    setRefusal(null);
    try {
      const imported = await api.press.importBundle({
        content: text,
        acceptNewKey: inspection.pin === 'changed' && phoned,
        acceptRollback: inspection.rollback !== null && rollbackConfirmed,
      });
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
    <Dialog
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
            {inspection?.rollback ? (
              <Alert
                color="red"
                variant="filled"
                icon={<IconAlertTriangle size={18} />}
                title="WARNING: this bundle goes back on the register"
                role="alert"
                data-testid="bundle-rollback"
              >
                <Stack gap={6}>
                  <Text size="sm">
                    {inspection.issuer.name}’s audit trail in this bundle (at event {inspection.rollback.bundleAuditSeq}
                    ) does not extend the one in a bundle of theirs already in the register (at event{' '}
                    {inspection.rollback.registerAuditSeq}). Their vault may have been rolled back to an older copy,
                    which can undo revocations and rotations. Import it only if {inspection.issuer.name} confirms, on a
                    number you already know, that they restored their vault.
                  </Text>
                  <Checkbox
                    color="white"
                    checked={rollbackConfirmed}
                    onChange={(e) => setRollbackConfirmed(e.currentTarget.checked)}
                    label={`I phoned ${inspection.issuer.name}: they restored their vault from an older copy, and this is their current bundle`}
                    styles={{ label: { color: 'white' } }}
                  />
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
            <DialogActions busy={busy} onCancel={onClose}>
              {inspection?.pin === 'changed' ? (
                <Button type="submit" color="red" loading={busy} disabled={blocked || (repinning && !phoned)}>
                  {repinning ? 'Replace the pinned key and import' : 'Replace the pinned key…'}
                </Button>
              ) : inspection?.rollback ? (
                <Button type="submit" color="red" loading={busy} disabled={blocked}>
                  Accept the rollback and import
                </Button>
              ) : (
                <Button type="submit" loading={busy} disabled={blocked} leftSection={<IconPackageImport size={16} />}>
                  Import into the register
                </Button>
              )}
            </DialogActions>
          </Stack>
        </form>
      )}
    </Dialog>
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
  if (inspection.pin === 'match' && inspection.rollback === null) {
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
