/**
 * The one door to a vault's SQLite file: repositories plus transactions.
 * Services never see SQL or better-sqlite3; they call repositories inside
 * `transaction`, which takes the write lock up front (BEGIN IMMEDIATE) so
 * id allocation and multi-step writes cannot interleave with another process.
 */
import { AccountsRepo } from './accounts.repo';
import { AuditRepo } from './audit.repo';
import { ComplianceRepo } from './compliance.repo';
import { createDatabase, migrate, openExistingDatabase, type Db } from './database';
import { EscrowRepo } from './escrow.repo';
import { GrantsRepo } from './grants.repo';
import { HeaderRepo } from './header.repo';
import { SCHEMA_VERSION } from './migrations';
import { AUTHENTICATED_SCHEMA_VERSION, Integrity, type RowAuth } from './integrity';
import { ObligationsRepo } from './obligations.repo';
import { PeopleRepo } from './people.repo';
import { RotationsRepo } from './rotations.repo';
import { TakeoversRepo } from './takeovers.repo';
import { SecretsRepo } from './secrets.repo';
import { SettingsRepo } from './settings.repo';
import { translateSqliteError } from './sqlite-errors';

export class VaultStore {
  readonly header: HeaderRepo;
  readonly accounts: AccountsRepo;
  readonly secrets: SecretsRepo;
  readonly settings: SettingsRepo;
  readonly audit: AuditRepo;
  readonly people: PeopleRepo;
  readonly grants: GrantsRepo;
  readonly obligations: ObligationsRepo;
  readonly rotations: RotationsRepo;
  readonly takeovers: TakeoversRepo;
  readonly escrow: EscrowRepo;
  readonly integrity: Integrity;
  readonly compliance: ComplianceRepo;
  /**
   * Bumped when a top-level transaction starts and whenever one fails, so
   * repositories may cache what they wrote within one transaction (the audit
   * head) and know when that cache can no longer be trusted.
   */
  private generation = 0;

  private constructor(
    private readonly db: Db,
    readonly path: string,
  ) {
    const integrity = new Integrity(db, () => this.schemaVersion());
    this.integrity = integrity;
    this.header = new HeaderRepo(db, integrity);
    this.accounts = new AccountsRepo(db, integrity);
    this.secrets = new SecretsRepo(db, integrity);
    this.settings = new SettingsRepo(db, integrity);
    this.audit = new AuditRepo(db, integrity, () => this.generation);
    this.people = new PeopleRepo(db, integrity);
    this.grants = new GrantsRepo(db, integrity);
    this.obligations = new ObligationsRepo(db, integrity);
    this.rotations = new RotationsRepo(db, integrity);
    this.takeovers = new TakeoversRepo(db, integrity);
    this.escrow = new EscrowRepo(db, integrity);
    this.compliance = new ComplianceRepo(db, integrity);
  }

  /** Opens a vault file (its schema checked against the pinned one); nothing is authenticated until `authenticate`. */
  static open(path: string): VaultStore {
    return new VaultStore(openExistingDatabase(path), path);
  }

  /** Creates a vault file at the latest schema, its rows sealed under `auth` from the start. */
  static create(path: string, auth: RowAuth): VaultStore {
    let store: VaultStore | undefined;
    createDatabase(path, (db) => {
      store = new VaultStore(db, path);
      store.integrity.install(auth);
      migrate(db, SCHEMA_VERSION, store.migrationContext());
      store.integrity.verifyAll();
    });
    return store!;
  }

  /**
   * After unlock: verifies the whole file under the row key (schema, every
   * row, counts, audit head), then applies the migrations it has not seen.
   */
  authenticate(auth: RowAuth): void {
    try {
      this.integrity.install(auth);
      if (this.schemaVersion() >= AUTHENTICATED_SCHEMA_VERSION) this.integrity.verifyAll();
      if (migrate(this.db, SCHEMA_VERSION, this.migrationContext()) > 0) this.integrity.verifyAll();
    } catch (error) {
      this.integrity.uninstall();
      throw translateSqliteError(error, this.path);
    }
  }

  private migrationContext() {
    return { resealAll: () => this.integrity.resealAll() };
  }

  /** Runs `fn` in one write transaction; any throw rolls everything back. */
  transaction<T>(fn: () => T): T {
    const outermost = !this.db.inTransaction;
    if (outermost) this.generation++;
    const snapshot = this.integrity.snapshot();
    try {
      return this.db
        .transaction(() => {
          if (outermost) {
            this.writingSchema = null;
            this.integrity.beginWrite();
          }
          const result = fn();
          // Inside the transaction: the integrity record commits (or fails) with what it describes.
          if (outermost) this.integrity.flush();
          return result;
        })
        .immediate();
    } catch (error) {
      // A rolled-back (sub)transaction may have undone writes a repository cached.
      this.generation++;
      this.integrity.restore(snapshot);
      throw translateSqliteError(error, this.path);
    } finally {
      if (outermost) {
        this.writingSchema = undefined;
        this.integrity.endWrite();
      }
    }
  }

  /**
   * Runs reads in one read transaction, so the statements of a multi-statement
   * read see one snapshot even while another process (the CLI) commits;
   * translates SQLite failures (e.g. a damaged file) into clear errors. Inside
   * a transaction already, it just runs.
   */
  read<T>(fn: () => T): T {
    try {
      if (this.db.inTransaction) return fn();
      // A new snapshot: what repositories cached per transaction (the data version) is read again.
      this.generation++;
      return this.db.transaction(fn).deferred();
    } catch (error) {
      throw translateSqliteError(error, this.path);
    }
  }

  /**
   * A number that changes whenever a row of any of `tables` is written, by
   * us or by another connection (see Integrity's change stamps): what is
   * derived from those tables and remembered with it is current while it is
   * the same.
   */
  changeStamp(tables: readonly string[]): number {
    return this.read(() => {
      this.integrity.ensureFresh();
      return this.integrity.changeStamp(tables);
    });
  }

  /** Inside our own write transaction: the schema version read once for it (every sealed write asks). */
  private writingSchema: number | null | undefined;

  /** The schema version of the file (migrations run after unlock). */
  schemaVersion(): number {
    // While we hold the write lock nobody else can migrate the file, and migrations never run inside `transaction`.
    if (this.writingSchema !== undefined) {
      return (this.writingSchema ??= this.db.pragma('user_version', { simple: true }) as number);
    }
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private knownVersion: { generation: number; value: number } | null = null;

  /**
   * Changes whenever another connection (the CLI, another window) commits.
   * Inside our write transaction nobody else can commit, so the value read
   * once per transaction stands for all of it.
   */
  dataVersion(): number {
    const known = this.knownVersion;
    if (known && this.db.inTransaction && known.generation === this.generation) return known.value;
    const value = this.db.pragma('data_version', { simple: true }) as number;
    this.knownVersion = { generation: this.generation, value };
    return value;
  }

  /**
   * SQLite's own check of the file's b-trees and that every index matches its
   * table (what row MACs cannot see: an index is not a row). Reads the whole
   * file, so it belongs to `audit verify`, not to unlock.
   */
  structureProblem(): string | null {
    const result = this.read(() => this.db.pragma('integrity_check(1)', { simple: true }) as string);
    return result === 'ok'
      ? null
      : `This vault file has been changed outside Custodian: its structure is damaged (${result})`;
  }

  close(): void {
    this.integrity.uninstall();
    if (this.db.open) this.db.close();
  }
}
