import type { PersonView } from '../../../shared/domain/people';
import { channelInput } from '../channel-input';
import { requiredOption, stringOption, type Command } from '../command';
import { table } from '../io';

export const personAddCommand: Command = {
  name: 'person add',
  summary: 'Add a person to the directory',
  usage: '--name N --email E [--role R] [--department D]',
  options: {
    name: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string' },
    department: { type: 'string' },
  },
  async run(ctx, values) {
    const person = channelInput(
      'people.create',
      {
        name: requiredOption(values, 'name'),
        email: requiredOption(values, 'email'),
        ...(stringOption(values, 'role') !== undefined ? { role: stringOption(values, 'role') } : {}),
        ...(stringOption(values, 'department') !== undefined ? { department: stringOption(values, 'department') } : {}),
      },
      { subject: 'input' },
    );
    const core = await ctx.unlocked();
    const created = core.people.create(person);
    return { json: { id: created.id }, text: String(created.id) };
  },
};

export const personListCommand: Command = {
  name: 'person list',
  summary: 'List the people directory with what each can access now',
  usage: '',
  async run(ctx) {
    const core = await ctx.unlocked();
    const people = core.people.list();
    const status = (p: PersonView) => (p.status === 'active' ? 'active' : `${p.status} ${p.statusDate ?? ''}`.trim());
    return {
      json: people,
      text: people.length
        ? table(
            ['ID', 'NAME', 'EMAIL', 'ROLE', 'STATUS', 'ACCESS'],
            people.map((p) => [String(p.id), p.name, p.email, p.role, status(p), String(p.currentAccess)]),
          )
        : 'No people',
    };
  },
};

export const personLeaveCommand: Command = {
  name: 'person leave',
  summary:
    'Mark a person as left (or --moved): revokes their access (a date ahead schedules it for that day; a date before a grant began is refused) and flags every account for rotation',
  usage: 'PERSON --date YYYY-MM-DD [--moved] [--note TEXT]',
  options: { date: { type: 'string' }, moved: { type: 'boolean' }, note: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [ref]) {
    const date = requiredOption(values, 'date');
    const note = stringOption(values, 'note');
    const core = await ctx.unlocked();
    const result = core.access.processLeaver(
      channelInput('access.processLeaver', {
        personId: core.people.resolve(ref!),
        kind: values.moved ? 'moved' : 'left',
        date,
        ...(note !== undefined ? { note } : {}),
      }),
    );
    const lines = [
      `${result.person.name} marked as ${result.person.status === 'moved' ? 'moved role' : 'left'} on ${date}.`,
      result.revoked.some((g) => g.revocationScheduled)
        ? `Revoked ${result.revoked.length} grant(s), scheduled for ${date} (they hold until then):`
        : `Revoked ${result.revoked.length} grant(s):`,
      ...result.revoked.map(
        (g) => `  - grant ${g.id}: ${g.accountLabel} (${g.kind})${g.revocationScheduled ? ', scheduled' : ''}`,
      ),
      `Rotation obligations created: ${result.obligations.length}`,
      ...result.obligations.map(
        (o) => `  - obligation ${o.id}: ${o.accountLabel}, due ${new Date(o.dueAt).toISOString().slice(0, 10)}`,
      ),
      ...(result.managedAccounts.length
        ? [
            `They were overall manager of: ${result.managedAccounts.map((a) => a.accountLabel).join(', ')}. Appoint a new manager.`,
          ]
        : []),
    ];
    return { json: result, text: lines.join('\n') };
  },
};
