// guards: mail never carries text or links taken from a request. A notice names the device
// as a parsed "<browser> on <system>" (at most 60 characters), never the User-Agent itself:
// a User-Agent is whatever the sender typed, and quoted into a genuine mail from us it is a
// phishing line with our signature under it (issue 19 §6).
import { templates } from '../templates';
import { uniqueEmail, withTestServer } from '../../testing/testServer';

const CHROME_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const PHISHING =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Your account is locked, visit https://evil.example/reset to unlock it';
const AT = new Date('2026-03-04T05:06:07.890Z');

describe('a notice', () => {
  it('names a Chrome on Windows User-Agent as "Chrome on Windows"', () => {
    const mail = templates.newDeviceSignIn('a@example.com', AT, {
      userAgent: CHROME_ON_WINDOWS,
      ipAddress: '203.0.113.9',
    });
    expect(mail.text).toContain('from Chrome on Windows at 203.0.113.9');
    expect(mail.text).not.toContain('Mozilla');
  });

  it('never quotes a User-Agent, nor any link or word of it beyond the parsed names', () => {
    const mail = templates.newDeviceSignIn('a@example.com', AT, { userAgent: PHISHING, ipAddress: '203.0.113.9' });
    for (const part of [mail.text, mail.html]) {
      expect(part).not.toMatch(/evil|https:\/\/evil|visit|locked|unlock/);
    }
  });

  it.each([
    ['a bare link', 'https://evil.example/reset'],
    ['a domain as the browser name', 'evil.example/1.0 (reset at evil.example)'],
    ['a very long product name', `${'A'.repeat(300)}/1.0`],
    ['no User-Agent', null],
  ])('names the device without anything URL-like and in at most 60 characters: %s', (_case, userAgent) => {
    const mail = templates.passkeyAdded('a@example.com', AT, { userAgent, ipAddress: null });
    const device = /, from (.*) at an unknown address\./.exec(mail.text)?.[1] ?? '';
    expect(device).not.toBe('');
    expect(device.length).toBeLessThanOrEqual(60);
    expect(device).not.toMatch(/[/:]|\.\w|evil|https?/i);
  });
});

describe('the "New sign-in" mail', () => {
  it('says "Chrome on Windows" and never the link a forged User-Agent carried', async () => {
    await withTestServer({}, async (s) => {
      const { email, password } = await s.client().register(uniqueEmail());
      await s.confirmEmail(email);

      await s.client({ userAgent: PHISHING, ip: '203.0.113.7' }).login(email, password);
      await s.client({ userAgent: CHROME_ON_WINDOWS, ip: '203.0.113.8' }).login(email, password);
      await s.services.drainEvents(5_000);
      await s.services.drainMail(10_000);

      const notices = s.mailbox.received.filter(
        (m) => m.to.includes(email) && m.subject === 'New sign-in to your account',
      );
      expect(notices).toHaveLength(2);
      expect(notices.map((m) => `${m.text}${m.html}`).join('\n')).not.toMatch(/evil|visit|unlock/);
      expect(notices.find((m) => m.text.includes('203.0.113.8'))?.text).toContain('from Chrome on Windows at');
    });
  });
});
