import { describe, it } from 'vitest';
import { checkCase, opCases } from './runners.js';

describe('PyTorch fixtures: elementwise', () => {
  for (const c of opCases('elementwise')) it(c.name, () => checkCase(c));
});
