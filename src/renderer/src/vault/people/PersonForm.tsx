/**
 * Add or edit a person in the directory: in a drawer on the People screen, or
 * in a small dialog wherever a person is being chosen ("Add a person…").
 * The contract's own schema checks each field as it is typed; main's answer has
 * the last word (field issues, or the conflict when the email is already in
 * the directory).
 */
import { Box, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { Dialog } from '../../components/Dialog';
import { useState, type FormEvent, type ReactNode } from 'react';
import { PersonInputSchema, type PersonInput, type PersonView } from '../../../../shared/domain/people';
import { useFeedback } from '../../components/Feedback';
import { DiscardChanges, FormDrawer, FormFooter } from '../../components/FormParts';
import { ApiError, api } from '../../lib/api';
import { fieldErrors, issuesByField, schemaIssues } from '../../lib/schema';
import { useAction } from '../../lib/useAction';
import { useVaultData } from '../VaultData';
import { PersonSelect } from './PersonSelect';

type FieldName = 'name' | 'email' | 'role' | 'department' | 'phone' | 'lineManagerId';
type TextFieldName = Exclude<FieldName, 'lineManagerId'>;

const ISSUE_PATHS: Record<string, FieldName> = {
  name: 'name',
  email: 'email',
  role: 'role',
  department: 'department',
  phone: 'phone',
  lineManagerId: 'lineManagerId',
  'person.name': 'name',
  'person.email': 'email',
  'person.role': 'role',
  'person.department': 'department',
  'person.phone': 'phone',
  'person.lineManagerId': 'lineManagerId',
};

interface FormProps {
  person: PersonView | null;
  /** Prefills the name (what was typed in a person search). */
  initialName?: string;
  variant: 'drawer' | 'modal';
  onSaved(person: PersonView): void;
  onCancel(): void;
  onDirty?(dirty: boolean): void;
  /** Shown instead of the buttons (the drawer's "discard changes?"). */
  footerOverride?: ReactNode;
}

function PersonForm({ person, initialName = '', variant, onSaved, onCancel, onDirty, footerOverride }: FormProps) {
  const feedback = useFeedback();
  const { patch, people } = useVaultData();
  const editing = person !== null;
  const [values, setValues] = useState<Record<TextFieldName, string>>({
    name: person?.name ?? initialName,
    email: person?.email ?? '',
    role: person?.role ?? '',
    department: person?.department ?? '',
    phone: person?.phone ?? '',
  });
  const [lineManagerId, setLineManagerId] = useState<number | null>(person?.lineManagerId ?? null);
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<FieldName, string>>>({});
  const input: PersonInput = {
    name: values.name.trim(),
    email: values.email.trim(),
    role: values.role.trim(),
    department: values.department.trim(),
    phone: values.phone.trim(),
    lineManagerId,
  };
  const problems = issuesByField(schemaIssues(PersonInputSchema, input), ISSUE_PATHS);
  // Main refuses these too; saying so here saves a round trip.
  if (editing && lineManagerId === person.id) problems.lineManagerId = 'A person cannot be their own line manager';

  const shown = (field: FieldName) =>
    serverErrors[field] ?? (touched[field] || submitted ? problems[field] : undefined);

  const set = (field: TextFieldName) => (value: string) => {
    setValues((old) => ({ ...old, [field]: value }));
    onDirty?.(true);
    if (serverErrors[field]) setServerErrors((old) => ({ ...old, [field]: undefined }));
  };
  const touch = (field: FieldName) => () => setTouched((t) => ({ ...t, [field]: true }));

  const save = useAction(
    async () => {
      const saved = editing
        ? await api.people.update({ id: person.id, person: input })
        : await api.people.create(input);
      feedback.toast(editing ? `Saved ${saved.name}` : `Added ${saved.name} to the directory`);
      patch.person(saved);
      onSaved(saved);
    },
    {
      onRefused(e) {
        const mapped = fieldErrors(e, ISSUE_PATHS);
        if (e instanceof ApiError && e.code === 'conflict') mapped.email = e.message;
        setServerErrors(mapped);
        return Object.keys(mapped).length > 0;
      },
    },
  );
  const { busy, error: formError } = save;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (busy) return;
    setSubmitted(true);
    save.reset();
    if (Object.keys(problems).length > 0) return;
    void save.run();
  };

  const fields = (
    <Stack gap="md">
      <TextInput
        label="Name"
        withAsterisk
        placeholder="Ada Lovelace"
        value={values.name}
        onChange={(e) => set('name')(e.currentTarget.value)}
        onBlur={touch('name')}
        error={shown('name')}
        maxLength={200}
        autoComplete="off"
        data-autofocus
      />
      <TextInput
        label="Email"
        withAsterisk
        description="Work address; one person per address"
        inputWrapperOrder={['label', 'input', 'error', 'description']}
        placeholder="ada.lovelace@example.ac.uk"
        value={values.email}
        onChange={(e) => set('email')(e.currentTarget.value)}
        onBlur={touch('email')}
        error={shown('email')}
        maxLength={254}
        autoComplete="off"
        spellCheck={false}
        type="email"
      />
      <SimpleGrid cols={2} spacing="md">
        <TextInput
          label="Role"
          placeholder="Social media officer"
          value={values.role}
          onChange={(e) => set('role')(e.currentTarget.value)}
          error={shown('role')}
          maxLength={200}
          autoComplete="off"
        />
        <TextInput
          label="Department"
          placeholder="Communications"
          value={values.department}
          onChange={(e) => set('department')(e.currentTarget.value)}
          error={shown('department')}
          maxLength={200}
          autoComplete="off"
        />
      </SimpleGrid>
      <TextInput
        label="Phone"
        description="For the press team out of hours"
        inputWrapperOrder={['label', 'input', 'error', 'description']}
        placeholder="+44 151 794 2000"
        value={values.phone}
        onChange={(e) => set('phone')(e.currentTarget.value)}
        onBlur={touch('phone')}
        error={shown('phone')}
        maxLength={40}
        autoComplete="off"
        type="tel"
      />
      <PersonSelect
        label="Line manager"
        description="Arranges the removal of their access when they move or leave"
        inputWrapperOrder={['label', 'input', 'error', 'description']}
        placeholder="Choose someone in the directory"
        people={people}
        value={lineManagerId}
        onChange={(id) => {
          setLineManagerId(id);
          onDirty?.(true);
          if (serverErrors.lineManagerId) setServerErrors((old) => ({ ...old, lineManagerId: undefined }));
        }}
        noneLabel="No line manager"
        unavailable={(p) => (editing && p.id === person.id ? 'This person' : null)}
        error={shown('lineManagerId')}
      />
      <Text size="xs" c="dimmed">
        Names, emails, roles, departments and phone numbers are encrypted in the vault like account names.
      </Text>
    </Stack>
  );

  const footer = footerOverride ?? (
    <FormFooter
      error={formError}
      problems={submitted ? Object.keys(problems).length : 0}
      busy={busy}
      submitLabel={editing ? 'Save changes' : 'Add person'}
      onCancel={onCancel}
    />
  );

  const title = editing ? `Edit ${person.name}` : 'New person';
  if (variant === 'modal') {
    return (
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={title}>
        {fields}
        <Box mt="lg">{footer}</Box>
      </form>
    );
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="account-form" aria-label={title}>
      <Box className="drawer-scroll" pt="md">
        {fields}
      </Box>
      <Box className="drawer-footer">{footer}</Box>
    </form>
  );
}

