import { describe, it } from 'vitest';
import { checkCase, opCases } from './runners.js';

describe('PyTorch fixtures: join', () => {
  for (const c of opCases('join')) it(c.name, () => checkCase(c));
});
