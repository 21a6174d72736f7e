import {
  ACCOUNT_STATUSES,
  AccountFieldsSchema,
  PLATFORM_CLOSURE_LABELS,
  TWO_FACTOR_METHODS,
  type AccountDetail,
  type PlatformClosure,
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
  return parseInput(AccountFieldsSchema, Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)), {
    subject: 'account',
  });
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
    // Checked before the fields are validated, so a bad method is bad usage (exit 2) like a bad --platform.
    if (
      values['two-factor'] !== undefined &&
      !(TWO_FACTOR_METHODS as readonly string[]).includes(String(values['two-factor']))
    ) {
      throw new UsageError(`--two-factor must be one of ${TWO_FACTOR_METHODS.join(', ')}`);
    }
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
