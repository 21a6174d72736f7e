/**
 * The test bridge's stand-in for preload: defines `window.custodian` in the
 * page, with the same shape preload gives it (one function per channel,
 * grouped by namespace, plus `on`), over HTTP to the bridge.
 *
 * Playwright serialises this function into the page (page.addInitScript), so
 * it must not refer to anything outside its own body.
 */
export interface ShimConfig {
  token: string;
  channels: readonly string[];
}

export function installCustodianShim(config: ShimConfig): void {
  const headers = { 'content-type': 'application/json', 'x-custodian-token': config.token };
  const api: Record<string, unknown> = {};
  for (const name of config.channels) {
    const dot = name.indexOf('.');
    const ns = (api[name.slice(0, dot)] ??= {}) as Record<string, unknown>;
    ns[name.slice(dot + 1)] = async (input?: unknown) => {
      const response = await fetch(`/rpc/${name}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
      return response.json();
    };
  }
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const source = new EventSource(`/events?token=${encodeURIComponent(config.token)}`);
  source.onmessage = (message) => {
    const { name, payload } = JSON.parse(message.data as string) as { name: string; payload: unknown };
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
  api.on = (event: string, listener: (payload: unknown) => void) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  };
  Object.defineProperty(window, 'custodian', { value: Object.freeze(api), writable: false });
}
