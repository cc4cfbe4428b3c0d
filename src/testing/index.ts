/**
 * chainrule/testing: fast-check arbitraries of shapes and tensors, and property checks for
 * gradients — your hand derivation against autograd ({@link checkGradient}), or autograd
 * against finite differences ({@link checkGradcheck}, {@link checkGradgradcheck}).
 * Needs `fast-check` (an optional peer dependency) installed next to chainrule.
 *
 * ```ts
 * import { checkGradient, tensors } from 'chainrule/testing';
 * checkGradient({
 *   f: (x) => x.tanh().square().sum(),
 *   derivative: (x) => x.tanh().mul(2).mul(x.tanh().square().neg().add(1)),
 *   input: tensors({ dtype: 'float64', min: -3, max: 3 }),
 * });
 * ```
 * @module chainrule/testing
 */
export { shapes, broadcastableShapes } from './shapes.js';
export type { ShapesOptions, BroadcastableShapesOptions } from './shapes.js';
export { tensors } from './tensors.js';
export type { TensorsOptions } from './tensors.js';
export type { Layout } from './layout.js';
export { checkGradient } from './check-gradient.js';
export type { CheckGradientOptions, CheckGradientManyOptions, GradientTolerances } from './check-gradient.js';
export { checkGradcheck, checkGradgradcheck } from './check-gradcheck.js';
export type { CheckGradcheckOptions, CheckGradcheckManyOptions, FiniteDifferenceOptions } from './check-gradcheck.js';
export { PropertyCheckError } from './property.js';
export type { ArbitraryTuple, RunOptions } from './property.js';
export { tensorSource } from './print.js';
