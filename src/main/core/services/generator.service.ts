import type { Platform } from '../../../shared/domain/platforms';
import {
  fitToPlatform,
  generatePassword,
  generatedEntropyBits,
  type GeneratorOptions,
} from '../../../shared/password/generator';
import { fillFrom, type RandomSource } from '../crypto/random';

export interface GeneratedPassword {
  password: string;
  entropyBits: number;
  /** The options actually used, after the platform's limits were applied. */
  options: GeneratorOptions;
}

export function generateFor(random: RandomSource, options: GeneratorOptions, platform?: Platform): GeneratedPassword {
  const fitted = fitToPlatform(options, platform);
  return {
    password: generatePassword(fitted, fillFrom(random)),
    entropyBits: Math.round(generatedEntropyBits(fitted) * 10) / 10,
    options: fitted,
  };
}
