/**
 * The account form's "Register" section: what the policies ask the register
 * to know beyond the handle and manager (docs/compliance.md): where password
 * resets go, where the second factor lives and who holds it, the account's
 * language and its other-language twin, and who approved it and why.
 */
import { Select, SimpleGrid, TextInput, Textarea } from '@mantine/core';
import { useMemo, useState } from 'react';
import { ACCOUNT_LANGUAGES, LANGUAGE_LABELS, type AccountLanguage } from '../../../../../shared/domain/account';
import { PLATFORM_INFO } from '../../../../../shared/domain/platforms';
import { toIsoDate } from '../../../../../shared/dates';
import { DateField } from '../../../components/DateField';
import { FormSection } from '../../../components/FormParts';
import { PersonSelect } from '../../people/PersonSelect';
import { useVaultData } from '../../VaultData';
import type { useAccountForm } from './useAccountForm';

const NONE = '';
const LANGUAGE_OPTIONS = [
  { value: NONE, label: 'Not recorded' },
  ...ACCOUNT_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_LABELS[l] })),
];

export function RegisterFields({
  form,
  accountId,
}: {
  form: ReturnType<typeof useAccountForm>;
  /** The account being edited (it cannot be its own other-language account), or null on create. */
  accountId: number | null;
}) {
  const { people, accounts } = useVaultData();
  const { values } = form;
  const [today] = useState(() => toIsoDate(Date.now()));
  const otherOptions = useMemo(
    () => [
      { value: NONE, label: 'None' },
      ...(accounts ?? [])
        .filter((a) => a.id !== accountId && a.status === 'active')
        .map((a) => ({ value: String(a.id), label: `@${a.handle} (${PLATFORM_INFO[a.platform].label})` })),
    ],
    [accounts, accountId],
  );
  const text = (key: 'recoveryEmail' | 'recoveryPhone' | 'twoFactorDevice' | 'approvedBy' | 'responseTime') => ({
    value: values[key],
    onChange: (e: { currentTarget: { value: string } }) => form.set(key, e.currentTarget.value),
    error: form.shown(key),
    autoComplete: 'off',
  });
  return (
    <FormSection title="Register">
      <SimpleGrid cols={2} spacing="md">
        <TextInput
          label="Recovery email"
          description="Where the platform sends password resets"
          inputWrapperOrder={['label', 'input', 'error', 'description']}
          placeholder="comms-team@example.ac.uk"
          type="email"
          maxLength={254}
          spellCheck={false}
          {...text('recoveryEmail')}
        />
        <TextInput label="Recovery phone" placeholder="+44 …" type="tel" maxLength={40} {...text('recoveryPhone')} />
      </SimpleGrid>
      <SimpleGrid cols={2} spacing="md">
        <TextInput
          label="Two-factor device"
          placeholder="Comms team iPhone"
          maxLength={200}
          {...text('twoFactorDevice')}
        />
        <PersonSelect
          label="Device held by"
          description="Authorises first device connections"
          inputWrapperOrder={['label', 'input', 'error', 'description']}
          placeholder="Search the directory"
          people={people}
          value={values.twoFactorHolderId}
          onChange={(id) => form.set('twoFactorHolderId', id)}
          noneLabel="Nobody recorded"
          error={form.shown('twoFactorHolderId')}
        />
      </SimpleGrid>
      <SimpleGrid cols={2} spacing="md">
        <Select
          label="Language"
          data={LANGUAGE_OPTIONS}
          value={values.language ?? NONE}
          onChange={(value) => form.set('language', value ? (value as AccountLanguage) : null)}
          allowDeselect={false}
          error={form.shown('language')}
          comboboxProps={{ withinPortal: true }}
        />
        <Select
          label="Other-language account"
          description={values.language === 'bilingual' ? 'A bilingual account has none' : undefined}
          inputWrapperOrder={['label', 'input', 'error', 'description']}
          data={otherOptions}
          value={values.otherLanguageAccountId === null ? NONE : String(values.otherLanguageAccountId)}
          onChange={(value) => form.set('otherLanguageAccountId', value ? Number(value) : null)}
          disabled={values.language === 'bilingual'}
          searchable
          allowDeselect={false}
          error={form.shown('otherLanguageAccountId')}
          comboboxProps={{ withinPortal: true }}
          maxDropdownHeight={280}
        />
      </SimpleGrid>
      <SimpleGrid cols={2} spacing="md">
        <TextInput label="Approved by" placeholder="Director of Marketing" maxLength={200} {...text('approvedBy')} />
        <DateField
          label="Approved on"
          value={values.approvedOn}
          onChange={(value) => form.set('approvedOn', value)}
          max={today}
          error={form.shown('approvedOn')}
        />
      </SimpleGrid>
      <Textarea
        label="Business case"
        placeholder="Why the account exists and what it is for"
        value={values.businessCase}
        onChange={(e) => form.set('businessCase', e.currentTarget.value)}
        error={form.shown('businessCase')}
        autosize
        minRows={2}
        maxRows={5}
        maxLength={4000}
      />
      <TextInput label="Response time" placeholder="Within one working day" maxLength={200} {...text('responseTime')} />
    </FormSection>
  );
}
