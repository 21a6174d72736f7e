/**
 * For every IPC channel: one well-formed payload, and payloads that must be
 * refused with `invalid_input` before any service runs. A test checks that
 * the table covers every channel of the contract: a new channel needs entries here.
 */
import type { ChannelName } from '../../src/shared/contract/channels';
import { DEFAULT_GENERATOR_OPTIONS } from '../../src/shared/password/generator';

export interface ChannelPayloads {
  valid: Record<string, unknown>;
  /** [what is wrong, payload] */
  malformed: [string, unknown][];
}

const goodFields = { platform: 'x', handle: 'ourbrand' };
const goodPolicy = {
  handleRules: [{ platform: 'all', kind: 'prefix', value: 'livuni' }],
  minHolders: 2,
  holdersSameDepartment: false,
  twoFactorRequired: true,
  minPasswordStrength: 3,
  takeoverMaxDays: 14,
  rotation: { unit: 'months', count: 3 },
};
const person = { name: 'Jo Bloggs', email: 'jo.bloggs@example.ac.uk', role: 'Social media officer' };

/** Payloads every channel refuses: not an object at all, or a valid one with something extra. */
export function genericMalformed(valid: Record<string, unknown>): [string, unknown][] {
  return [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'vault'],
    ['a number', 42],
    ['a boolean', true],
    ['an array', [valid]],
    ['an extra key', { ...valid, extra: 1 }],
    ['an own __proto__ key (as JSON.parse makes it)', withOwnProto(valid)],
  ];
}

function withOwnProto(valid: Record<string, unknown>): unknown {
  const rest = JSON.stringify(valid).slice(1);
  return JSON.parse(`{"__proto__":{"polluted":true}${rest === '}' ? '' : ','}${rest}`);
}

