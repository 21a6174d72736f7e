/**
 * The CLI's one way to a core. The core (libsodium's WebAssembly, SQLite,
 * every service) is loaded by dynamic import on first use, so `--help`,
 * usage errors and `generate` start without it: in the compiled CLI the core
 * is a separate chunk that such calls never read.
 */
import type { Core, CoreOptions } from '../core/core';
import { MemoryClipboard } from '../core/services/clipboard-guard';

export type CliCoreOptions = Omit<CoreOptions, 'clipboard' | 'source'>;

export async function openCliCore(options: CliCoreOptions): Promise<Core> {
  const { createCore } = await import('../core/core');
  return createCore({ ...options, clipboard: new MemoryClipboard(), source: 'cli' });
}
