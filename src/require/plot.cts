/** `require('chainrule/plot')`: the ES module ../plot/index.js, on Node versions that can require one. @module */
import { requireEsm } from './esm-only.cjs';

export = requireEsm(() => require('../plot/index.js'), 'chainrule/plot');
