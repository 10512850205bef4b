/**
 * zxcvbn-ts with its common and English dictionaries (passwords, names, words, keyboard layouts):
 * hundreds of kilobytes, so nothing imports this module statically. `useEstimator` loads it with
 * `import()` when a new-password field is first focused, and Next.js gives it a chunk of its own,
 * out of every page's first load.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import type { Estimate } from './strength';

const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...commonDictionary, ...englishDictionary },
  graphs: adjacencyGraphs,
  translations,
});

/** `userInputs`: words that would make this person's password easy to guess (`personalInputs`). */
export function estimate(password: string, userInputs: string[]): Estimate {
  const { score, feedback } = zxcvbn.check(password, userInputs);
  return { score, feedback };
}
