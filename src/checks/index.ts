/**
 * The argument-checking layer at chainrule's public boundary: value checks (args.ts), option
 * schemas (options.ts) and the size limit (limits.ts). Internal code calls these with the name of
 * the PUBLIC op the user called.
 * @module
 */
export * from './args.js';
export * from './options.js';
export * from './limits.js';
export * from './rename.js';
