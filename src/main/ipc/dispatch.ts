/**
 * The single entry point for IPC payloads: unknown channel -> refused;
 * payload -> zod-validated (strict: unknown keys refused) before any service
 * runs; every outcome -> a result envelope. A refused payload never reaches a
 * service, so it cannot change anything.
 */
import { channels, isChannelName, type ChannelName } from '../../shared/contract/channels';
import { fail, ok, type Result } from '../../shared/contract/envelope';
import { invalidInput, toErrorBody } from './errors';
import type { HandlerTable } from './handlers';

export type Dispatch = (channel: unknown, payload: unknown) => Promise<Result<unknown>>;

export interface DispatchOptions {
  /** Check answers against the contract too (tests and the bridge; costs time on large lists). */
  validateOutput?: boolean;
  report?: (text: string) => void;
}

export function createDispatcher(handlers: HandlerTable, options: DispatchOptions = {}): Dispatch {
  const report = options.report ?? ((text: string) => console.error(`[custodian] unexpected error\n${text}`));
  return async (channel, payload) => {
    if (!isChannelName(channel)) return fail({ code: 'unknown_channel', message: 'Unknown IPC channel' });
    const spec = channels[channel];
    const parsed = spec.input.safeParse(payload);
    if (!parsed.success) return fail(invalidInput(parsed.error));
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      const value = await handler(parsed.data);
      if (options.validateOutput) {
        const checked = spec.output.safeParse(value);
        if (!checked.success) {
          report(`answer on ${channel satisfies ChannelName} does not match the contract: ${checked.error.message}`);
          return fail({ code: 'internal', message: `Answer on ${channel} does not match the contract` });
        }
      }
      return ok(value);
    } catch (error) {
      return fail(toErrorBody(error, report));
    }
  };
}
