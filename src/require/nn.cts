/** `require('chainrule/nn')`: the ES module ../nn/index.js, on Node versions that can require one. @module */
import { requireEsm } from './esm-only.cjs';

export = requireEsm(() => require('../nn/index.js'), 'chainrule/nn');
