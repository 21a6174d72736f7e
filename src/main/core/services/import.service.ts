/**
 * Import: a file is parsed once and staged in memory (never copied to disk);
 * the preview shows every row with its mapped fields and problems; the user's
 * decisions (fix a field, skip a row, update an existing account's secrets
 * with a reason) are applied to the same plan at commit, which runs in one
 * transaction: every account created or updated and its audit event, and one
 * event for the import itself. A refusal anywhere leaves the vault as it was.
 */
import { AccountFieldsSchema, type AccountFields, type SecretsInput } from '../../../shared/domain/account';
import {
  IMPORT_FORMAT_LABELS,
  type ColumnMapping,
  type ImportAction,
  type ImportDecision,
  type ImportFormat,
  type ImportPreview,
  type ImportProblem,
  type ImportResult,
  type ImportRow,
  type UpdateReason,
} from '../../../shared/domain/import';
import { handleKey, PLATFORM_INFO } from '../../../shared/domain/platforms';
import { CustodianError } from '../errors';
import type { ImportEntry } from '../import/entry';
import { mapEntry, type Candidate } from '../import/mapping';
import { parseImportFile } from '../import/parse';
import { secretRef, type AccountsService } from './accounts.service';
import { earlierPasswordRefusal, historyRef } from './password-rules';
import type { VaultService } from './vault.service';
import type { VaultSession } from './vault-session';

const STAGED_KEY = 'import.staged';
/** Imports waiting for a decision; older ones are dropped. */
const MAX_STAGED = 4;

interface Staged {
  id: string;
  fileName: string;
  format: ImportFormat;
  detected: boolean;
  entries: ImportEntry[];
  /** Each entry mapped without decisions, once: previews after an edit re-map only the edited rows. */
  mapped: Candidate[];
  columns: string[] | null;
  mapping: ColumnMapping | null;
}

export interface StageOptions {
  fileName: string;
  format?: ImportFormat | undefined;
  password?: string | undefined;
  mapping?: ColumnMapping | undefined;
}

/** A row of the plan: the candidate (with secrets, in memory only) and what will happen to it. */
interface PlannedRow {
  candidate: Candidate;
  action: ImportAction;
  duplicateOf: number | null;
  updateReason: UpdateReason | null;
  problems: ImportProblem[];
  /** The blind index of the handle, computed once for the duplicate check and the insert. */
  handleIndex: Uint8Array | null;
}

export class ImportService {
  constructor(
    private readonly vault: VaultService,
    private readonly accounts: AccountsService,
  ) {}

  /** Parses the file and keeps it in memory for preview and commit; the vault is not written. */
  async stage(bytes: Uint8Array, options: StageOptions): Promise<ImportPreview> {
    this.vault.session();
    const { parsed, detected } = await parseImportFile(bytes, options);
    const session = this.vault.session();
    const staged: Staged = {
      id: Buffer.from(session.random(16)).toString('hex'),
      fileName: baseName(options.fileName),
      format: parsed.format,
      detected,
      entries: parsed.entries,
      mapped: parsed.entries.map((entry, index) => mapEntry(entry, index)),
      columns: parsed.columns ?? null,
      mapping: parsed.mapping ?? null,
    };
    const all = this.stagedMap(session);
    all.set(staged.id, staged);
    for (const key of [...all.keys()].slice(0, Math.max(0, all.size - MAX_STAGED))) all.delete(key);
    return this.preview(staged.id, []);
  }

  /** The plan with the user's decisions applied; reads the vault, writes nothing. */
  preview(stagingId: string, decisions: ImportDecision[]): ImportPreview {
    const session = this.vault.session();
    const staged = this.staged(session, stagingId);
    const plan = session.store.read(() => this.plan(session, staged, decisions));
    const rows = plan.map(rowView);
    return {
      stagingId: staged.id,
      format: staged.format,
      formatLabel: IMPORT_FORMAT_LABELS[staged.format],
      detected: staged.detected,
      fileName: staged.fileName,
      columns: staged.columns,
      mapping: staged.mapping,
      rows,
      counts: {
        rows: rows.length,
        create: rows.filter((r) => r.action === 'create').length,
        update: rows.filter((r) => r.action === 'update').length,
        skip: rows.filter((r) => r.action === 'skip').length,
        flagged: rows.filter((r) => r.action !== 'skip' && r.problems.length > 0).length,
      },
    };
  }

