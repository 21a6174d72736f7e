import { describe, expect, it, vi } from 'vitest';
import type { ElectronMock } from './electron-mock';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock());

const { ElectronClipboard, concealedFormats } = await import('../../../src/main/electron/clipboard');
const electron = (await import('electron')) as unknown as ElectronMock;

describe('Electron clipboard port', () => {
  it.each([
    ['darwin', ['org.nspasteboard.ConcealedType']],
    [
      'win32',
      ['ExcludeClipboardContentFromMonitorProcessing', 'CanIncludeInClipboardHistory', 'CanUploadToCloudClipboard'],
    ],
    ['linux', ['x-kde-passwordManagerHint']],
  ] as const)('writes the text and the %s concealment markers in one item', async (platform, formats) => {
    electron.__state.written.length = 0;
    await new ElectronClipboard(platform).writeSecret('s3cret');
    expect(electron.__state.written).toHaveLength(1);
    const [item] = electron.__state.written[0]!;
    expect(item!.items['text/plain']).toBe('s3cret');
    const raw = item!.types.filter((t) => t !== 'text/plain');
    expect(raw).toEqual(formats.map((f) => `electron application/osclipboard;format="${f}"`));
  });

  it('marks KDE clipboards as secret and Windows history flags as DWORD 0', async () => {
    expect(Object.values(concealedFormats('linux'))).toEqual(['secret']);
    const windows = concealedFormats('win32');
    const zero = windows['electron application/osclipboard;format="CanIncludeInClipboardHistory"'] as Blob;
    expect(new Uint8Array(await zero.arrayBuffer())).toEqual(new Uint8Array(4));
  });

  it('falls back to plain text when the platform refuses a marker', async () => {
    electron.clipboard.write.mockRejectedValueOnce(new Error('unsupported format'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await new ElectronClipboard('linux').writeSecret('fallback');
    expect(electron.clipboard.writeText).toHaveBeenCalledWith('fallback');
    expect(warn.mock.calls.join(' ')).not.toContain('fallback');
    await expect(new ElectronClipboard('linux').readText()).resolves.toBe('fallback');
    await new ElectronClipboard('linux').clear();
    expect(electron.__state.clipboardText).toBe('');
  });
});
