import { deviceLabel } from '../format';

// Real User-Agent headers, as each browser sends them.
const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  operaWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/116.0.0.0',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  chromeIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  firefoxIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  chromeAndroid:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  edgeAndroid:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.0.0',
  chromeOs:
    'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  // Playwright's Chromium and `chromium --headless`, as the browser tests sign in.
  headlessChrome:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
};

describe('deviceLabel', () => {
  it.each([
    ['chromeWindows', 'Chrome on Windows'],
    ['edgeWindows', 'Edge on Windows'],
    ['operaWindows', 'Opera on Windows'],
    ['safariMac', 'Safari on macOS'],
    ['safariIphone', 'Safari on iOS'],
    ['firefoxLinux', 'Firefox on Linux'],
    ['chromeAndroid', 'Chrome on Android'],
    ['chromeOs', 'Chrome on ChromeOS'],
    ['headlessChrome', 'Headless Chrome on Linux'],
  ] as const)('labels %s "%s"', (browser, label) => {
    expect(deviceLabel(UA[browser])).toBe(label);
  });

  // guards: every browser on iOS says "Safari/"; each also names itself (CriOS, FxiOS), as Edge on Android does (EdgA).
  it.each([
    ['chromeIphone', 'Chrome on iOS'],
    ['firefoxIphone', 'Firefox on iOS'],
    ['edgeAndroid', 'Edge on Android'],
  ] as const)('labels %s "%s", by its own token rather than the engine it shares', (browser, label) => {
    expect(deviceLabel(UA[browser])).toBe(label);
  });

  it('shows an unknown header as it is when short, and cut visibly when long', () => {
    expect(deviceLabel('curl/8.5.0')).toBe('curl/8.5.0');
    expect(deviceLabel(UA.googlebot)).toBe('Mozilla/5.0 (compatible; Googlebot/2.1;…');
  });

  it.each([null, undefined, '', '   '])('says "Unknown device" without a header (%p)', (userAgent) => {
    expect(deviceLabel(userAgent)).toBe('Unknown device');
  });
});
