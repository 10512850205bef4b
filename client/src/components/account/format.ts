const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const longDate = new Intl.DateTimeFormat('en', { dateStyle: 'long' });
const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "just now", "5 minutes ago", "yesterday". */
export function timeAgo(iso: string, now = Date.now()): string {
  const elapsed = now - Date.parse(iso);
  if (elapsed < 60_000) return 'just now';
  for (const [unit, ms] of UNITS) {
    if (elapsed >= ms) return relative.format(-Math.floor(elapsed / ms), unit);
  }
  return 'just now';
}

export const formatDate = (iso: string) => longDate.format(new Date(iso));
export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));

// First match wins: Edge, Opera and Headless Chrome also say "Chrome/", and every browser on iOS
// says "Safari/" (Apple makes them all use WebKit), each with its own token (CriOS, FxiOS, EdgiOS).
const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/HeadlessChrome\//, 'Headless Chrome'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

const UNKNOWN_LABEL_CHARS = 40;

/** "Chrome on Linux" from a User-Agent header; the full header stays available as a tooltip. */
export function deviceLabel(userAgent: string | null | undefined): string {
  const header = userAgent?.trim();
  if (!header) return 'Unknown device';
  const browser = BROWSERS.find(([pattern]) => pattern.test(header))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(header))?.[1];
  const known = browser && system ? `${browser} on ${system}` : (browser ?? system);
  if (known) return known;
  // Not a browser we know (curl, a bot): the header itself, cut short visibly.
  if (header.length <= UNKNOWN_LABEL_CHARS) return header;
  return `${header.slice(0, UNKNOWN_LABEL_CHARS).trimEnd()}…`;
}
