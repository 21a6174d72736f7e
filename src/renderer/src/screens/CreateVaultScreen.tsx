import { Alert, Box, Button, Group, Loader, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconFolderOpen } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { KDF_PRESET_INFO, MIN_PASSPHRASE_LENGTH, type KdfPreset, type VaultStatus } from '../../../shared/domain/vault';
import type { AppInfo } from '../lib/app-info';
import { PassphraseInput } from '../components/PassphraseInput';
import { StrengthMeter } from '../components/StrengthMeter';
import { ApiError, api, errorMessage } from '../lib/api';
import { fieldErrors } from '../lib/schema';
import { KDF_OPTIONS, describeKdf } from '../lib/kdf';
import { siblingPath } from '../lib/paths';
import { loadStrength, useStrength } from '../lib/strength';
import { WelcomeLayout } from './WelcomeLayout';

interface Props {
  info: AppInfo;
  status: VaultStatus;
  onCreated(status: VaultStatus): void;
  onBack(): void;
}

type Field = 'owner' | 'passphrase' | 'confirm' | 'path';
const ISSUE_PATHS: Record<string, Field> = { owner: 'owner', passphrase: 'passphrase', path: 'path' };

export function CreateVaultScreen({ info, status, onCreated, onBack }: Props) {
  const [owner, setOwner] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [kdf, setKdf] = useState<KdfPreset>('moderate');
  const [path, setPath] = useState(() => (status.exists ? siblingPath(status.path) : status.path));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ownerInput = useRef<HTMLInputElement>(null);
  const strength = useStrength(passphrase, [owner]);

  useEffect(() => {
    void loadStrength();
  }, []);

  const validate = (): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    if (!owner.trim()) found.owner = 'Name the person or team who owns this vault';
    if (passphrase.length < MIN_PASSPHRASE_LENGTH)
      found.passphrase = `Passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters`;
    if (confirm !== passphrase) found.confirm = 'The two passphrases differ';
    if (!path.trim()) found.path = 'Choose where to save the vault';
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found = validate();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const created = await api.vault.create({ owner: owner.trim(), passphrase, kdf, path: path.trim() });
      onCreated(created);
    } catch (e) {
      const mapped = fieldErrors(e, ISSUE_PATHS);
      if (e instanceof ApiError && e.code === 'exists') mapped.path = e.message;
      setErrors(mapped);
      if (Object.keys(mapped).length === 0) setFormError(errorMessage(e));
      setBusy(false);
    }
  };

  const choosePath = async () => {
    try {
      const chosen = await api.app.chooseVaultFile({ mode: 'create' });
      if (chosen.path) setPath(chosen.path);
    } catch (e) {
      setErrors((old) => ({ ...old, path: errorMessage(e) }));
    }
  };

  const preset = KDF_PRESET_INFO[kdf];
  return (
    <WelcomeLayout footer={`Version ${info.version}`}>
      <Box maw={460}>
        <Button
          variant="subtle"
          color="gray"
          size="compact-sm"
          leftSection={<IconArrowLeft size={14} />}
          onClick={onBack}
          disabled={busy}
          mb="md"
          ml={-8}
        >
          Back
        </Button>
        <Title order={2}>Create a vault</Title>
        <Text c="dimmed" size="sm" mt={6}>
          One vault holds your team’s accounts, their secrets and who has access. Only its passphrase opens it.
        </Text>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack mt="lg" gap="md">
            <TextInput
              ref={ownerInput}
              label="Owner or team"
              description="Shown in the app and in escrow bundles, e.g. “Communications Office”."
              placeholder="Communications Office"
              value={owner}
              onChange={(e) => setOwner(e.currentTarget.value)}
              error={errors.owner}
              autoFocus
              autoComplete="off"
              maxLength={200}
              disabled={busy}
            />
            <Box>
              <PassphraseInput
                isNew
                label="Passphrase"
                value={passphrase}
                onChange={(e) => setPassphrase(e.currentTarget.value)}
                error={errors.passphrase}
                disabled={busy}
                maxLength={1024}
              />
              <StrengthMeter strength={strength} minLength={MIN_PASSPHRASE_LENGTH} length={passphrase.length} />
            </Box>
            <PassphraseInput
              isNew
              label="Confirm passphrase"
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={
                errors.confirm ??
                (confirm && !passphrase.startsWith(confirm) ? 'The two passphrases differ' : undefined)
              }
              disabled={busy}
              maxLength={1024}
            />
            <Select
              label="Key derivation"
              description={describeKdf(preset.memoryMiB, preset.passes)}
              data={KDF_OPTIONS}
              value={kdf}
              onChange={(value) => value && setKdf(value as KdfPreset)}
              allowDeselect={false}
              disabled={busy}
            />
            {info.fileDialogs ? (
              <Box>
                <Text size="sm" fw={500}>
                  Vault file
                </Text>
                <Group gap="xs" mt={4} wrap="nowrap">
                  <Text size="sm" c="dimmed" className="path-text" style={{ flex: 1 }} title={path}>
                    {path}
                  </Text>
                  <Button
                    variant="default"
                    size="xs"
                    leftSection={<IconFolderOpen size={14} />}
                    onClick={() => void choosePath()}
                    disabled={busy}
                  >
                    Choose…
                  </Button>
                </Group>
                {errors.path ? (
                  <Text size="xs" c="red" mt={4} role="alert">
                    {errors.path}
                  </Text>
                ) : null}
              </Box>
            ) : (
              <TextInput
                label="Vault file"
                value={path}
                onChange={(e) => setPath(e.currentTarget.value)}
                error={errors.path}
                spellCheck={false}
                autoComplete="off"
                disabled={busy}
              />
            )}
            <Alert variant="light" color="yellow" icon={<IconAlertTriangle size={18} />} p="sm">
              <Text size="sm">Custodian cannot recover a forgotten passphrase. Keep it somewhere safe offline.</Text>
            </Alert>
            {formError ? (
              <Text c="red" size="sm" role="alert">
                {formError}
              </Text>
            ) : null}
            <Button
              type="submit"
              size="md"
              aria-busy={busy}
              data-busy={busy || undefined}
              leftSection={busy ? <Loader size={16} color="white" /> : undefined}
            >
              {busy ? `Deriving your key (Argon2id, ${preset.memoryMiB} MiB)…` : 'Create vault'}
            </Button>
          </Stack>
        </form>
      </Box>
    </WelcomeLayout>
  );
}
