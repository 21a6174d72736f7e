/**
 * Copy with auto-clear. The secret goes to the clipboard marked as concealed
 * (the port does that per OS) and is cleared after the timeout, but only if
 * the clipboard still holds our value: if the user has copied something else
 * since, we leave their clipboard alone.
 *
 * We keep a keyed hash of what we wrote, not the secret itself.
 */
import { createHmac } from 'node:crypto';
import type { RandomSource } from '../crypto/random';

export interface ClipboardPort {
  /** Writes text marked as a secret (excluded from clipboard history where the OS supports it). */
  writeSecret(text: string): Promise<void>;
  readText(): Promise<string>;
  clear(): Promise<void>;
}

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class ClipboardGuard {
  private readonly hashKey: Uint8Array;
  private fingerprint: string | null = null;
  private timer: unknown = null;

  constructor(
    private readonly port: ClipboardPort,
    random: RandomSource,
    private readonly scheduler: Scheduler = realScheduler,
    private readonly onCleared: () => void = () => undefined,
  ) {
    this.hashKey = random(32);
  }

  async copy(text: string, clearAfterSeconds: number): Promise<void> {
    await this.port.writeSecret(text);
    this.fingerprint = this.hash(text);
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = this.scheduler.setTimeout(() => void this.clearIfOurs(), clearAfterSeconds * 1000);
  }

  /** Clears the clipboard if it still holds what we put there. Also called on lock. */
  async clearIfOurs(): Promise<boolean> {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
    const ours = this.fingerprint;
    this.fingerprint = null;
    if (ours === null) return false;
    const current = await this.port.readText();
    if (this.hash(current) !== ours) return false;
    await this.port.clear();
    this.onCleared();
    return true;
  }

  get holdsSecret(): boolean {
    return this.fingerprint !== null;
  }

  private hash(text: string): string {
    return createHmac('sha256', this.hashKey).update(text, 'utf8').digest('hex');
  }
}

/** For the CLI and the test bridge: a clipboard that lives in memory. */
export class MemoryClipboard implements ClipboardPort {
  text = '';
  concealed = false;
  async writeSecret(text: string): Promise<void> {
    this.text = text;
    this.concealed = true;
  }
  async readText(): Promise<string> {
    return this.text;
  }
  async clear(): Promise<void> {
    this.text = '';
    this.concealed = false;
  }
  /** Simulates the user copying something else. */
  userCopies(text: string): void {
    this.text = text;
    this.concealed = false;
  }
}
