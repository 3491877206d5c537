// `sluice embed` and `sluice similar` as a user runs them (the built bin): the example's notes column, the
// cache on a re-run and across files of one project, a project folder instead of a file, similar rows by line
// and by text, the CUDA fallback message, and usage errors.

import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSluice } from '../support/cli.js';

const root = join(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'sluice-cli-embed-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function sluice(...args: string[]) {
  return runSluice(args, { ...process.env, SLUICE_HOME: home });
}

const example = join(root, 'examples', 'orders', 'orders.csv');
const project = join(home, 'orders-project');

describe('sluice embed / similar', () => {
  it('prints help', () => {
    expect(sluice('embed', '--help')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/--device cpu\|cuda/),
    });
    expect(sluice('similar', '--help')).toMatchObject({ code: 0, out: expect.stringMatching(/--row LINE/) });
    expect(sluice('--help').out).toMatch(/embed FILE --column C/);
  });

  it('embeds the example notes column; a re-run embeds nothing again', () => {
    const r = sluice('embed', example, '--column', 'notes', '--project', project, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ model: 'lexical-hash-384', dimension: 384, device: 'cpu', warnings: [] });
    expect(j.rows).toBeGreaterThan(5000);
    expect(j.rowsEmbedded).toBe(j.rows);
    expect(j.rowsFromCache).toBe(0);
    expect(j.textsEmbedded).toBeLessThan(20); // a handful of distinct notes, each embedded once
    expect(j.textsPerSecond).toBeGreaterThan(0);

    const again = JSON.parse(
      sluice('embed', example, '--column', 'notes', '--project', project, '--json').out,
    );
    expect(again).toMatchObject({ rows: j.rows, rowsEmbedded: 0, rowsAlreadyDone: j.rows, textsEmbedded: 0 });
  });

  it('takes texts embedded for another file of the project from the cache', () => {
    const copy = join(home, 'orders-copy.csv');
    const lines = readFileSync(example, 'utf8').split('\n');
    // Same notes plus one new text: only that one is embedded.
    writeFileSync(
      copy,
      `${lines.join('\n').trimEnd()}\n99999,2024-01-01,x@example.com,X,ES,pending,1,1.00,0,brand new note\n`,
    );
    const j = JSON.parse(sluice('embed', copy, '--column', 'notes', '--project', project, '--json').out);
    expect(j.textsEmbedded).toBe(1);
    expect(j.rowsEmbedded).toBe(1);
    expect(j.rowsFromCache).toBe(j.rows - 1);
  });

  it('lists rows similar to a row and to a text, from a file or from the project folder', () => {
    const byRow = sluice(
      'similar',
      example,
      '--column',
      'notes',
      '--project',
      project,
      '--row',
      '3',
      '-k',
      '4',
      '--json',
    );
    expect(byRow.code).toBe(0);
    const j = JSON.parse(byRow.out);
    expect(j.query).toEqual({ line: 3, text: 'gift wrap' });
    expect(j.rows).toHaveLength(4);
    for (const hit of j.rows) expect(hit).toMatchObject({ text: 'gift wrap', score: expect.closeTo(1, 5) });

    const single = mkdtempSync(join(home, 'single-'));
    const file = join(single, 'orders.csv');
    copyFileSync(example, file);
    const proj = join(single, 'proj');
    expect(sluice('embed', file, '--column', 'notes', '--project', proj).code).toBe(0);
    const byText = sluice(
      'similar',
      proj,
      '--column',
      'notes',
      '--text',
      'please call before delivery',
      '-k',
      '2',
    );
    expect(byText.code).toBe(0);
    expect(byText.out).toMatch(/Rows most similar to "please call before delivery"/);
    expect(byText.out).toMatch(/call "before" delivery/);
  });

  it('asks for CUDA on a machine without it: a clear message on stderr, and the run on CPU', () => {
    const r = sluice(
      'embed',
      example,
      '--column',
      'notes',
      '--project',
      project,
      '--device',
      'cuda',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.requestedDevice).toBe('cuda');
    if (j.device === 'cpu') {
      expect(r.err).toMatch(/CUDA is not available .*running on CPU instead/);
      expect(j.warnings).toHaveLength(1);
    }
  });

  it('refuses bad usage with exit 2 and a hint', () => {
    expect(sluice('embed', example).err).toMatch(/Missing --column/);
    expect(sluice('embed', example, '--column', 'notes', '--device', 'tpu').code).toBe(2);
    const missing = sluice('embed', example, '--column', 'nope', '--project', project);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no column "nope"/);
    expect(sluice('similar', example, '--column', 'notes', '--project', project).err).toMatch(
      /exactly one of/,
    );
    const notEmbedded = sluice('similar', example, '--column', 'status', '--project', project, '--row', '2');
    expect(notEmbedded.code).toBe(2);
    expect(notEmbedded.err).toMatch(/sluice embed/);
  });
});
