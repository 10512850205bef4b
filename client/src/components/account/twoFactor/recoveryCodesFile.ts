/** The recovery codes' text file: what it says, and handing it to the browser to save. */

const RECOVERY_CODES_FILE = 'recovery-codes.txt';

/** The downloaded file: what the codes are for, then one code a line. */
export function recoveryCodesText(codes: readonly string[], account: string, createdAt: Date): string {
  return [
    `Recovery codes for ${account}`,
    `Created ${createdAt.toISOString()}. Each code works once; a new set replaces this one.`,
    'Use one instead of an authenticator code when you sign in.',
    '',
    ...codes,
    '',
  ].join('\n');
}

/** Saves the codes as a text file, through a link the browser downloads. */
export function downloadRecoveryCodes(codes: readonly string[], account: string): void {
  const text = recoveryCodesText(codes, account, new Date());
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = RECOVERY_CODES_FILE;
  document.body.append(link);
  link.click();
  link.remove();
  // Late enough for the download to have started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
