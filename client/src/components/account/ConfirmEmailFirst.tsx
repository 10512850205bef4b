import { ResendVerification } from './ResendVerification';

/**
 * In place of a setup the API would refuse (EMAIL_NOT_VERIFIED): passkeys and two-factor wait for a
 * confirmed address, so that nobody who signed up with someone else's address can plant a way in
 * before its owner has it (ASVS 5.0 V6.4.3).
 */
export function ConfirmEmailFirst({ what }: { what: string }) {
  return (
    <div className="confirm-first">
      <p className="muted">
        Confirm your email address first: you can add {what} once you have opened the link we sent you.
      </p>
      <ResendVerification prompt="Nothing arrived?" />
    </div>
  );
}
