import { describe, it } from 'vitest';
import { checkCase, opCases } from './runners.js';

describe('PyTorch fixtures: matmul', () => {
  for (const c of opCases('matmul')) it(c.name, () => checkCase(c));
});
