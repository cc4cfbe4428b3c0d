/** `require('chainrule/data')`: the ES module ../data/index.js, on Node versions that can require one. @module */
import { requireEsm } from './esm-only.cjs';

export = requireEsm(() => require('../data/index.js'), 'chainrule/data');
