import { useState } from 'react';
import type { Account } from './account';
import { downloadRecoveryCodes } from './recoveryCodesFile';

/** The recovery codes, this once: to copy or download before "Done". */
export function RecoveryCodes({ account, codes, onDone }: { account: Account; codes: string[]; onDone(): void }) {
  const [copied, setCopied] = useState<string | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied('Copied.');
    } catch {
      setCopied('Could not copy. Select the codes and copy them instead.');
    }
  }

  return (
    <div className="mfa-body">
      <p className="notice notice-info" role="status">
        Save these recovery codes somewhere safe. Each works once instead of an authenticator code, if you lose your
        phone. They are shown only now.
      </p>
      <ul className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={() => void copy()}>
          Copy
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => downloadRecoveryCodes(codes, account.email)}
        >
          Download
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>
          Done
        </button>
      </div>
      {copied && <p className="hint">{copied}</p>}
    </div>
  );
}
