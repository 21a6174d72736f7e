/**
 * The account form's state and rules. What the form will send is built here
 * (`fields`, `secrets`, as the contract takes them) and checked against the
 * contract's own schemas (AccountFieldsSchema, SecretsInputSchema) and the
 * platform's handle rule they use, so no rule is written twice. What only a
 * form can say (nothing chosen yet, "replace" with nothing typed, a TOTP
 * seed that does not parse) is added on top. Main's refusal, by path, has
 * the last word.
 */
import { useMemo, useState } from 'react';
import {
  AccountFieldsSchema,
  SecretsInputSchema,
  type AccountDetail,
  type AccountLanguage,
  type AccountFieldsInput,
  type SecretsInput,
  type TwoFactorMethod,
} from '../../../../../shared/domain/account';
import { handleProblem, type Platform } from '../../../../../shared/domain/platforms';
import { fieldErrors, issuesByField, schemaIssues } from '../../../lib/schema';
import { EMPTY_TOTP, checkTotp, type TotpDraft } from '../TotpSeedInput';

export type SecretMode = 'keep' | 'set' | 'clear';

export type FieldName =
  | 'platform'
  | 'handle'
  | 'displayName'
  | 'url'
  | 'department'
  | 'manager'
  | 'purpose'
  | 'monitoredHours'
  | 'twoFactor'
  | RegisterField
  | 'signInName'
  | 'password'
  | 'totp'
  | 'recoveryCodes'
  | 'notes';

/** Contract paths (as main and the schemas report them) to the form's fields. */
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
  'fields.recoveryEmail': 'recoveryEmail',
  'fields.recoveryPhone': 'recoveryPhone',
  'fields.twoFactorDevice': 'twoFactorDevice',
  'fields.twoFactorHolderId': 'twoFactorHolderId',
  'fields.language': 'language',
  'fields.otherLanguageAccountId': 'otherLanguageAccountId',
  'fields.approvedBy': 'approvedBy',
  'fields.approvedOn': 'approvedOn',
  'fields.businessCase': 'businessCase',
  'fields.responseTime': 'responseTime',
  'secrets.signInName': 'signInName',
  'secrets.password': 'password',
  'secrets.totp': 'totp',
  'secrets.recoveryCodes': 'recoveryCodes',
  'secrets.notes': 'notes',
};

const FIELD_PATHS = pathsUnder('fields.');
const SECRET_PATHS = pathsUnder('secrets.');

/** The register's fields (recovery contact, two-factor device, language, approval): the form's "Register" section. */
export interface RegisterValues {
  recoveryEmail: string;
  recoveryPhone: string;
  twoFactorDevice: string;
  twoFactorHolderId: number | null;
  language: AccountLanguage | null;
  otherLanguageAccountId: number | null;
  approvedBy: string;
  /** YYYY-MM-DD, or "" for none. */
  approvedOn: string;
  businessCase: string;
  responseTime: string;
}
export type RegisterField = keyof RegisterValues;

export interface AccountValues extends RegisterValues {
  platform: Platform | null;
  handle: string;
  displayName: string;
  url: string;
  department: string;
  managerId: number | null;
  purpose: string;
  monitoredHours: string;
  twoFactor: TwoFactorMethod;
}

/** One secret slot: keep what is stored, set it to `value`, or clear it. */
export interface SlotState<T> {
  mode: SecretMode;
  value: T;
}

export interface SecretValues {
  signInName: SlotState<string>;
  password: SlotState<string>;
  totp: SlotState<TotpDraft>;
  recoveryCodes: SlotState<string>;
  notes: SlotState<string>;
}

export type SecretName = keyof SecretValues;

const EMPTY_SECRET: { [K in SecretName]: SecretValues[K]['value'] } = {
  signInName: '',
  password: '',
  totp: EMPTY_TOTP,
  recoveryCodes: '',
  notes: '',
};

export const splitCodes = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

