import { KDF_PRESETS, OwnerName, type KdfPreset } from '../../../shared/domain/vault';
import { parseInput } from '../../core/errors';
import { channelInput } from '../channel-input';
import { requiredOption, stringOption, type Command } from '../command';
import { readNewPassphrase, readPassphrase } from '../passphrase';
import { UsageError } from '../usage-error';

function kdfOption(value: string | undefined, fallback?: KdfPreset): KdfPreset | undefined {
  if (value === undefined) return fallback;
  if (!(KDF_PRESETS as readonly string[]).includes(value)) {
    throw new UsageError(`--kdf must be one of ${KDF_PRESETS.join(', ')}`);
  }
  return value as KdfPreset;
}

export const initCommand: Command = {
  name: 'init',
  summary: 'Create a new vault',
  usage: '--owner NAME [--kdf interactive|moderate|sensitive]',
  options: { owner: { type: 'string' }, kdf: { type: 'string' } },
  async run(ctx, values) {
    const owner = parseInput(OwnerName, requiredOption(values, 'owner'));
    const kdf = kdfOption(stringOption(values, 'kdf'), 'moderate')!;
    const passphrase = await readNewPassphrase(ctx.io, 'CUSTODIAN_PASSPHRASE');
    const core = await ctx.core();
    // The path as given (the schema checks it; the app trims what a dialog returned).
    const input = channelInput('vault.create', { path: ctx.vaultPath, owner, passphrase, kdf });
    const status = await core.vault.create({ ...input, path: ctx.vaultPath });
    return {
      json: { path: status.path, vaultId: status.vault?.id, kdf },
      text: `Created vault ${status.vault?.id} at ${status.path} (key derivation: ${kdf})`,
    };
  },
};

export const passphraseCommand: Command = {
  name: 'passphrase change',
  summary: 'Change the vault passphrase (new one from CUSTODIAN_NEW_PASSPHRASE or a prompt)',
  usage: '[--kdf interactive|moderate|sensitive]',
  options: { kdf: { type: 'string' } },
  async run(ctx, values) {
    const kdf = kdfOption(stringOption(values, 'kdf'));
    const { passphrase: current } = channelInput('vault.unlock', { passphrase: await readPassphrase(ctx.io) });
    const core = await ctx.core();
    await core.vault.unlock(current, ctx.vaultPath);
    const next = await readNewPassphrase(ctx.io, 'CUSTODIAN_NEW_PASSPHRASE');
    const input = channelInput('vault.changePassphrase', { current, next, ...(kdf !== undefined ? { kdf } : {}) });
    const status = await core.vault.changePassphrase(input.current, input.next, input.kdf);
    return { json: { path: status.path, kdf: status.vault?.kdf }, text: 'Passphrase changed' };
  },
};
