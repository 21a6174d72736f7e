/**
 * What the user may accept after a password was refused with
 * `needs_confirmation`: reuse of another account's password (confirmed), a
 * password below the policy's strength floor, or setting back the password
 * from before a takeover (each with a reason, kept and audited). Main names
 * the field to send in the refusal's issue path; nothing is accepted silently.
 */
import { Alert, Checkbox, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { PasswordAcceptance } from '../../../../shared/domain/rotation';
import { ApiError } from '../../lib/api';

export type AcceptanceField = keyof PasswordAcceptance;

export interface AcceptanceRequest {
  field: AcceptanceField;
  message: string;
}

const FIELDS: readonly AcceptanceField[] = ['confirmReuse', 'weakReason', 'restoreReason'];

/** The acceptance a refusal asks for, or null when it is a plain refusal. */
export function acceptanceRequest(error: unknown): AcceptanceRequest | null {
  if (!(error instanceof ApiError) || error.code !== 'needs_confirmation') return null;
  const field = error.issues[0]?.path.replace(/^acceptance\./, '') as AcceptanceField | undefined;
  return field && FIELDS.includes(field) ? { field, message: error.message } : null;
}

export function AcceptanceFields({
  request,
  value,
  onChange,
}: {
  request: AcceptanceRequest;
  value: PasswordAcceptance;
  onChange(next: PasswordAcceptance): void;
}) {
  return (
    <Alert
      color="yellow"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={request.field === 'confirmReuse' ? 'This password is used elsewhere' : 'This password needs a reason'}
      role="alert"
    >
      <Stack gap="xs">
        <Text size="sm">{request.message}.</Text>
        {request.field === 'confirmReuse' ? (
          <Checkbox
            label="Use it anyway: I know another account has the same password"
            checked={value.confirmReuse === true}
            onChange={(e) => onChange({ ...value, confirmReuse: e.currentTarget.checked })}
          />
        ) : (
          <Textarea
            label={request.field === 'weakReason' ? 'Why accept a weak password' : 'Why set the old password back'}
            description="Kept with the account and recorded in the audit trail as an override."
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            value={value[request.field] ?? ''}
            onChange={(e) => onChange({ ...value, [request.field]: e.currentTarget.value })}
            autosize
            minRows={2}
            maxLength={500}
          />
        )}
      </Stack>
    </Alert>
  );
}

/** The acceptance as sent: blank reasons dropped (main would refuse them). */
export function cleanAcceptance(value: PasswordAcceptance): PasswordAcceptance {
  return {
    ...(value.confirmReuse ? { confirmReuse: true } : {}),
    ...(value.weakReason?.trim() ? { weakReason: value.weakReason.trim() } : {}),
    ...(value.restoreReason?.trim() ? { restoreReason: value.restoreReason.trim() } : {}),
  };
}
