import { Passphrase } from '../../shared/domain/vault';
import { CustodianError, parseInput } from '../core/errors';
import type { CliIo } from './io';
import { UsageError } from './usage-error';

/** The vault passphrase: CUSTODIAN_PASSPHRASE, else a no-echo prompt; never an argument. */
export async function readPassphrase(io: CliIo): Promise<string> {
  const fromEnv = io.env.CUSTODIAN_PASSPHRASE;
  if (fromEnv) return fromEnv;
  const typed = await io.promptSecret('Vault passphrase: ');
  if (typed === null) throw new UsageError('No passphrase: set CUSTODIAN_PASSPHRASE or run in a terminal');
  return typed;
}

/** A new passphrase, from the named variable or typed twice. */
export async function readNewPassphrase(io: CliIo, variable: string): Promise<string> {
  const fromEnv = io.env[variable];
  let value: string;
  if (fromEnv) value = fromEnv;
  else {
    const first = await io.promptSecret('New vault passphrase: ');
    if (first === null) throw new UsageError(`No passphrase: set ${variable} or run in a terminal`);
    const second = await io.promptSecret('Repeat the passphrase: ');
    if (first !== second) throw new CustodianError('invalid_input', 'The two passphrases differ');
    value = first;
  }
  return parseInput(Passphrase, value);
}
