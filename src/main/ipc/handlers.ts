/**
 * The handler table: one function per contract channel, each taking the
 * already-validated input and calling a service. Electron binds this table to
 * ipcMain; the e2e test bridge serves the same table over loopback HTTP.
 */
import type { ChannelName, ChannelOutput, ParsedInput } from '../../shared/contract/channels';
import type { Core } from '../core/core';
import { CustodianError } from '../core/errors';
import { generateFor } from '../core/services/generator.service';

export type HandlerTable = {
  [C in ChannelName]: (input: ParsedInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
};

/** What the environment (Electron, or the test bridge) provides beyond the core. */
export interface ShellPorts {
  version: string;
  /** A native file dialog; absent where there is none. */
  chooseVaultFile?: (mode: 'open' | 'create') => Promise<string | null>;
}

export function createHandlers(core: Core, shell: ShellPorts): HandlerTable {
  return {
    'app.info': () => ({
      version: shell.version,
      defaultVaultPath: core.vault.defaultPath,
      fileDialogs: shell.chooseVaultFile !== undefined,
    }),
    'app.chooseVaultFile': async ({ mode }) => {
      if (!shell.chooseVaultFile) throw new CustodianError('unsupported', 'File dialogs are not available here');
      return { path: await shell.chooseVaultFile(mode) };
    },

    'vault.status': ({ path }) => core.vault.status(path),
    'vault.create': (input) => core.vault.create(input),
    'vault.unlock': ({ passphrase, path }) => core.vault.unlock(passphrase, path),
    'vault.lock': () => core.vault.lock('manual'),
    'vault.changePassphrase': ({ current, next, kdf }) => core.vault.changePassphrase(current, next, kdf),

    'accounts.list': () => ({ accounts: core.accounts.list() }),
    'accounts.get': ({ id }) => core.accounts.get(id),
    'accounts.create': ({ fields, secrets }) => core.accounts.create(fields, secrets),
    'accounts.update': ({ id, fields, secrets }) => core.accounts.update(id, fields, secrets),
    'accounts.archive': ({ id }) => core.accounts.archive(id),
    'accounts.restore': ({ id }) => core.accounts.restore(id),

    'secrets.reveal': ({ accountId, field }) => ({ value: core.secrets.reveal(accountId, field) }),
    'secrets.copy': ({ accountId, field }) => core.secrets.copy(accountId, field),
    'totp.code': ({ accountId, refresh }) => core.secrets.totp(accountId, refresh),

    'generator.generate': ({ options, platform }) => generateFor(core.random, options, platform),

    'settings.get': () => core.settings.get(),
    'settings.update': (patch) => core.settings.update(patch),

    'session.activity': () => {
      core.idle.touch();
      return {};
    },
  };
}
