/**
 * The system clipboard, with the markers password managers use so clipboard
 * history tools and cloud clipboards skip the secret: macOS's
 * org.nspasteboard.ConcealedType, Windows' ExcludeClipboardContentFromMonitorProcessing
 * (plus CanIncludeInClipboardHistory / CanUploadToCloudClipboard = 0), KDE's
 * x-kde-passwordManagerHint = secret. Electron 45 writes all formats of one
 * ClipboardItem atomically, so the text never sits there unmarked.
 */
import { clipboard, ClipboardItem } from 'electron';
import type { ClipboardPort } from '../core/services/clipboard-guard';

const raw = (format: string) => `electron application/osclipboard;format="${format}"`;
const DWORD_ZERO = () => new Blob([new Uint8Array(4)]);

export function concealedFormats(platform: NodeJS.Platform): Record<string, string | Blob> {
  switch (platform) {
    case 'darwin':
      return { [raw('org.nspasteboard.ConcealedType')]: '' };
    case 'win32':
      return {
        [raw('ExcludeClipboardContentFromMonitorProcessing')]: DWORD_ZERO(),
        [raw('CanIncludeInClipboardHistory')]: DWORD_ZERO(),
        [raw('CanUploadToCloudClipboard')]: DWORD_ZERO(),
      };
    default:
      return { [raw('x-kde-passwordManagerHint')]: 'secret' };
  }
}

export class ElectronClipboard implements ClipboardPort {
  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  async writeSecret(text: string): Promise<void> {
    try {
      await clipboard.write([new ClipboardItem({ 'text/plain': text, ...concealedFormats(this.platform) })]);
    } catch {
      // A platform that refuses a marker format still gets the text (and the auto-clear).
      console.warn('[custodian] clipboard: concealed formats were refused; wrote plain text');
      await clipboard.writeText(text);
    }
  }

  readText(): Promise<string> {
    return clipboard.readText();
  }

  async clear(): Promise<void> {
    clipboard.clear();
  }
}
