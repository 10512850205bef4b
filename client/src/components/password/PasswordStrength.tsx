import { useDeferredValue, useMemo } from 'react';
import { describeStrength } from './strength';
import type { Estimator } from './useEstimator';

const LEVELS = [0, 1, 2, 3, 4] as const;

/** The ids a new-password field lists in its `aria-describedby`, so the strength is read with it. */
export const strengthIds = (fieldId: string) => ({ label: `${fieldId}-strength`, advice: `${fieldId}-advice` });

/**
 * The meter under a new-password field: a `role="meter"` (0 to 4, read as "Strength: weak"), the same
 * words on screen, and zxcvbn's warning and suggestions while the password is weak. Nothing while the
 * field is empty; "Checking strength…" while the dictionaries load.
 */
export function PasswordStrength({
  fieldId,
  password,
  userInputs,
  estimate,
}: {
  fieldId: string;
  password: string;
  userInputs: string[];
  estimate: Estimator | null;
}) {
  const ids = strengthIds(fieldId);
  // Typing stays responsive: a long password's estimate (tens of milliseconds) may lag a keystroke.
  const deferred = useDeferredValue(password);
  const strength = useMemo(
    () => (estimate && deferred ? describeStrength(estimate(deferred, userInputs)) : null),
    [estimate, deferred, userInputs],
  );
  if (!password) return null;
  if (!strength) {
    return (
      <p id={ids.label} className="hint">
        Checking strength…
      </p>
    );
  }
  return (
    <div className={`strength strength-${strength.score}`}>
      <div
        className="strength-bar"
        role="meter"
        aria-label="Strength"
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={strength.score}
        aria-valuetext={strength.valueText}
      >
        {LEVELS.map((level) => (
          <span key={level} className={level <= strength.score ? 'strength-on' : undefined} />
        ))}
      </div>
      {/* Polite: announced when the level changes, not at every keystroke. */}
      <p id={ids.label} className="strength-label" aria-live="polite">
        {strength.valueText}
      </p>
      {strength.advice.length > 0 && (
        <ul id={ids.advice} className="hint strength-advice" data-testid="password-advice">
          {strength.advice.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
