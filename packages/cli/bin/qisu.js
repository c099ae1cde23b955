#!/usr/bin/env node
// Entry point of the `qisu` command; the compiled CLI lives in ../dist (built by `npm install`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/index.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'qisu 尚未构建，请先运行 npm install（或 npm run build）。\nqisu is not built yet; run npm install (or npm run build) first.\n',
  );
  process.exit(2);
}
// A closed pipe (e.g. `| head`) ends the output quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
