import { describe, expect, it, vi } from 'vitest';
import type { ElectronMock } from './electron-mock';

vi.mock('electron', async () => {
  const mock = (await import('./electron-mock')).electronMock();
  mock.__state.singleInstance = false;
  return mock;
});

describe('single instance', () => {
  it('quits at once when another Custodian is already running', async () => {
    const electron = (await import('electron')) as unknown as ElectronMock;
    await import('../../../src/main/electron/main');
    expect(electron.__state.quitCalled).toBe(true);
    expect(electron.__state.paths).toEqual({});
  });
});
