/**
 * The people directory: names, emails, roles, departments, and whether each
 * person is still in post. Names and emails are personal data, sealed like
 * account names; a keyed blind index of the email enforces uniqueness.
 */
import type { PersonInput, PersonView } from '../../../shared/domain/people';
import type { Ciphertext, FieldRef } from '../crypto/field-cipher';
import type { PersonRow } from '../db/people.repo';
import { CustodianError } from '../errors';
import { invalidate, patchCached, sessionCached } from './session-cache';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';

type PersonColumn = 'name' | 'email' | 'role' | 'department' | 'status_note' | 'phone';
export const personRef = (row: number, column: PersonColumn): FieldRef => ({ table: 'people', row, column });

const CACHE_KEY = 'people';

/** Decrypted directory entry, without the access count (that depends on time). */
export type PersonRecord = Omit<PersonView, 'currentAccess' | 'lineManager'>;

export class PeopleService {
  constructor(private readonly vault: VaultService) {}

  list(): PersonView[] {
    const session = this.vault.session();
    const counts = session.store.read(() => session.store.grants.accessCounts(session.clock.now()));
    const name = this.namer(session);
    return [...this.directory(session).values()].map((p) => ({
      ...p,
      lineManager: p.lineManagerId === null ? '' : name(p.lineManagerId),
      currentAccess: counts.get(p.id) ?? 0,
    }));
  }

  get(id: number): PersonView {
    const session = this.vault.session();
    const person = this.record(session, id);
    const held = session.store.read(() =>
      session.store.grants.heldByPerson(id, session.clock.now(), session.clock.now()),
    );
    return {
      ...person,
      lineManager: person.lineManagerId === null ? '' : this.namer(session)(person.lineManagerId),
      currentAccess: new Set(held.map((g) => g.accountId)).size,
    };
  }

  /** A directory entry (decrypted, cached for the session); not_found when absent. */
  record(session: VaultSession, id: number): PersonRecord {
    const person = this.directory(session).get(id);
    if (!person) throw new CustodianError('not_found', `No person with id ${id}`);
    return person;
  }

  create(input: PersonInput): PersonView {
    const session = this.vault.session();
    const id = session.store.transaction(() => this.insert(session, input, false));
    this.refreshOne(session, id);
    return this.get(id);
  }

  /**
   * Inside the caller's transaction: the person left or moved role on `date`
   * (leaver processing). Callers invalidate the directory again after the
   * commit, as a rollback would leave the cache ahead of the file.
   */
  recordDeparture(
    session: VaultSession,
    departure: { personId: number; kind: 'left' | 'moved'; date: string; note?: string | undefined },
  ): void {
    const { store, keys, clock } = session;
    const { personId, kind, date, note } = departure;
    store.people.setStatus({
      id: personId,
      status: kind,
      statusDate: date,
      statusNote: note ? keys.fields.sealText(personRef(personId, 'status_note'), note) : null,
      updatedAt: clock.now(),
    });
    session.record({ kind: kind === 'moved' ? 'person.moved' : 'person.left', personId, details: { date } });
    invalidate(session, CACHE_KEY);
  }

  /** Inside the caller's transaction: a guest added on the spot (e.g. for a takeover). */
  insertGuest(session: VaultSession, input: PersonInput): number {
    const id = this.insert(session, input, true);
    invalidate(session, CACHE_KEY);
    return id;
  }

  private insert(session: VaultSession, input: PersonInput, guest: boolean): number {
    const { store, keys, clock } = session;
    const now = clock.now();
    const emailIndex = keys.blindIndex('email', input.email.toLowerCase());
    this.refuseDuplicateEmail(session, emailIndex, input.email, null);
    const id = store.people.nextId();
    this.checkLineManager(session, id, input.lineManagerId);
    store.people.insert({
      id,
      ...this.sealDetails(session, id, input),
      emailIndex,
      status: 'active',
      statusDate: null,
      statusNote: null,
      createdAt: now,
      updatedAt: now,
    });
    session.record({ kind: 'person.created', personId: id, details: guest ? { guest: true } : {} });
    return id;
  }

