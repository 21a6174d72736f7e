/**
 * The compliance report over the DESIGN workload (10,000 accounts, 1,000
 * people, 50,000 grants, an escrow bundle exported): every account checked
 * against every rule, against a raw baseline that reads the same rows with
 * better-sqlite3 and groups the holders per account, with none of the app's
 * layers or rules.
 *
 * The report keeps each password's keyed hash for the session (by the
 * ciphertext it came from) and each distinct password's zxcvbn score (by
 * keyed hash), so the budgeted figure is a report in a session that has made
 * one before (as the Compliance page and a second `report` do). The first
 * report of a session opens every password and runs zxcvbn once per distinct
 * password (10-300 ms each here), measured for information; to keep that
 * run finite the workload's accounts share PASSWORDS distinct passwords
 * (which the report then flags as reused: the worst case for its output).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AccountFieldsSchema, fieldsOf } from '../src/shared/domain/account';
import { benchCore } from './fixtures';
import { compare, measure, type BenchContext, type BenchRow } from './harness';
import { seed } from './escrow.bench';

const BUDGET_MS: Record<string, number> = { '1k': 40, '10k': 200, '100k': 2000 };
const PASSWORDS = 50;

export async function complianceBench(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const scales = ctx.scales.filter((s) => ctx.scalesChosen || s.accounts <= 10_000);
  for (const scale of scales) {
    const path = join(ctx.dir, `compliance-${scale.label}.custodian`);
    const core = await benchCore(path);
    const press = await benchCore(join(ctx.dir, `compliance-press-${scale.label}.custodian`));
    const start = performance.now();
    await seed(core, scale.accounts, (i) => `Bench-${i % PASSWORDS}-lantern-quartz-harbour`);
    await press.vault.create({
      owner: 'Bench Press',
      passphrase: 'benchmark passphrase, not secret',
      kdf: 'interactive',
    });
    const key = await press.press.keygen({ team: 'Press Office', kdf: 'interactive', replace: false });
    core.escrow.importCard(key.card, key.fingerprint);
    await core.escrow.export(undefined, () => undefined);
    ctx.log(
      `seeded ${scale.accounts.toLocaleString('en')} accounts with grants and a bundle in ${(performance.now() - start).toFixed(0)} ms`,
    );

    const session = core.vault.session();
    rows.push(
      await measure({
        name: 'compliance report, first of the session',
        scale: scale.label,
        runs: 1,
        warmups: 0,
        before: () => {
          session.cache.delete('password-analysis');
          session.cache.delete('password-strength');
        },
        subject: () => core.compliance.report(),
      }),
    );

    const db = new Database(path, { readonly: true });
    const accounts = db.prepare(
      `SELECT a.id, a.platform, a.status, a.two_factor, a.manager_person_id, a.purpose IS NOT NULL AS p,
              a.monitored_hours IS NOT NULL AS h, s.password_changed_at, s.totp IS NOT NULL AS t
         FROM accounts a LEFT JOIN account_secrets s ON s.account_id = a.id ORDER BY a.id`,
    );
    const grants = db.prepare(
      'SELECT account_id AS a, person_id AS p FROM grants WHERE revoked_at IS NULL AND (ends_at IS NULL OR ends_at > ?)',
    );
    const obligations = db.prepare(
      'SELECT account_id, reason_kind, due_at FROM rotation_obligations WHERE resolved_at IS NULL',
    );
    const raw = () => {
      const holders = new Map<number, number[]>();
      for (const g of grants.all(Date.now()) as { a: number; p: number }[]) {
        const list = holders.get(g.a);
        if (list) list.push(g.p);
        else holders.set(g.a, [g.p]);
      }
      obligations.all();
      return (accounts.all() as { id: number }[]).map((a) => ({ id: a.id, holders: holders.get(a.id)?.length ?? 0 }));
    };
    rows.push(
      await compare({
        name: 'compliance report',
        scale: scale.label,
        subject: () => core.compliance.report(),
        baseline: raw,
        budget: { max: BUDGET_MS[scale.label] ?? 2000 },
      }),
    );
    // The Compliance page after a fix: a grant (the costliest facts to read again: every holder) or a manager change.
    const accountIds = core.accounts.list().map((a) => a.id);
    const someone = core.people.create({ name: 'Bench Fixer', email: 'fixer@example.ac.uk' }).id;
    let fixes = 0;
    rows.push(
      await compare({
        name: 'compliance report after a fix',
        scale: scale.label,
        before: () => {
          const accountId = accountIds[fixes % accountIds.length]!;
          if (fixes++ % 2 === 0) core.access.grant({ accountId, personId: someone, reason: 'Bench fix' });
          else
            core.accounts.update(
              accountId,
              AccountFieldsSchema.parse({ ...fieldsOf(core.accounts.get(accountId)), managerId: someone }),
              {},
            );
        },
        subject: () => core.compliance.report(),
        baseline: raw,
        budget: { max: BUDGET_MS[scale.label] ?? 2000 },
      }),
    );
    db.close();
    await core.dispose();
    await press.dispose();
  }
  return rows;
}
