/** `require('chainrule/models')`: the ES module ../models/index.js, on Node versions that can require one. @module */
import { requireEsm } from './esm-only.cjs';

export = requireEsm(() => require('../models/index.js'), 'chainrule/models');
