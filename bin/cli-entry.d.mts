export type CliEntry = { kind: 'bundle'; path: string } | { kind: 'sources'; path: string; reason: string };
/** Which code `custodian` runs in the checkout at `root`. */
export function cliEntry(root: string): CliEntry;
