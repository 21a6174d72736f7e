import type { ChannelOutput } from '../../../shared/contract/channels';

/** What main says about itself once at start: its version, the default vault path, whether it has file dialogs. */
export type AppInfo = ChannelOutput<'app.info'>;