  /** Creates and updates as planned, in one transaction; refuses (changing nothing) if any kept row cannot be written. */
  commit(stagingId: string, decisions: ImportDecision[]): ImportResult {
    const session = this.vault.session();
    const staged = this.staged(session, stagingId);
    const { store, clock } = session;
    const now = clock.now();
    const result = store.transaction(() => {
      // Planned again inside the write lock, so what was checked is what is written.
      const plan = this.plan(session, staged, decisions);
      const created: number[] = [];
      const updated: number[] = [];
      for (const row of plan) {
        if (row.action === 'skip') continue;
        const c = row.candidate;
        const blocking = row.problems.find((p) => p.blocking);
        if (blocking) {
          throw new CustodianError('invalid_input', `Row ${c.index + 1} (${c.source}): ${blocking.message}`, {
            issues: [{ path: `rows.${c.index}`, message: blocking.message }],
          });
        }
        if (row.action === 'create') {
          const fields = accountFields(c);
          created.push(
            this.accounts.insertWithin(session, fields, row.handleIndex!, secretsOf(c), c.totp, now, {
              source: 'import',
            }),
          );
        } else {
          const id = row.duplicateOf!;
          // A file without a TOTP seed keeps the account's own (undefined keeps, null would clear).
          const before = this.accounts.replaceSecretsWithin(session, id, secretsOf(c), c.totp ?? undefined, now, {
            source: 'import',
            reason: row.updateReason!,
          });
          keepReplacedPassword(session, id, before, c.password, now);
          updated.push(id);
        }
      }
      const counts = { rows: plan.length, created: created.length, updated: updated.length };
      session.record({
        kind: 'import.completed',
        details: {
          format: staged.format,
          fileName: staged.fileName,
          ...counts,
          skipped: plan.length - counts.created - counts.updated,
        },
      });
      return { created, updated, skipped: plan.length - created.length - updated.length };
    });
    this.accounts.invalidate(session);
    this.stagedMap(session).delete(staged.id);
    return { ...result, format: staged.format, fileName: staged.fileName };
  }

  /** Forgets a staged file (cancel). */
  discard(stagingId: string): void {
    this.stagedMap(this.vault.session()).delete(stagingId);
  }

  private plan(session: VaultSession, staged: Staged, decisions: ImportDecision[]): PlannedRow[] {
    const byIndex = new Map<number, ImportDecision>();
    for (const d of decisions) {
      if (d.index >= staged.entries.length) {
        throw new CustodianError('invalid_input', `There is no row ${d.index + 1} in this import`);
      }
      byIndex.set(d.index, d);
    }
    const existing = new Map<string, { id: number; archived: boolean }>();
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    for (const row of session.store.accounts.handleIndexes()) {
      existing.set(`${row.platform}:${hex(row.handleIndex)}`, { id: row.id, archived: row.status === 'archived' });
    }
    const vaultPasswords = this.vaultPasswords(session);
    const seenInFile = new Map<string, number>();
    const passwordsInFile = new Map<string, number>();
    return staged.entries.map((entry, index) => {
      const decision = byIndex.get(index);
      const candidate = decision ? mapEntry(entry, index, decision) : staged.mapped[index]!;
      const problems = [...candidate.problems];
      let duplicateOf: number | null = null;
      let duplicateInFile = false;
      const handleIndex = candidate.handle ? session.keys.blindIndex('handle', handleKey(candidate.handle)) : null;
      if (handleIndex) {
        const key = `${candidate.platform}:${hex(handleIndex)}`;
        const clash = existing.get(key);
        const label = `@${candidate.handle} on ${PLATFORM_INFO[candidate.platform].label}`;
        if (clash) {
          duplicateOf = clash.id;
          problems.push({
            code: 'duplicate',
            message: `${label} is already account ${clash.id}${clash.archived ? ' (archived)' : ''}: skip it, or update its secrets`,
            blocking: false,
          });
        } else {
          const earlier = seenInFile.get(key);
          if (earlier !== undefined) {
            duplicateInFile = true;
            problems.push({
              code: 'duplicate_in_file',
              message: `${label} is also row ${earlier + 1}`,
              blocking: true,
            });
          }
        }
        if (!clash && !seenInFile.has(key) && (decision?.action ?? 'create') !== 'skip') seenInFile.set(key, index);
      }
      if (candidate.password) {
        const inVault = vaultPasswords.get(candidate.password);
        const inFile = passwordsInFile.get(candidate.password);
        if (inVault !== undefined && inVault !== duplicateOf) {
          problems.push({ code: 'reused_password', message: `Same password as account ${inVault}`, blocking: false });
        } else if (inFile !== undefined) {
          problems.push({ code: 'reused_password', message: `Same password as row ${inFile + 1}`, blocking: false });
        }
        if (inFile === undefined && candidate.kind === 'login') passwordsInFile.set(candidate.password, index);
      }
      const notSocial = problems.some((p) => p.code === 'not_social');
      const blocked = problems.some((p) => p.blocking);
      const defaultAction: ImportAction =
        duplicateOf !== null || duplicateInFile || notSocial || blocked ? 'skip' : 'create';
      const action = decision?.action ?? defaultAction;
      // A choice that cannot be written is shown as a blocking problem; commit refuses it.
      if (action === 'create' && duplicateOf !== null) {
        problems.push({
          code: 'duplicate',
          message: `Already account ${duplicateOf}: skip it or update its secrets`,
          blocking: true,
        });
      }
      if (action === 'update' && duplicateOf === null) {
        problems.push({
          code: 'duplicate',
          message: 'There is no account to update: create it instead',
          blocking: true,
        });
      } else if (action === 'update' && !decision?.updateReason) {
        problems.push({
          code: 'duplicate',
          message: `Choose a reason: say why its secrets replace account ${duplicateOf}'s`,
          blocking: true,
        });
      }
      if (action === 'update' && duplicateOf !== null && candidate.password) {
        // The rotation rules hold here too: an update may not bring back a takeover's or an earlier password.
        const refusal = earlierPasswordRefusal(session, duplicateOf, candidate.password);
        if (refusal) problems.push({ code: 'earlier_password', message: refusal, blocking: true });
      }
      return {
        candidate,
        action,
        duplicateOf,
        updateReason: action === 'update' ? (decision?.updateReason ?? null) : null,
        problems,
        handleIndex,
      };
    });
  }

