/**
 * The installer configuration (electron-builder.yml), loaded the way
 * electron-builder loads it and checked with electron-builder's own schema
 * validation. Packaging itself downloads Electron, so it does not run here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DebugLogger } from 'builder-util';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const load = () => getConfig(root, 'electron-builder.yml', null);
const targets = (platform: { target?: unknown } | null | undefined) => platform?.target;

describe('electron-builder configuration', () => {
  it('passes electron-builder’s validation', async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is really checked: a misspelt option or a wrong type is refused', async () => {
    const config = await load();
    const misspelt = { ...config, electronFuse: { runAsNode: false } } as Configuration;
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuse/);
    const wrongType = { ...config, electronFuses: { runAsNode: 'no' } } as unknown as Configuration;
    await expect(validateConfiguration(wrongType, new DebugLogger(false))).rejects.toThrow(
      /electronFuses\.runAsNode should be a boolean/,
    );
  });

  it('builds AppImage and deb, NSIS and dmg, for Custodian', async () => {
    const config = await load();
    const { productName } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(config.productName).toBe(productName);
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z][a-z0-9-]*){2,}$/);
    expect(targets(config.linux)).toEqual(['AppImage', 'deb']);
    expect(targets(config.win)).toEqual(['nsis']);
    expect(targets(config.mac)).toEqual(['dmg']);
    expect(config.publish).toBeNull();
  });

  it('flips the fuses that would let a local user run code inside the app', async () => {
    expect((await load()).electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('packs the compiled app into an asar with better-sqlite3’s native binary unpacked', async () => {
    const config = await load();
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/**/*.node']);
    // getConfig normalises `files` to file sets.
    const [files] = config.files as { filter: string[] }[];
    expect(files!.filter).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**']));
    expect(files!.filter.some((pattern) => pattern.startsWith('out/cli') || pattern === 'out/**')).toBe(false);
  });

  it('is what npm run dist packages with, after the build', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(scripts.dist).toBe('npm run build && electron-builder --config electron-builder.yml');
  });
});
