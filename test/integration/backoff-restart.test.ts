import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock';
import { createDispatcher } from '../../src/main/ipc/dispatch';
import { createHandlers } from '../../src/main/ipc/handlers';
import { runCli } from '../support/cli';
import { withRawDb } from '../support/raw-db';
import { freshPath, useTempDir } from '../support/tmp';
import { PASSPHRASE, WRONG_PASSPHRASE, countingDerive, makeCore, makeVault, refusal } from '../support/vault';

const dir = useTempDir();
const SECOND = 1000;

const failures = (path: string) =>
  withRawDb(path, (db) =>
    db.prepare('SELECT failed_unlocks AS count, last_failed_unlock_at AS at FROM vault_header').get(),
  ) as { count: number; at: number | null };

describe('failed-unlock back-off', () => {
  it('survives a restart, shows in vault.status, and a right passphrase after the wait resets it', async () => {
    const path = freshPath(dir);
    const clock = new ManualClock();
    const setup = await makeVault(path, { clock });
    await setup.dispose();

    // First run of the app: four wrong passphrases.
    const derive = countingDerive();
    const first = await makeCore(path, { clock, deriveKey: derive });
    const one = await refusal(first.vault.unlock(WRONG_PASSPHRASE), 'wrong_passphrase');
    const two = await refusal(first.vault.unlock(WRONG_PASSPHRASE), 'wrong_passphrase');
    // Two free attempts for typos: no wait announced.
    expect([one.details.retryAfterSeconds, two.details.retryAfterSeconds]).toEqual([undefined, undefined]);
    const three = await refusal(first.vault.unlock(WRONG_PASSPHRASE), 'wrong_passphrase');
    expect(three.details.retryAfterSeconds).toBe(1);
    expect(three.message).toMatch(/try again in 1 s/i);

    // Within the wait, even the right passphrase is refused, before any Argon2id work.
    const callsBefore = derive.calls;
    const waiting = await refusal(first.vault.unlock(PASSPHRASE), 'backoff');
    expect(waiting.details.retryAfterSeconds).toBe(1);
    expect(derive.calls).toBe(callsBefore);

    clock.advance(SECOND);
    const four = await refusal(first.vault.unlock(WRONG_PASSPHRASE), 'wrong_passphrase');
    expect(four.details.retryAfterSeconds).toBe(2);
    expect(failures(path)).toEqual({ count: 4, at: clock.now() });
    await first.dispose();

    // The app restarts, one second later: the wait is remembered in the file.
    clock.advance(SECOND);
    const second = await makeCore(path, { clock, deriveKey: derive });
    expect(second.vault.status()).toMatchObject({ exists: true, unlocked: false, retryAfterSeconds: 1 });
    const dispatch = createDispatcher(createHandlers(second, { version: 'test' }), { validateOutput: true });
    expect(await dispatch('vault.status', {})).toMatchObject({ ok: true, value: { retryAfterSeconds: 1 } });
    const refused = await dispatch('vault.unlock', { passphrase: PASSPHRASE });
    expect(refused).toMatchObject({ ok: false, error: { code: 'backoff', retryAfterSeconds: 1 } });
    expect(second.vault.isUnlocked).toBe(false);

    // After the wait, the right passphrase works and the count starts again from zero.
    clock.advance(SECOND);
    expect(second.vault.status().retryAfterSeconds).toBeUndefined();
    await second.vault.unlock(PASSPHRASE);
    expect(second.vault.isUnlocked).toBe(true);
    expect(failures(path)).toEqual({ count: 0, at: null });
    second.vault.lock();
    const fresh = await refusal(second.vault.unlock(WRONG_PASSPHRASE), 'wrong_passphrase');
    expect(fresh.details.retryAfterSeconds).toBeUndefined();
    await second.dispose();
  });

  it('the CLI (another process on the same file) sees the same back-off', async () => {
    const path = freshPath(dir);
    const clock = new ManualClock(Date.now());
    const core = await makeVault(path, { clock });
    core.vault.lock();
    for (let i = 0; i < 6; i++) {
      await core.vault.unlock(WRONG_PASSPHRASE).catch(() => undefined);
      clock.advance(60 * SECOND);
    }
    await core.dispose();
    // Six failures: an 8 s wait from the last one, which the CLI (on the real clock) is still inside.
    withRawDb(path, (db) => db.prepare('UPDATE vault_header SET last_failed_unlock_at = ?').run(Date.now()));
    const run = await runCli(['account', 'list', '--vault', path], { env: { CUSTODIAN_PASSPHRASE: PASSPHRASE } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^custodian: Too many wrong passphrases: try again in [1-8] s\n$/);
  });

  it('a clock moved back does not lock the owner out', async () => {
    const path = freshPath(dir);
    const clock = new ManualClock();
    const setup = await makeVault(path, { clock });
    setup.vault.lock();
    for (let i = 0; i < 8; i++) {
      await setup.vault.unlock(WRONG_PASSPHRASE).catch(() => undefined);
      clock.advance(5 * 60 * SECOND);
    }
    await refusal(setup.vault.unlock(WRONG_PASSPHRASE), 'wrong_passphrase');
    await setup.dispose();
    // The machine's clock is set back a day (a dead CMOS battery, a bad NTP answer...).
    clock.advance(-24 * 3600 * SECOND);
    const core = await makeCore(path, { clock });
    expect(core.vault.status().retryAfterSeconds).toBeUndefined();
    await core.vault.unlock(PASSPHRASE);
    expect(core.vault.isUnlocked).toBe(true);
    await core.dispose();
  });
});
