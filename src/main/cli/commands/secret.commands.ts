import { CHARACTER_CLASSES, DEFAULT_GENERATOR_OPTIONS, GeneratorError } from '../../../shared/password/generator';
import { PLATFORMS, type Platform } from '../../../shared/domain/platforms';
import { nodeRandom } from '../../core/crypto/random';
import { CustodianError } from '../../core/errors';
import { generateFor } from '../../core/services/generator.service';
import { integerOption, lengthOption, stringOption, type Command } from '../command';
import { UsageError } from '../usage-error';

export const totpCommand: Command = {
  name: 'totp',
  summary: 'Print the current TOTP code of an account',
  usage: 'ACCOUNT [--at UNIX_SECONDS]',
  options: { at: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, values, [ref]) {
    const at = integerOption(values, 'at');
    if (at !== undefined && at < 0) throw new UsageError('--at must not be negative');
    const core = await ctx.unlocked();
    const id = core.accounts.resolve(ref!);
    const code = at === undefined ? core.secrets.totp(id, false) : core.secrets.totpAt(id, at);
    return { json: { code: code.code, remaining: code.remaining }, text: code.code };
  },
};

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Generate a password (no vault needed)',
  usage: '[--length N] [--platform P] [--no-lower] [--no-upper] [--no-digits] [--no-symbols] [--ambiguous]',
  options: {
    length: { type: 'string' },
    platform: { type: 'string' },
    lower: { type: 'boolean', default: true },
    upper: { type: 'boolean', default: true },
    digits: { type: 'boolean', default: true },
    symbols: { type: 'boolean', default: true },
    ambiguous: { type: 'boolean', default: false },
  },
  async run(_ctx, values) {
    const length = lengthOption(values) ?? DEFAULT_GENERATOR_OPTIONS.length;
    const platform = stringOption(values, 'platform');
    if (platform !== undefined && !(PLATFORMS as readonly string[]).includes(platform)) {
      throw new UsageError(`Unknown platform "${platform}"`);
    }
    const options = {
      length,
      avoidAmbiguous: values.ambiguous !== true,
      ...Object.fromEntries(CHARACTER_CLASSES.map((cls) => [cls, values[cls] !== false])),
    } as typeof DEFAULT_GENERATOR_OPTIONS;
    try {
      const result = generateFor(nodeRandom, options, platform as Platform | undefined);
      return { json: { password: result.password, entropyBits: result.entropyBits }, text: result.password };
    } catch (error) {
      if (error instanceof GeneratorError) throw new CustodianError('invalid_input', error.message);
      throw error;
    }
  },
};
