// guards: issue 15 — the passkey relying party is the web app's origin, checked at start.
import { loadConfig } from '../index';
import { problems } from './problems';

const MONGODB_URI = 'mongodb://127.0.0.1:27017/test';
const dev = { MONGODB_URI, NODE_ENV: 'development' };

describe('the WebAuthn relying party', () => {
  it("is APP_URL's host and origin unless set", () => {
    expect(loadConfig({ ...dev, APP_URL: 'https://app.example.com' }).webauthn).toMatchObject({
      rpId: 'app.example.com',
      origins: ['https://app.example.com'],
    });
    expect(
      loadConfig({
        ...dev,
        APP_URL: 'https://app.example.com',
        WEBAUTHN_RP_ID: 'example.com',
        WEBAUTHN_ORIGIN: 'https://app.example.com, https://www.example.com',
      }).webauthn,
    ).toMatchObject({ rpId: 'example.com', origins: ['https://app.example.com', 'https://www.example.com'] });
  });

  it('is off, not a reason to refuse to start, for an app served from an IP address', () => {
    expect(loadConfig({ ...dev, APP_URL: 'http://127.0.0.1:3000' }).webauthn).toMatchObject({ rpId: null });
    expect(loadConfig({ ...dev, APP_URL: 'http://[::1]:3000' }).webauthn).toMatchObject({ rpId: null });
  });

  it('refuses an IP address as RP ID, and an origin the RP ID does not cover, naming them', () => {
    const app = { ...dev, APP_URL: 'https://app.example.com' };
    expect(problems({ ...app, WEBAUTHN_RP_ID: '10.0.0.1' })).toEqual([
      expect.stringMatching(/^WEBAUTHN_RP_ID=10\.0\.0\.1 must be a domain/),
    ]);
    expect(problems({ ...app, WEBAUTHN_RP_ID: 'other.test' })).toEqual([
      expect.stringMatching(/^WEBAUTHN_ORIGIN=https:\/\/app\.example\.com is not on WEBAUTHN_RP_ID=other\.test/),
    ]);
    // A parent domain covers its subdomains.
    expect(problems({ ...app, WEBAUTHN_RP_ID: 'example.com' })).toEqual([]);
  });
});
