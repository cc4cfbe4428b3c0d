#!/usr/bin/env node
/**
 * `chainrule`, the package's command: `npx chainrule verify [options]` runs the derivation report
 * (see `chainrule verify --help`).
 * @module
 */
import { verify } from './cli.js';
import { nearest } from './nearest.js';

const COMMANDS = ['verify'];
const USAGE = 'Usage: chainrule verify [--json] [--only ID[,ID…]] [--progress] [--help]';

const [command, ...rest] = process.argv.slice(2);
if (command === 'verify') {
  process.exitCode = verify(rest);
} else if (command === undefined || command === '--help' || command === '-h') {
  process.stdout.write(`${USAGE}\n`);
} else {
  process.stderr.write(`chainrule: unknown command ${command} (did you mean ${nearest(command, COMMANDS, 1)[0]}?)\n${USAGE}\n`);
  process.exitCode = 2;
}
