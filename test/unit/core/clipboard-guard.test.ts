import { beforeEach, describe, expect, it } from 'vitest';
import { nodeRandom } from '../../../src/main/core/crypto/random';
import { ClipboardGuard, MemoryClipboard } from '../../../src/main/core/services/clipboard-guard';
import { FakeScheduler } from '../../support/scheduler';

const SECRET = 'pa55-w0rd-for-@brand';

let port: MemoryClipboard;
let scheduler: FakeScheduler;
let cleared: number;
let guard: ClipboardGuard;

beforeEach(() => {
  port = new MemoryClipboard();
  scheduler = new FakeScheduler();
  cleared = 0;
  guard = new ClipboardGuard(port, nodeRandom, scheduler, () => (cleared += 1));
});

describe('ClipboardGuard', () => {
  it('puts the secret on the clipboard marked as concealed', async () => {
    await guard.copy(SECRET, 30);
    expect(port.text).toBe(SECRET);
    expect(port.concealed).toBe(true);
    expect(guard.holdsSecret).toBe(true);
  });

  it('clears it when the timeout is up, not a moment before, and says so once', async () => {
    await guard.copy(SECRET, 30);
    await scheduler.advance(29_999);
    expect(port.text).toBe(SECRET);
    expect(cleared).toBe(0);
    await scheduler.advance(1);
    expect(port.text).toBe('');
    expect(cleared).toBe(1);
    expect(guard.holdsSecret).toBe(false);
    expect(scheduler.pending).toBe(0);
    await scheduler.advance(600_000);
    expect(cleared).toBe(1);
  });

  it('leaves the clipboard alone if the user has copied something else since', async () => {
    await guard.copy(SECRET, 30);
    await scheduler.advance(10_000);
    port.userCopies('a link the user copied');
    await scheduler.advance(20_000);
    expect(port.text).toBe('a link the user copied');
    expect(cleared).toBe(0);
    expect(guard.holdsSecret).toBe(false);
  });

  it('a copy of the same text by the user still counts as ours (the value is what matters)', async () => {
    await guard.copy(SECRET, 30);
    port.userCopies(SECRET);
    await scheduler.advance(30_000);
    expect(port.text).toBe('');
  });

  it('copying again restarts the timer and replaces what it watches', async () => {
    await guard.copy(SECRET, 30);
    await scheduler.advance(20_000);
    await guard.copy('second secret', 30);
    expect(scheduler.pending).toBe(1);
    // The first copy's deadline passes: nothing happens.
    await scheduler.advance(10_000);
    expect(port.text).toBe('second secret');
    expect(cleared).toBe(0);
    await scheduler.advance(19_999);
    expect(port.text).toBe('second secret');
    await scheduler.advance(1);
    expect(port.text).toBe('');
    expect(cleared).toBe(1);
  });

  it('after a re-copy only the latest value is ours', async () => {
    await guard.copy(SECRET, 30);
    await guard.copy('second secret', 30);
    port.userCopies(SECRET);
    await scheduler.advance(30_000);
    expect(port.text).toBe(SECRET);
    expect(cleared).toBe(0);
  });

  it('clearIfOurs (called on lock) clears at once and cancels the timer', async () => {
    await guard.copy(SECRET, 30);
    expect(await guard.clearIfOurs()).toBe(true);
    expect(port.text).toBe('');
    expect(cleared).toBe(1);
    expect(scheduler.pending).toBe(0);
    expect(await guard.clearIfOurs()).toBe(false);
    expect(cleared).toBe(1);
  });

  it('clearIfOurs with nothing copied does not touch the clipboard', async () => {
    port.userCopies('user text');
    expect(await guard.clearIfOurs()).toBe(false);
    expect(port.text).toBe('user text');
    expect(cleared).toBe(0);
  });

  it('uses the timeout it is given', async () => {
    await guard.copy(SECRET, 5);
    await scheduler.advance(4_999);
    expect(port.text).toBe(SECRET);
    await scheduler.advance(1);
    expect(port.text).toBe('');
  });

  it('keeps no plaintext copy of the secret', async () => {
    await guard.copy(SECRET, 30);
    const held = Object.values(guard as unknown as Record<string, unknown>).filter((v) => typeof v === 'string');
    expect(held.length).toBeGreaterThan(0);
    expect(held.some((v) => (v as string).includes(SECRET))).toBe(false);
  });
});