  /** The vault's current passwords, for the "reused" flag; held only while the plan is made. */
  private vaultPasswords(session: VaultSession): Map<string, number> {
    const out = new Map<string, number>();
    for (const row of session.store.secrets.passwords()) {
      out.set(session.keys.fields.openText(secretRef(row.accountId, 'password'), row.password), row.accountId);
    }
    return out;
  }

  private stagedMap(session: VaultSession): Map<string, Staged> {
    let map = session.cache.get(STAGED_KEY) as Map<string, Staged> | undefined;
    if (!map) {
      map = new Map();
      session.cache.set(STAGED_KEY, map);
    }
    return map;
  }

  private staged(session: VaultSession, id: string): Staged {
    const staged = this.stagedMap(session).get(id);
    if (!staged) throw new CustodianError('not_found', 'That import is no longer staged: choose the file again');
    return staged;
  }
}

function rowView(row: PlannedRow): ImportRow {
  const c = row.candidate;
  return {
    index: c.index,
    source: c.source,
    kind: c.kind,
    platform: c.platform,
    handle: c.handle,
    displayName: c.displayName,
    url: c.url,
    department: c.department,
    hasSignInName: c.signInName !== '',
    hasPassword: c.password !== '',
    hasTotp: c.totp !== null,
    hasNotes: c.notes.trim() !== '',
    action: row.action,
    duplicateOf: row.duplicateOf,
    updateReason: row.updateReason,
    problems: row.problems,
  };
}

function accountFields(c: Candidate): AccountFields {
  const parsed = AccountFieldsSchema.safeParse({
    platform: c.platform,
    handle: c.handle,
    displayName: c.displayName,
    url: c.url,
    department: c.department,
    twoFactor: c.totp ? 'totp' : 'none',
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CustodianError(
      'invalid_input',
      `Row ${c.index + 1} (${c.source}): ${issue?.path.join('.') || 'account'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/** The secrets a row brings; what the file lacks is left out (kept, on an update). */
function secretsOf(c: Candidate): SecretsInput {
  return {
    ...(c.signInName ? { signInName: c.signInName } : {}),
    ...(c.password ? { password: c.password } : {}),
    ...(c.notes.trim() ? { notes: c.notes } : {}),
  };
}

/** An update that replaces a password keeps the old one, sealed, in the password history. */
function keepReplacedPassword(
  session: VaultSession,
  accountId: number,
  before: { password: Uint8Array | null; passwordChangedAt: number | null } | undefined,
  next: string,
  now: number,
): void {
  if (!before?.password || !next) return;
  const fields = session.keys.fields;
  const old = fields.openText(secretRef(accountId, 'password'), before.password);
  if (old === next) return;
  const { rotations } = session.store;
  const id = rotations.nextId('password_history');
  rotations.insertHistory({
    id,
    accountId,
    rotationId: null,
    password: fields.sealText(historyRef(id), old),
    // Hashed like every history entry, so the reuse rules see a password an import replaced.
    passwordHash: session.keys.passwordHash(accountId, old),
    setAt: before.passwordChangedAt,
    replacedAt: now,
  });
}

/** Only the file's own name goes into the audit trail, never the folders above it. */
function baseName(name: string): string {
  return (name.split(/[\\/]/).pop() ?? '').slice(0, 200) || 'import';
}
