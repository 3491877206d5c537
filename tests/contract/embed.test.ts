// The embed.* methods against the real engine, in process and through the HTTP + WebSocket bridge (a web-mode
// server wrapping a real engine): models, a run with progress events, the cache on a re-run, cancellation,
// similar rows by line and by text, the CUDA fallback, and the errors a caller can make.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDuckDb } from '../../core/adapters/duckdb.js';
import type { AppBridge } from '../../core/contract/api.js';
import type { EmbedProgressEvent } from '../../core/contract/api-embed.js';
import type { JobFinished } from '../../core/contract/jobs.js';
import { createEngine, type Engine } from '../../core/engine/index.js';
import { createHttpBridge, type SocketCtor } from '../../renderer/bridge/http.js';
import { startServer } from '../../server/http-server.js';
import { code, value } from './contract-suite.js';

const NOTES = [
  'Red cotton t-shirt, size M',
  'red cotton T-shirt size M',
  'Blue denim jeans, slim fit',
  'Stainless steel water bottle 750 ml',
  '',
  'Stainless steel water bottle, 750ml',
  'Red cotton t-shirt, size M',
  'Wireless mouse with USB receiver',
];

function csv(rows: number): string {
  const lines = ['id,note'];
  for (let i = 0; i < rows; i++) {
    const note = NOTES[i % NOTES.length] ?? '';
    lines.push(`${i + 1},"${i < NOTES.length ? note : `${note} #${i}`}"`);
  }
  return `${lines.join('\n')}\n`;
}

interface Fixture {
  bridge: AppBridge;
  dispose(): Promise<void>;
}

function suite(name: string, make: (engine: Engine) => Promise<Fixture>) {
  describe(name, () => {
    let dir: string;
    let engine: Engine;
    let fx: Fixture;
    let datasetId: string;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sluice-embed-contract-'));
      engine = createEngine({ openDb: openDuckDb, env: { ...process.env, SLUICE_HOME: dir } });
      fx = await make(engine);
      const file = join(dir, 'notes.csv');
      writeFileSync(file, csv(3000));
      const info = value(await fx.bridge['datasets.open']({ path: file, projectDir: join(dir, 'p') }));
      datasetId = info.datasetId;
      value(await fx.bridge['datasets.waitForImport']({ datasetId }));
    });
    afterAll(async () => {
      await fx?.dispose();
      await engine?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('lists the bundled lexical model as the default, with the CPU always available', async () => {
      const list = value(await fx.bridge['embed.models']({}));
      const lexical = list.models.find((m) => m.isDefault);
      expect(lexical).toMatchObject({
        name: 'lexical-hash-384',
        kind: 'lexical',
        source: 'bundled',
        semantic: false,
        dimension: 384,
      });
      expect(lexical?.description).toMatch(/not understand meaning/);
      expect(list.defaultModel).toBe('lexical-hash-384');
      expect(list.devices.find((d) => d.device === 'cpu')?.available).toBe(true);
      expect(list.devices.map((d) => d.device)).toContain('cuda');
    });

    it('embeds a column with progress, then a re-run takes every row from the vectors already there', async () => {
      const progress: EmbedProgressEvent[] = [];
      const finished: JobFinished[] = [];
      const off = fx.bridge.on('embed.progress', (p) => progress.push(p));
      const off2 = fx.bridge.on('jobs.finished', (f) => f.kind === 'embed' && finished.push(f));
      const r = value(await fx.bridge['embed.run']({ datasetId, column: 'note' }));
      off();
      off2();
      // 3000 rows, one blank; the first 8 rows repeat texts, so fewer distinct texts than rows.
      expect(r).toMatchObject({
        model: 'lexical-hash-384',
        dimension: 384,
        rows: 2999,
        rowsEmbedded: 2999,
        rowsFromCache: 0,
        rowsAlreadyDone: 0,
        rowsSkipped: 1,
        device: 'cpu',
        requestedDevice: 'cpu',
        warnings: [],
      });
      expect(r.textsEmbedded).toBeLessThan(2999);
      expect(r.textsPerSecond).toBeGreaterThan(0);
      expect(r.norms?.min).toBeCloseTo(1, 3);
      expect(r.norms?.max).toBeCloseTo(1, 3);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toMatchObject({ datasetId, column: 'note', rowsDone: 2999, rowsTotal: 2999 });
      expect(progress.at(-1)?.jobId).toMatch(/./);
      expect(finished).toEqual([expect.objectContaining({ ok: true, datasetId })]);

      const again = value(await fx.bridge['embed.run']({ datasetId, column: 'note' }));
      expect(again).toMatchObject({ rows: 2999, rowsEmbedded: 0, rowsAlreadyDone: 2999, textsEmbedded: 0 });

      const cols = value(await fx.bridge['embed.columns']({ datasetId }));
      expect(cols).toEqual([
        expect.objectContaining({ column: 'note', model: 'lexical-hash-384', dimension: 384, rows: 2999 }),
      ]);
    });

    it('finds near-duplicates of a row and of a text, best first', async () => {
      const byLine = value(await fx.bridge['embed.similar']({ datasetId, column: 'note', line: 2, k: 3 }));
      expect(byLine.query).toEqual({ line: 2, text: NOTES[0] });
      // Line 8 holds the same text, line 3 differs only in case and punctuation (the lexical model ignores both):
      // both score 1, ties by line; the row itself is left out.
      expect(byLine.rows.slice(0, 2).map((r) => [r.line, r.text])).toEqual([
        [3, NOTES[1]],
        [8, NOTES[0]],
      ]);
      expect(byLine.rows[1]?.score).toBeCloseTo(1, 5);
      expect(byLine.rows[2]?.score).toBeLessThan(0.99);
      expect(byLine.rows.every((r) => r.line !== 2)).toBe(true);

      const byText = value(
        await fx.bridge['embed.similar']({ datasetId, column: 'note', text: 'steel bottle 750 ml', k: 2 }),
      );
      expect(byText.query).toEqual({ text: 'steel bottle 750 ml' });
      expect(byText.rows.map((r) => r.text)).toEqual([
        expect.stringMatching(/^Stainless steel water bottle/),
        expect.stringMatching(/^Stainless steel water bottle/),
      ]);
      expect(byText.rows[0]!.score).toBeGreaterThanOrEqual(byText.rows[1]!.score);
    });

    it('runs on CPU with a clear message when CUDA is asked for and missing', async () => {
      const list = value(await fx.bridge['embed.models']({}));
      const cuda = list.devices.find((d) => d.device === 'cuda');
      const r = value(await fx.bridge['embed.run']({ datasetId, column: 'note', device: 'cuda' }));
      expect(r.requestedDevice).toBe('cuda');
      if (cuda?.available) {
        expect(r.device).toBe('cuda');
      } else {
        expect(r.device).toBe('cpu');
        expect(r.warnings.join(' ')).toMatch(/CUDA is not available.*running on CPU/);
      }
    });

    it('cancels a run with jobs.cancel; the next run keeps what was committed', async () => {
      // A second column: the ids as text, all distinct, embedded in small chunks is not needed — cancel at once.
      let jobId: string | undefined;
      const off = fx.bridge.on('jobs.progress', (p) => {
        if (p.kind === 'embed' && !jobId) {
          jobId = p.jobId;
          void fx.bridge['jobs.cancel']({ jobId });
        }
      });
      const r = await fx.bridge['embed.run']({ datasetId, column: 'id' });
      off();
      expect(code(r)).toBe('CANCELLED');
      const done = value(await fx.bridge['embed.run']({ datasetId, column: 'id' }));
      expect(done.rows).toBe(3000);
      expect(done.rowsEmbedded + done.rowsAlreadyDone + done.rowsFromCache).toBe(3000);
    });

    it('says what is wrong with a request', async () => {
      expect(code(await fx.bridge['embed.run']({ datasetId, column: 'nope' }))).toBe('NOT_FOUND');
      expect(code(await fx.bridge['embed.run']({ datasetId, column: 'note', model: 'no-such-model' }))).toBe(
        'NOT_FOUND',
      );
      expect(code(await fx.bridge['embed.run']({ datasetId, column: 'note', device: 'tpu' as never }))).toBe(
        'BAD_USAGE',
      );
      expect(code(await fx.bridge['embed.similar']({ datasetId, column: 'note', k: 3 }))).toBe('BAD_USAGE');
      expect(code(await fx.bridge['embed.similar']({ datasetId, column: 'note', line: 6 }))).toBe(
        'NOT_FOUND',
      );
      expect(code(await fx.bridge['embed.similar']({ datasetId, column: 'nope', line: 2 }))).toBe(
        'NOT_FOUND',
      );
      expect(code(await fx.bridge['embed.run']({ datasetId: 'ds_missing', column: 'note' }))).toBe(
        'NOT_FOUND',
      );
    });
  });
}

suite('embed: engine (in process)', async (engine) => ({ bridge: engine, dispose: async () => {} }));

suite('embed: HTTP bridge → server → engine', async (engine) => {
  const server = await startServer({ api: engine, log: { info() {}, warn() {}, error() {} } });
  const bridge = createHttpBridge({
    baseUrl: `http://127.0.0.1:${server.port}`,
    token: server.token,
    WebSocket: WebSocket as unknown as SocketCtor,
  });
  bridge.on('jobs.finished', () => {});
  await bridge.connected();
  return {
    bridge,
    dispose: async () => {
      bridge.close();
      await server.close();
    },
  };
});
