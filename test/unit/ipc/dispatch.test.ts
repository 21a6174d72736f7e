import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, channels, type ChannelName } from '../../../src/shared/contract/channels';
import type { Result } from '../../../src/shared/contract/envelope';
import type { Core } from '../../../src/main/core/core';
import { CustodianError } from '../../../src/main/core/errors';
import { createDispatcher } from '../../../src/main/ipc/dispatch';
import { createHandlers, type HandlerTable } from '../../../src/main/ipc/handlers';
import { PAYLOADS, allMalformed } from '../../support/payloads';

/**
 * A stand-in core that records every property read and call made on it, at
 * any depth, and returns more recorders: proof of whether a handler touched
 * the core at all.
 */
function spyCore(): { core: Core; touched: string[] } {
  const touched: string[] = [];
  const recorder = (path: string): unknown =>
    new Proxy(() => undefined, {
      get: (_target, prop) => {
        if (prop === 'then') return undefined; // not a promise
        const next = `${path}.${String(prop)}`;
        touched.push(next);
        return recorder(next);
      },
      apply: () => {
        touched.push(`${path}()`);
        return recorder(`${path}()`);
      },
    });
  return { core: recorder('core') as Core, touched };
}

/** The real handler table over a spy core, logging which handlers ran. */
function spiedDispatcher() {
  const { core, touched } = spyCore();
  const handlers = createHandlers(core, { version: '9.9.9' });
  const ran: string[] = [];
  const wrapped = Object.fromEntries(
    CHANNEL_NAMES.map((name) => [
      name,
      (input: unknown) => {
        ran.push(name);
        return (handlers[name] as (input: unknown) => unknown)(input);
      },
    ]),
  ) as HandlerTable;
  const report = vi.fn();
  return { dispatch: createDispatcher(wrapped, { report }), ran, touched, report };
}

function failure(result: Result<unknown>) {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  return result.error;
}

