import {
  ACCOUNT_LANGUAGES,
  ACCOUNT_STATUSES,
  AccountFieldsSchema,
  LANGUAGE_LABELS,
  PLATFORM_CLOSURE_LABELS,
  TWO_FACTOR_METHODS,
  fieldsOf,
  type AccountDetail,
  type AccountFieldsInput,
  type PlatformClosure,
  type SecretsInput,
} from '../../../shared/domain/account';
import { isIsoDate } from '../../../shared/dates';
import { PLATFORMS, PLATFORM_INFO, type Platform } from '../../../shared/domain/platforms';
import { DEFAULT_GENERATOR_OPTIONS } from '../../../shared/password/generator';
import { buildSearchIndex, searchAccounts } from '../../../shared/search';
import { parseInput } from '../../core/errors';
import { generateFor } from '../../core/services/generator.service';
import { channelInput } from '../channel-input';
import { lengthOption, requiredOption, stringOption, type Command, type OptionValues } from '../command';
import { stripTrailingNewline, table } from '../io';
import { UsageError } from '../usage-error';

function platformOption(value: string): Platform {
  if (!(PLATFORMS as readonly string[]).includes(value)) {
    throw new UsageError(`Unknown platform "${value}": one of ${PLATFORMS.join(', ')}`);
  }
  return value as Platform;
}

function checkTwoFactorOption(values: OptionValues): void {
  // Checked before the fields are validated, so a bad method is bad usage (exit 2) like a bad --platform.
  if (
    values['two-factor'] !== undefined &&
    !(TWO_FACTOR_METHODS as readonly string[]).includes(String(values['two-factor']))
  ) {
    throw new UsageError(`--two-factor must be one of ${TWO_FACTOR_METHODS.join(', ')}`);
  }
}

/** Validates the fields like every other boundary, naming the field in the refusal. */
function parseFields(raw: Record<string, unknown>) {
  return parseInput(AccountFieldsSchema, raw, { subject: 'account' });
}

