/**
 * The bridge between the sandboxed renderer and main: `window.custodian`,
 * one function per contract channel, plus `on` for main's events. Nothing
 * else of Electron or Node is exposed.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi } from '../shared/contract/api';
import { CHANNEL_NAMES, EVENT_NAMES, IPC_EVENT, IPC_PREFIX, type EventName } from '../shared/contract/channels';

const api = buildApi(
  CHANNEL_NAMES,
  (channel, input) => ipcRenderer.invoke(IPC_PREFIX + channel, input),
  (event: EventName, listener) => {
    if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${String(event)}`);
    const handler = (_: IpcRendererEvent, message: { name: EventName; payload: unknown }) => {
      if (message.name === event) listener(message.payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT, handler);
  },
);

contextBridge.exposeInMainWorld('custodian', api);