function initialValues(account: AccountDetail | null): AccountValues {
  return {
    platform: account?.platform ?? null,
    handle: account?.handle ?? '',
    displayName: account?.displayName ?? '',
    url: account?.url ?? '',
    department: account?.department ?? '',
    managerId: account?.managerId ?? null,
    purpose: account?.purpose ?? '',
    monitoredHours: account?.monitoredHours ?? '',
    twoFactor: account?.twoFactor ?? 'none',
    recoveryEmail: account?.recoveryEmail ?? '',
    recoveryPhone: account?.recoveryPhone ?? '',
    twoFactorDevice: account?.twoFactorDevice ?? '',
    twoFactorHolderId: account?.twoFactorHolderId ?? null,
    language: account?.language ?? null,
    otherLanguageAccountId: account?.otherLanguageAccountId ?? null,
    approvedBy: account?.approvedBy ?? '',
    approvedOn: account?.approvedOn ?? '',
    businessCase: account?.businessCase ?? '',
    responseTime: account?.responseTime ?? '',
  };
}

/** What the secret slots send: omitted = unchanged, null = cleared (the contract's rule). */
function buildSecrets(secrets: SecretValues, codeLines: string[], editing: boolean): SecretsInput {
  const out: SecretsInput = {};
  const { signInName, password, totp, recoveryCodes, notes } = secrets;
  if (signInName.mode === 'clear') out.signInName = null;
  else if (signInName.mode === 'set' && signInName.value.trim() !== '') out.signInName = signInName.value.trim();
  if (password.mode === 'clear') out.password = null;
  else if (password.mode === 'set' && password.value !== '') out.password = password.value;
  if (totp.mode === 'clear') out.totp = null;
  else if (totp.mode === 'set' && totp.value.seed.trim() !== '')
    out.totp = {
      seed: totp.value.seed.trim(),
      ...(totp.value.digits ? { digits: totp.value.digits } : {}),
      ...(totp.value.period ? { period: totp.value.period } : {}),
      ...(totp.value.algorithm ? { algorithm: totp.value.algorithm } : {}),
    };
  if (recoveryCodes.mode === 'clear') out.recoveryCodes = null;
  else if (recoveryCodes.mode === 'set') {
    if (codeLines.length > 0) out.recoveryCodes = codeLines;
    else if (editing) out.recoveryCodes = null;
  }
  if (notes.mode === 'clear') out.notes = null;
  else if (notes.mode === 'set') {
    if (notes.value.trim() !== '') out.notes = notes.value;
    else if (editing) out.notes = null;
  }
  return out;
}

