/**
 * The derivation catalog (shared/derivations.md) as data: every claim with its check, in catalog
 * order.
 * @module
 */
import type { Claim } from '../testing/claims.js';
import { sectionA } from './a-backprop.js';
import { sectionF } from './f-systems.js';

/** All implemented claims, in catalog order. */
export const catalog: readonly Claim[] = [...sectionA, ...sectionF];
