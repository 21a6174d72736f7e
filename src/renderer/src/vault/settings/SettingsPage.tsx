import {
  Box,
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
  useMantineColorScheme,
} from '@mantine/core';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Settings } from '../../../../shared/domain/settings';
import {
  KDF_PRESET_INFO,
  MIN_PASSPHRASE_LENGTH,
  type KdfPreset,
  type VaultStatus,
} from '../../../../shared/domain/vault';
import { useFeedback } from '../../components/Feedback';
import { PassphraseInput } from '../../components/PassphraseInput';
import { StrengthMeter } from '../../components/StrengthMeter';
import { ApiError, api, errorMessage } from '../../lib/api';
import { fieldErrors } from '../../lib/schema';
import { formatDateTime } from '../../lib/format';
import { loadStrength, useStrength } from '../../lib/strength';
import { KDF_OPTIONS } from '../../lib/kdf';
import { useVaultData } from '../VaultData';
import { PolicySettings } from './PolicySettings';

interface Props {
  status: VaultStatus;
  onStatus(status: VaultStatus): void;
}

export function SettingsPage({ status, onStatus }: Props) {
  const { settings, patch } = useVaultData();
  const onSettings = patch.settings;
  return (
    <Box className="page-scroll">
      <Box className="settings-inner">
        <Title order={3}>Settings</Title>
        <Text c="dimmed" size="sm" mt={4}>
          These apply to this vault, on every computer that opens it.
        </Text>
        <Stack gap="lg" mt="xl">
          {settings ? (
            <SessionSettings
              key={`${settings.autoLockMinutes}:${settings.clipboardSeconds}`}
              settings={settings}
              onSettings={onSettings}
            />
          ) : (
            <Skeleton height={180} radius="md" />
          )}
          {settings ? (
            <Card
              title="Organisation policy"
              description="What the Compliance page and custodian report check every account against."
            >
              <PolicySettings key={policyKey(settings)} settings={settings} onSettings={onSettings} />
            </Card>
          ) : null}
          {settings ? (
            <TakeoverSettings key={settings.takeoverMaxDays} settings={settings} onSettings={onSettings} />
          ) : null}
          <ChangePassphrase status={status} onStatus={onStatus} />
          <Appearance />
          <AboutVault status={status} />
        </Stack>
      </Box>
    </Box>
  );
}

/** A new copy of the policy (saved, or applied from a press team's file) resets the form. */
const policyKey = (s: Settings) =>
  JSON.stringify([s.handleRules, s.minHolders, s.holdersSameDepartment, s.twoFactorRequired, s.minPasswordStrength]);

function Card({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg" component="section" aria-label={title}>
      <Text fw={600}>{title}</Text>
      {description ? (
        <Text size="sm" c="dimmed" mt={2}>
          {description}
        </Text>
      ) : null}
      <Box mt="md">{children}</Box>
    </Paper>
  );
}

