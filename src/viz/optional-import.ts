/**
 * Loading an optional peer dependency (vega, vega-lite, @viz-js/viz) only when a function needs
 * it, so that importing chainrule never requires it; a missing package becomes an error that says
 * which package to install.
 * @module
 */
import { ChainruleError } from '../errors.js';

const MISSING = /Cannot find (module|package)|Failed to resolve|Failed to fetch dynamically imported module|Importing a module script failed/i;

/**
 * Whether `error`, or an error it wraps (`cause`, as loaders and test runners wrap them), says a
 * module could not be found (Node, bundlers and browsers word it differently).
 */
function isMissingModule(error: unknown): boolean {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || (typeof message === 'string' && MISSING.test(message))) return true;
  }
  return false;
}

/**
 * Runs `load` (a dynamic `import()` of the optional peer dependency `pkg`) for the public function
 * `op`; failure is a {@link ChainruleError} naming the package to install (`install` lists them all).
 */
export async function importOptional<T>(op: string, pkg: string, install: string, load: () => Promise<unknown>): Promise<T> {
  try {
    return (await load()) as T;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isMissingModule(error)) {
      const e = new ChainruleError(op, `needs the optional peer dependency '${pkg}', which is not installed: run \`npm install ${install}\` (${message})`);
      (e as { cause?: unknown }).cause = error;
      throw e;
    }
    const e = new ChainruleError(op, `loading the optional peer dependency '${pkg}' failed: ${message}`);
    (e as { cause?: unknown }).cause = error;
    throw e;
  }
}
