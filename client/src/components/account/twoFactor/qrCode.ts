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
