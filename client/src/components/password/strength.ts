/**
 * What the strength meter says about a zxcvbn estimate. A hint only: the API's rule (length, common,
 * personal, breached) decides, and its refusal is shown beside the field. NIST SP 800-63B §5.1.1.2 asks
 * verifiers to help people choose a strong password, for example with a strength meter.
 */

export type Score = 0 | 1 | 2 | 3 | 4;

/** The part of a zxcvbn-ts result the meter uses. */
export interface Estimate {
  score: Score;
  feedback: { warning: string | null; suggestions: string[] };
}

export interface Strength {
  score: Score;
  /** "very weak" … "very strong". */
  label: string;
  /** For `aria-valuetext`: what a screen reader says instead of the number. */
  valueText: string;
  /** Below 3: zxcvbn's guess count is under 10^10, within reach of an offline attack on a slow hash. */
  weak: boolean;
  /** zxcvbn's warning, then its suggestions, while weak; nothing once strong. */
  advice: string[];
}

const LABELS: Record<Score, string> = {
  0: 'very weak',
  1: 'weak',
  2: 'fair',
  3: 'strong',
  4: 'very strong',
};

/** zxcvbn's own threshold: 3 is "safely unguessable", moderate protection against an offline attack. */
const STRONG_ENOUGH: Score = 3;

export function describeStrength({ score, feedback }: Estimate): Strength {
  const label = LABELS[score];
  const weak = score < STRONG_ENOUGH;
  const advice = weak
    ? [feedback.warning, ...feedback.suggestions].filter((line): line is string => Boolean(line))
    : [];
  return { score, label, valueText: `Strength: ${label}`, weak, advice };
}

/**
 * zxcvbn's user inputs: words an attacker who knows the account would try first, so a password built
 * from them scores low. The local part and the name are given whole, word by word and run together
 * ("ada.lovelace", "ada", "lovelace", "adalovelace").
 */
export function personalInputs({ email, name }: { email: string; name?: string | null }): string[] {
  const address = email.trim().toLowerCase();
  const localPart = address.split('@')[0] ?? '';
  const inputs = [address, ...variants(localPart), ...variants((name ?? '').trim().toLowerCase())];
  return [...new Set(inputs.filter(Boolean))];
}

function variants(text: string): string[] {
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return [text, ...words, words.join('')];
}
