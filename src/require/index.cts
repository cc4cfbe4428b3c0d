/** `require('chainrule')`: the ES module ../index.js, on Node versions that can require one. @module */
import { requireEsm } from './esm-only.cjs';

export = requireEsm(() => require('../index.js'), 'chainrule');
