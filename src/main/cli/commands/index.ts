import type { Command } from '../command';
import {
  accountAddCommand,
  accountArchiveCommand,
  accountEditCommand,
  accountListCommand,
  accountRestoreCommand,
  accountShowCommand,
} from './account.commands';
import { accessCommand, auditExportCommand, auditVerifyCommand, grantCommand, revokeCommand } from './access.commands';
import { personAddCommand, personEditCommand, personLeaveCommand, personListCommand } from './people.commands';
import {
  compromiseCommand,
  rotateCommand,
  rotationDueCommand,
  rotationIcsCommand,
  rotationPolicyCommand,
} from './rotation.commands';
import { ESCROW_COMMANDS } from './escrow.commands';
import { reportCommand, reportVerifyCommand } from './report.commands';
import { POLICY_COMMANDS } from './policy.commands';
import { generateCommand, totpCommand } from './secret.commands';
import { importCommand } from './import.commands';
import { redeemCommand, takeoverCreateCommand, takeoverEndCommand, takeoverListCommand } from './takeover.commands';
import { initCommand, passphraseCommand } from './vault.commands';

/** Every command, in the order `custodian --help` lists them. */
export const COMMANDS: readonly Command[] = [
  initCommand,
  passphraseCommand,
  accountAddCommand,
  accountListCommand,
  accountShowCommand,
  accountEditCommand,
  accountArchiveCommand,
  accountRestoreCommand,
  importCommand,
  totpCommand,
  generateCommand,
  personAddCommand,
  personEditCommand,
  personListCommand,
  personLeaveCommand,
  grantCommand,
  revokeCommand,
  accessCommand,
  auditVerifyCommand,
  auditExportCommand,
  rotationDueCommand,
  rotateCommand,
  compromiseCommand,
  rotationIcsCommand,
  rotationPolicyCommand,
  takeoverCreateCommand,
  takeoverListCommand,
  takeoverEndCommand,
  redeemCommand,
  ...ESCROW_COMMANDS,
  reportCommand,
  reportVerifyCommand,
  ...POLICY_COMMANDS,
];
