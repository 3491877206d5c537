// Every model in models/manifest.json against its files: sha256, declared inputs/outputs vs what ONNX Runtime
// loads, and the declared dimension vs a real inference.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openOnnxSession } from '../../core/adapters/onnx.js';
import { loadEmbedder } from '../../core/embed/embedder.js';
import { findModelsDir, readManifest, sha256File, verifyEntryFiles } from '../../core/embed/manifest.js';

const modelsDir = findModelsDir(import.meta.dirname);
const manifest = await readManifest(modelsDir);

describe('models/manifest.json', () => {
  it('names a default model that exists', () => {
    expect(manifest.models[manifest.default]).toBeDefined();
  });

  for (const [name, entry] of Object.entries(manifest.models)) {
    describe(name, () => {
      it('has files whose sha256 and size match', async () => {
        for (const f of entry.files) {
          expect(await sha256File(join(modelsDir, f.path))).toBe(f.sha256);
        }
        await expect(verifyEntryFiles(modelsDir, name, entry)).resolves.toBeUndefined();
      });

      it('declares the inputs and outputs the ONNX session has', async () => {
        const onnxFile = entry.files[0]!;
        const { session } = await openOnnxSession(join(modelsDir, onnxFile.path));
        try {
          expect(session.inputs.map((i) => i.name).sort()).toEqual([...entry.inputs].sort());
          expect(session.outputs.map((o) => o.name).sort()).toEqual([...entry.outputs].sort());
        } finally {
          await session.close();
        }
      });

      it('returns vectors of the declared dimension, normalized as declared', async () => {
        const e = await loadEmbedder({ model: name, modelsDir });
        try {
          expect(e.info.dimension).toBe(entry.dimension);
          expect(e.info.maxLength).toBe(entry.maxSequenceLength);
          const r = await e.embed(['a short text', 'another, somewhat longer text about something else']);
          expect(r.vectors.length).toBe(2 * entry.dimension);
          for (let i = 0; i < 2; i++) {
            const row = r.vectors.subarray(i * entry.dimension, (i + 1) * entry.dimension);
            const norm = Math.sqrt(row.reduce((s, v) => s + v * v, 0));
            if (entry.normalized) expect(norm).toBeCloseTo(1, 5);
            else expect(norm).toBeGreaterThan(0);
          }
        } finally {
          await e.close();
        }
      });

      it('fails with MODEL_INVALID when a file does not match its sha256', async () => {
        const broken = { ...entry, files: entry.files.map((f) => ({ ...f, sha256: '0'.repeat(64) })) };
        await expect(verifyEntryFiles(modelsDir, name, broken)).rejects.toMatchObject({
          code: 'MODEL_INVALID',
        });
      });
    });
  }
});
