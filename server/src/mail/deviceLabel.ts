// How a notice names the device a request came from: "Chrome on Windows", parsed from the
// User-Agent (bowser, MIT) and made only of names the parser itself knows. A User-Agent is
// text its sender chose: quoted into a genuine mail from us, a link or a line in it would be
// phishing under our name (OWASP Content Spoofing; issue 19 §6). So nothing of it is copied:
// an unknown browser or system is "an unknown browser", never its product token, and the
// label is at most 60 characters.
import Bowser from 'bowser';

const BROWSERS: ReadonlySet<string> = new Set(Object.values(Bowser.BROWSER_MAP));
const SYSTEMS: ReadonlySet<string> = new Set(Object.values(Bowser.OS_MAP));
const MAX_LENGTH = 60;
const UNKNOWN = 'an unknown device';

/** "<browser> on <system>" from known names only; "an unknown device" when neither is known. */
export function deviceLabel(userAgent: string | null): string {
  if (!userAgent) return UNKNOWN;
  const { browser, os } = Bowser.parse(userAgent);
  // bowser falls back to the User-Agent's first product token as a browser name: never shown.
  const name = browser.name && BROWSERS.has(browser.name) ? browser.name : null;
  const system = os.name && SYSTEMS.has(os.name) ? os.name : null;
  if (!name && !system) return UNKNOWN;
  return `${name ?? 'an unknown browser'} on ${system ?? 'an unknown system'}`.slice(0, MAX_LENGTH);
}