/** The People screen's add/edit drawer, with the account form's "discard changes?" guard. */
export function PersonDrawer({
  person,
  onClose,
  onSaved,
}: {
  person: PersonView | null;
  onClose(): void;
  onSaved(person: PersonView): void;
}) {
  const [dirty, setDirty] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const requestClose = () => (dirty ? setConfirmDiscard(true) : onClose());
  return (
    <FormDrawer title={person ? `Edit ${person.name}` : 'New person'} size={480} onClose={requestClose}>
      <PersonForm
        person={person}
        variant="drawer"
        onSaved={onSaved}
        onCancel={requestClose}
        onDirty={setDirty}
        footerOverride={
          confirmDiscard ? <DiscardChanges onKeep={() => setConfirmDiscard(false)} onDiscard={onClose} /> : undefined
        }
      />
    </FormDrawer>
  );
}

/** "Add a person…" from a person picker: a small dialog over whatever is open. */
export function AddPersonModal({
  initialName,
  onClose,
  onSaved,
}: {
  initialName: string | null;
  onClose(): void;
  onSaved(person: PersonView): void;
}) {
  return (
    <Dialog opened={initialName !== null} onClose={onClose} title="Add a person to the directory" size="md">
      {initialName !== null ? (
        <PersonForm initialName={initialName} person={null} variant="modal" onSaved={onSaved} onCancel={onClose} />
      ) : null}
    </Dialog>
  );
}
