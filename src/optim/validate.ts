/**
 * Checks of optimizer and scheduler options. Each throws a {@link ValueError} that names the
 * optimizer, the option, the value and where it came from (`SGD: lr must be … (paramGroups[1])`).
 * @module
 */
import { ValueError } from '../errors.js';
import { formatValue } from '../errors.js';

/** Where an option was given, for error messages: `defaults` or `paramGroups[i]`. */
export type Where = string;

function at(where: Where): string {
  return where ? ` (${where})` : '';
}

function show(value: unknown): string {
  return formatValue(value);
}

/** A finite number ≥ 0. */
export function checkNonNegative(op: string, name: string, value: unknown, where: Where = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValueError(op, `${name} must be a finite number >= 0, got ${show(value)}${at(where)}`);
  }
  return value;
}

/** A finite number in [0, 1). */
export function checkUnitInterval(op: string, name: string, value: unknown, where: Where = ''): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ValueError(op, `${name} must be a number in [0, 1), got ${show(value)}${at(where)}`);
  }
  return value;
}

/** Any finite number. */
export function checkFinite(op: string, name: string, value: unknown, where: Where = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(op, `${name} must be a finite number, got ${show(value)}${at(where)}`);
  }
  return value;
}

/** A boolean. */
export function checkBoolean(op: string, name: string, value: unknown, where: Where = ''): boolean {
  if (typeof value !== 'boolean') throw new ValueError(op, `${name} must be true or false, got ${show(value)}${at(where)}`);
  return value;
}

/** An integer ≥ min. */
export function checkInteger(op: string, name: string, value: unknown, min: number, where: Where = ''): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new ValueError(op, `${name} must be an integer >= ${min}, got ${show(value)}${at(where)}`);
  }
  return value;
}

/** Rejects keys of `options` that are not in `known` (a typo like `learningRate` would otherwise be ignored). */
export function rejectUnknownKeys(op: string, options: object, known: readonly string[], where: Where = ''): void {
  if (options === null || typeof options !== 'object') {
    throw new ValueError(op, `options must be an object, got ${show(options)}${at(where)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ValueError(op, `unknown option '${key}'${at(where)}; known options: ${known.join(', ')}`);
    }
  }
}

/** Adam-style `betas`: a pair [β1, β2], each in [0, 1). */
export function checkBetas(op: string, betas: unknown, where: Where = ''): void {
  if (!Array.isArray(betas) || betas.length !== 2) throw new ValueError(op, `betas must be a pair [beta1, beta2], got ${formatValue(betas)} (${where})`);
  checkUnitInterval(op, 'betas[0]', betas[0], where);
  checkUnitInterval(op, 'betas[1]', betas[1], where);
}
