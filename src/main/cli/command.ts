import type { ParseArgsOptionsConfig } from 'node:util';
import { MAX_GENERATED_LENGTH, MIN_GENERATED_LENGTH } from '../../shared/password/generator';
import type { Core } from '../core/core';
import type { CliIo } from './io';
import { UsageError } from './usage-error';

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface CommandContext {
  io: CliIo;
  json: boolean;
  vaultPath: string;
  /** The core, with the vault at `vaultPath` still locked. */
  core: () => Promise<Core>;
  /** The core with the vault unlocked (passphrase from CUSTODIAN_PASSPHRASE or a prompt). */
  unlocked: () => Promise<Core>;
}

/** What a command prints: `json` under --json, `text` otherwise. */
export interface CommandOutput {
  json: unknown;
  text: string;
  /** Non-zero for results that are answers, not failures (e.g. "something is overdue"). */
  exitCode?: number;
}

export interface Command {
  /** The words that select it: "account add". */
  name: string;
  summary: string;
  /** Arguments after the name, for the usage line. */
  usage: string;
  /** Its own options (none when absent). */
  options?: ParseArgsOptionsConfig;
  /** How many arguments it takes after its name (none when absent). */
  positionals?: { min: number; max: number };
  run(ctx: CommandContext, values: OptionValues, positionals: string[]): Promise<CommandOutput>;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredOption(values: OptionValues, name: string): string {
  const value = stringOption(values, name);
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function integerOption(values: OptionValues, name: string): number | undefined {
  const value = stringOption(values, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`--${name} must be a whole number`);
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new UsageError(`--${name} is out of range`);
  return number;
}

/** --length for a generated password: a whole number from 8 to 128 (a platform's own limits then apply). */
export function lengthOption(values: OptionValues): number | undefined {
  const length = integerOption(values, 'length');
  if (length !== undefined && (length < MIN_GENERATED_LENGTH || length > MAX_GENERATED_LENGTH))
    throw new UsageError(`--length must be between ${MIN_GENERATED_LENGTH} and ${MAX_GENERATED_LENGTH}`);
  return length;
}
