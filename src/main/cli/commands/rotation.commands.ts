import { DEFAULT_GENERATOR_OPTIONS } from '../../../shared/password/generator';
import { toIsoDate } from '../../../shared/dates';
import { SecretsInputSchema } from '../../../shared/domain/account';
import { DUE_BUCKET_LABELS, RotationPolicySchema } from '../../../shared/rotation';
import { parseInput } from '../../core/errors';
import { generateFor } from '../../core/services/generator.service';
import { integerOption, lengthOption, requiredOption, stringOption, type Command } from '../command';
import { checkReplaceable, saveReplaceable, stripTrailingNewline, table } from '../io';
import { UsageError } from '../usage-error';

/** How an .ics file written by `rotation ics` starts. */
const CALENDAR_SIGNATURE = /^BEGIN:VCALENDAR\r?\nVERSION:2\.0\r?\nPRODID:-\/\/Custodian\/\//;

export const rotationDueCommand: Command = {
  name: 'rotation due',
  summary: 'Accounts whose password must change, with reasons (exit 1 when anything is overdue: for cron)',
  usage: '',
  async run(ctx) {
    const core = await ctx.unlocked();
    const queue = core.rotation.queue();
    const day = (ms: number) => toIsoDate(ms, queue.timeZone);
    const overdue = queue.counts.overdue > 0;
    const text = queue.items.length
      ? table(
          ['ACCOUNT', 'DUE', 'STATUS', 'REASONS'],
          queue.items.map((i) => [
            `${i.accountLabel} [${i.accountId}]`,
            day(i.dueAt),
            DUE_BUCKET_LABELS[i.bucket],
            i.reasons.map((r) => r.detail).join('; '),
          ]),
        )
      : 'Nothing due this quarter';
    return { json: queue, text, exitCode: overdue ? 1 : 0 };
  },
};

export const rotateCommand: Command = {
  name: 'rotate',
  summary:
    'Record that the password was changed on the platform (new password from stdin, or --generate); resolves every open obligation',
  usage: 'ACCOUNT [--generate [--length N]] [--totp OTPAUTH_URI] [--note TEXT]',
  options: {
    generate: { type: 'boolean' },
    length: { type: 'string' },
    totp: { type: 'string' },
    note: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [ref]) {
    const length = lengthOption(values);
    if (length !== undefined && !values.generate) throw new UsageError('--length goes with --generate');
    let password: string | null = null;
    if (!values.generate) {
      const piped = await ctx.io.readStdin();
      const value = piped === null ? await ctx.io.promptSecret('New password: ') : stripTrailingNewline(piped);
      if (!value) throw new UsageError('No new password on stdin: pipe one in, or use --generate');
      password = value;
    }
    const core = await ctx.unlocked();
    const accountId = core.accounts.resolve(ref!);
    if (password === null) {
      const platform = core.accounts.get(accountId).platform;
      const options = { ...DEFAULT_GENERATOR_OPTIONS, ...(length !== undefined ? { length } : {}) };
      password = generateFor(core.random, options, platform).password;
    }
    // The new password passes the same schema as in the app (at most 1,024 characters).
    parseInput(SecretsInputSchema.pick({ password: true }), { password });
    const record = core.rotation.rotateNow(accountId, {
      password,
      totp: stringOption(values, 'totp'),
      note: stringOption(values, 'note'),
    });
    return {
      json: { rotationId: record.id, accountId, resolvedObligations: record.resolvedObligations },
      text: `Rotated account ${accountId}; resolved ${record.resolvedObligations} obligation(s)${values.generate ? '. Reveal the new password with: custodian account show ' + accountId + ' --reveal' : ''}`,
    };
  },
};

export const compromiseCommand: Command = {
  name: 'compromise',
  summary: 'Report an account as compromised: immediate rotation obligation and an incident checklist',
  usage: 'ACCOUNT --note TEXT',
  options: { note: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [ref]) {
    const note = requiredOption(values, 'note');
    const core = await ctx.unlocked();
    const incident = core.incidents.report(core.accounts.resolve(ref!), note);
    const summary = core.incidents.summary(incident.id);
    return {
      json: { incidentId: incident.id, accountId: incident.accountId, summary: summary.markdown },
      text: summary.markdown.trimEnd(),
    };
  },
};

export const rotationIcsCommand: Command = {
  name: 'rotation ics',
  summary: 'Write an .ics calendar of upcoming rotation due dates (one event per account)',
  usage: '--out FILE',
  options: { out: { type: 'string' } },
  async run(ctx, values) {
    const out = requiredOption(values, 'out');
    // A calendar may be refreshed in place, but nothing else is overwritten (not the vault, not a document).
    checkReplaceable(out, CALENDAR_SIGNATURE, 'a Custodian calendar');
    const core = await ctx.unlocked();
    const count = await saveReplaceable(
      out,
      CALENDAR_SIGNATURE,
      'a Custodian calendar',
      (sink) => core.rotation.exportCalendar(sink),
      () => core.audit.recordExportFailure('calendar'),
    );
    return { json: { path: out, events: count }, text: `Wrote ${count} event(s) to ${out}` };
  },
};

export const rotationPolicyCommand: Command = {
  name: 'rotation policy',
  summary:
    'Show or set the rotation period (--days N or --months N); with --account, override it for one account (--clear to undo)',
  usage: '[--days N | --months N] [--account ACCOUNT [--clear]]',
  options: {
    days: { type: 'string' },
    months: { type: 'string' },
    account: { type: 'string' },
    clear: { type: 'boolean' },
  },
  async run(ctx, values) {
    const days = integerOption(values, 'days');
    const months = integerOption(values, 'months');
    if (days !== undefined && months !== undefined) throw new UsageError('Give --days or --months, not both');
    const account = stringOption(values, 'account');
    if (values.clear && account === undefined) throw new UsageError('--clear goes with --account');
    if (account !== undefined && months !== undefined) throw new UsageError('An account override is in days');
    const policy =
      days !== undefined
        ? { unit: 'days' as const, count: days }
        : months !== undefined
          ? { unit: 'months' as const, count: months }
          : null;
    // The message alone: --days and --months name the field already.
    if (policy) parseInput(RotationPolicySchema, policy, { where: () => null });
    const core = await ctx.unlocked();
    if (account !== undefined) {
      if (!values.clear && days === undefined) throw new UsageError('Give --days N or --clear with --account');
      const accountId = core.accounts.resolve(account);
      core.rotation.setAccountPeriod(accountId, values.clear ? null : days!);
      return {
        json: { accountId, days: values.clear ? null : days },
        text: values.clear
          ? `Account ${accountId} follows the vault's policy again`
          : `Account ${accountId} rotates every ${days} day(s)`,
      };
    }
    const result = policy ? core.rotation.setPolicy(policy) : core.rotation.policy();
    return { json: result, text: `Passwords rotate ${result.label} (time zone ${result.timeZone})` };
  },
};
