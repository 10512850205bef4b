// The one rule for `first` arguments: an integer from 1 to 100, or the field's default.
// (Their cost in the query limits is security/pageSizeCost.ts.)
import { BadUserInputError, Message } from '../errors';

export const MAX_PAGE = 100;

export function pageSize(first: number | null | undefined, fallback: number): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw new BadUserInputError(Message.PAGE_SIZE(MAX_PAGE), 'first');
  }
  return size;
}
