/**
 * Command-line input through the app's schemas. A command that writes builds
 * the payload its IPC channel takes and parses it here with that channel's
 * schema, so the command line accepts exactly what the app accepts (a 10 MB
 * password, reason or note is refused the same way) and a refusal is the
 * same "invalid input" (exit 1) before anything is written.
 */
import { channels, type ChannelInput, type ChannelName, type ParsedInput } from '../../shared/contract/channels';
import { parseInput, type ParseOptions } from '../core/errors';

export function channelInput<C extends ChannelName>(
  name: C,
  input: ChannelInput<C>,
  options?: ParseOptions,
): ParsedInput<C> {
  return parseInput(channels[name].input, input, options) as ParsedInput<C>;
}
