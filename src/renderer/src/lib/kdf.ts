import { KDF_PRESETS, KDF_PRESET_INFO } from '../../../shared/domain/vault';

/** The Argon2id presets as select options, labelled as the contract names them. */
export const KDF_OPTIONS = KDF_PRESETS.map((preset) => ({ value: preset, label: KDF_PRESET_INFO[preset].label }));

export function describeKdf(memoryMiB: number, passes: number): string {
  const memory = memoryMiB >= 1024 ? `${memoryMiB / 1024} GiB` : `${memoryMiB} MiB`;
  return `Argon2id with ${memory} and ${passes} passes each time the vault is unlocked.`;
}
