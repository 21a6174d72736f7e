/**
 * `npx tsx test/bridge/serve.ts`: runs the bridge and a Chromium window-less
 * smoke check, printing the URL. For developers poking at the renderer
 * without Electron: open the page with Playwright (the shim is injected there).
 */
import { startBridge } from './server';

const bridge = await startBridge();
console.log(JSON.stringify({ url: bridge.url, shim: bridge.shim, vault: bridge.vaultPath }));
process.on('SIGINT', () => void bridge.close().then(() => process.exit(0)));
