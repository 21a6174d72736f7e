/**
 * The shape of `window.custodian`, derived from the channel table: one
 * function per channel, grouped by the part of the name before the dot
 * (`vault.unlock` -> `custodian.vault.unlock(input)`).
 */
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from './channels';
import type { Result } from './envelope';

type NamespaceOf<C> = C extends `${infer N}.${string}` ? N : never;
type MethodOf<C, N extends string> = C extends `${N}.${infer M}` ? M : never;

type ChannelFunction<C extends ChannelName> =
  Record<string, never> extends ChannelInput<C>
    ? (input?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
    : (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;

export type CustodianApi = {
  [N in NamespaceOf<ChannelName>]: {
    [C in ChannelName as MethodOf<C, N>]: ChannelFunction<C>;
  };
} & {
  /** Subscribes to a main-process event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Splits a channel name into the namespace and method used on `window.custodian`. */
export function splitChannel(name: ChannelName): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

/**
 * Builds the nested API object from a transport (Electron's ipcRenderer in
 * preload, HTTP in the test bridge's shim), so both expose exactly the same
 * functions.
 */
export function buildApi(
  names: readonly ChannelName[],
  invoke: (channel: ChannelName, input: unknown) => Promise<unknown>,
  subscribe: (event: EventName, listener: (payload: unknown) => void) => () => void,
): CustodianApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const name of names) {
    const [ns, method] = splitChannel(name);
    (api[ns] ??= {})[method] = (input?: unknown) => invoke(name, input ?? {});
  }
  return Object.assign(api, { on: subscribe }) as unknown as CustodianApi;
}
