/**
 * One zod-to-refusal conversion for the CLI, the services and the IPC
 * dispatcher: a one-line message naming the field, and every issue with its
 * path for forms (never the value, which may be a secret).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AccountFieldsSchema } from '../../../src/shared/domain/account';
import { fieldErrors } from '../../../src/shared/contract/envelope';
import { CustodianError, parseInput } from '../../../src/main/core/errors';

function refusal(run: () => unknown): CustodianError {
  try {
    run();
  } catch (error) {
    if (error instanceof CustodianError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const Officers = z.strictObject({
  team: z.string().min(1, 'Name the team'),
  officers: z.array(z.strictObject({ name: z.string().min(1, 'Name each officer'), passphrase: z.string().min(8) })),
});

describe('parseInput', () => {
  it('returns the parsed value', () => {
    expect(parseInput(z.string().trim(), '  x ')).toBe('x');
  });

  it('names the first issue’s path in the message and carries every issue’s path', () => {
    const error = refusal(() =>
      parseInput(Officers, { team: '', officers: [{ name: '', passphrase: 'hunter2-secret' }] }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('team: Name the team');
    expect(error.toBody().issues).toEqual([
      { path: 'team', message: 'Name the team' },
      { path: 'officers.0.name', message: 'Name each officer' },
    ]);
    expect(JSON.stringify(error.toBody())).not.toContain('hunter2');
  });

  it('an account with a bad URL is refused at fields.url-style paths forms can show', () => {
    const error = refusal(() => parseInput(AccountFieldsSchema, { platform: 'x', handle: 'uni', url: 'ftp://uni' }));
    expect(error.message).toBe('url: URL must start with http:// or https://');
    expect(fieldErrors(error.toBody())).toEqual({ url: 'URL must start with http:// or https://' });
  });

  it('`at` places a part of a larger input; `subject` names an input whose issue has no path', () => {
    const reason = refusal(() => parseInput(z.string().min(3, 'Say why'), 'x', { at: 'reason' }));
    expect(reason.message).toBe('reason: Say why');
    expect(reason.toBody().issues).toEqual([{ path: 'reason', message: 'Say why' }]);
    const whole = z.strictObject({ a: z.number() }).refine(() => false, 'Not like that');
    expect(refusal(() => parseInput(whole, { a: 1 }, { subject: 'account' })).message).toBe('account: Not like that');
    expect(refusal(() => parseInput(whole, { a: 1 })).message).toBe('Not like that');
  });

  it('`where` renames or leaves out the place in the message, never in the issues', () => {
    const error = refusal(() =>
      parseInput(
        Officers,
        { team: 'Press', officers: [{ name: 'Ada', passphrase: 'short' }] },
        { where: (path) => (path[0] === 'officers' ? `officer ${String(path[1])}` : null) },
      ),
    );
    expect(error.message).toMatch(/^officer 0: /);
    expect(error.toBody().issues?.[0]?.path).toBe('officers.0.passphrase');
    const silent = refusal(() => parseInput(Officers, { team: '', officers: [] }, { where: () => null }));
    expect(silent.message).toBe('Name the team');
  });

  it('fieldErrors keeps the first message of each path and is empty without issues', () => {
    expect(
      fieldErrors({
        code: 'invalid_input',
        message: 'end: too late',
        issues: [
          { path: 'end', message: 'too late' },
          { path: 'end', message: 'second' },
          { path: '', message: 'whole' },
        ],
      }),
    ).toEqual({ end: 'too late', '': 'whole' });
    expect(fieldErrors({ code: 'conflict', message: 'no' })).toEqual({});
  });
});
