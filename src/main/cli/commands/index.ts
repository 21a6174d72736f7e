import type { Command } from '../command';
import {
  accountAddCommand,
  accountArchiveCommand,
  accountListCommand,
  accountRestoreCommand,
  accountShowCommand,
} from './account.commands';
import { generateCommand, totpCommand } from './secret.commands';
import { initCommand, passphraseCommand } from './vault.commands';

/** Every command, in the order `custodian --help` lists them. */
export const COMMANDS: readonly Command[] = [
  initCommand,
  passphraseCommand,
  accountAddCommand,
  accountListCommand,
  accountShowCommand,
  accountArchiveCommand,
  accountRestoreCommand,
  totpCommand,
  generateCommand,
];
