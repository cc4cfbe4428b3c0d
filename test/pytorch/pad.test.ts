import { describe, it } from 'vitest';
import { checkCase, opCases } from './runners.js';

describe('PyTorch fixtures: pad', () => {
  for (const c of opCases('pad')) it(c.name, () => checkCase(c));
});
