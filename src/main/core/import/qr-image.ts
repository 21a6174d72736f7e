/**
 * A screenshot of a QR code (PNG) to the text it holds: pngjs decodes the
 * image to RGBA, jsQR finds and reads the code. Used for Google
 * Authenticator's export QR, which people photograph or screenshot.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { badFile } from './entry';

/** Screenshots are a few MB; a 40-megapixel image is as far as we go. */
const MAX_PIXELS = 40_000_000;

export function readQrText(bytes: Uint8Array): string {
  // The header's width and height (IHDR, big-endian at 16 and 20) are checked before anything is inflated.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 24 || view.getUint32(16) * view.getUint32(20) > MAX_PIXELS) {
    throw badFile('The image is too large (or too short) to scan for a QR code');
  }
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    throw badFile('The image is not a readable PNG');
  }
  const data = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength);
  const code = jsQR(data, png.width, png.height);
  if (!code || !code.data) throw badFile('No QR code was found in the image');
  return code.data;
}
