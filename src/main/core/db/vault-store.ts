/**
 * The one door to a vault's SQLite file: repositories plus transactions.
 * Services never see SQL or better-sqlite3; they call repositories inside
 * `transaction`, which takes the write lock up front (BEGIN IMMEDIATE) so
 * id allocation and multi-step writes cannot interleave with another process.
 */
import { AccountsRepo } from './accounts.repo';
import { AuditRepo } from './audit.repo';
import { createDatabase, migrate, openExistingDatabase, type Db } from './database';
import { EscrowRepo } from './escrow.repo';
import { GrantsRepo } from './grants.repo';
import { HeaderRepo } from './header.repo';
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
    this.header = new HeaderRepo(db);
    this.accounts = new AccountsRepo(db);
    this.secrets = new SecretsRepo(db);
    this.settings = new SettingsRepo(db);
    this.audit = new AuditRepo(db, () => this.generation);
    this.people = new PeopleRepo(db);
    this.grants = new GrantsRepo(db);
    this.obligations = new ObligationsRepo(db);
    this.rotations = new RotationsRepo(db);
    this.takeovers = new TakeoversRepo(db);
    this.escrow = new EscrowRepo(db);
  }

  static open(path: string): VaultStore {
    return new VaultStore(openExistingDatabase(path), path);
  }

  static create(path: string): VaultStore {
    return new VaultStore(createDatabase(path), path);
  }

  /** Runs `fn` in one write transaction; any throw rolls everything back. */
  transaction<T>(fn: () => T): T {
    if (!this.db.inTransaction) this.generation++;
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      // A rolled-back (sub)transaction may have undone writes a repository cached.
      this.generation++;
      throw translateSqliteError(error, this.path);
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

  migrate(): void {
    try {
      migrate(this.db);
    } catch (error) {
      throw translateSqliteError(error, this.path);
    }
  }

  /** The schema version of the file (migrations run after unlock). */
  schemaVersion(): number {
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

  close(): void {
    if (this.db.open) this.db.close();
  }
}
