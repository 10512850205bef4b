// A software WebAuthn authenticator for API tests of the passkey ceremonies: it answers the
// server's options with real responses (ES256 keys, "none" attestation, real signatures), in the
// JSON shape @simplewebauthn/browser would send, so the server's own verification runs unchanged.
// Built from the spec's byte layouts rather than a library, so each field is the one named here.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { encodeCBOR } from '@levischuck/tiny-cbor';
import type { CBORType } from '@levischuck/tiny-cbor';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

export interface SoftCredential {
  /** base64url credential id */
  id: string;
  /** base64url user.id from the registration options: returned as userHandle on sign-in */
  userHandle: string;
  rpId: string;
  privateKey: KeyObject;
  /** The signature counter last reported for this credential. */
  counter: number;
}

// Authenticator data flags (WebAuthn §6.1). BE and BS (backup eligible / backed up) stay 0.
const UP = 0x01; // user present
const UV = 0x04; // user verified
const AT = 0x40; // attested credential data follows (registration only)

const AAGUID = Buffer.alloc(16); // all zeros: the "none" attestation names no authenticator model

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();

/** SHA-256(rpId) | flags | counter (u32 BE) | [attested credential data]. */
function authenticatorData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(flags, 0);
  head.writeUInt32BE(counter, 1);
  return Buffer.concat([sha256(rpId), head, attested ?? Buffer.alloc(0)]);
}

/** The COSE_Key of a P-256 public key: {1 (kty): 2 (EC2), 3 (alg): -7 (ES256), -1 (crv): 1 (P-256), -2: x, -3: y}. */
function coseKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  // Integer keys in a Map: a plain object would encode them as text keys, which is not COSE.
  return encodeCBOR(
    new Map<number, CBORType>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x ?? '', 'base64url')],
      [-3, Buffer.from(jwk.y ?? '', 'base64url')],
    ]),
  );
}

function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

export class SoftAuthenticator {
  credentials: SoftCredential[] = [];
  private readonly counterMode: 'increasing' | 'zero';

  /** counter 'zero' = a synced passkey, which always reports 0; 'increasing' reports 1, 2, 3… per use. */
  constructor(options: { counter?: 'increasing' | 'zero' } = {}) {
    this.counterMode = options.counter ?? 'increasing';
  }

  /** Answers navigator.credentials.create(): options = PublicKeyCredentialCreationOptionsJSON from the server. */
  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    { origin, rpId = options.rp.id }: { origin: string; rpId?: string /* default options.rp.id */ },
  ): RegistrationResponseJSON {
    if (!rpId) throw new Error('SoftAuthenticator.register: no rpId (options.rp.id is empty)');
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rawId = randomBytes(16);
    const credential: SoftCredential = {
      id: rawId.toString('base64url'),
      userHandle: options.user.id,
      rpId,
      privateKey,
      counter: 0,
    };
    credential.counter = this.nextCounter(credential);

    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(rawId.length);
    const attested = Buffer.concat([AAGUID, idLength, rawId, coseKey(publicKey)]);
    const authData = authenticatorData(rpId, UP | UV | AT, credential.counter, attested);
    // Text keys in a Map, as the library decodes them; "none" attestation has an empty statement.
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );

    this.credentials.push(credential);
    return {
      id: credential.id,
      rawId: credential.id,
      type: 'public-key',
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
      response: {
        clientDataJSON: clientData('webauthn.create', options.challenge, origin).toString('base64url'),
        attestationObject: Buffer.from(attestationObject).toString('base64url'),
        transports: ['internal'],
      },
    };
  }

  /**
   * Answers navigator.credentials.get() with a discoverable credential for options.rpId (or the given
   * credential). With several candidates (within options.allowCredentials, if it names any), the most
   * recently registered one answers, as a test that just added a passkey expects.
   */
  authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    {
      origin,
      rpId = options.rpId,
      credential,
      counter,
    }: {
      origin: string;
      rpId?: string;
      credential?: SoftCredential;
      /** Report this counter instead (the stored one is left as is), for counter-regression tests. */
      counter?: number;
    },
  ): AuthenticationResponseJSON {
    if (!rpId) throw new Error('SoftAuthenticator.authenticate: no rpId (options.rpId is not set)');
    const allowed = options.allowCredentials?.map((c) => c.id) ?? [];
    const chosen =
      credential ??
      this.credentials.findLast((c) => c.rpId === rpId && (allowed.length === 0 || allowed.includes(c.id)));
    if (!chosen) throw new Error(`SoftAuthenticator.authenticate: no credential for ${rpId}`);

    let reported = counter;
    if (reported === undefined) {
      chosen.counter = this.nextCounter(chosen);
      reported = chosen.counter;
    }
    // rpId hashed is the one given (default options.rpId), not chosen.rpId: a test can sign for another RP.
    const authData = authenticatorData(rpId, UP | UV, reported);
    const clientDataJSON = clientData('webauthn.get', options.challenge, origin);
    // ECDSA P-256 over authData || SHA-256(clientDataJSON); node's EC signatures are DER, as WebAuthn wants.
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), chosen.privateKey);

    return {
      id: chosen.id,
      rawId: chosen.id,
      type: 'public-key',
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        userHandle: chosen.userHandle,
      },
    };
  }

  private nextCounter(credential: SoftCredential): number {
    return this.counterMode === 'zero' ? 0 : credential.counter + 1;
  }
}