function SessionSettings({ settings, onSettings }: { settings: Settings; onSettings(settings: Settings): void }) {
  const feedback = useFeedback();
  const [autoLock, setAutoLock] = useState<number | string>(settings.autoLockMinutes);
  const [clipboard, setClipboard] = useState<number | string>(settings.clipboardSeconds);
  const [errors, setErrors] = useState<{ autoLockMinutes?: string; clipboardSeconds?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const lockValue = typeof autoLock === 'number' ? autoLock : NaN;
  const clipValue = typeof clipboard === 'number' ? clipboard : NaN;
  const lockProblem =
    Number.isInteger(lockValue) && lockValue >= 1 && lockValue <= 240 ? undefined : 'Between 1 and 240 minutes';
  const clipProblem =
    Number.isInteger(clipValue) && clipValue >= 5 && clipValue <= 600 ? undefined : 'Between 5 and 600 seconds';
  const dirty = lockValue !== settings.autoLockMinutes || clipValue !== settings.clipboardSeconds;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (lockProblem || clipProblem) return setErrors({ autoLockMinutes: lockProblem, clipboardSeconds: clipProblem });
    setBusy(true);
    setFormError(null);
    try {
      const next = await api.settings.update({ autoLockMinutes: lockValue, clipboardSeconds: clipValue });
      onSettings(next);
      feedback.toast('Settings saved');
    } catch (e) {
      const mapped = fieldErrors(e, { autoLockMinutes: 'autoLockMinutes', clipboardSeconds: 'clipboardSeconds' });
      setErrors(mapped);
      if (Object.keys(mapped).length === 0) setFormError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Card
      title="Locking and clipboard"
      description="How long the vault stays open, and how long a copied secret stays on the clipboard."
    >
      <form onSubmit={(e) => void save(e)} noValidate>
        <SimpleGrid cols={2} spacing="lg">
          <NumberInput
            label="Lock after idle"
            description="1 to 240 minutes without activity"
            inputWrapperOrder={['label', 'input', 'error', 'description']}
            suffix=" min"
            min={1}
            max={240}
            allowDecimal={false}
            allowNegative={false}
            value={autoLock}
            onChange={(v) => {
              setAutoLock(v);
              setErrors((e) => ({ ...e, autoLockMinutes: undefined }));
            }}
            error={errors.autoLockMinutes}
            aria-label="Auto-lock minutes"
          />
          <NumberInput
            label="Clear clipboard after"
            description="5 to 600 seconds, if it still holds our copy"
            inputWrapperOrder={['label', 'input', 'error', 'description']}
            suffix=" s"
            min={5}
            max={600}
            allowDecimal={false}
            allowNegative={false}
            value={clipboard}
            onChange={(v) => {
              setClipboard(v);
              setErrors((e) => ({ ...e, clipboardSeconds: undefined }));
            }}
            error={errors.clipboardSeconds}
            aria-label="Clipboard seconds"
          />
        </SimpleGrid>
        {formError ? (
          <Text c="red" size="sm" mt="sm" role="alert">
            {formError}
          </Text>
        ) : null}
        <Group justify="flex-end" mt="lg">
          <Button type="submit" disabled={!dirty} loading={busy}>
            Save
          </Button>
        </Group>
      </form>
    </Card>
  );
}

function TakeoverSettings({ settings, onSettings }: { settings: Settings; onSettings(settings: Settings): void }) {
  const feedback = useFeedback();
  const [days, setDays] = useState<number | string>(settings.takeoverMaxDays);
  const [error, setError] = useState<string | undefined>(undefined);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const value = typeof days === 'number' ? days : NaN;
  const problem = Number.isInteger(value) && value >= 1 && value <= 90 ? undefined : 'Between 1 and 90 days';

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (problem) return setError(problem);
    setBusy(true);
    setFormError(null);
    try {
      const next = await api.settings.update({ takeoverMaxDays: value });
      onSettings(next);
      feedback.toast('Settings saved');
    } catch (e) {
      const mapped = fieldErrors(e, { takeoverMaxDays: 'days' });
      setError(mapped.days);
      if (!mapped.days) setFormError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Card title="Takeovers" description="The longest a takeover may run. Policy wants temporary access to stay short.">
      <form onSubmit={(e) => void save(e)} noValidate>
        <Group align="flex-start" justify="space-between" wrap="nowrap">
          <NumberInput
            label="Longest takeover"
            description="1 to 90 days"
            inputWrapperOrder={['label', 'input', 'error', 'description']}
            suffix=" days"
            min={1}
            max={90}
            allowDecimal={false}
            allowNegative={false}
            value={days}
            onChange={(v) => {
              setDays(v);
              setError(undefined);
            }}
            error={error}
            w={220}
            aria-label="Longest takeover in days"
          />
          <Button type="submit" mt={25} disabled={value === settings.takeoverMaxDays} loading={busy}>
            Save
          </Button>
        </Group>
        {formError ? (
          <Text c="red" size="sm" mt="sm" role="alert">
            {formError}
          </Text>
        ) : null}
      </form>
    </Card>
  );
}

function ChangePassphrase({ status, onStatus }: { status: VaultStatus; onStatus(status: VaultStatus): void }) {
  const feedback = useFeedback();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [kdf, setKdf] = useState<KdfPreset | 'keep'>('keep');
  const [errors, setErrors] = useState<{ current?: string; next?: string; confirm?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const strength = useStrength(next, [status.vault?.owner ?? '']);
  const currentKdf = status.vault?.kdf;

  useEffect(() => {
    void loadStrength();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!current) found.current = 'Enter the current passphrase';
    if (next.length < MIN_PASSPHRASE_LENGTH) found.next = `At least ${MIN_PASSPHRASE_LENGTH} characters`;
    else if (next === current) found.next = 'The new passphrase is the same as the current one';
    if (confirm !== next) found.confirm = 'The two passphrases differ';
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const updated = await api.vault.changePassphrase({ current, next, ...(kdf !== 'keep' ? { kdf } : {}) });
      setCurrent('');
      setNext('');
      setConfirm('');
      setKdf('keep');
      onStatus(updated);
      feedback.toast('Passphrase changed. Use the new one from now on.');
    } catch (e) {
      const mapped = fieldErrors(e, { current: 'current', next: 'next' }) as typeof errors;
      if (e instanceof ApiError && e.code === 'wrong_passphrase') mapped.current = e.message;
      setErrors(mapped);
      if (Object.keys(mapped).length === 0) setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const keepLabel =
    currentKdf && currentKdf !== 'custom'
      ? `Keep current: ${KDF_PRESET_INFO[currentKdf].label}`
      : 'Keep the current cost';
  return (
    <Card
      title="Change passphrase"
      description="Re-wraps the vault key under a new passphrase. Accounts and secrets are not re-encrypted, so it is quick."
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
          <PassphraseInput
            label="Current passphrase"
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={errors.current}
            disabled={busy}
          />
          <SimpleGrid cols={2} spacing="lg">
            <Box>
              <PassphraseInput
                isNew
                label="New passphrase"
                value={next}
                onChange={(e) => setNext(e.currentTarget.value)}
                error={errors.next}
                disabled={busy}
                maxLength={1024}
              />
              <StrengthMeter strength={strength} minLength={MIN_PASSPHRASE_LENGTH} length={next.length} />
            </Box>
            <PassphraseInput
              isNew
              label="Confirm new passphrase"
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={errors.confirm}
              disabled={busy}
              maxLength={1024}
            />
          </SimpleGrid>
          <Select
            label="Key derivation"
            data={[{ value: 'keep', label: keepLabel }, ...KDF_OPTIONS]}
            value={kdf}
            onChange={(v) => v && setKdf(v as KdfPreset | 'keep')}
            allowDeselect={false}
            disabled={busy}
          />
          {formError ? (
            <Text c="red" size="sm" role="alert">
              {formError}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={busy} disabled={!current && !next && !confirm}>
              Change passphrase
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function Appearance() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <Card title="Appearance">
      <SegmentedControl
        value={colorScheme}
        onChange={(v) => setColorScheme(v as 'light' | 'dark' | 'auto')}
        data={[
          { value: 'light', label: 'Light' },
          { value: 'dark', label: 'Dark' },
          { value: 'auto', label: 'Match system' },
        ]}
        aria-label="Colour scheme"
      />
    </Card>
  );
}

function AboutVault({ status }: { status: VaultStatus }) {
  const vault = status.vault;
  const kdf = vault?.kdf;
  return (
    <Card title="About this vault">
      <dl className="detail-grid compact">
        <div className="detail-field">
          <dt>Owner</dt>
          <dd>{vault?.owner ?? '—'}</dd>
        </div>
        <div className="detail-field">
          <dt>Created</dt>
          <dd>{vault ? formatDateTime(vault.createdAt) : '—'}</dd>
        </div>
        <div className="detail-field wide">
          <dt>File</dt>
          <dd className="selectable path-text">{status.path}</dd>
        </div>
        <div className="detail-field">
          <dt>Key derivation</dt>
          <dd>{kdf ? (kdf === 'custom' ? 'Custom Argon2id parameters' : KDF_PRESET_INFO[kdf].label) : '—'}</dd>
        </div>
        <div className="detail-field">
          <dt>Vault ID</dt>
          <dd className="selectable mono-small">{vault?.id ?? '—'}</dd>
        </div>
        <div className="detail-field wide">
          <dt>Signing key fingerprint</dt>
          <dd>
            <Text span className="selectable mono-small" aria-label="Signing key fingerprint">
              {vault?.keyFingerprint ?? '—'}
            </Text>
            <Text size="xs" c="dimmed" mt={2}>
              One-time credentials this vault issues show it: read it out when someone asks whether a ticket really
              comes from you.
            </Text>
          </dd>
        </div>
      </dl>
    </Card>
  );
}
