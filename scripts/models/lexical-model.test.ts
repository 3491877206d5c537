import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEXICAL_BUCKETS, LEXICAL_DIM } from '../../core/embed/lexical-tokenizer.js';
import { buildLexicalModel, lexicalProjection } from './lexical-model.js';

const modelsDir = join(import.meta.dirname, '../../models');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('lexical model build', () => {
  it('gives the same bytes on every build, equal to the committed file and its manifest entry', () => {
    const a = buildLexicalModel();
    const b = buildLexicalModel();
    expect(sha(a)).toBe(sha(b));
    const manifest = JSON.parse(readFileSync(join(modelsDir, 'manifest.json'), 'utf8'));
    const file = manifest.models['lexical-hash-384'].files[0];
    expect(sha(readFileSync(join(modelsDir, file.path)))).toBe(sha(a));
    expect(file.sha256).toBe(sha(a));
  });

  it('uses a ternary projection with about 1/6 of +1 and of -1', () => {
    const p = lexicalProjection();
    expect(p.length).toBe(LEXICAL_BUCKETS * LEXICAL_DIM);
    let plus = 0;
    let minus = 0;
    let zero = 0;
    for (const v of p) {
      if (v === 1) plus++;
      else if (v === -1) minus++;
      else if (v === 0) zero++;
    }
    expect(plus + minus + zero).toBe(p.length);
    expect(plus / p.length).toBeCloseTo(1 / 6, 2);
    expect(minus / p.length).toBeCloseTo(1 / 6, 2);
  });
});
