/** `require('chainrule/optim')`: the ES module ../optim/index.js, on Node versions that can require one. @module */
import { requireEsm } from './esm-only.cjs';

export = requireEsm(() => require('../optim/index.js'), 'chainrule/optim');
