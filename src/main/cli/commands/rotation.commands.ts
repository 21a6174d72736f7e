import type { PasswordAcceptance, RotationRecord } from '../../../shared/domain/rotation';
import { DEFAULT_GENERATOR_OPTIONS } from '../../../shared/password/generator';
import { toIsoDate } from '../../../shared/dates';
import { DUE_BUCKET_LABELS, RotationPolicySchema } from '../../../shared/rotation';
import { channels } from '../../../shared/contract/channels';
import type { Core } from '../../core/core';
import { CustodianError, isCustodianError, parseInput } from '../../core/errors';
import { generateFor } from '../../core/services/generator.service';
import {
  integerOption,
  lengthOption,
  requiredOption,
  stringOption,
  type Command,
  type CommandContext,
  type CommandOutput,
  type OptionValues,
} from '../command';
import { channelInput } from '../channel-input';
import { checkReplaceable, saveReplaceable, stripTrailingNewline, table } from '../io';
import { UsageError } from '../usage-error';

/** How an .ics file written by `rotation ics` starts. */
const CALENDAR_SIGNATURE = /^BEGIN:VCALENDAR\r?\nVERSION:2\.0\r?\nPRODID:-\/\/Custodian\/\//;

export const rotationDueCommand: Command = {
  name: 'rotation due',
  summary:
    'Accounts whose password must change, with reasons. Exit 1 when anything is overdue (past its due date), for cron; due today is not overdue (exit 0)',
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

/** The flag that answers each acceptance a refusal asks for. */
const ACCEPTANCE_FLAGS: Record<keyof PasswordAcceptance, string> = {
  confirmReuse: '--confirm-reuse',
  weakReason: '--weak-reason TEXT',
  restoreReason: '--restore-reason TEXT',
};

/**
 * Records one rotation. A refusal the user may accept (reuse, a weak
 * password, the password from before a takeover) is asked at the terminal,
 * one prompt each; without a terminal it is refused, naming the flag.
 */
async function recordRotation(
  ctx: CommandContext,
  core: Core,
  accountId: number,
  password: string,
  input: { totp?: string | undefined; note?: string | undefined; acceptance: PasswordAcceptance },
): Promise<RotationRecord> {
  // The app's schemas for starting and confirming a rotation: the password at most 1,024 characters, the note 1,000.
  const { totp } = input;
  channelInput('rotation.begin', { accountId, password, ...(totp !== undefined ? { totp: { seed: totp } } : {}) });
  const { note } = parseInput(channels['rotation.confirm'].input.pick({ note: true }), {
    ...(input.note !== undefined ? { note: input.note } : {}),
  });
  const acceptance = { ...input.acceptance };
  for (;;) {
    try {
      return core.rotation.rotateNow(accountId, { password, totp, note, acceptance });
    } catch (error) {
      if (!isCustodianError(error) || error.code !== 'needs_confirmation') throw error;
      const field = error.details.issues?.[0]?.path.replace(/^acceptance\./, '') as keyof PasswordAcceptance;
      if (!Object.hasOwn(ACCEPTANCE_FLAGS, field)) throw error;
      const question =
        field === 'confirmReuse' ? 'Use it anyway? Type yes to confirm: ' : 'Reason to accept it (empty to stop): ';
      const answer = await ctx.io.promptSecret(`${error.message}.\n${question}`);
      if (answer === null) {
        throw new CustodianError(error.code, `${error.message} (${ACCEPTANCE_FLAGS[field]})`, error.details);
      }
      if (field === 'confirmReuse') {
        if (answer.trim().toLowerCase() !== 'yes')
          throw new CustodianError('conflict', 'Not confirmed: nothing recorded');
        acceptance.confirmReuse = true;
      } else {
        if (!answer.trim()) throw new CustodianError('conflict', 'No reason given: nothing recorded');
        acceptance[field] = answer.trim();
      }
    }
  }
}

export const rotateCommand: Command = {
  name: 'rotate',
  summary:
    'Record that the password was changed on the platform (new password from stdin, or --generate); resolves every open password obligation (a new --totp seed also meets a re-enrolment). Refused: the current password, a takeover’s temporary password, any of the last 12. With --all-overdue: every overdue account in turn, one prompt each',
  usage:
    'ACCOUNT [--generate [--length N]] [--totp OTPAUTH_URI] [--note TEXT] [--confirm-reuse] [--weak-reason TEXT] [--restore-reason TEXT] | --all-overdue',
  options: {
    generate: { type: 'boolean' },
    length: { type: 'string' },
    totp: { type: 'string' },
    note: { type: 'string' },
    'confirm-reuse': { type: 'boolean' },
    'weak-reason': { type: 'string' },
    'restore-reason': { type: 'string' },
    'all-overdue': { type: 'boolean' },
  },
  positionals: { min: 0, max: 1 },
  async run(ctx, values, [ref]) {
    const length = lengthOption(values);
    if (length !== undefined && !values.generate) throw new UsageError('--length goes with --generate');
    const acceptance: PasswordAcceptance = {
      ...(values['confirm-reuse'] ? { confirmReuse: true } : {}),
      ...optionalReason(values, 'weak-reason', 'weakReason'),
      ...optionalReason(values, 'restore-reason', 'restoreReason'),
    };
    if (values['all-overdue']) {
      if (ref !== undefined) throw new UsageError('Give an ACCOUNT or --all-overdue, not both');
      if (values.generate || values.totp !== undefined) {
        throw new UsageError('--all-overdue asks for each new password in turn: no --generate or --totp');
      }
      return rotateAllOverdue(ctx, stringOption(values, 'note'), acceptance);
    }
    if (ref === undefined) throw new UsageError('Missing argument');
    let password: string | null = null;
    if (!values.generate) {
      const piped = await ctx.io.readStdin();
      const value = piped === null ? await ctx.io.promptSecret('New password: ') : stripTrailingNewline(piped);
      if (!value) throw new UsageError('No new password on stdin: pipe one in, or use --generate');
      password = value;
    }
    const core = await ctx.unlocked();
    const accountId = core.accounts.resolve(ref);
    if (password === null) {
      const platform = core.accounts.get(accountId).platform;
      const options = { ...DEFAULT_GENERATOR_OPTIONS, ...(length !== undefined ? { length } : {}) };
      password = generateFor(core.random, options, platform).password;
    }
    const record = await recordRotation(ctx, core, accountId, password, {
      totp: stringOption(values, 'totp'),
      note: stringOption(values, 'note'),
      acceptance,
    });
    return {
      json: { rotationId: record.id, accountId, resolvedObligations: record.resolvedObligations },
      text: `Rotated account ${accountId}; resolved ${record.resolvedObligations} obligation(s)${values.generate ? '. Reveal the new password with: custodian account show ' + accountId + ' --reveal' : ''}`,
    };
  },
};

function optionalReason(
  values: OptionValues,
  flag: 'weak-reason' | 'restore-reason',
  field: 'weakReason' | 'restoreReason',
): Partial<PasswordAcceptance> {
  const text = stringOption(values, flag);
  if (text === undefined) return {};
  if (!text.trim()) throw new UsageError(`--${flag} needs a reason`);
  return { [field]: text.trim() };
}

/**
 * Works through every overdue account in one sitting: for each, the reasons,
 * then a no-echo prompt for the password already set on the platform (empty
 * skips it). Each rotation is recorded on its own, so an interrupted run
 * resumes where it stopped when run again.
 */
async function rotateAllOverdue(
  ctx: CommandContext,
  note: string | undefined,
  acceptance: PasswordAcceptance,
): Promise<CommandOutput> {
  const core = await ctx.unlocked();
  core.takeovers.sweep();
  const due = core.rotation.queue().items.filter((i) => i.bucket === 'overdue');
  const rotated: { accountId: number; rotationId: number; resolvedObligations: number }[] = [];
  const skipped: { accountId: number; reason: string }[] = [];
  for (const [index, item] of due.entries()) {
    const reasons = item.reasons.map((r) => r.detail).join('; ');
    const answer = await ctx.io.promptSecret(
      `[${index + 1}/${due.length}] ${item.accountLabel} [${item.accountId}]: ${reasons}\nNew password, already set on the platform (empty to skip): `,
    );
    if (answer === null) throw new UsageError('--all-overdue asks for each password at the terminal: run it in one');
    if (!answer) {
      skipped.push({ accountId: item.accountId, reason: 'skipped' });
      continue;
    }
    try {
      const record = await recordRotation(ctx, core, item.accountId, answer, { note, acceptance });
      rotated.push({
        accountId: item.accountId,
        rotationId: record.id,
        resolvedObligations: record.resolvedObligations,
      });
    } catch (error) {
      if (!isCustodianError(error)) throw error;
      // One refusal does not end the sitting: it is reported, and the account stays in the queue.
      ctx.io.stderr(`custodian: ${item.accountLabel}: ${error.message}`);
      skipped.push({ accountId: item.accountId, reason: error.message });
    }
  }
  const lines = [
    ...rotated.map((r) => `Rotated account ${r.accountId}; resolved ${r.resolvedObligations} obligation(s)`),
    `Rotated ${rotated.length} of ${due.length} overdue account(s)${skipped.length ? `; ${skipped.length} left in the queue` : ''}`,
  ];
  return {
    json: { rotated, skipped, overdue: due.length },
    text: due.length ? lines.join('\n') : 'Nothing overdue',
    exitCode: skipped.some((s) => s.reason !== 'skipped') ? 1 : 0,
  };
}

export const compromiseCommand: Command = {
  name: 'compromise',
  summary: 'Report an account as compromised: immediate rotation obligation and an incident checklist',
  usage: 'ACCOUNT --note TEXT',
  options: { note: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [ref]) {
    const note = requiredOption(values, 'note');
    const core = await ctx.unlocked();
    const input = channelInput('incidents.report', { accountId: core.accounts.resolve(ref!), note });
    const incident = core.incidents.report(input.accountId, input.note);
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
