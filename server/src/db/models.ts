// Every collection of the API, one model each on a connection.
import type { Connection } from 'mongoose';
import { spendModel } from './spends';
import { securityEventModel } from '../securityEvents/securityEventModel';
import { pendingLoginModel, recoveryCodeModel, totpSetupModel } from '../mfa/mfaModels';
import { passkeyChallengeModel, passkeyModel } from '../passkeys/passkeyModels';
import { emailTokenModel } from '../recovery/emailTokenModel';
import { rateLimitEventModel } from '../security/rateLimitEventModel';
import { refreshTokenModel } from '../sessions/refreshTokenModel';
import { sessionModel } from '../sessions/sessionModel';
import { signingKeyModel } from '../signingKeys/signingKeyModel';
import { userModel } from '../users/userModel';

export function createModels(connection: Connection) {
  return {
    User: userModel(connection),
    Session: sessionModel(connection),
    RefreshToken: refreshTokenModel(connection),
    RateLimitEvent: rateLimitEventModel(connection),
    EmailToken: emailTokenModel(connection),
    SecurityEvent: securityEventModel(connection),
    TotpSetup: totpSetupModel(connection),
    PendingLogin: pendingLoginModel(connection),
    RecoveryCode: recoveryCodeModel(connection),
    Passkey: passkeyModel(connection),
    PasskeyChallenge: passkeyChallengeModel(connection),
    Spend: spendModel(connection),
    SigningKey: signingKeyModel(connection),
  };
}
export type Models = ReturnType<typeof createModels>;
