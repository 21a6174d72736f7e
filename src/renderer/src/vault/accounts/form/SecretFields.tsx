/**
 * The account form's secrets: the sign-in name typed at the platform's
 * login form, the password (with the generator and the
 * platform's length rule), the two-factor method and TOTP seed, recovery
 * codes and notes. On edit each is a slot that starts at "keep".
 */
import { Badge, Box, Button, Group, PasswordInput, Select, Text, TextInput, Textarea } from '@mantine/core';
import { IconArrowBackUp, IconDice5, IconPencil, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import {
  TWO_FACTOR_LABELS,
  TWO_FACTOR_METHODS,
  type AccountDetail,
  type TwoFactorMethod,
} from '../../../../../shared/domain/account';
import { PLATFORM_INFO } from '../../../../../shared/domain/platforms';
import { FormSection } from '../../../components/FormParts';
import { StrengthMeter } from '../../../components/StrengthMeter';
import { api, errorMessage } from '../../../lib/api';
import { formatRelative, plural } from '../../../lib/format';
import { useStrength } from '../../../lib/strength';
import { useAction } from '../../../lib/useAction';
import { checkTotp, TotpSeedInput } from '../TotpSeedInput';
import type { SecretMode, useAccountForm } from './useAccountForm';

const TWO_FACTOR_OPTIONS = TWO_FACTOR_METHODS.map((m) => ({ value: m, label: TWO_FACTOR_LABELS[m] }));

export function SecretFields({
  form,
  account,
  editing,
  onGenerate,
  onRefused,
}: {
  form: ReturnType<typeof useAccountForm>;
  account: AccountDetail | null;
  editing: boolean;
  /** Opens the password generator. */
  onGenerate(): void;
  /** A stored secret could not be read for editing. */
  onRefused(message: string): void;
}) {
  const { secrets, values } = form;
  const password = secrets.password;
  const strength = useStrength(password.mode === 'set' ? password.value : '', [values.handle, values.displayName]);
  const rules = values.platform ? PLATFORM_INFO[values.platform].password : null;
  const passwordRuleNote =
    rules &&
    password.mode === 'set' &&
    password.value.length > 0 &&
    (password.value.length < rules.minLength || password.value.length > rules.maxLength)
      ? `${PLATFORM_INFO[values.platform!].label} accepts ${rules.minLength}–${rules.maxLength} characters`
      : null;

  /** "Edit" on a stored sign-in name, recovery codes or notes starts from the current text (an explicit, audited reveal). */
  const editStored = useAction(
    async (field: 'signInName' | 'recoveryCodes' | 'notes') => {
      if (!account) return;
      const { value } = await api.secrets.reveal({ accountId: account.id, field });
      form.setSecretMode(field, 'set', value);
    },
    {
      onRefused(error) {
        onRefused(errorMessage(error));
        return true;
      },
    },
  );

  return (
    <>
      <FormSection title="Sign-in">
        <SecretSlot
          label="Sign-in name"
          editing={editing}
          stored={account?.hasSignInName ?? false}
          storedText="Stored (hidden)"
          mode={secrets.signInName.mode}
          onMode={(m) => form.setSecretMode('signInName', m)}
          onEditStored={() => void editStored.run('signInName')}
          loadingStored={editStored.pending?.[0] === 'signInName'}
        >
          <TextInput
            label="Sign-in name"
            description="The email, phone number or username typed at the platform’s login form; encrypted like the password."
            inputWrapperOrder={['label', 'input', 'error', 'description']}
            value={secrets.signInName.value}
            onChange={(e) => form.setSecret('signInName', e.currentTarget.value)}
            error={form.shown('signInName')}
            maxLength={320}
            autoComplete="off"
            spellCheck={false}
          />
        </SecretSlot>

        <SecretSlot
          label="Password"
          editing={editing}
          stored={account?.hasPassword ?? false}
          storedText={
            account?.passwordChangedAt ? `Stored · changed ${formatRelative(account.passwordChangedAt)}` : 'Stored'
          }
          mode={secrets.password.mode}
          onMode={(m) => form.setSecretMode('password', m)}
        >
          <Box>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <PasswordInput
                style={{ flex: 1 }}
                label={editing ? 'New password' : 'Password'}
                value={secrets.password.value}
                onChange={(e) => form.setSecret('password', e.currentTarget.value)}
                error={form.shown('password') ? true : undefined}
                autoComplete="off"
                spellCheck={false}
                autoFocus={editing}
                maxLength={1024}
                classNames={{ input: 'mono-input' }}
              />
              <Button variant="default" leftSection={<IconDice5 size={16} />} onClick={onGenerate}>
                Generate…
              </Button>
            </Group>
            {form.shown('password') ? (
              <Text size="xs" c="red" mt={4} role="alert">
                {form.shown('password')}
              </Text>
            ) : null}
            <StrengthMeter strength={strength} length={secrets.password.value.length} />
            {passwordRuleNote ? (
              <Text size="xs" c="orange" mt={2}>
                {passwordRuleNote}
              </Text>
            ) : null}
          </Box>
        </SecretSlot>

        <Select
          label="Two-factor method"
          data={TWO_FACTOR_OPTIONS}
          value={form.values.twoFactor}
          onChange={(value) => value && form.set('twoFactor', value as TwoFactorMethod)}
          allowDeselect={false}
          error={form.shown('twoFactor')}
          description={
            form.values.twoFactor === 'none' ? 'Policy asks for two-factor authentication on every account.' : undefined
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
          mode={secrets.totp.mode}
          onMode={(m) => form.setSecretMode('totp', m)}
        >
          <TotpSeedInput
            value={secrets.totp.value}
            onChange={(next) => {
              form.setSecret('totp', next);
              const ok = checkTotp(next);
              if (ok && 'config' in ok && form.values.twoFactor === 'none') form.set('twoFactor', 'totp');
            }}
            error={form.serverErrors.totp ?? (editing && form.submitted ? form.problems.totp : undefined)}
            autoFocus={editing}
          />
        </SecretSlot>

        <SecretSlot
          label="Recovery codes"
          editing={editing}
          stored={(account?.recoveryCodeCount ?? 0) > 0}
          storedText={account ? `${plural(account.recoveryCodeCount, 'code')} stored` : ''}
          mode={secrets.recoveryCodes.mode}
          onMode={(m) => form.setSecretMode('recoveryCodes', m)}
          onEditStored={() => void editStored.run('recoveryCodes')}
          loadingStored={editStored.pending?.[0] === 'recoveryCodes'}
        >
          <Textarea
            label="Recovery codes"
            description={
              form.codeLines.length ? `${plural(form.codeLines.length, 'code')}, one per line` : 'One per line'
            }
            inputWrapperOrder={['label', 'input', 'error', 'description']}
            value={secrets.recoveryCodes.value}
            onChange={(e) => form.setSecret('recoveryCodes', e.currentTarget.value)}
            error={form.shown('recoveryCodes')}
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
          mode={secrets.notes.mode}
          onMode={(m) => form.setSecretMode('notes', m)}
          onEditStored={() => void editStored.run('notes')}
          loadingStored={editStored.pending?.[0] === 'notes'}
        >
          <Textarea
            label="Notes"
            description="Encrypted like the password, and hidden until revealed."
            inputWrapperOrder={['label', 'input', 'error', 'description']}
            value={secrets.notes.value}
            onChange={(e) => form.setSecret('notes', e.currentTarget.value)}
            error={form.shown('notes')}
            autosize
            minRows={3}
            maxRows={10}
            spellCheck={false}
            maxLength={20000}
          />
        </SecretSlot>
      </FormSection>
    </>
  );
}

/**
 * One stored secret on the edit form. Starts at "keep"; Replace / Remove /
 * Edit are explicit, and each can be undone before saving. On create the
 * input shows directly.
 */
export function SecretSlot({
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
