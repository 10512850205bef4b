// `signing_keys`: the ES256 keys access tokens are signed with, one document each.
// A key's state (next, current, previous, retired, revoked) is not stored: it follows
// from its dates and the clock (keyStates.ts), so every instance agrees without a write
// at each transition. `_id` is the key's generation: a rotation inserts generation n+1,
// and the unique `_id` admits one such insert however many instances race (FerretDB v1
// updates are not atomic; its unique index is).
import type { Model } from 'mongoose';
import { defineModel, nullable, required } from '../db/defineModel';

export interface SigningKeyDocument {
  /** The generation: 1, 2, 3… A higher generation takes over from a lower one. */
  _id: number;
  /** The JWK thumbprint of the public key (RFC 7638), the `kid` of every token it signs. */
  kid: string;
  alg: 'ES256';
  /** The public key's P-256 coordinates (base64url), as published in the JWKS. */
  x: string;
  y: string;
  /** The private key (PKCS #8 PEM), sealed under KEY_ENCRYPTION_KEY (security/secretBox.ts); '' once retired or revoked. */
  sealedPrivateKey: string;
  /** Published from here on. */
  createdAt: Date;
  /** Signs from here on (until a higher generation does); null: until promoted by `keys rotate`. */
  activatesAt: Date | null;
  /** Never accepted again from here on. */
  revokedAt: Date | null;
}

export const signingKeyModel = defineModel<SigningKeyDocument>('SigningKey', 'signing_keys', {
  _id: required(Number),
  kid: required(String),
  alg: required(String),
  x: required(String),
  y: required(String),
  // Not `required`: mongoose refuses '' there, and '' is what an erased key holds.
  sealedPrivateKey: { type: String, default: '' },
  createdAt: required(Date),
  activatesAt: nullable(Date),
  revokedAt: nullable(Date),
});
signingKeyModel.schema.index({ kid: 1 }, { unique: true });
export type SigningKeyModel = Model<SigningKeyDocument>;
