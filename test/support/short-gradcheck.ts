/**
 * checkGradcheck with its failure rethrown as plain text, cut to 3,000 characters: the error's
 * tensors are too big for the test runner's report.
 */
import { checkGradcheck as check } from '../../src/testing/index.js';

export const checkGradcheck: typeof check = ((options: Parameters<typeof check>[0]) => {
  try {
    check(options);
  } catch (e) {
    throw new Error((e as Error).message.slice(0, 3000));
  }
}) as typeof check;
