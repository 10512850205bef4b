import { describeStrength, personalInputs } from '../strength';

const estimate = (score: 0 | 1 | 2 | 3 | 4, warning: string | null = null, suggestions: string[] = []) => ({
  score,
  feedback: { warning, suggestions },
});

describe('describeStrength', () => {
  it.each([
    [0, 'very weak'],
    [1, 'weak'],
    [2, 'fair'],
    [3, 'strong'],
    [4, 'very strong'],
  ] as const)('words score %i as "%s", for the meter and for screen readers', (score, label) => {
    const strength = describeStrength(estimate(score));

    expect(strength.label).toBe(label);
    expect(strength.valueText).toBe(`Strength: ${label}`);
  });

  it('gives zxcvbn’s warning, then its suggestions, while the password is weak', () => {
    const strength = describeStrength(
      estimate(1, 'This is a top-100 common password.', ['Add more words that are less common.']),
    );

    expect(strength.weak).toBe(true);
    expect(strength.advice).toEqual(['This is a top-100 common password.', 'Add more words that are less common.']);
  });

  it('gives no advice once the password is strong', () => {
    const strength = describeStrength(estimate(3, 'Avoid repeated words.', ['Capitalize more than the first letter.']));

    expect(strength.weak).toBe(false);
    expect(strength.advice).toEqual([]);
  });

  it('leaves out an empty warning', () => {
    expect(describeStrength(estimate(0, '', ['Use more words.'])).advice).toEqual(['Use more words.']);
  });
});

describe('personalInputs', () => {
  it('gives the email, then its local part and the name, each whole, word by word and run together, lower-cased', () => {
    expect(personalInputs({ email: ' Ada.Lovelace@Example.com ', name: 'Ada King' })).toEqual([
      'ada.lovelace@example.com',
      'ada.lovelace',
      'ada',
      'lovelace',
      'adalovelace',
      'ada king',
      'king',
      'adaking',
    ]);
  });

  it('leaves out what is missing or empty, and repeats nothing', () => {
    expect(personalInputs({ email: 'ada@example.com', name: '  ' })).toEqual(['ada@example.com', 'ada']);
    expect(personalInputs({ email: '', name: null })).toEqual([]);
    expect(personalInputs({ email: 'ada', name: 'Ada' })).toEqual(['ada']);
  });
});
