// Every message the API sends, in one place: every subject and sentence, plain text
// first (what the tests and careful readers read), with a simple HTML alternative.
// Callers pass data only (address, token, time, device). Links are built from
// APP_URL, never from a request's Host header (OWASP Forgot Password cheat sheet:
// a forged Host would mail the victim a link to the attacker's site), and no text of
// a request is quoted: the device is named from a parsed User-Agent (deviceLabel.ts).
import { deviceLabel } from './deviceLabel';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What a message is, for logs: never its content, which may hold a token. */
export type MailKind =
  | 'password_reset'
  | 'email_verification'
  | 'password_changed'
  | 'refresh_token_reuse'
  | 'new_device_sign_in'
  | 'mfa_changed'
  | 'passkey_changed'
  | 'second_factor_guessing';

/** Where a request came from, as a person reads it in a notice. */
export interface Origin {
  userAgent: string | null;
  ipAddress: string | null;
}

/** A notice of something that happened to an account: when, from which device and address. */
export type Notice = (to: string, at: Date, origin: Origin) => Mail;

const link = (appUrl: string, path: string, token: string) =>
  `${appUrl}${path}?${new URLSearchParams({ token }).toString()}`;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function compose(to: string, subject: string, paragraphs: string[], action?: { label: string; url: string }): Mail {
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : [])].join('\n\n') + '\n';
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`);
  if (action) body.push(`<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p>`);
  return { to, subject, text, html: `<!doctype html><html><body>${body.join('')}</body></html>` };
}

const hours = (ms: number) => {
  const h = Math.round(ms / 3_600_000);
  return h >= 1 ? `${h} hour${h === 1 ? '' : 's'}` : `${Math.max(1, Math.round(ms / 60_000))} minutes`;
};

const when = (at: Date) => `${at.toISOString().replace('T', ' at ').slice(0, 22)} UTC`;
// The address is one Express parsed and clientInfo.ts validated: digits, dots and colons only.
const from = ({ userAgent, ipAddress }: Origin) =>
  `from ${deviceLabel(userAgent)} at ${ipAddress ?? 'an unknown address'}`;
const IF_NOT_YOU =
  'If this wasn\'t you, reset your password now with "Forgot password?" on the sign-in page: that signs every session out.';

/** A change to the account's sign-in methods: `what` completes "…on <when>, from <device>". */
const change =
  (subject: string, what: string): Notice =>
  (to, at, origin) =>
    compose(to, subject, [`${what} on ${when(at)}, ${from(origin)}.`, IF_NOT_YOU]);

export const templates = {
  passwordReset: (to: string, appUrl: string, token: string, ttlMs: number): Mail =>
    compose(
      to,
      'Reset your password',
      [
        'Someone asked to reset the password of your account. If it was you, open the link below and choose a new password.',
        `The link works once, for ${hours(ttlMs)}. If you did not ask, ignore this message: your password stays as it is.`,
      ],
      { label: 'Reset your password', url: link(appUrl, '/reset-password', token) },
    ),

  emailVerification: (to: string, appUrl: string, token: string, ttlMs: number): Mail =>
    compose(
      to,
      'Confirm your email address',
      [
        'Open the link below to confirm that this address belongs to your account.',
        `The link works for ${hours(ttlMs)}. If you did not create an account, ignore this message.`,
      ],
      { label: 'Confirm your email address', url: link(appUrl, '/verify-email', token) },
    ),

  passwordChanged: (to: string, at: Date, origin: Origin): Mail =>
    compose(to, 'Your password was changed', [
      `The password of your account was changed on ${when(at)}, ${from(origin)}, and every other session was signed out.`,
      IF_NOT_YOU,
    ]),

  /** A reset of an account whose address was not confirmed before: what it removed, and why. */
  passwordResetRemovedMethods: (to: string, at: Date, origin: Origin): Mail =>
    compose(to, 'Your password was changed', [
      `The password of your account was reset on ${when(at)}, ${from(origin)}, and every session was signed out.`,
      'Your email address had not been confirmed before this reset, so the passkeys, two-factor authentication and recovery codes added before it were removed: whoever added them may not have been you. Add the ones you use again from your account page.',
      IF_NOT_YOU,
    ]),

  refreshTokenReuse: (to: string, at: Date, origin: Origin): Mail =>
    compose(to, 'A session of your account was ended', [
      `On ${when(at)} a session of your account was ended because its sign-in token was used twice, ${from(origin)}. That happens when a copy of the token is in someone else's hands.`,
      'If this wasn\'t you, change your password now (or reset it with "Forgot password?" on the sign-in page) and sign out everywhere.',
    ]),

  mfaEnabled: change('Two-factor authentication turned on', 'Two-factor authentication was turned on for your account'),
  mfaDisabled: change(
    'Two-factor authentication turned off',
    'Two-factor authentication was turned off for your account',
  ),
  recoveryCodeUsed: change(
    'A recovery code was used',
    'One of your recovery codes was used to sign in or change two-factor authentication',
  ),
  recoveryCodesRegenerated: change(
    'New recovery codes',
    'A new set of recovery codes was created for your account (the old ones no longer work)',
  ),
  passkeyAdded: change('A passkey was added', 'A passkey was added to your account'),
  passkeyRemoved: change('A passkey was removed', 'A passkey was removed from your account'),

  secondFactorFailed: (to: string, at: Date, origin: Origin): Mail =>
    compose(to, 'Someone entered your password', [
      `Someone entered the right password of your account on ${when(at)}, ${from(origin)}, and then a wrong two-factor code, so they were not signed in.`,
      'If this wasn\'t you, someone knows your password: reset it now with "Forgot password?" on the sign-in page, which signs every session out. (We tell you about this at most once an hour.)',
    ]),

  signInBlocked: (to: string, at: Date, origin: Origin): Mail =>
    compose(to, 'Sign-in with your password is blocked', [
      `On ${when(at)} too many wrong two-factor codes were entered after the right password of your account, the last ${from(origin)}. To keep the account safe, signing in with the password is blocked.`,
      'Reset your password with "Forgot password?" on the sign-in page to sign in again; your passkeys still work. If this wasn\'t you, someone knows your password: the reset locks them out.',
    ]),

  newDeviceSignIn: (to: string, at: Date, origin: Origin): Mail =>
    compose(to, 'New sign-in to your account', [
      `Your account was signed in to on ${when(at)}, ${from(origin)}, from a browser or device it had not used before.`,
      IF_NOT_YOU,
    ]),
};