export const PAYLOADS: Partial<Record<ChannelName, ChannelPayloads>> = {
  'app.info': { valid: {}, malformed: [] },
  'app.openExternal': {
    valid: { url: 'https://x.com/ourbrand' },
    malformed: [
      ['missing url', {}],
      ['a file URL', { url: 'file:///etc/passwd' }],
      ['a javascript URL', { url: 'javascript:alert(1)' }],
      ['a custom scheme', { url: 'custodian://open' }],
      ['not a string', { url: 42 }],
    ],
  },
  'app.chooseVaultFile': {
    valid: { mode: 'open' },
    malformed: [
      ['missing mode', {}],
      ['unknown mode', { mode: 'delete' }],
      ['mode of the wrong type', { mode: 1 }],
    ],
  },
  'vault.status': {
    valid: {},
    malformed: [
      ['path of the wrong type', { path: 7 }],
      ['empty path', { path: '' }],
      ['blank path', { path: '   ' }],
      ['path too long', { path: `/tmp/${'x'.repeat(5000)}` }],
    ],
  },
  'vault.create': {
    valid: { owner: 'Comms Team', passphrase: 'a long enough passphrase', kdf: 'interactive' },
    malformed: [
      ['missing owner', { passphrase: 'a long enough passphrase', kdf: 'interactive' }],
      ['missing passphrase', { owner: 'Comms Team', kdf: 'interactive' }],
      ['blank owner', { owner: '   ', passphrase: 'a long enough passphrase', kdf: 'interactive' }],
      ['short passphrase', { owner: 'Comms Team', passphrase: 'hunter2', kdf: 'interactive' }],
      ['passphrase of the wrong type', { owner: 'Comms Team', passphrase: 1234567890123, kdf: 'interactive' }],
      ['KDF below the presets', { owner: 'Comms Team', passphrase: 'a long enough passphrase', kdf: 'min' }],
      ['raw KDF numbers', { owner: 'Comms Team', passphrase: 'a long enough passphrase', kdf: { opsLimit: 1 } }],
      ['path of the wrong type', { path: ['a'], owner: 'Comms Team', passphrase: 'a long enough passphrase' }],
    ],
  },
  'vault.unlock': {
    valid: { passphrase: 'correct horse battery staple' },
    malformed: [
      ['missing passphrase', {}],
      ['empty passphrase', { passphrase: '' }],
      ['passphrase of the wrong type', { passphrase: 12345678901 }],
      ['passphrase too long', { passphrase: 'x'.repeat(1025) }],
      ['path of the wrong type', { passphrase: 'correct horse battery staple', path: false }],
    ],
  },
  'vault.lock': { valid: {}, malformed: [] },
  'vault.changePassphrase': {
    valid: { current: 'correct horse battery staple', next: 'another long passphrase' },
    malformed: [
      ['missing current', { next: 'another long passphrase' }],
      ['missing next', { current: 'correct horse battery staple' }],
      ['short next', { current: 'correct horse battery staple', next: 'short' }],
      ['unknown KDF', { current: 'correct horse battery staple', next: 'another long passphrase', kdf: 'weak' }],
    ],
  },
  'accounts.list': { valid: {}, malformed: [] },
  'accounts.get': {
    valid: { id: 1 },
    malformed: [
      ['missing id', {}],
      ['id as a string', { id: '1' }],
      ['zero id', { id: 0 }],
      ['negative id', { id: -1 }],
      ['fractional id', { id: 1.5 }],
      ['NaN id', { id: Number.NaN }],
      ['infinite id', { id: Number.POSITIVE_INFINITY }],
    ],
  },
  'accounts.create': {
    valid: { fields: goodFields, secrets: { password: 'a password' } },
    malformed: [
      ['missing fields', { secrets: {} }],
      ['fields of the wrong type', { fields: 'x:ourbrand' }],
      ['missing platform', { fields: { handle: 'ourbrand' } }],
      ['unknown platform', { fields: { platform: 'myspace', handle: 'ourbrand' } }],
      ['handle breaking the platform rule', { fields: { platform: 'x', handle: 'our brand!' } }],
      ['empty handle', { fields: { platform: 'x', handle: '@' } }],
      ['handle of the wrong type', { fields: { platform: 'x', handle: 7 } }],
      ['extra key in fields', { fields: { ...goodFields, owner: 'me' } }],
      ['non-http URL', { fields: { ...goodFields, url: 'javascript:alert(1)' } }],
      ['display name too long', { fields: { ...goodFields, displayName: 'n'.repeat(201) } }],
      ['unknown two-factor method', { fields: { ...goodFields, twoFactor: 'carrier pigeon' } }],
      ['empty password', { fields: goodFields, secrets: { password: '' } }],
      ['password too long', { fields: goodFields, secrets: { password: 'p'.repeat(1025) } }],
      ['password of the wrong type', { fields: goodFields, secrets: { password: 12345678 } }],
      ['extra key in secrets', { fields: goodFields, secrets: { pin: '1234' } }],
      ['TOTP without a seed', { fields: goodFields, secrets: { totp: { digits: 6 } } }],
      ['TOTP with 9 digits', { fields: goodFields, secrets: { totp: { seed: 'JBSWY3DPEHPK3PXP', digits: 9 } } }],
      ['too many recovery codes', { fields: goodFields, secrets: { recoveryCodes: Array(101).fill('code') } }],
      ['blank recovery code', { fields: goodFields, secrets: { recoveryCodes: ['  '] } }],
      ['notes too long', { fields: goodFields, secrets: { notes: 'n'.repeat(20_001) } }],
    ],
  },
  'accounts.update': {
    valid: { id: 1, fields: goodFields, secrets: {} },
    malformed: [
      ['missing id', { fields: goodFields }],
      ['missing fields', { id: 1 }],
      ['id as a string', { id: '1', fields: goodFields }],
      ['bad handle', { id: 1, fields: { platform: 'instagram', handle: '.brand' } }],
    ],
  },
  'accounts.archive': {
    valid: { id: 1 },
    malformed: [
      ['missing id', {}],
      ['id as a string', { id: 'all' }],
      ['an unknown closure', { id: 1, closure: 'burnt' }],
      ['a closing date that is not a date', { id: 1, closure: 'deleted', closedOn: '2026-02-30' }],
    ],
  },
  'accounts.restore': {
    valid: { id: 1 },
    malformed: [
      ['missing id', {}],
      ['negative id', { id: -3 }],
    ],
  },
  'secrets.reveal': {
    valid: { accountId: 1, field: 'password' },
    malformed: [
      ['missing field', { accountId: 1 }],
      ['missing accountId', { field: 'password' }],
      ['not a secret field', { accountId: 1, field: 'handle' }],
      ['codes are copied or shown, not revealed', { accountId: 1, field: 'totpCode' }],
      ['accountId as a string', { accountId: '1', field: 'password' }],
    ],
  },
  'secrets.copy': {
    valid: { accountId: 1, field: 'totpCode' },
    malformed: [
      ['missing field', { accountId: 1 }],
      ['unknown field', { accountId: 1, field: 'everything' }],
    ],
  },
  'secrets.totp': {
    valid: { accountId: 1 },
    malformed: [
      ['missing accountId', {}],
      ['refresh of the wrong type', { accountId: 1, refresh: 'yes' }],
    ],
  },
  'generator.generate': {
    valid: { options: DEFAULT_GENERATOR_OPTIONS },
    malformed: [
      ['missing options', {}],
      ['too short', { options: { ...DEFAULT_GENERATOR_OPTIONS, length: 7 } }],
      ['too long', { options: { ...DEFAULT_GENERATOR_OPTIONS, length: 129 } }],
      ['length as a string', { options: { ...DEFAULT_GENERATOR_OPTIONS, length: '24' } }],
      ['missing a class flag', { options: { ...DEFAULT_GENERATOR_OPTIONS, lower: undefined } }],
      ['extra option', { options: { ...DEFAULT_GENERATOR_OPTIONS, emoji: true } }],
      ['unknown platform', { options: DEFAULT_GENERATOR_OPTIONS, platform: 'myspace' }],
    ],
  },
  'people.list': { valid: {}, malformed: [] },
  'people.get': {
    valid: { id: 1 },
    malformed: [
      ['missing id', {}],
      ['id as a string', { id: '1' }],
    ],
  },
  'people.create': {
    valid: person,
    malformed: [
      ['missing name', { email: person.email }],
      ['blank name', { ...person, name: '   ' }],
      ['missing email', { name: person.name }],
      ['not an email', { ...person, email: 'jo at example' }],
      ['name too long', { ...person, name: 'n'.repeat(201) }],
      ['role of the wrong type', { ...person, role: 3 }],
    ],
  },
  'people.update': {
    valid: { id: 1, person },
    malformed: [
      ['missing id', { person }],
      ['missing person', { id: 1 }],
      ['person with an extra key', { id: 1, person: { ...person, salary: 1 } }],
    ],
  },
  'access.previewLeaver': {
    valid: { personId: 1 },
    malformed: [
      ['missing personId', {}],
      ['personId of zero', { personId: 0 }],
    ],
  },
  'access.processLeaver': {
    valid: { personId: 1, kind: 'left', date: '2026-03-31' },
    malformed: [
      ['unknown kind', { personId: 1, kind: 'retired', date: '2026-03-31' }],
      ['a date that does not exist', { personId: 1, kind: 'left', date: '2026-02-30' }],
      ['a date in another format', { personId: 1, kind: 'moved', date: '31/03/2026' }],
      ['missing date', { personId: 1, kind: 'left' }],
    ],
  },
  'access.grant': {
    valid: { accountId: 1, personId: 1, reason: 'Covers the weekend rota' },
    malformed: [
      ['missing reason', { accountId: 1, personId: 1 }],
      ['blank reason', { accountId: 1, personId: 1, reason: '  ' }],
      ['unknown kind', { accountId: 1, personId: 1, reason: 'r', kind: 'forever' }],
      ['bad end date', { accountId: 1, personId: 1, reason: 'r', until: 'next week' }],
      ['missing accountId', { personId: 1, reason: 'r' }],
    ],
  },
  'access.revoke': {
    valid: { accountId: 1, personId: 1, reason: 'Left the team' },
    malformed: [
      ['missing reason', { accountId: 1, personId: 1 }],
      ['personId as a string', { accountId: 1, personId: 'jo', reason: 'r' }],
    ],
  },
  'access.holders': {
    valid: { accountId: 1 },
    malformed: [
      ['missing accountId', {}],
      ['bad as-of date', { accountId: 1, asOf: 'yesterday' }],
    ],
  },
  'access.holdings': {
    valid: { personId: 1, asOf: '2026-01-31' },
    malformed: [
      ['missing personId', {}],
      ['as-of of the wrong type', { personId: 1, asOf: 20260131 }],
    ],
  },
  'access.history': {
    valid: { accountId: 1 },
    malformed: [
      ['neither accountId nor personId', {}],
      ['both accountId and personId', { accountId: 1, personId: 1 }],
      ['personId as a string', { personId: 'x' }],
    ],
  },
  'audit.exportAccessLog': {
    valid: { format: 'csv' },
    malformed: [
      ['missing format', {}],
      ['unknown format', { format: 'xlsx' }],
    ],
  },
  'obligations.list': {
    valid: {},
    malformed: [['accountId as a string', { accountId: 'all' }]],
  },
  'audit.list': {
    valid: { limit: 10 },
    malformed: [
      ['limit of zero', { limit: 0 }],
      ['limit too high', { limit: 1001 }],
      ['unknown kind', { kinds: ['secret.exfiltrated'] }],
      ['bad from date', { from: '2026-13-01' }],
      ['beforeSeq negative', { beforeSeq: -1 }],
    ],
  },
  'audit.verify': { valid: {}, malformed: [] },
  'audit.exportEvents': {
    valid: { format: 'json' },
    malformed: [
      ['missing format', { accountId: 1 }],
      ['bad to date', { format: 'csv', to: 'tomorrow' }],
    ],
  },
  'rotation.queue': { valid: {}, malformed: [] },
  'rotation.policy': { valid: {}, malformed: [] },
  'rotation.setPolicy': {
    valid: { policy: { unit: 'days', count: 90 } },
    malformed: [
      ['zero days', { policy: { unit: 'days', count: 0 } }],
      ['negative days', { policy: { unit: 'days', count: -7 } }],
      ['fractional months', { policy: { unit: 'months', count: 1.5 } }],
      ['unknown unit', { policy: { unit: 'weeks', count: 2 } }],
      ['missing policy', {}],
    ],
  },
  'rotation.setAccountPeriod': {
    valid: { accountId: 1, days: 30 },
    malformed: [
      ['zero days', { accountId: 1, days: 0 }],
      ['missing days', { accountId: 1 }],
      ['days as a string', { accountId: 1, days: '30' }],
    ],
  },
  'rotation.begin': {
    valid: { accountId: 1 },
    malformed: [
      ['missing accountId', {}],
      ['empty typed password', { accountId: 1, password: '' }],
      ['bad generator options', { accountId: 1, generator: { length: 4 } }],
      ['recovery codes not a list', { accountId: 1, recoveryCodes: 'abc' }],
    ],
  },
  'rotation.drafts': { valid: {}, malformed: [] },
  'rotation.confirm': {
    valid: { draftId: 1 },
    malformed: [
      ['missing draftId', {}],
      ['draftId zero', { draftId: 0 }],
      ['note too long', { draftId: 1, note: 'x'.repeat(1001) }],
      ['a code of letters', { draftId: 1, totpCode: 'abcdef' }],
      ['a blank override reason', { draftId: 1, acceptance: { weakReason: '   ' } }],
      ['an unknown acceptance', { draftId: 1, acceptance: { anything: true } }],
    ],
  },
  'rotation.revealNewTotp': {
    valid: { draftId: 1 },
    malformed: [
      ['missing draftId', {}],
      ['draftId as a string', { draftId: '1' }],
    ],
  },
  'rotation.abandon': { valid: { draftId: 1 }, malformed: [['draftId as a string', { draftId: '1' }]] },
  'rotation.revealNew': {
    valid: { draftId: 1 },
    malformed: [
      ['missing draftId', {}],
      ['draftId as a string', { draftId: '1' }],
    ],
  },
  'rotation.copyNew': { valid: { draftId: 1 }, malformed: [['missing draftId', {}]] },
  'rotation.history': { valid: { accountId: 1 }, malformed: [['missing accountId', {}]] },
  'rotation.revealOld': { valid: { historyId: 1 }, malformed: [['negative id', { historyId: -1 }]] },
  'rotation.requestSoon': {
    valid: { accountId: 1, note: 'Agency contract ended' },
    malformed: [
      ['blank note', { accountId: 1, note: '   ' }],
      ['bad due date', { accountId: 1, note: 'x', dueDate: '2026-02-30' }],
    ],
  },
  'rotation.exportCalendar': { valid: {}, malformed: [] },
  'incidents.report': {
    valid: { accountId: 1, note: 'Strange posts overnight' },
    malformed: [
      ['blank note', { accountId: 1, note: '' }],
      ['missing accountId', { note: 'x' }],
    ],
  },
  'incidents.list': { valid: {}, malformed: [['accountId as a string', { accountId: 'x' }]] },
  'incidents.setStep': {
    valid: { incidentId: 1, step: 'tell_comms', done: true },
    malformed: [
      ['unknown step', { incidentId: 1, step: 'panic', done: true }],
      ['done as a string', { incidentId: 1, step: 'rotate', done: 'yes' }],
    ],
  },
  'incidents.close': { valid: { incidentId: 1 }, malformed: [['missing incidentId', {}]] },
  'incidents.summary': { valid: { incidentId: 1 }, malformed: [['missing incidentId', {}]] },
  'incidents.exportPdf': { valid: { incidentId: 1 }, malformed: [['incidentId zero', { incidentId: 0 }]] },
  'import.chooseFile': { valid: {}, malformed: [] },
  'import.stage': {
    valid: { source: { text: 'otpauth://totp/X:ourbrand?secret=JBSWY3DPEHPK3PXP' } },
    malformed: [
      ['no source', {}],
      ['both a token and text', { source: { fileToken: 'abc', text: 'x' } }],
      ['empty text', { source: { text: '' } }],
      ['unknown format', { source: { text: 'x' }, format: 'excel' }],
      ['mapping to an unknown field', { source: { text: 'x' }, mapping: { secret: 'Pass' } }],
      ['empty password', { source: { fileToken: 'abc' }, password: '' }],
    ],
  },
  'import.preview': {
    valid: { stagingId: 'abc', decisions: [{ index: 0, action: 'skip' }] },
    malformed: [
      ['missing decisions', { stagingId: 'abc' }],
      ['unknown action', { stagingId: 'abc', decisions: [{ index: 0, action: 'merge' }] }],
      ['negative row', { stagingId: 'abc', decisions: [{ index: -1 }] }],
      ['unknown reason', { stagingId: 'abc', decisions: [{ index: 0, action: 'update', updateReason: 'because' }] }],
    ],
  },
  'import.commit': {
    valid: { stagingId: 'abc', decisions: [] },
    malformed: [
      ['missing stagingId', { decisions: [] }],
      ['unknown platform', { stagingId: 'abc', decisions: [{ index: 0, platform: 'myspace' }] }],
    ],
  },
  'import.discard': { valid: { stagingId: 'abc' }, malformed: [['empty stagingId', { stagingId: '' }]] },
  'import.deleteSource': { valid: { fileToken: 'abc' }, malformed: [['missing token', {}]] },
  'app.openTextFile': {
    valid: { kind: 'ticket' },
    malformed: [
      ['unknown kind', { kind: 'vault' }],
      ['missing kind', {}],
    ],
  },
  'takeovers.schedule': {
    valid: {
      accountId: 1,
      personId: 1,
      start: '2026-11-22T09:00:00Z',
      end: '2026-11-23T09:00:00+01:00',
      reason: 'Open day takeover',
    },
    malformed: [
      [
        'both a person and a guest',
        {
          accountId: 1,
          personId: 1,
          guest: { name: 'G', email: 'g@example.org' },
          start: '2026-11-22T09:00:00Z',
          end: '2026-11-23T09:00:00Z',
          reason: 'r',
        },
      ],
      [
        'neither person nor guest',
        { accountId: 1, start: '2026-11-22T09:00:00Z', end: '2026-11-23T09:00:00Z', reason: 'r' },
      ],
      [
        'a start without offset',
        { accountId: 1, personId: 1, start: '2026-11-22 09:00', end: '2026-11-23T09:00:00Z', reason: 'r' },
      ],
      [
        'a guest without email',
        { accountId: 1, guest: { name: 'G' }, start: '2026-11-22T09:00:00Z', end: '2026-11-23T09:00:00Z', reason: 'r' },
      ],
      [
        'blank reason',
        { accountId: 1, personId: 1, start: '2026-11-22T09:00:00Z', end: '2026-11-23T09:00:00Z', reason: ' ' },
      ],
    ],
  },
  'takeovers.list': { valid: {}, malformed: [] },
  'takeovers.get': { valid: { id: 1 }, malformed: [['id zero', { id: 0 }]] },
  'takeovers.temporarySet': { valid: { id: 1 }, malformed: [['missing id', {}]] },
  'takeovers.end': { valid: { id: 1 }, malformed: [['id as a string', { id: '1' }]] },
  'takeovers.issueForGrant': {
    valid: { accountId: 1, personId: 1 },
    malformed: [
      ['validity of zero days', { accountId: 1, personId: 1, validDays: 0 }],
      ['validity over a month', { accountId: 1, personId: 1, validDays: 31 }],
    ],
  },
  'tickets.save': {
    valid: { file: '{}', suggestedName: 'ticket.custodian-ticket' },
    malformed: [['file too large', { file: 'x'.repeat(70000), suggestedName: 't' }]],
  },
  'tickets.inspect': { valid: { ticket: '{}' }, malformed: [['empty ticket', { ticket: '' }]] },
  'tickets.redeem': {
    valid: { ticket: '{}', code: 'ABCDE-23456' },
    malformed: [
      ['missing code', { ticket: '{}' }],
      ['code too long', { ticket: '{}', code: 'x'.repeat(65) }],
    ],
  },
  'tickets.copy': {
    valid: { ticketId: 'abc', field: 'password' },
    malformed: [
      ['unknown field', { ticketId: 'abc', field: 'notes' }],
      ['missing field', { ticketId: 'abc' }],
    ],
  },
  'tickets.code': { valid: { ticketId: 'abc' }, malformed: [['missing ticketId', {}]] },
  'tickets.forget': { valid: {}, malformed: [] },
  'press.keygen': {
    valid: { team: 'Press Office', kdf: 'interactive' },
    malformed: [
      ['missing team', {}],
      ['blank team', { team: '   ' }],
      ['team too long', { team: 't'.repeat(201) }],
      ['quorum without officers', { team: 'Press', quorum: 2 }],
      [
        'officers without a quorum',
        {
          team: 'Press',
          officers: [
            { name: 'Ann', passphrase: 'ann passphrase 1' },
            { name: 'Bob', passphrase: 'bob passphrase 2' },
          ],
        },
      ],
      [
        'quorum larger than the officers',
        {
          team: 'Press',
          quorum: 3,
          officers: [
            { name: 'Ann', passphrase: 'ann passphrase 1' },
            { name: 'Bob', passphrase: 'bob passphrase 2' },
          ],
        },
      ],
      [
        'quorum of one',
        {
          team: 'Press',
          quorum: 1,
          officers: [
            { name: 'Ann', passphrase: 'ann passphrase 1' },
            { name: 'Bob', passphrase: 'bob passphrase 2' },
          ],
        },
      ],
      [
        'two officers with one name',
        {
          team: 'Press',
          quorum: 2,
          officers: [
            { name: 'Ann', passphrase: 'ann passphrase 1' },
            { name: 'ann', passphrase: 'bob passphrase 2' },
          ],
        },
      ],
      [
        'two officers with one passphrase',
        {
          team: 'Press',
          quorum: 2,
          officers: [
            { name: 'Ann', passphrase: 'shared passphrase' },
            { name: 'Bob', passphrase: 'shared passphrase' },
          ],
        },
      ],
      [
        'short officer passphrase',
        {
          team: 'Press',
          quorum: 2,
          officers: [
            { name: 'Ann', passphrase: 'short' },
            { name: 'Bob', passphrase: 'bob passphrase 2' },
          ],
        },
      ],
      ['unknown KDF', { team: 'Press', kdf: 'none' }],
      ['replace as a string', { team: 'Press', replace: 'yes' }],
    ],
  },
  'press.card': { valid: {}, malformed: [] },
  'press.exportCard': { valid: {}, malformed: [] },
  'escrow.importCard': {
    valid: { content: '{"custodianPressCard":1}', fingerprint: '12345 67890 12345 67890 12345 67890' },
    malformed: [
      ['missing fingerprint', { content: '{}' }],
      ['blank fingerprint', { content: '{}', fingerprint: '  ' }],
      ['missing content', { fingerprint: '12345' }],
      ['empty content', { content: '', fingerprint: '12345' }],
      ['content too large', { content: 'x'.repeat(131_073), fingerprint: '12345' }],
      ['content not a string', { content: { custodianPressCard: 1 }, fingerprint: '12345' }],
    ],
  },
  'escrow.cards': { valid: {}, malformed: [] },
  'escrow.status': { valid: {}, malformed: [] },
  'escrow.export': {
    valid: {},
    malformed: [
      ['fingerprint too short', { fingerprint: '123' }],
      ['fingerprint not a string', { fingerprint: 12345 }],
    ],
  },
  'press.importBundle': {
    valid: { content: '{"custodianEscrowBundle":1}' },
    malformed: [
      ['missing content', {}],
      ['empty content', { content: '' }],
      ['acceptNewKey as a string', { content: '{}', acceptNewKey: 'yes' }],
    ],
  },
  'press.register': { valid: {}, malformed: [] },
  'press.inspect': {
    valid: { content: '{"custodianEscrowBundle":1}' },
    malformed: [
      ['missing content', {}],
      ['content not a string', { content: 42 }],
    ],
  },
  'press.open': {
    valid: { bundleId: 'AAAAAAAAAAAAAAAAAAAAAA', reason: 'Account hacked overnight' },
    malformed: [
      ['missing reason', { bundleId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
      ['blank reason', { bundleId: 'AAAAAAAAAAAAAAAAAAAAAA', reason: '   ' }],
      ['reason too long', { bundleId: 'AAAAAAAAAAAAAAAAAAAAAA', reason: 'r'.repeat(2001) }],
      ['missing bundleId', { reason: 'r' }],
      ['bundleId not an id', { bundleId: '../../etc/passwd', reason: 'r' }],
      ['empty account list', { bundleId: 'AAAAAAAAAAAAAAAAAAAAAA', reason: 'r', accountIds: [] }],
      ['account id zero', { bundleId: 'AAAAAAAAAAAAAAAAAAAAAA', reason: 'r', accountIds: [0] }],
      [
        'officer out of range',
        { bundleId: 'AAAAAAAAAAAAAAAAAAAAAA', reason: 'r', officerPassphrases: [{ officer: 10, passphrase: 'p' }] },
      ],
      [
        'officer passphrase empty',
        { bundleId: 'AAAAAAAAAAAAAAAAAAAAAA', reason: 'r', officerPassphrases: [{ officer: 0, passphrase: '' }] },
      ],
      [
        'officer entry with an extra key',
        {
          bundleId: 'AAAAAAAAAAAAAAAAAAAAAA',
          reason: 'r',
          officerPassphrases: [{ officer: 0, passphrase: 'p', name: 'Ann' }],
        },
      ],
    ],
  },
  'press.openings': { valid: {}, malformed: [] },
  'press.copy': {
    valid: { openingId: 1, ref: 1, field: 'password' },
    malformed: [
      ['unknown field', { openingId: 1, ref: 1, field: 'notes' }],
      ['missing ref', { openingId: 1, field: 'password' }],
      ['openingId as a string', { openingId: '1', ref: 1, field: 'password' }],
    ],
  },
  'press.totp': {
    valid: { openingId: 1, ref: 1 },
    malformed: [
      ['missing openingId', { ref: 1 }],
      ['refresh as a string', { openingId: 1, ref: 1, refresh: 'yes' }],
    ],
  },
  'press.exportNotice': { valid: { openingId: 1 }, malformed: [['openingId zero', { openingId: 0 }]] },
  'escrow.importNotice': {
    valid: { content: '{"custodianBreakGlassNotice":1}' },
    malformed: [
      ['missing content', {}],
      ['empty content', { content: '' }],
    ],
  },
  'settings.get': { valid: {}, malformed: [] },
  'settings.update': {
    valid: { autoLockMinutes: 10 },
    malformed: [
      ['auto-lock of zero', { autoLockMinutes: 0 }],
      ['auto-lock too long', { autoLockMinutes: 241 }],
      ['fractional minutes', { autoLockMinutes: 1.5 }],
      ['minutes as a string', { autoLockMinutes: '5' }],
      ['clipboard timeout too short', { clipboardSeconds: 4 }],
      ['unknown setting', { theme: 'dark' }],
      ['an invalid handle pattern', { handleRules: [{ platform: 'x', kind: 'pattern', value: '(' }] }],
      ['a handle rule for an unknown platform', { handleRules: [{ platform: 'myspace', kind: 'prefix', value: 'u' }] }],
      ['no holders required', { minHolders: 0 }],
      ['a strength beyond zxcvbn', { minPasswordStrength: 5 }],
    ],
  },
  'press.rollup': { valid: {}, malformed: [] },
  'press.saveReminders': { valid: {}, malformed: [] },
  'policy.get': { valid: {}, malformed: [] },
  'policy.set': {
    valid: { policy: goodPolicy },
    malformed: [
      ['no policy', {}],
      ['a part missing', { policy: { ...goodPolicy, minHolders: undefined } }],
      ['an unknown part', { policy: { ...goodPolicy, maxPosts: 3 } }],
      [
        'an invalid handle pattern',
        { policy: { ...goodPolicy, handleRules: [{ platform: 'x', kind: 'pattern', value: '(' }] } },
      ],
      [
        'two rules for one platform',
        {
          policy: {
            ...goodPolicy,
            handleRules: [
              { platform: 'x', kind: 'prefix', value: 'a' },
              { platform: 'x', kind: 'prefix', value: 'b' },
            ],
          },
        },
      ],
      ['a takeover beyond 90 days', { policy: { ...goodPolicy, takeoverMaxDays: 91 } }],
      ['a rotation of no months', { policy: { ...goodPolicy, rotation: { unit: 'months', count: 0 } } }],
    ],
  },
  'policy.publish': { valid: {}, malformed: [] },
  'policy.import': {
    valid: { content: '{"custodianPolicy":1}' },
    malformed: [
      ['missing content', {}],
      ['empty content', { content: '' }],
      ['content too large', { content: 'x'.repeat(64 * 1024 + 1) }],
    ],
  },
  'compliance.report': { valid: {}, malformed: [] },
  'compliance.exportPdf': { valid: {}, malformed: [] },
  'idle.touch': { valid: {}, malformed: [] },
};

/** Every malformed payload of every channel in the table, as [channel, what is wrong, payload]. */
export function allMalformed(): [ChannelName, string, unknown][] {
  return (Object.entries(PAYLOADS) as [ChannelName, ChannelPayloads][]).flatMap(([channel, { valid, malformed }]) =>
    [...genericMalformed(valid), ...malformed].map(
      ([what, payload]) => [channel, what, payload] as [ChannelName, string, unknown],
    ),
  );
}
