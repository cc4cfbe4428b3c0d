import { describe, it } from 'vitest';
import { checkCase, opCases } from './runners.js';

describe('PyTorch fixtures: integration', () => {
  for (const c of opCases('integration')) it(c.name, () => checkCase(c));
});
