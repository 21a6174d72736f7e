/**
 * Create or edit an account, in a drawer. On edit every secret starts as
 * "keep": nothing is sent for it unless the user chooses to replace or
 * remove it (omitted = unchanged, null = cleared, as the contract says).
 */
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Divider,
  Drawer,
  Group,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import {
  IconArrowBackUp,
  IconCircleCheck,
  IconDice5,
  IconPencil,
  IconPlus,
  IconRefresh,
  IconTrash,
} from '@tabler/icons-react';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import {
  TWO_FACTOR_LABELS,
  TWO_FACTOR_METHODS,
  type AccountDetail,
  type AccountFieldsInput,
  type SecretsInput,
  type TwoFactorMethod,
} from '../../../../shared/domain/account';
import {
  PLATFORMS,
  PLATFORM_INFO,
  handleProblem,
  normalizeHandle,
  type Platform,
} from '../../../../shared/domain/platforms';
import { PlatformIcon } from '../../components/PlatformIcon';
import { StrengthMeter } from '../../components/StrengthMeter';
import { ApiError, api, errorMessage } from '../../lib/api';
import { fieldErrors } from '../../lib/schema';
import { formatRelative, plural } from '../../lib/format';
import { useStrength } from '../../lib/strength';
import { AddPersonModal } from '../people/PersonForm';
import { PersonSelect } from '../people/PersonSelect';
import { useVaultData } from '../VaultData';
import { GeneratorDialog } from './GeneratorDialog';
import { displayHandle } from './labels';
import { EMPTY_TOTP, TotpSeedInput, checkTotp, type TotpDraft } from './TotpSeedInput';

type SecretMode = 'keep' | 'set' | 'clear';

type FieldName =
  | 'platform'
  | 'handle'
  | 'displayName'
  | 'url'
  | 'department'
  | 'manager'
  | 'purpose'
  | 'monitoredHours'
  | 'twoFactor'
  | 'password'
  | 'totp'
  | 'recoveryCodes'
  | 'notes';

const ISSUE_PATHS: Record<string, FieldName> = {
  'fields.platform': 'platform',
  'fields.handle': 'handle',
  'fields.displayName': 'displayName',
  'fields.url': 'url',
  'fields.department': 'department',
  'fields.managerId': 'manager',
  'fields.purpose': 'purpose',
  'fields.monitoredHours': 'monitoredHours',
  'fields.twoFactor': 'twoFactor',
  'secrets.password': 'password',
  'secrets.totp': 'totp',
  'secrets.recoveryCodes': 'recoveryCodes',
  'secrets.notes': 'notes',
};

const URL_PATTERN = /^https?:\/\/[^\s]+$/i;
const PLATFORM_OPTIONS = PLATFORMS.map((p) => ({ value: p, label: PLATFORM_INFO[p].label }));
const TWO_FACTOR_OPTIONS = TWO_FACTOR_METHODS.map((m) => ({ value: m, label: TWO_FACTOR_LABELS[m] }));

interface Props {
  mode: 'create' | 'edit';
  account: AccountDetail | null;
  onClose(): void;
  onSaved(account: AccountDetail): void;
}

const splitCodes = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

