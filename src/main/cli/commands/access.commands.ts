import { GRANT_KINDS, type GrantKind, type GrantView } from '../../../shared/domain/access';
import { requiredOption, stringOption, type Command } from '../command';
import { channelInput } from '../channel-input';
import { saveNewFile, table } from '../io';
import { UsageError } from '../usage-error';

const day = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().slice(0, 10));
const minute = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

function grantsTable(grants: GrantView[], by: 'person' | 'account'): string {
  if (grants.length === 0) return 'No access';
  return table(
    ['GRANT', by === 'person' ? 'PERSON' : 'ACCOUNT', 'KIND', 'GRANTED', 'BY', 'UNTIL', 'REVOKED', 'REASON'],
    grants.map((g) => [
      String(g.id),
      by === 'person' ? `${g.personName} <${g.personEmail}>` : g.accountLabel,
      g.kind,
      day(g.grantedAt),
      g.grantedBy,
      day(g.endsAt),
      day(g.revokedAt),
      g.reason,
    ]),
  );
}

export const grantCommand: Command = {
  name: 'grant',
  summary: 'Record that a person holds access to an account',
  usage:
    'ACCOUNT --person PERSON --reason TEXT [--kind standing|takeover|emergency] [--until YYYY-MM-DD] [--by PERSON]',
  options: {
    person: { type: 'string' },
    reason: { type: 'string' },
    kind: { type: 'string' },
    until: { type: 'string' },
    by: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [ref]) {
    const kind = stringOption(values, 'kind') ?? 'standing';
    if (!(GRANT_KINDS as readonly string[]).includes(kind))
      throw new UsageError(`--kind must be one of ${GRANT_KINDS.join(', ')}`);
    const personRef = requiredOption(values, 'person');
    const reason = requiredOption(values, 'reason');
    const until = stringOption(values, 'until');
    const by = stringOption(values, 'by');
    const core = await ctx.unlocked();
    const grant = core.access.grant(
      channelInput('access.grant', {
        accountId: core.accounts.resolve(ref!),
        personId: core.people.resolve(personRef),
        kind: kind as GrantKind,
        reason,
        ...(until !== undefined ? { until } : {}),
        ...(by !== undefined ? { grantedBy: core.people.resolve(by) } : {}),
      }),
    );
    return { json: { id: grant.id }, text: String(grant.id) };
  },
};

export const revokeCommand: Command = {
  name: 'revoke',
  summary: 'Revoke a person’s access to an account (the grant stays in the history)',
  usage: 'ACCOUNT --person PERSON --reason TEXT [--by PERSON]',
  options: { person: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [ref]) {
    const personRef = requiredOption(values, 'person');
    const reason = requiredOption(values, 'reason');
    const by = stringOption(values, 'by');
    const core = await ctx.unlocked();
    const { grant, obligation } = core.access.revoke(
      channelInput('access.revoke', {
        accountId: core.accounts.resolve(ref!),
        personId: core.people.resolve(personRef),
        reason,
        ...(by !== undefined ? { revokedBy: core.people.resolve(by) } : {}),
      }),
    );
    const lines = [`Revoked grant ${grant.id}`];
    if (obligation) {
      const n = grant.outstandingCredentials;
      lines.push(
        `${n === 1 ? 'A one-time credential' : `${n} one-time credentials`} issued under it can still be redeemed until ${minute(grant.credentialsValidUntil)} UTC: revoking cannot recall ${n === 1 ? 'it' : 'them'}.`,
        `Change the password: ${grant.accountLabel} now has rotation obligation ${obligation.id}, due now (custodian rotation due).`,
      );
    }
    return {
      json: {
        id: grant.id,
        revokedAt: grant.revokedAt,
        outstandingCredentials: grant.outstandingCredentials,
        credentialsValidUntil: grant.credentialsValidUntil,
        obligationId: obligation?.id ?? null,
      },
      text: lines.join('\n'),
    };
  },
};

export const accessCommand: Command = {
  name: 'access',
  summary: 'Who holds access to an account (now, or --at a date); or what --person can access',
  usage: 'ACCOUNT [--at YYYY-MM-DD] | --person PERSON [--at YYYY-MM-DD] | ACCOUNT --history',
  options: { at: { type: 'string' }, person: { type: 'string' }, history: { type: 'boolean' } },
  positionals: { min: 0, max: 1 },
  async run(ctx, values, [ref]) {
    const personRef = stringOption(values, 'person');
    if ((ref === undefined) === (personRef === undefined))
      throw new UsageError('Give an ACCOUNT or --person, not both');
    const at = stringOption(values, 'at');
    if (values.history && at !== undefined) throw new UsageError('--history and --at do not go together');
    const core = await ctx.unlocked();
    if (personRef !== undefined) {
      const personId = core.people.resolve(personRef);
      const grants = values.history ? core.access.history({ personId }) : core.access.holdings(personId, at);
      return { json: grants, text: grantsTable(grants, 'account') };
    }
    const accountId = core.accounts.resolve(ref!);
    const grants = values.history ? core.access.history({ accountId }) : core.access.holders(accountId, at);
    return { json: grants, text: grantsTable(grants, 'person') };
  },
};

export const auditVerifyCommand: Command = {
  name: 'audit verify',
  summary:
    'Check the audit chain and its signatures from the last verified checkpoint, or with --full re-hash every event (exit 1 when broken)',
  usage: '[--full]',
  options: { full: { type: 'boolean' } },
  async run(ctx, values) {
    const core = await ctx.unlocked();
    const result = core.audit.verify({ full: values.full === true });
    const how =
      result.incrementalFrom === null
        ? ''
        : ` Events 1–${result.incrementalFrom} matched the digest kept when they were last verified; those after were re-hashed (--full re-hashes all).`;
    const text = result.intact
      ? `Audit trail intact: ${result.events} events, ${result.checkpoints} signed checkpoints (last at ${result.lastCheckpointSeq ?? 'none'}; ${result.unsignedTail} ${result.unsignedTail === 1 ? 'event' : 'events'} after it).${how}`
      : `Audit trail BROKEN at event ${result.firstBrokenSeq}: ${result.problem}`;
    return { json: result, text, exitCode: result.intact ? 0 : 1 };
  },
};

export const auditExportCommand: Command = {
  name: 'audit export',
  summary: 'Export the audit trail, or with --access-log the access log (CSV is safe against formula injection)',
  usage: '--format csv|json [--out FILE] [--access-log]',
  options: { format: { type: 'string' }, out: { type: 'string' }, 'access-log': { type: 'boolean' } },
  async run(ctx, values) {
    const format = requiredOption(values, 'format');
    if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
    const out = stringOption(values, 'out');
    const core = await ctx.unlocked();
    let content = '';
    const run = (sink: (text: string) => void) =>
      values['access-log'] ? core.audit.exportAccessLog(format, sink) : core.audit.exportEvents(format, {}, sink);
    if (out !== undefined) {
      const what = values['access-log'] ? 'access log' : 'audit trail';
      const count = await saveNewFile(out, run, () => core.audit.recordExportFailure(what));
      return { json: { path: out, count }, text: `Wrote ${count} records to ${out}` };
    }
    run((text) => (content = text));
    // Without --out the export itself is the output (under --json, CSV is wrapped so stdout stays JSON).
    return { json: format === 'json' ? JSON.parse(content) : { csv: content }, text: content.trimEnd() };
  },
};
