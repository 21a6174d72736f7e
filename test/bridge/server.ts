/**
 * The loopback test bridge (test and development only; never shipped): serves
 * the built renderer and the same handler table Electron binds, over HTTP on
 * 127.0.0.1 with a random port and token. With the shim in the page, the real
 * renderer drives the real handlers in real Chromium.
 *
 * Test-only controls under /__test move the clock, read the in-memory
 * clipboard and run the idle check.
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { CHANNEL_NAMES } from '../../src/shared/contract/channels';
import type { Clock } from '../../src/main/core/clock';
import { createCore, type Core } from '../../src/main/core/core';
import { MemoryClipboard } from '../../src/main/core/services/clipboard-guard';
import { createDispatcher } from '../../src/main/ipc/dispatch';
import { createHandlers } from '../../src/main/ipc/handlers';
import type { ShimConfig } from './shim';

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Real time plus an offset the test can push forward. */
export class OffsetClock implements Clock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

let pdfBrowser: Promise<Browser> | undefined;

/** Print-to-PDF for the bridge: Electron's printToPDF is Chromium's, so Chromium it is. */
async function printWithChromium(html: string): Promise<Uint8Array> {
  const { launchChromium } = await import('./browser');
  pdfBrowser ??= launchChromium();
  const page = await (await pdfBrowser).newPage({ javaScriptEnabled: false });
  try {
    await page.setContent(html);
    return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true }));
  } finally {
    await page.close();
  }
}

export interface Bridge {
  url: string;
  shim: ShimConfig;
  core: Core;
  clock: OffsetClock;
  clipboard: MemoryClipboard;
  dataDir: string;
  vaultPath: string;
  close(): Promise<void>;
}

export interface BridgeOptions {
  rendererDir?: string;
  dataDir?: string;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export async function startBridge(options: BridgeOptions = {}): Promise<Bridge> {
  const rendererDir = resolve(options.rendererDir ?? 'out/renderer');
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'custodian-bridge-'));
  const ownsDataDir = options.dataDir === undefined;
  const vaultPath = join(dataDir, 'vault.custodian');
  const clock = new OffsetClock();
  const clipboard = new MemoryClipboard();
  const core = await createCore({
    defaultVaultPath: vaultPath,
    clipboard,
    clock,
    ledgerPath: join(dataDir, 'redemptions.sqlite'),
  });
  const openedLinks: string[] = [];
  // No dialogs in a browser: the test names the file the next "choose a file to import" picks.
  let nextImportFile: string | null = null;
  // No dialogs in a browser: exports go to <data>/exports/<suggested name>, where tests can read them.
  const exportsDir = join(dataDir, 'exports');
  const dispatch = createDispatcher(
    createHandlers(core, {
      // The package's version, as the packaged app reports it (the footer shows it).
      version: PACKAGE_VERSION,
      chooseSavePath: async (name) => {
        mkdirSync(exportsDir, { recursive: true });
        return join(exportsDir, name);
      },
      writeFile: (path, content) => writeFileSync(path, content, { mode: 0o600 }),
      openExternal: async (url) => void openedLinks.push(url),
      printToPdf: (html) => printWithChromium(html),
      chooseImportFile: async () => nextImportFile,
    }),
    { validateOutput: true },
  );
  const token = randomBytes(24).toString('hex');
  const streams = new Set<ServerResponse>();
  core.events.subscribe((name, payload) => {
    for (const stream of streams) stream.write(`data: ${JSON.stringify({ name, payload })}\n\n`);
  });

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const authorised = request.headers['x-custodian-token'] === token || url.searchParams.get('token') === token;
      if (url.pathname === '/events') {
        if (!authorised) return send(response, 403, { error: 'bad token' });
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
        response.write(': connected\n\n');
        streams.add(response);
        request.on('close', () => streams.delete(response));
        return;
      }
      if (url.pathname.startsWith('/rpc/') || url.pathname.startsWith('/__test/')) {
        if (request.method !== 'POST' && request.method !== 'GET') return send(response, 405, { error: 'method' });
        if (!authorised) return send(response, 403, { error: 'bad token' });
        const body = request.method === 'POST' ? await readBody(request) : {};
        if (url.pathname.startsWith('/rpc/')) return send(response, 200, await dispatch(url.pathname.slice(5), body));
        return send(response, 200, await testControl(url.pathname.slice(8), body as Record<string, unknown>));
      }
      return serveStatic(url.pathname, response);
    })().catch((error: unknown) => send(response, 500, { error: error instanceof Error ? error.name : 'error' }));
  });

  async function testControl(action: string, body: Record<string, unknown>): Promise<unknown> {
    switch (action) {
      case 'advance':
        clock.advance(Number(body.ms ?? 0));
        return { now: clock.now() };
      case 'idle-check':
        return { locked: core.idle.check() };
      case 'clipboard':
        if (typeof body.text === 'string') clipboard.userCopies(body.text);
        return { text: clipboard.text, concealed: clipboard.concealed };
      case 'import-file':
        nextImportFile = typeof body.path === 'string' ? body.path : null;
        return { path: nextImportFile };
      case 'opened-links':
        return { links: openedLinks };
      case 'clipboard-expire':
        return { cleared: await core.clipboard.clearIfOurs() };
      default:
        return { error: `unknown action ${action}` };
    }
  }

  function serveStatic(pathname: string, response: ServerResponse): void {
    const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(
      /^([/\\])+/,
      '',
    );
    const file = resolve(rendererDir, relative);
    if (!file.startsWith(rendererDir + sep)) return send(response, 404, { error: 'not found' });
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      response.end(readFileSync(file));
    } catch {
      send(response, 404, { error: 'not found' });
    }
  }

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    shim: { token, channels: CHANNEL_NAMES },
    core,
    clock,
    clipboard,
    dataDir,
    vaultPath,
    async close() {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await core.dispose();
      if (pdfBrowser) await (await pdfBrowser).close();
      pdfBrowser = undefined;
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
