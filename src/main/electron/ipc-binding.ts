/**
 * Binds the handler table to ipcMain, one handler per contract channel, and
 * refuses any call that does not come from our window's main frame showing
 * our renderer.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, IPC_PREFIX } from '../../shared/contract/channels';
import { fail } from '../../shared/contract/envelope';
import type { Dispatch } from '../ipc/dispatch';
import { isAppUrl } from './window';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export function trustedSender(getWebContentsId: () => number | undefined, rendererUrl: string): SenderCheck {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || event.sender.id !== getWebContentsId()) return false;
    if (frame !== event.sender.mainFrame) return false;
    return isAppUrl(frame.url, rendererUrl);
  };
}

export function bindIpc(ipcMain: IpcMain, dispatch: Dispatch, isTrusted: SenderCheck): void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(IPC_PREFIX + name, (event, payload: unknown) => {
      if (!isTrusted(event))
        return fail({ code: 'forbidden', message: 'Refused: the request did not come from Custodian’s window' });
      return dispatch(name, payload);
    });
  }
}