function fieldsFrom(values: OptionValues) {
  const raw = {
    platform: platformOption(requiredOption(values, 'platform')),
    handle: requiredOption(values, 'handle'),
    displayName: stringOption(values, 'name'),
    url: stringOption(values, 'url'),
    department: stringOption(values, 'department'),
    purpose: stringOption(values, 'purpose'),
    monitoredHours: stringOption(values, 'hours'),
    twoFactor: stringOption(values, 'two-factor') ?? 'none',
  };
  return parseFields(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
}

/** `signInName` when revealed; otherwise only whether one is stored. */
function describe(account: AccountDetail, signInName: string | null = null): string {
  const lines: [string, string][] = [
    ['Id', String(account.id)],
    ['Platform', PLATFORM_INFO[account.platform].label],
    ['Handle', `@${account.handle}`],
    ['Name', account.displayName],
    ['URL', account.url],
    ['Department', account.department],
    ['Manager', account.manager],
    ['Purpose', account.purpose],
    ['Monitored', account.monitoredHours],
    ['Status', account.status],
    ['2FA', account.twoFactor],
    ['Sign-in', signInName ?? (account.hasSignInName ? 'stored' : 'none')],
    ['2FA device', account.twoFactorDevice],
    ['2FA holder', account.twoFactorHolder],
    ['Holders', account.holders.join(', ')],
    ['Recovery to', [account.recoveryEmail, account.recoveryPhone].filter(Boolean).join(', ')],
    ['Language', account.language ? LANGUAGE_LABELS[account.language] : ''],
    ['Other lang.', account.otherLanguageAccountId !== null ? `account ${account.otherLanguageAccountId}` : ''],
    ['Approved', [account.approvedBy, account.approvedOn].filter(Boolean).join(', ')],
    ['Business', account.businessCase],
    ['Responds', account.responseTime],
    [
      'Password',
      account.hasPassword
        ? `stored${account.passwordChangedAt ? `, set ${new Date(account.passwordChangedAt).toISOString()}` : ''}`
        : 'none',
    ],
    [
      'TOTP',
      account.totp ? `${account.totp.digits} digits / ${account.totp.period} s / ${account.totp.algorithm}` : 'none',
    ],
    ['Recovery', account.recoveryCodeCount ? `${account.recoveryCodeCount} codes` : 'none'],
    ['Notes', account.hasNotes ? 'yes' : 'none'],
  ];
  return lines
    .filter(([, value]) => value !== '')
    .map(([label, value]) => `${label.padEnd(11)}${value}`)
    .join('\n');
}

export const accountAddCommand: Command = {
  name: 'account add',
  summary: 'Register an account; the password is read from stdin (or a prompt) unless --generate',
  usage:
    '--platform P --handle H [--name N] [--url U] [--department D] [--manager PERSON] [--purpose TEXT] [--hours TEXT] [--two-factor METHOD] [--sign-in NAME] [--totp OTPAUTH_URI] [--generate [--length N]] [--no-password]',
  options: {
    platform: { type: 'string' },
    handle: { type: 'string' },
    name: { type: 'string' },
    url: { type: 'string' },
    department: { type: 'string' },
    manager: { type: 'string' },
    purpose: { type: 'string' },
    hours: { type: 'string' },
    'two-factor': { type: 'string' },
    'sign-in': { type: 'string' },
    totp: { type: 'string' },
    generate: { type: 'boolean' },
    length: { type: 'string' },
    password: { type: 'boolean', default: true },
  },
  async run(ctx, values) {
    checkTwoFactorOption(values);
    const fields = fieldsFrom(values);
    const totp = stringOption(values, 'totp');
    const signInName = stringOption(values, 'sign-in');
    if (signInName !== undefined && signInName.trim() === '') throw new UsageError('--sign-in must not be blank');
    if (values.generate && values.password === false)
      throw new UsageError('--generate and --no-password contradict each other');
    const length = lengthOption(values);
    if (length !== undefined && !values.generate) throw new UsageError('--length goes with --generate');
    // Read the password before unlocking, so a prompt for it does not follow the passphrase prompt confusingly.
    let password: string | null = null;
    if (values.password !== false && !values.generate) {
      const piped = await ctx.io.readStdin();
      const value =
        piped === null ? await ctx.io.promptSecret(`Password for @${fields.handle}: `) : stripTrailingNewline(piped);
      if (!value) throw new UsageError('No password on stdin: pipe one in, use --generate, or --no-password');
      password = value;
    }
    const core = await ctx.unlocked();
    const manager = stringOption(values, 'manager');
    if (manager !== undefined) fields.managerId = core.people.resolve(manager);
    if (values.generate) {
      const options = { ...DEFAULT_GENERATOR_OPTIONS, ...(length !== undefined ? { length } : {}) };
      password = generateFor(core.random, options, fields.platform).password;
    }
    // The app's channel schema: a 10 MB "password" on stdin is refused here too (named as in a form: "password").
    const input = channelInput(
      'accounts.create',
      {
        fields,
        secrets: {
          ...(signInName !== undefined ? { signInName } : {}),
          ...(password !== null ? { password } : {}),
          ...(totp !== undefined ? { totp: { seed: totp } } : {}),
        },
      },
      { where: (path) => path.slice(1).join('.') || null },
    );
    const account = core.accounts.create(input.fields, input.secrets);
    return { json: { id: account.id }, text: String(account.id) };
  },
};

export const accountListCommand: Command = {
  name: 'account list',
  summary: 'List accounts (all statuses unless --status)',
  usage: '[--search TEXT] [--platform P] [--status active|archived]',
  options: { search: { type: 'string' }, platform: { type: 'string' }, status: { type: 'string' } },
  async run(ctx, values) {
    const platform = stringOption(values, 'platform');
    const status = stringOption(values, 'status');
    if (status !== undefined && !(ACCOUNT_STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`--status must be one of ${ACCOUNT_STATUSES.join(', ')}`);
    }
    const core = await ctx.unlocked();
    const accounts = searchAccounts(buildSearchIndex(core.accounts.list()), stringOption(values, 'search') ?? '', {
      ...(platform ? { platforms: [platformOption(platform)] } : {}),
      ...(status ? { status: status as 'active' | 'archived' } : {}),
    });
    const rows = accounts.map((a) => [String(a.id), a.platform, `@${a.handle}`, a.displayName, a.status, a.twoFactor]);
    return {
      json: accounts,
      text: accounts.length ? table(['ID', 'PLATFORM', 'HANDLE', 'NAME', 'STATUS', '2FA'], rows) : 'No accounts',
    };
  },
};

export const accountShowCommand: Command = {
  name: 'account show',
  summary: 'Show an account (by id or handle); --reveal also prints the sign-in name and password (audited)',
  usage: 'ACCOUNT [--reveal]',
  options: { reveal: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [ref]) {
    const core = await ctx.unlocked();
    const account = core.accounts.get(core.accounts.resolve(ref!));
    if (!values.reveal) return { json: account, text: describe(account) };
    const signInName = account.hasSignInName ? core.secrets.reveal(account.id, 'signInName') : null;
    const password = account.hasPassword ? core.secrets.reveal(account.id, 'password') : null;
    return {
      json: { ...account, signInName, password },
      text: `${describe(account, signInName)}\n${'Secret'.padEnd(11)}${password ?? '(none)'}`,
    };
  },
};

const CLOSURE_FLAGS: Record<string, PlatformClosure> = {
  deleted: 'deleted',
  deactivated: 'deactivated',
  'left-open': 'left_open',
};

export const accountArchiveCommand: Command = {
  name: 'account archive',
  summary:
    'Archive an account that is no longer used: revokes every live grant ("account archived"); refused while a takeover is running or scheduled',
  usage: 'ACCOUNT [--closed deleted|deactivated|left-open [--closed-on YYYY-MM-DD]]',
  options: { closed: { type: 'string' }, 'closed-on': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [ref]) {
    const closed = stringOption(values, 'closed');
    const closedOn = stringOption(values, 'closed-on');
    if (closed !== undefined && !Object.hasOwn(CLOSURE_FLAGS, closed)) {
      throw new UsageError('--closed is deleted, deactivated or left-open');
    }
    if (closedOn !== undefined && closed === undefined) throw new UsageError('--closed-on goes with --closed');
    if (closedOn !== undefined && !isIsoDate(closedOn)) throw new UsageError('--closed-on: use YYYY-MM-DD');
    const core = await ctx.unlocked();
    const id = core.accounts.resolve(ref!);
    const before = core.access.holders(id).length;
    const account = core.access.archiveAccount({
      id,
      ...(closed !== undefined ? { closure: CLOSURE_FLAGS[closed]! } : {}),
      ...(closedOn !== undefined ? { closedOn } : {}),
    });
    const closure = account.platformClosure
      ? `; ${PLATFORM_CLOSURE_LABELS[account.platformClosure].toLowerCase()} on ${account.platformClosedOn}`
      : '; say what became of the channel on the platform with --closed';
    return {
      json: {
        id: account.id,
        status: account.status,
        revokedGrants: before,
        platformClosure: account.platformClosure,
        platformClosedOn: account.platformClosedOn,
      },
      text: `Account ${account.id} is now ${account.status}; revoked ${before} grant(s)${closure}`,
    };
  },
};

export const accountRestoreCommand: Command = {
  name: 'account restore',
  summary: 'Restore an archived account (its revoked grants stay revoked: grant access again as needed)',
  usage: 'ACCOUNT',
  positionals: { min: 1, max: 1 },
  async run(ctx, _values, [ref]) {
    const core = await ctx.unlocked();
    const account = core.accounts.restore(core.accounts.resolve(ref!));
    return { json: { id: account.id, status: account.status }, text: `Account ${account.id} is now ${account.status}` };
  },
};

/** `account edit` options for plain fields: option name -> field. Empty text clears a field. */
const TEXT_OPTIONS = {
  handle: 'handle',
  name: 'displayName',
  url: 'url',
  department: 'department',
  purpose: 'purpose',
  hours: 'monitoredHours',
  'recovery-email': 'recoveryEmail',
  'recovery-phone': 'recoveryPhone',
  'two-factor-device': 'twoFactorDevice',
  'approved-by': 'approvedBy',
  'approved-on': 'approvedOn',
  'business-case': 'businessCase',
  'response-time': 'responseTime',
} as const satisfies Record<string, keyof AccountFieldsInput>;

/** Secrets `account edit` reads from stdin (or a no-echo prompt), never from an argument. */
const STDIN_SECRETS = ['sign-in', 'password', 'totp', 'recovery-codes', 'notes'] as const;
type StdinSecret = (typeof STDIN_SECRETS)[number];

function secretFromText(field: StdinSecret, text: string): SecretsInput {
  switch (field) {
    case 'sign-in': {
      const signInName = text.trim();
      if (!signInName) throw new UsageError('No sign-in name on stdin (use --clear sign-in to remove it)');
      return { signInName };
    }
    case 'password': {
      const password = stripTrailingNewline(text);
      if (!password) throw new UsageError('No password on stdin');
      return { password };
    }
    case 'totp': {
      const seed = text.trim();
      if (!seed) throw new UsageError('No TOTP seed on stdin (an otpauth:// URI or a base32 secret)');
      return { totp: { seed } };
    }
    case 'recovery-codes': {
      const codes = text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
      if (codes.length === 0) throw new UsageError('No recovery codes on stdin (one a line)');
      return { recoveryCodes: codes };
    }
    case 'notes': {
      const notes = stripTrailingNewline(text);
      if (!notes.trim()) throw new UsageError('No notes on stdin (use --clear notes to remove them)');
      return { notes };
    }
  }
}

const CLEAR_SECRETS: Record<StdinSecret, SecretsInput> = {
  'sign-in': { signInName: null },
  password: { password: null },
  totp: { totp: null },
  'recovery-codes': { recoveryCodes: null },
  notes: { notes: null },
};

function secretName(value: string, option: string): StdinSecret {
  if (!(STDIN_SECRETS as readonly string[]).includes(value)) {
    throw new UsageError(`--${option} takes one of ${STDIN_SECRETS.join(', ')}`);
  }
  return value as StdinSecret;
}

export const accountEditCommand: Command = {
  name: 'account edit',
  summary: 'Change an account’s fields; one secret (--secret FIELD) is read from stdin or a prompt',
  usage:
    'ACCOUNT [--handle H] [--name N] [--url U] [--department D] [--manager PERSON] [--purpose TEXT] [--hours TEXT] ' +
    '[--two-factor METHOD] [--two-factor-device TEXT] [--two-factor-holder PERSON] [--recovery-email E] [--recovery-phone P] ' +
    `[--language ${ACCOUNT_LANGUAGES.join('|')}] [--other-language ACCOUNT] [--approved-by NAME] [--approved-on YYYY-MM-DD] ` +
    `[--business-case TEXT] [--response-time TEXT] [--secret ${STDIN_SECRETS.join('|')}] [--clear FIELD]... ` +
    '(an empty value clears a field: --manager "")',
  options: {
    ...Object.fromEntries(Object.keys(TEXT_OPTIONS).map((name) => [name, { type: 'string' as const }])),
    manager: { type: 'string' },
    'two-factor': { type: 'string' },
    'two-factor-holder': { type: 'string' },
    language: { type: 'string' },
    'other-language': { type: 'string' },
    secret: { type: 'string' },
    clear: { type: 'string', multiple: true },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [ref]) {
    checkTwoFactorOption(values);
    const language = stringOption(values, 'language');
    if (language !== undefined && language !== '' && !(ACCOUNT_LANGUAGES as readonly string[]).includes(language)) {
      throw new UsageError(`--language must be one of ${ACCOUNT_LANGUAGES.join(', ')} (or "" for none)`);
    }
    const secret = stringOption(values, 'secret');
    const stdinField = secret === undefined ? undefined : secretName(secret, 'secret');
    const cleared = ((values.clear as string[] | undefined) ?? []).map((name) => secretName(name, 'clear'));
    if (stdinField && cleared.includes(stdinField)) {
      throw new UsageError(`--secret ${stdinField} and --clear ${stdinField} contradict each other`);
    }
    const changesFields = Object.keys(accountEditCommand.options ?? {}).some(
      (name) => name !== 'secret' && name !== 'clear' && values[name] !== undefined,
    );
    if (!changesFields && !stdinField && cleared.length === 0) {
      throw new UsageError('Nothing to change: give a field option, --secret FIELD or --clear FIELD');
    }
    // The secret is read before unlocking, so its prompt does not follow the passphrase prompt confusingly.
    let secrets: SecretsInput = {};
    if (stdinField) {
      const piped = await ctx.io.readStdin();
      const text = piped ?? (await ctx.io.promptSecret(`New ${stdinField} for ${ref}: `));
      if (text === null) throw new UsageError(`No ${stdinField} on stdin: pipe it in`);
      secrets = secretFromText(stdinField, text);
    }
    for (const field of cleared) secrets = { ...secrets, ...CLEAR_SECRETS[field] };

    const core = await ctx.unlocked();
    const id = core.accounts.resolve(ref!);
    const raw: Record<string, unknown> = { ...fieldsOf(core.accounts.get(id)) };
    for (const [option, field] of Object.entries(TEXT_OPTIONS)) {
      const value = stringOption(values, option);
      if (value !== undefined) raw[field] = value;
    }
    const twoFactor = stringOption(values, 'two-factor');
    if (twoFactor !== undefined) raw.twoFactor = twoFactor;
    if (language !== undefined) raw.language = language === '' ? null : language;
    const person = (option: string) => {
      const value = stringOption(values, option);
      return value === undefined ? undefined : value.trim() === '' ? null : core.people.resolve(value);
    };
    const manager = person('manager');
    if (manager !== undefined) raw.managerId = manager;
    const holder = person('two-factor-holder');
    if (holder !== undefined) raw.twoFactorHolderId = holder;
    const other = stringOption(values, 'other-language');
    if (other !== undefined) raw.otherLanguageAccountId = other.trim() === '' ? null : core.accounts.resolve(other);
    // The app's channel schema, as accounts.update over IPC: a field or secret the form would refuse is refused here.
    const input = channelInput(
      'accounts.update',
      { id, fields: raw as AccountFieldsInput, secrets },
      { where: (path) => path.slice(1).join('.') || null },
    );
    const account = core.accounts.update(input.id, input.fields, input.secrets);
    return { json: account, text: describe(account) };
  },
};