describe('payload validation, for every channel', () => {
  it('the payload table covers exactly the contract channels', () => {
    expect(Object.keys(PAYLOADS).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it.each(CHANNEL_NAMES)('%s: the well-formed payload passes validation and reaches its handler', async (channel) => {
    const { dispatch, ran } = spiedDispatcher();
    const payloads = PAYLOADS[channel];
    expect(payloads, `test/support/payloads.ts has no payloads for ${channel}`).toBeDefined();
    await dispatch(channel, payloads!.valid);
    expect(ran).toEqual([channel]);
  });

  it.each(CHANNEL_NAMES)('%s: a payload that is not an object is refused', async (channel) => {
    for (const payload of [undefined, null, 'x', 1, true, [], [{}]]) {
      const { dispatch, ran, touched } = spiedDispatcher();
      const error = failure(await dispatch(channel, payload));
      expect(error.code).toBe('invalid_input');
      expect(ran).toEqual([]);
      expect(touched).toEqual([]);
    }
  });

  it.each(allMalformed())('%s refuses %s with invalid_input, touching nothing', async (channel, _what, payload) => {
    const { dispatch, ran, touched, report } = spiedDispatcher();
    const error = failure(await dispatch(channel, payload));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toEqual(expect.any(String));
    expect(error.message).not.toMatch(/\n/);
    expect(error.issues?.length).toBeGreaterThan(0);
    expect(ran).toEqual([]);
    expect(touched).toEqual([]);
    expect(report).not.toHaveBeenCalled();
  });

  it('names the offending field and never echoes the submitted value', async () => {
    const { dispatch } = spiedDispatcher();
    const error = failure(
      await dispatch('vault.create', { owner: 'Comms', passphrase: 'hunter2', kdf: 'interactive' }),
    );
    expect(error.issues).toEqual([{ path: 'passphrase', message: expect.stringContaining('at least 10') }]);
    expect(error.message).toMatch(/^passphrase: /);
    expect(JSON.stringify(error)).not.toContain('hunter2');

    const handle = failure(
      await dispatch('accounts.create', { fields: { platform: 'x', handle: 'secret handle!' }, secrets: {} }),
    );
    expect(handle.issues?.[0]?.path).toBe('fields.handle');
    expect(JSON.stringify(handle)).not.toContain('secret handle');

    const password = failure(
      await dispatch('accounts.create', {
        fields: { platform: 'x', handle: 'ok' },
        secrets: { password: 'p'.repeat(1025) },
      }),
    );
    expect(password.issues?.[0]?.path).toBe('secrets.password');
    expect(JSON.stringify(password)).not.toContain('pppppppp');
  });
});

describe('unknown channels', () => {
  it.each([
    ['vault.delete'],
    ['accounts.dump'],
    ['constructor'],
    ['toString'],
    ['__proto__'],
    ['hasOwnProperty'],
    [''],
    ['custodian:vault.unlock'],
    [42],
    [null],
    [undefined],
    [{ channel: 'vault.lock' }],
  ])('%j is refused with unknown_channel', async (channel) => {
    const { dispatch, ran, touched } = spiedDispatcher();
    const error = failure(await dispatch(channel, {}));
    expect(error.code).toBe('unknown_channel');
    expect(ran).toEqual([]);
    expect(touched).toEqual([]);
  });
});

describe('handler outcomes', () => {
  const table = (overrides: Partial<HandlerTable>): HandlerTable =>
    ({
      ...Object.fromEntries(CHANNEL_NAMES.map((name) => [name, () => ({})])),
      ...overrides,
    }) as HandlerTable;

  it('an unexpected exception becomes `internal` without its message, which could quote a secret', async () => {
    const report = vi.fn();
    const dispatch = createDispatcher(
      table({
        'accounts.list': () => {
          throw new SyntaxError('Unexpected token in JSON at position 0: "hunter2-secret"');
        },
      }),
      { report },
    );
    const error = failure(await dispatch('accounts.list', {}));
    expect(error).toEqual({ code: 'internal', message: expect.any(String) });
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('JSON');
    // The log gets the error's name and stack frames, not its message either.
    expect(report).toHaveBeenCalledTimes(1);
    const logged = report.mock.calls[0]![0] as string;
    expect(logged).toMatch(/^SyntaxError\n/);
    expect(logged).toContain(' at ');
    expect(logged).not.toContain('hunter2');
  });

  it('a rejected promise and a thrown non-Error are handled the same way', async () => {
    const report = vi.fn();
    const dispatch = createDispatcher(
      table({
        'settings.get': async () => {
          throw new Error('db said: hunter2');
        },
        'accounts.list': () => {
          throw 'hunter2 as a string';
        },
      }),
      { report },
    );
    for (const channel of ['settings.get', 'accounts.list'] as ChannelName[]) {
      const error = failure(await dispatch(channel, {}));
      expect(error.code).toBe('internal');
      expect(JSON.stringify(error)).not.toContain('hunter2');
    }
    expect(report.mock.calls.map(([text]) => text).join('\n')).not.toContain('hunter2');
  });

  it('a CustodianError passes through with its code, message and details', async () => {
    const dispatch = createDispatcher(
      table({
        'vault.unlock': () => {
          throw new CustodianError('backoff', 'Too many wrong passphrases: try again in 4 s', {
            retryAfterSeconds: 4,
          });
        },
      }),
      { report: () => undefined },
    );
    expect(await dispatch('vault.unlock', { passphrase: 'x' })).toEqual({
      ok: false,
      error: { code: 'backoff', message: 'Too many wrong passphrases: try again in 4 s', retryAfterSeconds: 4 },
    });
  });

  it('hands the handler the parsed input, with defaults applied', async () => {
    const seen: unknown[] = [];
    const dispatch = createDispatcher(
      table({
        'vault.create': (input) => {
          seen.push(input);
          return { path: '/v', exists: true, unlocked: true };
        },
        'accounts.create': (input) => {
          seen.push(input);
          throw new CustodianError('conflict', 'stop here');
        },
      }),
    );
    await dispatch('vault.create', { owner: '  Comms  ', passphrase: 'a long enough passphrase' });
    await dispatch('accounts.create', { fields: { platform: 'x', handle: ' @OurBrand ' } });
    expect(seen[0]).toEqual({ owner: 'Comms', passphrase: 'a long enough passphrase', kdf: 'moderate' });
    expect(seen[1]).toMatchObject({ fields: { handle: 'OurBrand', twoFactor: 'none' }, secrets: {} });
  });

  it('with validateOutput, an answer that breaks the contract becomes `internal`', async () => {
    const report = vi.fn();
    const leaky = table({ 'accounts.get': () => ({ id: 1, password: 'hunter2' }) as never });
    const checked = createDispatcher(leaky, { validateOutput: true, report });
    const error = failure(await checked('accounts.get', { id: 1 }));
    expect(error).toEqual({ code: 'internal', message: 'Answer on accounts.get does not match the contract' });
    expect(report).toHaveBeenCalledTimes(1);
    // Without it (production), the answer is passed on as the handler gave it.
    const unchecked = createDispatcher(leaky);
    expect(await unchecked('accounts.get', { id: 1 })).toEqual({ ok: true, value: { id: 1, password: 'hunter2' } });
  });

  it('every channel has an output schema that refuses an arbitrary object', () => {
    for (const name of CHANNEL_NAMES) {
      if (name === 'idle.touch') continue; // its answer is the empty object
      expect(channels[name].output.safeParse({ unexpected: true }).success, name).toBe(false);
    }
  });
});

describe('handlers with no core behind them', () => {
  it('app.info answers from the shell, chooseVaultFile without a dialog is `unsupported`', async () => {
    const { dispatch } = spiedDispatcher();
    const info = await dispatch('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { version: '9.9.9', fileDialogs: false } });
    const error = failure(await dispatch('app.chooseVaultFile', { mode: 'open' }));
    expect(error.code).toBe('unsupported');
  });
});
