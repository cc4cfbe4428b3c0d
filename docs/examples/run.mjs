// @ts-check
/**
 * `npm run example -- <name> [--quick] [--figures <dir>]`: runs one of the homework examples
 * (docs/examples/<name>.mjs) against the built package, prints its result table and the figures it
 * wrote (docs/figures/ by default), and its wall time: in all, and split into the computation and
 * the drawing of the figures. `npm run example -- --list` lists them.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { figureSeconds } from './lib/figures.mjs';
import { formatTable } from './lib/table.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const names = readdirSync(here)
  .filter((file) => file.endsWith('.mjs') && file !== 'run.mjs')
  .map((file) => file.slice(0, -'.mjs'.length))
  .sort();

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const figuresAt = args.indexOf('--figures');
const figuresDir = figuresAt >= 0 ? args[figuresAt + 1] : join(here, '..', 'figures');
const name = args.find((arg, i) => !arg.startsWith('--') && (figuresAt < 0 || i !== figuresAt + 1));

if (args.includes('--list') || name === undefined) {
  process.stdout.write(`usage: npm run example -- <name> [--quick] [--figures <dir>]\n\nexamples:\n`);
  for (const example of names) {
    const { title } = await import(`./${example}.mjs`);
    process.stdout.write(`  ${example.padEnd(16)} ${title}\n`);
  }
  process.exit(name === undefined && !args.includes('--list') ? 2 : 0);
}
if (!names.includes(name)) {
  process.stderr.write(`unknown example '${name}'; the examples are: ${names.join(', ')}\n`);
  process.exit(2);
}

const example = await import(`./${name}.mjs`);
process.stdout.write(`${name}: ${example.title}${quick ? ' (quick mode)' : ''}\n\n`);
const start = performance.now();
/** @type {import('./lib/contract.mjs').ExampleResult} */
const result = await example.run({ quick, figuresDir, quiet: false });
const seconds = (performance.now() - start) / 1000;
process.stdout.write(`\n${formatTable(result.rows)}\n\n`);
for (const figure of result.figures) process.stdout.write(`figure: ${relative(process.cwd(), figure)}\n`);
const drawing = figureSeconds();
process.stdout.write(`\n${name} finished in ${seconds.toFixed(1)} s (computation ${(seconds - drawing).toFixed(1)} s, figures ${drawing.toFixed(1)} s)\n`);
