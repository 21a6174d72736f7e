import type { PersonInput, PersonView } from '../../../shared/domain/people';
import type { Core } from '../../core/core';
import { channelInput } from '../channel-input';
import { requiredOption, stringOption, type Command, type OptionValues } from '../command';
import { UsageError } from '../usage-error';
import { table } from '../io';

const PERSON_OPTIONS = {
  name: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  department: { type: 'string' },
  phone: { type: 'string' },
  'line-manager': { type: 'string' },
} as const;

/**
 * The person's fields from the options over `base`; --line-manager names a
 * person (id or email), "" for none. Not yet parsed: the command parses it
 * with its channel's schema.
 */
function personFields(core: Core, values: OptionValues, base: Partial<PersonInput>): PersonInput {
  const raw: Record<string, unknown> = { ...base };
  for (const key of ['name', 'email', 'role', 'department', 'phone'] as const) {
    const value = stringOption(values, key);
    if (value !== undefined) raw[key] = value;
  }
  const manager = stringOption(values, 'line-manager');
  if (manager !== undefined) raw.lineManagerId = manager.trim() === '' ? null : core.people.resolve(manager);
  return raw as PersonInput;
}

export const personAddCommand: Command = {
  name: 'person add',
  summary: 'Add a person to the directory',
  usage: '--name N --email E [--role R] [--department D] [--phone P] [--line-manager PERSON]',
  options: PERSON_OPTIONS,
  async run(ctx, values) {
    requiredOption(values, 'name');
    requiredOption(values, 'email');
    const core = await ctx.unlocked();
    const input = channelInput('people.create', personFields(core, values, {}), { subject: 'input' });
    const person = core.people.create(input);
    return { json: { id: person.id }, text: String(person.id) };
  },
};

export const personEditCommand: Command = {
  name: 'person edit',
  summary: 'Change a person’s details (an empty value clears an optional one)',
  usage: 'PERSON [--name N] [--email E] [--role R] [--department D] [--phone P] [--line-manager PERSON]',
  options: PERSON_OPTIONS,
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [ref]) {
    if (Object.keys(PERSON_OPTIONS).every((name) => values[name] === undefined))
      throw new UsageError('Nothing to change: give at least one option');
    const core = await ctx.unlocked();
    const id = core.people.resolve(ref!);
    const { name, email, role, department, phone, lineManagerId } = core.people.get(id);
    const input = channelInput(
      'people.update',
      { id, person: personFields(core, values, { name, email, role, department, phone, lineManagerId }) },
      { where: (path) => path.slice(1).join('.') || 'input' },
    );
    const person = core.people.update(input.id, input.person);
    return { json: person, text: `Updated ${person.name} (person ${person.id})` };
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
            ['ID', 'NAME', 'EMAIL', 'ROLE', 'PHONE', 'LINE MANAGER', 'STATUS', 'ACCESS'],
            people.map((p) => [
              String(p.id),
              p.name,
              p.email,
              p.role,
              p.phone,
              p.lineManager,
              status(p),
              String(p.currentAccess),
            ]),
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