export function useAccountForm(account: AccountDetail | null, editing: boolean) {
  const initialMode: SecretMode = editing ? 'keep' : 'set';
  const [values, setValues] = useState<AccountValues>(() => initialValues(account));
  const [secrets, setSecrets] = useState<SecretValues>(() => ({
    signInName: { mode: initialMode, value: EMPTY_SECRET.signInName },
    password: { mode: initialMode, value: EMPTY_SECRET.password },
    totp: { mode: initialMode, value: EMPTY_SECRET.totp },
    recoveryCodes: { mode: initialMode, value: EMPTY_SECRET.recoveryCodes },
    notes: { mode: initialMode, value: EMPTY_SECRET.notes },
  }));
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [dirty, setDirty] = useState(false);

  const dropServerError = (field: FieldName) => {
    setDirty(true);
    if (serverErrors[field]) setServerErrors((old) => ({ ...old, [field]: undefined }));
  };

  /** Any edit marks the form dirty and drops the server's stale complaint about that field. */
  const set = <K extends keyof AccountValues>(key: K, value: AccountValues[K]) => {
    setValues((old) => ({ ...old, [key]: value }));
    dropServerError(key === 'managerId' ? 'manager' : (key as FieldName));
  };
  const setSecret = <K extends SecretName>(key: K, value: SecretValues[K]['value']) => {
    setSecrets((old) => ({ ...old, [key]: { ...old[key], value } }));
    dropServerError(key);
  };
  /** Replace / remove / keep a secret: its typed value starts again empty. */
  const setSecretMode = (key: SecretName, mode: SecretMode, value = EMPTY_SECRET[key]) => {
    setSecrets((old) => ({ ...old, [key]: { mode, value } }));
    setDirty(true);
  };

  const codeLines = useMemo(() => splitCodes(secrets.recoveryCodes.value), [secrets.recoveryCodes.value]);
  const totpCheck = useMemo(() => (secrets.totp.mode === 'set' ? checkTotp(secrets.totp.value) : null), [secrets.totp]);

  const fields: AccountFieldsInput | null = values.platform
    ? {
        platform: values.platform,
        handle: values.handle.trim(),
        displayName: values.displayName,
        url: values.url.trim(),
        department: values.department,
        managerId: values.managerId,
        purpose: values.purpose,
        monitoredHours: values.monitoredHours,
        twoFactor: values.twoFactor,
        // Every register field is sent, so saving the form never clears one it did not show.
        recoveryEmail: values.recoveryEmail,
        recoveryPhone: values.recoveryPhone,
        twoFactorDevice: values.twoFactorDevice,
        twoFactorHolderId: values.twoFactorHolderId,
        language: values.language,
        otherLanguageAccountId: values.language === 'bilingual' ? null : values.otherLanguageAccountId,
        approvedBy: values.approvedBy,
        approvedOn: values.approvedOn,
        businessCase: values.businessCase,
        responseTime: values.responseTime,
      }
    : null;
  const secretsInput = buildSecrets(secrets, codeLines, editing);

  // Live validation by the contract's schemas, so the server rarely has to say no.
  const problems: Partial<Record<FieldName, string>> = {
    ...(fields ? issuesByField(schemaIssues(AccountFieldsSchema, fields), FIELD_PATHS) : {}),
    ...issuesByField(schemaIssues(SecretsInputSchema, secretsInput), SECRET_PATHS),
  };
  if (fields) {
    // The schema's own handle rule, asked directly: the schema reaches it only once every other field parses.
    const handle = handleProblem(fields.platform, fields.handle);
    if (handle) problems.handle = handle;
  } else {
    problems.platform = 'Choose the platform';
    if (!values.handle.trim()) problems.handle = 'Handle is empty';
  }
  // What only the form knows: "replace" chosen with nothing typed, a seed that does not parse.
  const { signInName, password, totp } = secrets;
  if (editing && signInName.mode === 'set' && signInName.value.trim() === '' && !problems.signInName)
    problems.signInName = 'Type the new sign-in name, or keep the current one';
  if (editing && password.mode === 'set' && password.value === '' && !problems.password)
    problems.password = 'Type or generate the new password, or keep the current one';
  if (totp.mode === 'set' && totpCheck && 'problem' in totpCheck) problems.totp = totpCheck.problem;
  if (editing && totp.mode === 'set' && totp.value.seed.trim() === '')
    problems.totp = 'Paste the new seed, or keep the current one';

  const shown = (field: FieldName): string | undefined => {
    if (serverErrors[field]) return serverErrors[field];
    const problem = problems[field];
    if (!problem) return undefined;
    // Rule breaks show as you type; an empty handle waits for a blur, an unchosen platform for a save attempt.
    if (field === 'platform') return submitted ? problem : undefined;
    if (field === 'password' && password.value === '') return submitted ? problem : undefined;
    const emptyComplaint = field === 'handle' && values.handle.trim() === '';
    return !emptyComplaint || touched[field] || submitted ? problem : undefined;
  };
  const touch = (field: FieldName) => () => setTouched((t) => ({ ...t, [field]: true }));

  return {
    values,
    set,
    secrets,
    setSecret,
    setSecretMode,
    codeLines,
    problems,
    shown,
    touch,
    serverErrors,
    submitted,
    setSubmitted,
    dirty,
    setDirty,
    /** What to send, or null while no platform is chosen. */
    input: fields ? { fields, secrets: secretsInput } : null,
    /** Puts main's refusal on its fields; false when it named none. */
    showRefusal(error: unknown): boolean {
      const mapped = fieldErrors(error, ISSUE_PATHS);
      setServerErrors(mapped);
      return Object.keys(mapped).length > 0;
    },
  };
}

/** The schemas' own paths (no "fields." / "secrets." prefix) to the form's fields. */
function pathsUnder(prefix: string): Record<string, FieldName> {
  return Object.fromEntries(
    Object.entries(ISSUE_PATHS)
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, field]) => [path.slice(prefix.length), field]),
  );
}
