/** `require('chainrule/testing')`: the ES module ../testing/index.js, on Node versions that can require one. @module */
import { requireEsm } from './esm-only.cjs';

export = requireEsm(() => require('../testing/index.js'), 'chainrule/testing');
