/**
 * Create or edit an account, in a drawer. On edit every secret starts as
 * "keep": nothing is sent for it unless the user chooses to replace or
 * remove it (omitted = unchanged, null = cleared, as the contract says).
 * The state and its rules live in form/useAccountForm (checked against the
 * contract's schemas), the sections in form/AccountFields and
 * form/RegisterFields and form/SecretFields.
 */
import { Box } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { AccountDetail } from '../../../../shared/domain/account';
import { DiscardChanges, FormDrawer, FormFooter } from '../../components/FormParts';
import { api } from '../../lib/api';
import { useAction } from '../../lib/useAction';
import { AddPersonModal } from '../people/PersonForm';
import { AccountFields } from './form/AccountFields';
import { RegisterFields } from './form/RegisterFields';
import { SecretFields } from './form/SecretFields';
import { useAccountForm } from './form/useAccountForm';
import { GeneratorDialog } from './GeneratorDialog';
import { displayHandle } from './labels';

interface Props {
  mode: 'create' | 'edit';
  account: AccountDetail | null;
  onClose(): void;
  onSaved(account: AccountDetail): void;
}

export function AccountForm({ mode, account, onClose, onSaved }: Props) {
  const editing = mode === 'edit' && account !== null;
  const form = useAccountForm(account, editing);
  /** "Add a person…" from the manager picker: the name typed so far, while the dialog is open. */
  const [addingManager, setAddingManager] = useState<string | null>(null);
  const [generatorOpen, setGeneratorOpen] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  /** A stored secret that could not be read for editing. */
  const [readError, setReadError] = useState<string | null>(null);

  const save = useAction(
    async () => {
      const input = form.input!;
      const saved = editing
        ? await api.accounts.update({ id: account.id, ...input })
        : await api.accounts.create(input);
      form.setSecret('password', '');
      onSaved(saved);
    },
    { onRefused: form.showRefusal },
  );
  const busy = save.busy;
  const problemCount = Object.keys(form.problems).length;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    form.setSubmitted(true);
    save.reset();
    setReadError(null);
    if (problemCount > 0 || !form.input) {
      const first = document.querySelector<HTMLElement>('.account-form [aria-invalid="true"]');
      first?.focus();
      return;
    }
    void save.run();
  };

  const requestClose = () => {
    if (busy) return;
    if (form.dirty) setConfirmDiscard(true);
    else onClose();
  };

  const title = editing ? `Edit ${displayHandle(account.platform, account.handle)}` : 'New account';

  return (
    <FormDrawer title={title} size={600} onClose={requestClose}>
      <form onSubmit={submit} noValidate className="account-form" aria-label={title}>
        <Box className="drawer-scroll">
          <AccountFields form={form} account={account} editing={editing} onAddManager={setAddingManager} />
          <RegisterFields form={form} accountId={editing ? account.id : null} />
          <SecretFields
            form={form}
            account={account}
            editing={editing}
            onGenerate={() => setGeneratorOpen(true)}
            onRefused={setReadError}
          />
        </Box>

        <Box className="drawer-footer">
          {confirmDiscard ? (
            <DiscardChanges onKeep={() => setConfirmDiscard(false)} onDiscard={onClose} />
          ) : (
            <FormFooter
              error={save.error ?? readError}
              problems={form.submitted ? problemCount : 0}
              busy={busy}
              submitLabel={editing ? 'Save changes' : 'Add account'}
              onCancel={requestClose}
            />
          )}
        </Box>
      </form>
      <AddPersonModal
        initialName={addingManager}
        onClose={() => setAddingManager(null)}
        onSaved={(person) => {
          form.set('managerId', person.id);
          setAddingManager(null);
        }}
      />
      <GeneratorDialog
        opened={generatorOpen}
        platform={form.values.platform}
        onClose={() => setGeneratorOpen(false)}
        onUse={(generated) => {
          form.setSecret('password', generated);
          setGeneratorOpen(false);
        }}
      />
    </FormDrawer>
  );
}
