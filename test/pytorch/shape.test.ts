import { describe, it } from 'vitest';
import { checkCase, opCases } from './runners.js';

describe('PyTorch fixtures: shape', () => {
  for (const c of opCases('shape')) it(c.name, () => checkCase(c));
});
