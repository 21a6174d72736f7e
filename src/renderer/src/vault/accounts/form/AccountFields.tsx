/** The account form's "Account" section: what the account is and who answers for it. */
import { Anchor, Group, Select, SimpleGrid, Text, TextInput, Textarea } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { AccountDetail } from '../../../../../shared/domain/account';
import { PLATFORMS, PLATFORM_INFO, normalizeHandle, type Platform } from '../../../../../shared/domain/platforms';
import { FormSection } from '../../../components/FormParts';
import { PlatformIcon } from '../../../components/PlatformIcon';
import { PersonSelect } from '../../people/PersonSelect';
import { useVaultData } from '../../VaultData';
import type { useAccountForm } from './useAccountForm';

const PLATFORM_OPTIONS = PLATFORMS.map((p) => ({ value: p, label: PLATFORM_INFO[p].label }));

/** The manager recorded by name before the directory existed (not a person in it), or null. */
export function legacyManagerOf(account: AccountDetail | null): string | null {
  return account && account.managerId === null && account.manager
    ? account.manager.replace(/ \(not in the directory\)$/, '')
    : null;
}

export function AccountFields({
  form,
  account,
  editing,
  onAddManager,
}: {
  form: ReturnType<typeof useAccountForm>;
  account: AccountDetail | null;
  editing: boolean;
  /** "Add a person…" from the manager picker, with the name typed so far. */
  onAddManager(name: string): void;
}) {
  const { people, peopleById } = useVaultData();
  const { values } = form;
  const legacyManager = legacyManagerOf(account);
  const handleValid = values.platform !== null && !form.problems.handle;
  const profileUrl =
    values.platform && handleValid
      ? PLATFORM_INFO[values.platform].profileUrl?.(normalizeHandle(values.handle))
      : undefined;
  return (
    <FormSection title="Account">
      <SimpleGrid cols={2} spacing="md">
        <Select
          label="Platform"
          placeholder="Choose a platform"
          data={PLATFORM_OPTIONS}
          value={values.platform}
          onChange={(value) => form.set('platform', (value as Platform | null) ?? null)}
          searchable
          allowDeselect={false}
          withAsterisk
          error={form.shown('platform')}
          leftSection={values.platform ? <PlatformIcon platform={values.platform} size={18} decorative /> : undefined}
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
            values.platform === 'bluesky'
              ? 'ourbrand.bsky.social'
              : values.platform === 'mastodon'
                ? 'ourbrand@mastodon.social'
                : 'ourbrand'
          }
          description={
            form.shown('handle')
              ? undefined
              : values.platform
                ? PLATFORM_INFO[values.platform].handle.hint
                : 'Choose the platform first'
          }
          inputWrapperOrder={['label', 'input', 'error', 'description']}
          value={values.handle}
          onChange={(e) => form.set('handle', e.currentTarget.value)}
          onBlur={form.touch('handle')}
          error={form.shown('handle')}
          rightSection={
            handleValid && values.handle.trim() ? (
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
          value={values.displayName}
          onChange={(e) => form.set('displayName', e.currentTarget.value)}
          error={form.shown('displayName')}
          maxLength={200}
          autoComplete="off"
        />
        <TextInput
          label="Profile URL"
          placeholder={profileUrl ?? 'https://…'}
          value={values.url}
          onChange={(e) => form.set('url', e.currentTarget.value)}
          onBlur={form.touch('url')}
          error={form.shown('url')}
          description={
            profileUrl && values.url.trim() === '' ? (
              <Anchor component="button" type="button" size="xs" onClick={() => form.set('url', profileUrl)}>
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
          value={values.department}
          onChange={(e) => form.set('department', e.currentTarget.value)}
          error={form.shown('department')}
          maxLength={200}
          autoComplete="off"
        />
        <PersonSelect
          label="Account manager"
          description={
            legacyManager && values.managerId === null
              ? `Recorded as “${legacyManager}”, who is not in the directory: choose or add them`
              : values.managerId !== null && peopleById.get(values.managerId)?.status === 'left'
                ? 'They have left: choose a new manager'
                : 'The one person accountable for it'
          }
          inputWrapperOrder={['label', 'input', 'error', 'description']}
          placeholder="Search the directory"
          people={people}
          value={values.managerId}
          onChange={(id) => form.set('managerId', id)}
          noneLabel="No manager"
          onAddPerson={(typed) => onAddManager(typed || legacyManager || '')}
          error={form.shown('manager')}
        />
      </SimpleGrid>
      <Textarea
        label="Purpose"
        placeholder="What the account is for and who it speaks to"
        value={values.purpose}
        onChange={(e) => form.set('purpose', e.currentTarget.value)}
        error={form.shown('purpose')}
        autosize
        minRows={2}
        maxRows={5}
        maxLength={2000}
      />
      <TextInput
        label="Monitored hours"
        placeholder="Mon–Fri 09:00–17:00"
        value={values.monitoredHours}
        onChange={(e) => form.set('monitoredHours', e.currentTarget.value)}
        error={form.shown('monitoredHours')}
        maxLength={200}
        autoComplete="off"
      />
    </FormSection>
  );
}
