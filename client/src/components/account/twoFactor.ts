/**
 * Two-factor helpers without React: how the QR code reaches the page, and the recovery codes'
 * text file.
 */

/**
 * The API's QR code (an SVG document) as a `data:` URL for an `<img>`: an image is never parsed
 * into the page, so nothing in the markup can run or style it, whatever it holds. The CSP's
 * `img-src` allows `data:` (http/securityHeaders.ts).
 */
export function svgDataUrl(svg: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(svg)) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

export const RECOVERY_CODES_FILE = 'recovery-codes.txt';

/** The downloaded file: what the codes are for, then one code a line. */
export function recoveryCodesText(codes: readonly string[], account: string, createdAt: Date): string {
  return [
    `Recovery codes for ${account}`,
    `Created ${createdAt.toISOString()}. Each code works once; a new set replaces this one.`,
    'Use one instead of an authenticator code when you sign in.',
    '',
    ...codes,
    '',
  ].join('\n');
}
