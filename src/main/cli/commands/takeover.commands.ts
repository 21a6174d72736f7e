import { join } from 'node:path';
import { TAKEOVER_STATE_LABELS } from '../../../shared/domain/takeover';
import { dataDirectory } from '../../core/paths';
import { TICKET_KIND } from '../../core/tickets/ticket';
import { requiredOption, stringOption, type Command } from '../command';
import { channelInput } from '../channel-input';
import { fillNewFile, readInput, table } from '../io';
import { openCliCore } from '../open-core';
import { UsageError } from '../usage-error';

function parseGuest(text: string): { name: string; email: string } {
  const match = /^\s*(.+?)\s*<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$/.exec(text);
  if (!match) throw new UsageError('--guest takes "Name <email@example.org>"');
  return { name: match[1]!, email: match[2]! };
}

export const takeoverCreateCommand: Command = {
  name: 'takeover create',
  summary:
    'Schedule a takeover: takeover grant, temporary password (recorded as set on the platform now) and a one-time credential; prints the code',
  usage:
    'ACCOUNT (--person PERSON | --guest "Name <email>") --start ISO --end ISO --reason TEXT --ticket-out FILE [--include-totp]',
  options: {
    person: { type: 'string' },
    guest: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    reason: { type: 'string' },
    'ticket-out': { type: 'string' },
    'include-totp': { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [ref]) {
    const person = stringOption(values, 'person');
    const guest = stringOption(values, 'guest');
    if ((person === undefined) === (guest === undefined)) throw new UsageError('Give --person or --guest');
    const start = requiredOption(values, 'start');
    const end = requiredOption(values, 'end');
    const reason = requiredOption(values, 'reason');
    const out = requiredOption(values, 'ticket-out');
    const guestInput = guest !== undefined ? parseGuest(guest) : undefined;
    // The ticket file is claimed first: a takeover whose ticket cannot be written must not be scheduled.
    let unlocked: Awaited<ReturnType<typeof ctx.unlocked>> | undefined;
    const { takeover, code } = await fillNewFile(
      out,
      async (ticketFile) => {
        const core = await ctx.unlocked();
        unlocked = core;
        const scheduled = await core.takeovers.schedule(
          channelInput('takeovers.schedule', {
            accountId: core.accounts.resolve(ref!),
            ...(person !== undefined ? { personId: core.people.resolve(person) } : { guest: guestInput! }),
            start,
            end,
            reason,
            includeTotp: values['include-totp'] === true,
          }),
        );
        // From the command line the manager sets the temporary password on the platform as they run this.
        const takeover = core.takeovers.temporarySet(scheduled.takeover.id);
        ticketFile.write(`${scheduled.ticket.file}\n`);
        return { takeover, code: scheduled.ticket.code };
      },
      () => unlocked?.audit.recordExportFailure('one-time credential'),
    );
    return {
      json: {
        id: takeover.id,
        code,
        ticket: out,
        temporaryPasswordSetAt: takeover.temporarySetAt,
      },
      text: [
        `Takeover ${takeover.id}: ${takeover.personName} on ${takeover.accountLabel}`,
        `from ${new Date(takeover.startsAt).toISOString()} to ${new Date(takeover.endsAt).toISOString()}.`,
        `Ticket written to ${out}. Send it, and by another channel this code:`,
        code,
        'The temporary password is now the account’s current password: reveal it with custodian account show --reveal.',
      ].join('\n'),
    };
  },
};

export const takeoverListCommand: Command = {
  name: 'takeover list',
  summary: 'Takeovers: scheduled, active, awaiting change-back, closed',
  usage: '',
  async run(ctx) {
    const core = await ctx.unlocked();
    const takeovers = core.takeovers.list();
    return {
      json: takeovers,
      text: takeovers.length
        ? table(
            ['ID', 'ACCOUNT', 'PERSON', 'FROM', 'TO', 'STATE'],
            takeovers.map((t) => [
              String(t.id),
              t.accountLabel,
              t.personName,
              new Date(t.startsAt).toISOString(),
              new Date(t.endsAt).toISOString(),
              TAKEOVER_STATE_LABELS[t.state],
            ]),
          )
        : 'No takeovers',
    };
  },
};

export const takeoverEndCommand: Command = {
  name: 'takeover end',
  summary: 'End a takeover now: its access ends and a "change it back" rotation obligation is created',
  usage: 'TAKEOVER',
  positionals: { min: 1, max: 1 },
  async run(ctx, _values, [ref]) {
    if (!/^\d+$/.test(ref!)) throw new UsageError('TAKEOVER is the takeover id (see custodian takeover list)');
    const core = await ctx.unlocked();
    const takeover = core.takeovers.end(channelInput('takeovers.end', { id: Number(ref) }).id);
    return {
      json: takeover,
      text:
        takeover.state === 'cancelled'
          ? `Takeover ${takeover.id} cancelled (its temporary password was never set, so nothing to change back)`
          : `Takeover ${takeover.id} ended: change the password back (custodian rotation due)`,
    };
  },
};

export const redeemCommand: Command = {
  name: 'redeem',
  summary: 'Redeem a one-time credential (no vault needed; code from CUSTODIAN_CODE or a prompt)',
  usage: '--ticket FILE',
  options: { ticket: { type: 'string' } },
  async run(ctx, values) {
    const path = requiredOption(values, 'ticket');
    const text = readInput(path, TICKET_KIND.maxChars, 'a Custodian ticket');
    const typed = ctx.io.env.CUSTODIAN_CODE ?? (await ctx.io.promptSecret('Code: '));
    if (!typed) throw new UsageError('No code: set CUSTODIAN_CODE or run in a terminal');
    const { ticket, code } = channelInput('tickets.redeem', { ticket: text, code: typed });
    // Redeeming needs no vault: a core whose ledger is in this user's data folder.
    const core = await openCliCore({
      defaultVaultPath: ctx.vaultPath,
      ledgerPath: join(dataDirectory(ctx.io.env), 'redemptions.sqlite'),
    });
    try {
      const redeemed = await core.tickets.redeem(ticket, code);
      return {
        // Text is the password alone (for piping); JSON adds what to type above it and where, when the ticket says.
        json: {
          password: redeemed.password,
          ...(redeemed.signInName ? { signInName: redeemed.signInName } : {}),
          ...(redeemed.url ? { url: redeemed.url } : {}),
          ...(redeemed.totp ? { totp: redeemed.totp } : {}),
        },
        text: redeemed.password,
      };
    } finally {
      await core.dispose();
    }
  },
};
