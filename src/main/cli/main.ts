/**
 * `custodian`: the command line on the same core as the app.
 *
 * Global options, before or after the command: --vault PATH (else
 * CUSTODIAN_VAULT, else the app's data folder), --json (only JSON on stdout),
 * --help. Exit 0 on success, 1 when refused (wrong passphrase, tampered file,
 * invalid input), 2 on bad usage.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import type { Core } from '../core/core';
import { isCustodianError } from '../core/errors';
import { defaultVaultPath } from '../core/paths';
import { describeUnexpected } from '../ipc/errors';
import { channelInput } from './channel-input';
import type { Command, CommandContext } from './command';
import { COMMANDS } from './commands';
import { processIo, type CliIo } from './io';
import { openCliCore } from './open-core';
import { readPassphrase } from './passphrase';
import { UsageError } from './usage-error';

const GLOBAL_OPTIONS = {
  vault: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsOptionsConfig;

/** Separates the command words from its arguments, skipping global options that come first. */
function findCommand(argv: string[]): {
  command: Command | undefined;
  words: string[];
  rest: string[];
  /** The word after the command words that selects no command, if any. */
  stray: string | undefined;
} {
  const words: string[] = [];
  const rest: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--vault') {
      rest.push(token, argv[++i] ?? '');
      continue;
    }
    if (token.startsWith('-')) {
      if (/^(--json|--help|-h|--vault=.*)$/.test(token)) {
        rest.push(token);
        continue;
      }
      break;
    }
    const candidate = [...words, token].join(' ');
    if (!COMMANDS.some((c) => c.name === candidate || c.name.startsWith(`${candidate} `))) break;
    words.push(token);
  }
  rest.push(...argv.slice(i));
  const name = words.join(' ');
  const stray = argv[i] !== undefined && !argv[i]!.startsWith('-') ? argv[i] : undefined;
  return { command: COMMANDS.find((c) => c.name === name), words, rest, stray };
}

function usageOf(command: Command): string {
  return `usage: custodian ${command.name} ${command.usage}`.trimEnd();
}

function overview(prefix = ''): string {
  const listed = COMMANDS.filter((c) => c.name.startsWith(prefix));
  const width = Math.max(...listed.map((c) => c.name.length));
  return [
    'usage: custodian [--vault PATH] [--json] <command> [options]',
    '',
    'Commands:',
    ...listed.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'The passphrase comes from CUSTODIAN_PASSPHRASE or a prompt, never from an argument.',
    'custodian <command> --help shows a command’s options.',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const { command, words, rest, stray } = findCommand(argv);
  let core: Core | undefined;
  try {
    if (!command) {
      if (rest.includes('--help') || rest.includes('-h') || argv.length === 0) {
        io.stdout(overview(words.join(' ')));
        return argv.length === 0 ? 2 : 0;
      }
      throw new UsageError(
        words.length
          ? `Unknown command "${[...words, ...(stray !== undefined ? [stray] : [])].join(' ')}"`
          : `Unknown command "${argv.find((a) => !a.startsWith('-')) ?? argv[0]}"`,
      );
    }
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...GLOBAL_OPTIONS, ...command.options },
        allowPositionals: true,
        allowNegative: true,
        strict: true,
      });
    } catch (error) {
      // Node's own messages can run over several lines (the hint for a value starting with a dash): one line here.
      throw new UsageError(error instanceof Error ? error.message.split('\n').join(' ') : 'Invalid arguments');
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout(`${usageOf(command)}\n\n${command.summary}`);
      return 0;
    }
    const allowed = command.positionals ?? { min: 0, max: 0 };
    if (positionals.length < allowed.min || positionals.length > allowed.max) {
      throw new UsageError(
        positionals.length > allowed.max ? `Unexpected argument "${positionals[allowed.max]}"` : 'Missing argument',
      );
    }
    if (typeof values.vault === 'string' && values.vault.trim() === '') throw new UsageError('--vault needs a path');
    const vaultPath = (values.vault as string | undefined) ?? io.env.CUSTODIAN_VAULT ?? defaultVaultPath(io.env);
    const getCore = async () => (core ??= await openCliCore({ defaultVaultPath: vaultPath }));
    const ctx: CommandContext = {
      io,
      json: values.json === true,
      vaultPath,
      core: getCore,
      unlocked: async () => {
        const c = await getCore();
        if (!c.vault.isUnlocked) {
          const { passphrase } = channelInput('vault.unlock', { passphrase: await readPassphrase(io) });
          await c.vault.unlock(passphrase, vaultPath);
        }
        return c;
      },
    };
    const output = await command.run(ctx, values, positionals);
    io.stdout(ctx.json ? JSON.stringify(output.json) : output.text);
    return output.exitCode ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`custodian: ${error.message}`);
      io.stderr(command ? usageOf(command) : 'Run custodian --help for the list of commands.');
      return 2;
    }
    if (isCustodianError(error)) {
      io.stderr(`custodian: ${error.message}`);
      return 1;
    }
    io.stderr('custodian: unexpected internal error');
    io.stderr(describeUnexpected(error));
    return 1;
  } finally {
    await core?.dispose();
  }
}
