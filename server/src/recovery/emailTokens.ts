// Issuing, checking and spending emailed tokens (emailTokenModel.ts holds the model).
// - 256 random bits, base64url; only the SHA-256 is stored (OWASP Forgot Password
//   cheat sheet: "long enough, random, stored securely, single use, expiring").
// - Bound to one user, one purpose and the address the mail went to.
// - A new password-reset token supersedes the user's earlier ones: they are
//   deleted, and if a crash left one behind, `check` still refuses any but the
//   newest. Verification tokens do not: each proves the address it went to.
// - Spending is db/spends.ts's unique-index insert: of any number of concurrent
//   spends of one token exactly one wins. `check` already refuses a spent token,
//   so a retried link costs no password hash (the spend stays the single winner).
import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Clock } from '../clock';
import { trusted } from '../db';
import { spendOnce } from '../db/spends';
import type { Models } from '../db';
import { TokenPurpose } from './emailTokenModel';
import type { EmailTokenDocument } from './emailTokenModel';

const SUPERSEDES: Record<TokenPurpose, boolean> = {
  [TokenPurpose.PASSWORD_RESET]: true,
  [TokenPurpose.EMAIL_VERIFICATION]: false,
};

export const hashEmailToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export function createEmailTokens(models: Pick<Models, 'EmailToken' | 'Spend'>, clock: Clock) {
  const { EmailToken, Spend } = models;

  /** A new token for `purpose` (for a password reset, the user's earlier ones stop working). */
  async function issue(
    user: { _id: Types.ObjectId; email: string },
    purpose: TokenPurpose,
    ttlMs: number,
  ): Promise<string> {
    const now = clock.now();
    const token = randomBytes(32).toString('base64url');
    const _id = hashEmailToken(token);
    await EmailToken.create({
      _id,
      userId: user._id,
      purpose,
      email: user.email,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    });
    if (SUPERSEDES[purpose]) await EmailToken.deleteMany({ userId: user._id, purpose, _id: trusted({ $ne: _id }) });
    return token;
  }

  const spendKey = (record: Pick<EmailTokenDocument, '_id'>) => `reset:${record._id}`;

  /**
   * The token's record when it is live: known, of this purpose, unexpired and (for a
   * purpose that supersedes, which is also spent once) the user's newest and not yet spent.
   * Which of concurrent callers spends it is still `spend`'s question.
   */
  async function check(token: string, purpose: TokenPurpose): Promise<EmailTokenDocument | null> {
    const record = await EmailToken.findById(hashEmailToken(token)).lean();
    if (!record || record.purpose !== purpose || record.expiresAt.getTime() <= clock.now().getTime()) return null;
    if (!SUPERSEDES[purpose]) return record;
    const newest = await EmailToken.findOne({ userId: record.userId, purpose }, { _id: 1 })
      .sort({ createdAt: -1, _id: -1 })
      .lean();
    if (newest?._id !== record._id) return null;
    return (await Spend.exists({ _id: spendKey(record) })) ? null : record;
  }

  /** True for the one caller that spends the token; false for every other, then or later. */
  const spend = (record: EmailTokenDocument): Promise<boolean> => spendOnce(Spend, spendKey(record), record.expiresAt);

  return { issue, check, spend };
}

export type EmailTokens = ReturnType<typeof createEmailTokens>;
