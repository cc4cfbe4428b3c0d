import { describe, it } from 'vitest';
import { checkCase, opCases } from './runners.js';

describe('PyTorch fixtures: indexing', () => {
  for (const c of opCases('indexing')) it(c.name, () => checkCase(c));
});