  update(id: number, given: PersonInput): PersonView {
    const session = this.vault.session();
    // Phone and line manager (schema 7) left out keep their values: an older form cannot clear them.
    const current = this.record(session, id);
    const input: PersonInput = {
      ...given,
      phone: given.phone ?? current.phone,
      lineManagerId: given.lineManagerId === undefined ? current.lineManagerId : given.lineManagerId,
    };
    const { store, keys, clock } = session;
    const emailIndex = keys.blindIndex('email', input.email.toLowerCase());
    store.transaction(() => {
      if (!store.people.get(id)) throw new CustodianError('not_found', `No person with id ${id}`);
      this.refuseDuplicateEmail(session, emailIndex, input.email, id);
      this.checkLineManager(session, id, input.lineManagerId);
      store.people.updateDetails({ id, ...this.sealDetails(session, id, input), emailIndex, updatedAt: clock.now() });
      session.record({ kind: 'person.updated', personId: id });
    });
    this.refreshOne(session, id);
    return this.get(id);
  }

  /** A person named on the command line: numeric id or email address. */
  resolve(ref: string): number {
    const session = this.vault.session();
    const text = ref.trim();
    if (/^\d+$/.test(text) && this.directory(session).has(Number(text))) return Number(text);
    const id = session.store.read(() =>
      session.store.people.idByEmailIndex(session.keys.blindIndex('email', text.toLowerCase())),
    );
    if (id === undefined) throw new CustodianError('not_found', `No person with id or email "${ref}"`);
    return id;
  }

  /** The whole directory for many look-ups at once (compliance): checked for freshness once, not per id. */
  records(session: VaultSession): ReadonlyMap<number, PersonRecord> {
    return this.directory(session);
  }

  /** Names for many ids: looks the directory up once, not once per id. */
  namer(session: VaultSession): (id: number) => string {
    const directory = this.directory(session);
    return (id) => directory.get(id)?.name ?? `person ${id}`;
  }

  /** Drops the decrypted directory after a transaction that changed people (leavers, guests). */
  invalidate(session: VaultSession): void {
    invalidate(session, CACHE_KEY);
  }

  /** After a committed write of one person: decrypt just that row into the cached directory. */
  private refreshOne(session: VaultSession, id: number): void {
    const row = session.store.read(() => session.store.people.get(id));
    patchCached<Map<number, PersonRecord>>(session, CACHE_KEY, (directory) => {
      if (row) directory.set(id, this.open(session, row));
    });
  }

  private directory(session: VaultSession): Map<number, PersonRecord> {
    return sessionCached(
      session,
      CACHE_KEY,
      () => new Map(session.store.people.all().map((row) => [row.id, this.open(session, row)])),
    );
  }

  /** A line manager is someone else in the directory. */
  private checkLineManager(session: VaultSession, id: number, lineManagerId: number | null | undefined): void {
    if (lineManagerId === null || lineManagerId === undefined) return;
    if (lineManagerId === id) throw new CustodianError('invalid_input', 'A person cannot be their own line manager');
    if (!session.store.people.get(lineManagerId)) {
      throw new CustodianError('not_found', `No person with id ${lineManagerId}`);
    }
  }

  private refuseDuplicateEmail(
    session: VaultSession,
    emailIndex: Uint8Array,
    email: string,
    self: number | null,
  ): void {
    const existing = session.store.people.idByEmailIndex(emailIndex);
    if (existing !== undefined && existing !== self) {
      // Named, not numbered: the person reading this knows people by name, not by row id.
      const name = this.directory(session).get(existing)?.name;
      throw new CustodianError(
        'conflict',
        name ? `${email} is already in the directory, as ${name}` : `${email} is already in the directory`,
      );
    }
  }

  private sealDetails(session: VaultSession, id: number, input: PersonInput) {
    const seal = (column: PersonColumn, value: string | undefined): Ciphertext | null =>
      value ? session.keys.fields.sealText(personRef(id, column), value) : null;
    return {
      name: session.keys.fields.sealText(personRef(id, 'name'), input.name),
      email: session.keys.fields.sealText(personRef(id, 'email'), input.email),
      role: seal('role', input.role),
      department: seal('department', input.department),
      phone: seal('phone', input.phone),
      lineManagerId: input.lineManagerId ?? null,
    };
  }

  private open(session: VaultSession, row: PersonRow): PersonRecord {
    const open = (column: PersonColumn, value: Ciphertext | null) =>
      value ? session.keys.fields.openText(personRef(row.id, column), value) : '';
    return {
      id: row.id,
      name: open('name', row.name),
      email: open('email', row.email),
      role: open('role', row.role),
      department: open('department', row.department),
      status: row.status,
      statusDate: row.statusDate,
      statusNote: open('status_note', row.statusNote),
      phone: open('phone', row.phone),
      lineManagerId: row.lineManagerId,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}
