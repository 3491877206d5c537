// The README is the user's reference: every CLI command and every documented setting must be in it, so a new
// command or environment variable cannot ship undocumented.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { MAIN_HELP } from '../../cli/main.js';
import { configDocs } from '../../core/pipeline/index.js';

const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

it('documents every CLI command', () => {
  const commands = [...MAIN_HELP.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1] as string);
  expect(commands.length).toBeGreaterThan(10);
  for (const c of commands) expect(readme, `command ${c}`).toContain(`sluice ${c}`);
});

it('documents every setting with its default', () => {
  const docs = configDocs();
  expect(docs.length).toBeGreaterThan(5);
  for (const d of docs) {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${d.env}\``));
    expect(row, d.env).toBeDefined();
    expect(row, d.env).toContain(d.default.replace(/ - /g, ' − ').split(' (')[0] as string);
  }
  for (const v of [...MAIN_HELP.matchAll(/^ {2}([A-Z_]+)\s/gm)].map((m) => m[1] as string)) {
    expect(readme, v).toContain(`\`${v}\``);
  }
});
