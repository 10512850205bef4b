// The passwords attackers try first (OWASP ASVS 5.0 V6.2.4: at least the 3,000 most common;
// NIST SP 800-63B §5.1.1.2: values known to be commonly used). The list is zxcvbn-ts's ranked
// common passwords (@zxcvbn-ts/language-common 4.1.3, MIT): the 49,233 passwords seen more than
// 10 times in Mark Burnett's ten million leaked passwords, lower-cased, most frequent first (the
// web app's strength meter reads the same list). One Set, built on first use and kept: O(1) per
// look-up; its memory and load time are measured by bench/commonPasswords.ts.
import { dictionary } from '@zxcvbn-ts/language-common';

let list: ReadonlySet<string> | null = null;

/** The list, lower-cased: compare a password case-folded (crackers try every capitalisation of it first). */
export function commonPasswords(): ReadonlySet<string> {
  list ??= new Set(dictionary['passwords-common']);
  return list;
}
