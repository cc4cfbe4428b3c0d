#!/usr/bin/env node
/**
 * `chainrule`, the package's command: `npx chainrule verify [options]` runs the derivation report
 * (see `chainrule verify --help`).
 * @module
 */
import { nearest } from './nearest.js';

const COMMANDS = ['verify'];
const USAGE = 'Usage: chainrule verify [--json] [--only ID[,ID…]] [--progress] [--help]';

/** The report's checks draw random inputs with fast-check, an optional peer dependency of chainrule. */
function explainMissingFastCheck(error: unknown): never {
  if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes("'fast-check'")) {
    process.stderr.write('chainrule verify needs fast-check (an optional peer dependency): npm install fast-check\n');
    process.exit(1);
  }
  throw error;
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'verify') {
  const cli = await import('./cli.js').catch(explainMissingFastCheck);
  process.exitCode = cli.verify(rest);
} else if (command === undefined || command === '--help' || command === '-h') {
  process.stdout.write(`${USAGE}\n`);
} else {
  process.stderr.write(`chainrule: unknown command ${command} (did you mean ${nearest(command, COMMANDS, 1)[0]}?)\n${USAGE}\n`);
  process.exitCode = 2;
}