export function AccountForm({ mode, account, onClose, onSaved }: Props) {
  const editing = mode === 'edit' && account !== null;
  const initialSecretMode: SecretMode = editing ? 'keep' : 'set';

  const [platform, setPlatform] = useState<Platform | null>(account?.platform ?? null);
  const [handle, setHandle] = useState(account?.handle ?? '');
  const [displayName, setDisplayName] = useState(account?.displayName ?? '');
  const [url, setUrl] = useState(account?.url ?? '');
  const [department, setDepartment] = useState(account?.department ?? '');
  const [managerId, setManagerId] = useState<number | null>(account?.managerId ?? null);
  /** "Add a person…" from the manager picker: the name typed so far, while the dialog is open. */
  const [addingManager, setAddingManager] = useState<string | null>(null);
  const { people, peopleById } = useVaultData();
  const legacyManager =
    account && account.managerId === null && account.manager
      ? account.manager.replace(/ \(not in the directory\)$/, '')
      : null;
  const [purpose, setPurpose] = useState(account?.purpose ?? '');
  const [monitoredHours, setMonitoredHours] = useState(account?.monitoredHours ?? '');
  const [twoFactor, setTwoFactor] = useState<TwoFactorMethod>(account?.twoFactor ?? 'none');

  const [passwordMode, setPasswordMode] = useState<SecretMode>(initialSecretMode);
  const [password, setPassword] = useState('');
  const [totpMode, setTotpMode] = useState<SecretMode>(initialSecretMode);
  const [totp, setTotp] = useState<TotpDraft>(EMPTY_TOTP);
  const [codesMode, setCodesMode] = useState<SecretMode>(initialSecretMode);
  const [codes, setCodes] = useState('');
  const [notesMode, setNotesMode] = useState<SecretMode>(initialSecretMode);
  const [notes, setNotes] = useState('');

  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [generatorOpen, setGeneratorOpen] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [loadingSecret, setLoadingSecret] = useState<'recoveryCodes' | 'notes' | null>(null);

  /** Wraps a setter so any edit marks the form dirty and drops the server's stale complaint about that field. */
  const edit =
    <T,>(field: FieldName, set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setDirty(true);
      if (serverErrors[field]) setServerErrors((old) => ({ ...old, [field]: undefined }));
    };

  const strength = useStrength(passwordMode === 'set' ? password : '', [handle, displayName]);
  const totpCheck = useMemo(() => (totpMode === 'set' ? checkTotp(totp) : null), [totp, totpMode]);
  const codeLines = useMemo(() => splitCodes(codes), [codes]);

  // Live validation, mirroring the contract so the server rarely has to say no.
  const problems: Partial<Record<FieldName, string>> = {};
  if (!platform) problems.platform = 'Choose the platform';
  if (platform) {
    const problem = handleProblem(platform, handle);
    if (problem) problems.handle = problem;
  } else if (!handle.trim()) problems.handle = 'Handle is empty';
  if (url.trim() && !URL_PATTERN.test(url.trim())) problems.url = 'URL must start with http:// or https://';
  if (editing && passwordMode === 'set' && password === '')
    problems.password = 'Type or generate the new password, or keep the current one';
  if (password.length > 1024) problems.password = 'At most 1024 characters';
  if (totpMode === 'set' && totpCheck && 'problem' in totpCheck) problems.totp = totpCheck.problem;
  if (editing && totpMode === 'set' && totp.seed.trim() === '')
    problems.totp = 'Paste the new seed, or keep the current one';
  if (codesMode === 'set') {
    if (codeLines.length > 100) problems.recoveryCodes = 'At most 100 recovery codes';
    else if (codeLines.some((line) => line.length > 200))
      problems.recoveryCodes = 'Each code is at most 200 characters';
  }
  if (notes.length > 20000) problems.notes = 'Notes are limited to 20,000 characters';

  const shown = (field: FieldName): string | undefined => {
    if (serverErrors[field]) return serverErrors[field];
    const problem = problems[field];
    if (!problem) return undefined;
    // Rule breaks show as you type; an empty handle waits for a blur, an unchosen platform for a save attempt.
    if (field === 'platform') return submitted ? problem : undefined;
    if (field === 'password' && password === '') return submitted ? problem : undefined;
    const emptyComplaint = field === 'handle' && handle.trim() === '';
    return !emptyComplaint || touched[field] || submitted ? problem : undefined;
  };
  const touch = (field: FieldName) => () => setTouched((t) => ({ ...t, [field]: true }));

  const handleValid = platform !== null && !problems.handle;
  const profileUrl =
    platform && handleValid ? PLATFORM_INFO[platform].profileUrl?.(normalizeHandle(handle)) : undefined;
  const rules = platform ? PLATFORM_INFO[platform].password : null;
  const passwordRuleNote =
    rules &&
    passwordMode === 'set' &&
    password.length > 0 &&
    (password.length < rules.minLength || password.length > rules.maxLength)
      ? `${PLATFORM_INFO[platform!].label} accepts ${rules.minLength}–${rules.maxLength} characters`
      : null;

  const buildSecrets = (): SecretsInput => {
    const secrets: SecretsInput = {};
    if (passwordMode === 'clear') secrets.password = null;
    else if (passwordMode === 'set' && password !== '') secrets.password = password;
    if (totpMode === 'clear') secrets.totp = null;
    else if (totpMode === 'set' && totp.seed.trim() !== '')
      secrets.totp = {
        seed: totp.seed.trim(),
        ...(totp.digits ? { digits: totp.digits } : {}),
        ...(totp.period ? { period: totp.period } : {}),
        ...(totp.algorithm ? { algorithm: totp.algorithm } : {}),
      };
    if (codesMode === 'clear') secrets.recoveryCodes = null;
    else if (codesMode === 'set') {
      if (codeLines.length > 0) secrets.recoveryCodes = codeLines;
      else if (editing) secrets.recoveryCodes = null;
    }
    if (notesMode === 'clear') secrets.notes = null;
    else if (notesMode === 'set') {
      if (notes.trim() !== '') secrets.notes = notes;
      else if (editing) secrets.notes = null;
    }
    return secrets;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setSubmitted(true);
    setFormError(null);
    if (Object.keys(problems).length > 0 || !platform) {
      const first = document.querySelector<HTMLElement>('.account-form [aria-invalid="true"]');
      first?.focus();
      return;
    }
    const fields: AccountFieldsInput = {
      platform,
      handle: handle.trim(),
      displayName,
      url: url.trim(),
      department,
      managerId,
      purpose,
      monitoredHours,
      twoFactor,
    };
    setBusy(true);
    try {
      const saved = editing
        ? await api.accounts.update({ id: account.id, fields, secrets: buildSecrets() })
        : await api.accounts.create({ fields, secrets: buildSecrets() });
      setPassword('');
      onSaved(saved);
    } catch (e) {
      const mapped = fieldErrors(e, ISSUE_PATHS) as Partial<Record<FieldName, string>>;
      if (e instanceof ApiError && e.code === 'conflict' && /already registered/.test(e.message))
        mapped.handle = e.message;
      else if (e instanceof ApiError && e.code === 'conflict' && /manager/.test(e.message)) mapped.manager = e.message;
      setServerErrors(mapped);
      if (Object.keys(mapped).length === 0) setFormError(errorMessage(e));
      setBusy(false);
    }
  };

  const requestClose = () => {
    if (busy) return;
    if (dirty) setConfirmDiscard(true);
    else onClose();
  };

  /** "Edit" on stored recovery codes or notes starts from the current text (an explicit, audited reveal). */
  const editStored = async (field: 'recoveryCodes' | 'notes') => {
    if (!account) return;
    setLoadingSecret(field);
    try {
      const { value } = await api.secrets.reveal({ accountId: account.id, field });
      if (field === 'recoveryCodes') {
        setCodes(value);
        setCodesMode('set');
      } else {
        setNotes(value);
        setNotesMode('set');
      }
      setDirty(true);
    } catch (e) {
      setFormError(errorMessage(e));
    } finally {
      setLoadingSecret(null);
    }
  };

  const title = editing ? `Edit ${displayHandle(account.platform, account.handle)}` : 'New account';

  return (
    <Drawer
      opened
      onClose={requestClose}
      position="right"
      size={600}
      title={
        <Text fw={650} size="lg">
          {title}
        </Text>
      }
      closeOnClickOutside={false}
      classNames={{ body: 'drawer-body', content: 'drawer-content' }}
      closeButtonProps={{ 'aria-label': 'Close form' }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate className="account-form" aria-label={title}>
        <Box className="drawer-scroll">
          <FormSection title="Account">
            <SimpleGrid cols={2} spacing="md">
              <Select
                label="Platform"
                placeholder="Choose a platform"
                data={PLATFORM_OPTIONS}
                value={platform}
                onChange={(value) => edit('platform', setPlatform)((value as Platform | null) ?? null)}
                searchable
                allowDeselect={false}
                withAsterisk
                error={shown('platform')}
                leftSection={platform ? <PlatformIcon platform={platform} size={18} decorative /> : undefined}
                renderOption={({ option }) => (
                  <Group gap="sm" wrap="nowrap">
                    <PlatformIcon platform={option.value as Platform} size={20} decorative />
                    <Text size="sm">{option.label}</Text>
                  </Group>
                )}
                comboboxProps={{ withinPortal: true }}
                maxDropdownHeight={320}
                data-autofocus={!editing || undefined}
                openOnFocus={false}
              />
              <TextInput
                label="Handle"
                withAsterisk
                placeholder={
                  platform === 'bluesky'
                    ? 'ourbrand.bsky.social'
                    : platform === 'mastodon'
                      ? 'ourbrand@mastodon.social'
                      : 'ourbrand'
                }
                description={
                  shown('handle')
                    ? undefined
                    : platform
                      ? PLATFORM_INFO[platform].handle.hint
                      : 'Choose the platform first'
                }
                inputWrapperOrder={['label', 'input', 'error', 'description']}
                value={handle}
                onChange={(e) => edit('handle', setHandle)(e.currentTarget.value)}
                onBlur={touch('handle')}
                error={shown('handle')}
                rightSection={
                  handleValid && handle.trim() ? (
                    <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" aria-hidden />
                  ) : undefined
                }
                spellCheck={false}
                autoComplete="off"
                maxLength={256}
              />
            </SimpleGrid>
            <SimpleGrid cols={2} spacing="md">
              <TextInput
                label="Display name"
                placeholder="Our Brand News"
                value={displayName}
                onChange={(e) => edit('displayName', setDisplayName)(e.currentTarget.value)}
                error={shown('displayName')}
                maxLength={200}
                autoComplete="off"
              />
              <TextInput
                label="Profile URL"
                placeholder={profileUrl ?? 'https://…'}
                value={url}
                onChange={(e) => edit('url', setUrl)(e.currentTarget.value)}
                onBlur={touch('url')}
                error={shown('url')}
                description={
                  profileUrl && url.trim() === '' ? (
                    <Anchor component="button" type="button" size="xs" onClick={() => edit('url', setUrl)(profileUrl)}>
                      Use {profileUrl.replace(/^https:\/\/(www\.)?/, '')}
                    </Anchor>
                  ) : undefined
                }
                inputWrapperOrder={['label', 'input', 'error', 'description']}
                spellCheck={false}
                autoComplete="off"
                maxLength={2048}
              />
            </SimpleGrid>
            <SimpleGrid cols={2} spacing="md">
              <TextInput
                label="Department"
                placeholder="Communications"
                value={department}
                onChange={(e) => edit('department', setDepartment)(e.currentTarget.value)}
                error={shown('department')}
                maxLength={200}
                autoComplete="off"
              />
              <PersonSelect
                label="Account manager"
                description={
                  legacyManager && managerId === null
                    ? `Recorded as “${legacyManager}”, who is not in the directory: choose or add them`
                    : managerId !== null && peopleById.get(managerId)?.status === 'left'
                      ? 'They have left: choose a new manager'
                      : 'The one person accountable for it'
                }
                inputWrapperOrder={['label', 'input', 'error', 'description']}
                placeholder="Search the directory"
                people={people}
                value={managerId}
                onChange={edit('manager', setManagerId)}
                noneLabel="No manager"
                onAddPerson={(typed) => setAddingManager(typed || legacyManager || '')}
                error={shown('manager')}
              />
            </SimpleGrid>
            <Textarea
              label="Purpose"
              placeholder="What the account is for and who it speaks to"
              value={purpose}
              onChange={(e) => edit('purpose', setPurpose)(e.currentTarget.value)}
              error={shown('purpose')}
              autosize
              minRows={2}
              maxRows={5}
              maxLength={2000}
            />
            <TextInput
              label="Monitored hours"
              placeholder="Mon–Fri 09:00–17:00"
              value={monitoredHours}
              onChange={(e) => edit('monitoredHours', setMonitoredHours)(e.currentTarget.value)}
              error={shown('monitoredHours')}
              maxLength={200}
              autoComplete="off"
            />
          </FormSection>

          <FormSection title="Sign-in">
            <SecretSlot
              label="Password"
              editing={editing}
              stored={account?.hasPassword ?? false}
              storedText={
                account?.passwordChangedAt ? `Stored · changed ${formatRelative(account.passwordChangedAt)}` : 'Stored'
              }
              mode={passwordMode}
              onMode={(m) => {
                setPasswordMode(m);
                setPassword('');
                setDirty(true);
              }}
            >
              <Box>
                <Group gap="xs" align="flex-end" wrap="nowrap">
                  <PasswordInput
                    style={{ flex: 1 }}
                    label={editing ? 'New password' : 'Password'}
                    value={password}
                    onChange={(e) => edit('password', setPassword)(e.currentTarget.value)}
                    error={shown('password') ? true : undefined}
                    autoComplete="off"
                    spellCheck={false}
                    autoFocus={editing}
                    maxLength={1024}
                    classNames={{ input: 'mono-input' }}
                  />
                  <Button
                    variant="default"
                    leftSection={<IconDice5 size={16} />}
                    onClick={() => setGeneratorOpen(true)}
                  >
                    Generate…
                  </Button>
                </Group>
                {shown('password') ? (
                  <Text size="xs" c="red" mt={4} role="alert">
                    {shown('password')}
                  </Text>
                ) : null}
                <StrengthMeter strength={strength} length={password.length} />
                {passwordRuleNote ? (
                  <Text size="xs" c="orange.8" mt={2}>
                    {passwordRuleNote}
                  </Text>
                ) : null}
              </Box>
            </SecretSlot>

            <Select
              label="Two-factor method"
              data={TWO_FACTOR_OPTIONS}
              value={twoFactor}
              onChange={(value) => value && edit('twoFactor', setTwoFactor)(value as TwoFactorMethod)}
              allowDeselect={false}
              error={shown('twoFactor')}
              description={
                twoFactor === 'none' ? 'Policy asks for two-factor authentication on every account.' : undefined
              }
              inputWrapperOrder={['label', 'input', 'error', 'description']}
            />

            <SecretSlot
              label="TOTP seed"
              editing={editing}
              stored={account?.hasTotp ?? false}
              storedText={
                account?.totp ? `Stored · ${account.totp.digits} digits every ${account.totp.period} s` : 'Stored'
              }
              mode={totpMode}
              onMode={(m) => {
                setTotpMode(m);
                setTotp(EMPTY_TOTP);
                setDirty(true);
              }}
            >
              <TotpSeedInput
                value={totp}
                onChange={(next) => {
                  edit('totp', setTotp)(next);
                  const ok = checkTotp(next);
                  if (ok && 'config' in ok && twoFactor === 'none') setTwoFactor('totp');
                }}
                error={serverErrors.totp ?? (editing && submitted ? problems.totp : undefined)}
                autoFocus={editing}
              />
            </SecretSlot>

            <SecretSlot
              label="Recovery codes"
              editing={editing}
              stored={(account?.recoveryCodeCount ?? 0) > 0}
              storedText={account ? `${plural(account.recoveryCodeCount, 'code')} stored` : ''}
              mode={codesMode}
              onMode={(m) => {
                setCodesMode(m);
                setCodes('');
                setDirty(true);
              }}
              onEditStored={() => void editStored('recoveryCodes')}
              loadingStored={loadingSecret === 'recoveryCodes'}
            >
              <Textarea
                label="Recovery codes"
                description={codeLines.length ? `${plural(codeLines.length, 'code')}, one per line` : 'One per line'}
                inputWrapperOrder={['label', 'input', 'error', 'description']}
                value={codes}
                onChange={(e) => edit('recoveryCodes', setCodes)(e.currentTarget.value)}
                error={shown('recoveryCodes')}
                autosize
                minRows={3}
                maxRows={8}
                spellCheck={false}
                autoComplete="off"
                classNames={{ input: 'mono-input' }}
              />
            </SecretSlot>
          </FormSection>

          <FormSection title="Notes" last>
            <SecretSlot
              label="Notes"
              editing={editing}
              stored={account?.hasNotes ?? false}
              storedText="Stored (hidden)"
              mode={notesMode}
              onMode={(m) => {
                setNotesMode(m);
                setNotes('');
                setDirty(true);
              }}
              onEditStored={() => void editStored('notes')}
              loadingStored={loadingSecret === 'notes'}
            >
              <Textarea
                label="Notes"
                description="Encrypted like the password, and hidden until revealed."
                inputWrapperOrder={['label', 'input', 'error', 'description']}
                value={notes}
                onChange={(e) => edit('notes', setNotes)(e.currentTarget.value)}
                error={shown('notes')}
                autosize
                minRows={3}
                maxRows={10}
                spellCheck={false}
                maxLength={20000}
              />
            </SecretSlot>
          </FormSection>
        </Box>

        <Box className="drawer-footer">
          {confirmDiscard ? (
            <Group justify="space-between" wrap="nowrap" role="alertdialog" aria-label="Discard changes?">
              <Text size="sm" fw={500}>
                Discard your changes?
              </Text>
              <Group gap="xs">
                <Button variant="default" onClick={() => setConfirmDiscard(false)}>
                  Keep editing
                </Button>
                <Button color="red" onClick={onClose}>
                  Discard
                </Button>
              </Group>
            </Group>
          ) : (
            <>
              {formError ? (
                <Alert color="red" variant="light" p="xs" mb="sm" role="alert">
                  <Text size="sm">{formError}</Text>
                </Alert>
              ) : submitted && Object.keys(problems).length > 0 ? (
                <Text size="sm" c="red" mb="sm" role="alert">
                  {plural(Object.keys(problems).length, 'field needs', 'fields need')} attention.
                </Text>
              ) : null}
              <Group justify="flex-end">
                <Button variant="default" onClick={requestClose} disabled={busy}>
                  Cancel
                </Button>
                <Button type="submit" loading={busy}>
                  {editing ? 'Save changes' : 'Add account'}
                </Button>
              </Group>
            </>
          )}
        </Box>
      </form>
      <AddPersonModal
        initialName={addingManager}
        onClose={() => setAddingManager(null)}
        onSaved={(person) => {
          edit('manager', setManagerId)(person.id);
          setAddingManager(null);
        }}
      />
      <GeneratorDialog
        opened={generatorOpen}
        platform={platform}
        onClose={() => setGeneratorOpen(false)}
        onUse={(generated) => {
          edit('password', setPassword)(generated);
          setGeneratorOpen(false);
        }}
      />
    </Drawer>
  );
}

function FormSection({ title, children, last = false }: { title: string; children: ReactNode; last?: boolean }) {
  return (
    <Box component="fieldset" className="form-section">
      <Text component="legend" size="xs" fw={600} c="dimmed" tt="uppercase" style={{ letterSpacing: '0.05em' }}>
        {title}
      </Text>
      <Stack gap="md">{children}</Stack>
      {last ? null : <Divider mt="xl" />}
    </Box>
  );
}

/**
 * One stored secret on the edit form. Starts at "keep"; Replace / Remove /
 * Edit are explicit, and each can be undone before saving. On create the
 * input shows directly.
 */
function SecretSlot({
  label,
  editing,
  stored,
  storedText,
  mode,
  onMode,
  onEditStored,
  loadingStored = false,
  children,
}: {
  label: string;
  editing: boolean;
  stored: boolean;
  storedText: string;
  mode: SecretMode;
  onMode(mode: SecretMode): void;
  onEditStored?: () => void;
  loadingStored?: boolean;
  children: ReactNode;
}) {
  if (!editing) return <>{children}</>;
  const lower = label.toLowerCase();
  if (mode === 'set') {
    return (
      <Box className="secret-slot" data-mode="set">
        {children}
        <Button
          variant="subtle"
          size="compact-xs"
          color="gray"
          mt={6}
          leftSection={<IconArrowBackUp size={13} />}
          onClick={() => onMode('keep')}
        >
          {stored ? `Keep the current ${lower}` : 'Cancel'}
        </Button>
      </Box>
    );
  }
  return (
    <Box className="secret-slot" data-mode={mode} role="group" aria-label={label}>
      <Group justify="space-between" wrap="nowrap">
        <Box miw={0}>
          <Group gap={8}>
            <Text size="sm" fw={500}>
              {label}
            </Text>
            {mode === 'clear' ? (
              <Badge size="xs" color="red" variant="light">
                Will be removed
              </Badge>
            ) : stored ? (
              <Badge size="xs" color="gray" variant="light">
                Unchanged
              </Badge>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed" mt={2}>
            {mode === 'clear' ? 'Removed from the vault when you save' : stored ? storedText : 'Not stored'}
          </Text>
        </Box>
        <Group gap={6} wrap="nowrap">
          {mode === 'clear' ? (
            <Button
              variant="default"
              size="xs"
              leftSection={<IconArrowBackUp size={14} />}
              onClick={() => onMode('keep')}
            >
              Undo
            </Button>
          ) : stored ? (
            <>
              {onEditStored ? (
                <Button
                  variant="default"
                  size="xs"
                  leftSection={<IconPencil size={14} />}
                  onClick={onEditStored}
                  loading={loadingStored}
                  aria-label={`Edit ${lower}`}
                >
                  Edit
                </Button>
              ) : (
                <Button
                  variant="default"
                  size="xs"
                  leftSection={<IconRefresh size={14} />}
                  onClick={() => onMode('set')}
                  aria-label={`Replace ${lower}`}
                >
                  Replace
                </Button>
              )}
              <Button
                variant="subtle"
                color="red"
                size="xs"
                leftSection={<IconTrash size={14} />}
                onClick={() => onMode('clear')}
                aria-label={`Remove ${lower}`}
              >
                Remove
              </Button>
            </>
          ) : (
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => onMode('set')}
              aria-label={`Add ${lower}`}
            >
              Add
            </Button>
          )}
        </Group>
      </Group>
    </Box>
  );
}
