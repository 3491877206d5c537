import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readModelFolder } from './model-folder.js';

const root = mkdtempSync(join(tmpdir(), 'sluice-model-folder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A folder with the given files (JSON values are serialized); model.onnx is a placeholder unless omitted. */
function folder(files: Record<string, unknown>, model: string | null = 'model.onnx'): string {
  const dir = join(root, `f${n++}`);
  mkdirSync(dir, { recursive: true });
  if (model) {
    mkdirSync(join(dir, model, '..'), { recursive: true });
    writeFileSync(join(dir, model), 'not read here');
  }
  writeFileSync(join(dir, 'tokenizer.json'), '{}');
  for (const [name, v] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), typeof v === 'string' ? v : JSON.stringify(v));
  }
  return dir;
}

const pooling = (mode: string) => ({ [`pooling_mode_${mode}`]: true });

describe('readModelFolder', () => {
  it('uses sentence-transformers defaults with only model.onnx and tokenizer.json', async () => {
    const f = await readModelFolder(folder({}));
    expect(f).toMatchObject({ pooling: 'mean', normalize: false, maxLength: 512 });
  });

  it('reads pooling, Normalize, max_seq_length, and finds onnx/model.onnx', async () => {
    const dir = folder(
      {
        'modules.json': [
          { path: '', type: 'sentence_transformers.models.Transformer' },
          { path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
          { path: '2_Normalize', type: 'sentence_transformers.models.Normalize' },
        ],
        '1_Pooling/config.json': pooling('cls_token'),
        'sentence_bert_config.json': { max_seq_length: 128 },
        'tokenizer_config.json': { model_max_length: 512 },
      },
      'onnx/model.onnx',
    );
    const f = await readModelFolder(dir);
    expect(f).toMatchObject({ pooling: 'cls', normalize: true, maxLength: 128 });
    expect(f.modelPath).toBe(join(dir, 'onnx', 'model.onnx'));
  });

  it('caps the length at the position table, minus the padding offset of RoBERTa-style models', async () => {
    const dir = folder({
      'config.json': { model_type: 'xlm-roberta', max_position_embeddings: 514 },
      'tokenizer_config.json': { model_max_length: 1e30 },
    });
    expect((await readModelFolder(dir)).maxLength).toBe(512);
    expect((await readModelFolder(dir, { maxLength: 4096 })).maxLength).toBe(512);
    expect((await readModelFolder(dir, { maxLength: 64 })).maxLength).toBe(64);
  });

  it('refuses combined or unsupported pooling modes, naming them', async () => {
    const both = folder({ '1_Pooling/config.json': { ...pooling('mean_tokens'), ...pooling('max_tokens') } });
    await expect(readModelFolder(both)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('pooling_mode_mean_tokens + pooling_mode_max_tokens'),
    });
    const sqrt = folder({ '1_Pooling/config.json': pooling('mean_sqrt_len_tokens') });
    await expect(readModelFolder(sqrt)).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    // An explicit pooling override makes such a folder usable.
    expect((await readModelFolder(both, { pooling: 'max' })).pooling).toBe('max');
  });

  it('reports a missing model.onnx and an unreadable config as MODEL_INVALID', async () => {
    await expect(readModelFolder(folder({}, null))).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    await expect(readModelFolder(folder({ 'config.json': '{oops' }))).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      details: { file: expect.stringContaining('config.json') },
    });
  });
});
