/**
 * The binary signatures detection looks for, kept apart from the parsers so
 * that recognising a file loads none of their libraries (every CLI command
 * would otherwise pay for loading the KDBX, zip and image readers).
 */
const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);

/** KeePass 2.x: 0x9AA2D903 then 0xB54BFB67, little-endian. */
export const isKdbx = (bytes: Uint8Array) => startsWith(bytes, [0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5]);
/** A zip's local file header, as 1PUX files start. */
export const isZip = (bytes: Uint8Array) => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
export const isPng = (bytes: Uint8Array) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
