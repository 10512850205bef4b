// guards: every subject and sentence of outgoing mail is written in mail/templates.ts; callers
// pass data only (issue 18 §7).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { templates } from '../templates';

const SRC = path.join(__dirname, '..', '..');

describe('the mail templates', () => {
  it('are the only place mail text is written: no caller hands a template a literal', () => {
    const callers = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.ts') && !/__tests__|__generated__|^mail[/\\]templates\.ts$/.test(file),
    );
    const literals = callers.flatMap((file) =>
      [...readFileSync(path.join(SRC, file), 'utf8').matchAll(/templates\.\w+\([^)]*['"`]/g)].map(
        (m) => `${file}: ${m[0]}`,
      ),
    );
    expect(literals).toEqual([]);
  });

  it('link to APP_URL with the token encoded, in the text and, escaped, in the HTML', () => {
    const mail = templates.passwordReset('a@example.com', 'https://app.example.com', 'a+b/c&d', 3_600_000);
    const url = 'https://app.example.com/reset-password?token=a%2Bb%2Fc%26d';
    expect(mail.text).toContain(`Reset your password: ${url}\n`);
    expect(mail.text).toContain('for 1 hour.');
    expect(mail.html).toContain(`<a href="${url}">`);
  });

  it('say in a notice when, from which device and address, and what to do', () => {
    const at = new Date('2026-03-04T05:06:07.890Z');
    const userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0 <b>';
    const mail = templates.passkeyAdded('a@example.com', at, { userAgent, ipAddress: null });
    expect(mail).toMatchObject({ to: 'a@example.com', subject: 'A passkey was added' });
    expect(mail.text).toBe(
      'A passkey was added to your account on 2026-03-04 at 05:06:07 UTC, from Firefox on Linux at an unknown address.\n\n' +
        'If this wasn\'t you, reset your password now with "Forgot password?" on the sign-in page: that signs every session out.\n',
    );
    expect(mail.html).toContain('from Firefox on Linux at');
    expect(mail.html).not.toContain('<b>');
  });
});
