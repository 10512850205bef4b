// The software authenticator against the real @simplewebauthn/server (no mocks): what it answers
// verifies, and what a browser would refuse to send (another origin, another RP) is refused.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { WebAuthnCredential } from '@simplewebauthn/server';
import { SoftAuthenticator } from '../softAuthenticator';

const origin = 'http://localhost:3000';
const rpID = 'localhost';

const registrationOptions = () =>
  generateRegistrationOptions({
    rpName: 'Test',
    rpID,
    userName: 'someone@example.test',
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });

const authenticationOptions = (allowCredentials?: { id: string }[]) =>
  generateAuthenticationOptions({ rpID, userVerification: 'required', allowCredentials });

/** Registers a passkey with `authenticator` and returns what the server would store. */
async function registered(authenticator: SoftAuthenticator): Promise<WebAuthnCredential> {
  const options = await registrationOptions();
  const result = await verifyRegistrationResponse({
    response: authenticator.register(options, { origin }),
    expectedChallenge: options.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
  });
  if (!result.verified) throw new Error('registration not verified');
  return result.registrationInfo.credential;
}

async function signIn(
  authenticator: SoftAuthenticator,
  credential: WebAuthnCredential,
  { counter }: { counter?: number } = {},
) {
  const options = await authenticationOptions();
  return verifyAuthenticationResponse({
    response: authenticator.authenticate(options, { origin, counter }),
    expectedChallenge: options.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential,
    requireUserVerification: true,
  });
}

describe('SoftAuthenticator', () => {
  it('registers a passkey the library verifies: ES256, "none" attestation, user verified, counter 1', async () => {
    const authenticator = new SoftAuthenticator();
    const options = await registrationOptions();
    const response = authenticator.register(options, { origin });
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: options.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
    });

    expect(result.verified).toBe(true);
    expect(result.registrationInfo).toMatchObject({
      fmt: 'none',
      aaguid: '00000000-0000-0000-0000-000000000000',
      userVerified: true,
      credentialBackedUp: false,
      rpID,
      origin,
      credential: { id: response.id, counter: 1 },
    });
    expect(authenticator.credentials).toEqual([
      expect.objectContaining({ id: response.id, userHandle: options.user.id, rpId: rpID, counter: 1 }),
    ]);
  });

  it('each registration is a new credential', async () => {
    const authenticator = new SoftAuthenticator();
    const first = await registered(authenticator);
    const second = await registered(authenticator);
    expect(first.id).not.toBe(second.id);
    expect(authenticator.credentials.map((c) => c.id)).toEqual([first.id, second.id]);
  });

  it('signs in with the discoverable credential; the counter increases per use', async () => {
    const authenticator = new SoftAuthenticator();
    const credential = await registered(authenticator);

    const first = await signIn(authenticator, credential);
    expect(first.verified).toBe(true);
    expect(first.authenticationInfo).toMatchObject({ credentialID: credential.id, newCounter: 2, userVerified: true });

    const second = await signIn(authenticator, { ...credential, counter: first.authenticationInfo.newCounter });
    expect(second.verified).toBe(true);
    expect(second.authenticationInfo.newCounter).toBe(3);
  });

  it('answers with the user handle from the registration options', async () => {
    const authenticator = new SoftAuthenticator();
    const options = await registrationOptions();
    authenticator.register(options, { origin });
    const response = authenticator.authenticate(await authenticationOptions(), { origin });
    expect(response.response.userHandle).toBe(options.user.id);
  });

  it('answers with a credential named in allowCredentials, or the one given', async () => {
    const authenticator = new SoftAuthenticator();
    const first = await registered(authenticator);
    const second = await registered(authenticator);

    expect(authenticator.authenticate(await authenticationOptions(), { origin }).id).toBe(second.id);
    expect(authenticator.authenticate(await authenticationOptions([{ id: first.id }]), { origin }).id).toBe(first.id);
    const given = authenticator.credentials[0];
    expect(authenticator.authenticate(await authenticationOptions(), { origin, credential: given }).id).toBe(first.id);
  });

  it("'zero' counter mode (a synced passkey) always reports 0, and still verifies", async () => {
    const authenticator = new SoftAuthenticator({ counter: 'zero' });
    const credential = await registered(authenticator);
    expect(credential.counter).toBe(0);

    for (let i = 0; i < 2; i++) {
      const result = await signIn(authenticator, credential);
      expect(result.verified).toBe(true);
      expect(result.authenticationInfo.newCounter).toBe(0);
    }
  });

  it('a counter override that goes backwards is refused by the library', async () => {
    const authenticator = new SoftAuthenticator();
    const credential = await registered(authenticator);
    const used = await signIn(authenticator, credential);
    const stored = { ...credential, counter: used.authenticationInfo.newCounter };

    await expect(signIn(authenticator, stored, { counter: 1 })).rejects.toThrow(/counter/i);
    // The override is for that one response: the authenticator's own counter carries on.
    expect((await signIn(authenticator, stored)).authenticationInfo.newCounter).toBe(3);
  });

  describe('what the library refuses', () => {
    it('a registration made for another origin', async () => {
      const options = await registrationOptions();
      const response = new SoftAuthenticator().register(options, { origin: 'http://evil.example:3000' });
      await expect(
        verifyRegistrationResponse({
          response,
          expectedChallenge: options.challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: true,
        }),
      ).rejects.toThrow(/origin/i);
    });

    it('a registration made for another RP ID', async () => {
      const options = await registrationOptions();
      const response = new SoftAuthenticator().register(options, { origin, rpId: 'evil.example' });
      await expect(
        verifyRegistrationResponse({
          response,
          expectedChallenge: options.challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: true,
        }),
      ).rejects.toThrow(/RP ID/i);
    });

    it('a sign-in made for another origin', async () => {
      const authenticator = new SoftAuthenticator();
      const credential = await registered(authenticator);
      const options = await authenticationOptions();
      await expect(
        verifyAuthenticationResponse({
          response: authenticator.authenticate(options, { origin: 'http://evil.example:3000' }),
          expectedChallenge: options.challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          credential,
          requireUserVerification: true,
        }),
      ).rejects.toThrow(/origin/i);
    });

    it('a sign-in made for another RP ID', async () => {
      const authenticator = new SoftAuthenticator();
      const credential = await registered(authenticator);
      const options = await authenticationOptions();
      await expect(
        verifyAuthenticationResponse({
          response: authenticator.authenticate(options, {
            origin,
            rpId: 'evil.example',
            credential: authenticator.credentials[0],
          }),
          expectedChallenge: options.challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          credential,
          requireUserVerification: true,
        }),
      ).rejects.toThrow(/RP ID/i);
    });
  });
});
