// A BERT-shaped encoder as an ONNX graph, written op by op the way Hugging Face exports look: embeddings (word +
// position + token type) → LayerNorm → N × [self-attention with an additive mask, residual, LayerNorm, FFN with
// exact (erf) GELU, residual, LayerNorm] → last_hidden_state, optionally plus an in-graph mean-pooled
// sentence_embedding (as sentence-transformers exports have).

import { DType, encodeModel, floatConst, floatTensor, int64Tensor, node, valueInfo } from './onnx-builder.js';
import type { NodeSpec, TensorSpec } from './onnx-builder.js';
import type { BertWeights } from './bert-weights.js';

/** Which variant of the graph to write. */
export interface BertGraphOptions {
  /** Declare a token_type_ids input (BERT exports do; some others do not). */
  tokenTypeInput: boolean;
  /** Also output a mean-pooled `sentence_embedding` computed in the graph. */
  pooledOutput?: boolean;
  /** Integer inputs as int32 instead of int64 (some exporters do that). */
  int32Inputs?: boolean;
}

/** The model file's bytes. */
export function buildBertModel(w: BertWeights, opts: BertGraphOptions): Uint8Array {
  const c = w.config;
  const H = c.hidden;
  const dh = H / c.heads;
  if (!Number.isInteger(dh)) throw new Error('hidden must be a multiple of heads');
  const nodes: NodeSpec[] = [];
  const init: TensorSpec[] = [
    floatTensor('word_emb', [c.vocabSize, H], w.wordEmb),
    floatTensor('pos_emb', [c.maxPositions, H], w.posEmb),
    floatTensor('emb_ln_g', [H], w.embLnG),
    floatTensor('emb_ln_b', [H], w.embLnB),
    int64Tensor('i0', [], [0]),
    int64Tensor('i1', [], [1]),
    int64Tensor('axes12', [2], [1, 2]),
    int64Tensor('shape_heads', [4], [0, 0, c.heads, dh]),
    int64Tensor('shape_hidden', [3], [0, 0, H]),
    floatConst('one', [1]),
    floatConst('half', [0.5]),
    floatConst('sqrt2', [Math.SQRT2]),
    floatConst('neg_big', [-10000]),
    floatConst('scale', [1 / Math.sqrt(dh)]),
  ];
  const eps = { float: c.layerNormEps };
  const ln = (x: string, g: string, b: string, out: string) =>
    nodes.push(node('LayerNormalization', [x, g, b], [out], { axis: -1, epsilon: eps }));
  const dense = (x: string, wName: string, bName: string, out: string) => {
    nodes.push(node('MatMul', [x, wName], [`${out}_mm`]), node('Add', [`${out}_mm`, bName], [out]));
  };

  // Embeddings.
  nodes.push(
    node('Gather', ['word_emb', 'input_ids'], ['e_word'], { axis: 0 }),
    node('Shape', ['input_ids'], ['ids_shape']),
    node('Gather', ['ids_shape', 'i1'], ['seq_len'], { axis: 0 }),
    node('Range', ['i0', 'seq_len', 'i1'], ['positions']),
    node('Gather', ['pos_emb', 'positions'], ['e_pos'], { axis: 0 }),
    node('Add', ['e_word', 'e_pos'], ['e_wp']),
  );
  if (opts.tokenTypeInput) {
    init.push(floatTensor('type_emb', [c.typeVocabSize, H], w.typeEmb));
    nodes.push(node('Gather', ['type_emb', 'token_type_ids'], ['e_type'], { axis: 0 }));
  } else {
    // Without the input, every token has type 0, as the Hugging Face model defaults to.
    init.push(floatTensor('e_type', [H], w.typeEmb.slice(0, H)));
  }
  nodes.push(node('Add', ['e_wp', 'e_type'], ['e_sum']));
  ln('e_sum', 'emb_ln_g', 'emb_ln_b', 'x0');

  // Additive attention mask: 0 for real tokens, -10000 for padding, shaped [batch, 1, 1, seq].
  nodes.push(
    node('Cast', ['attention_mask'], ['mask_f'], { to: DType.FLOAT }),
    node('Sub', ['one', 'mask_f'], ['mask_inv']),
    node('Mul', ['mask_inv', 'neg_big'], ['mask_bias2']),
    node('Unsqueeze', ['mask_bias2', 'axes12'], ['mask_bias']),
  );

  let x = 'x0';
  w.layers.forEach((l, i) => {
    const p = `l${i}_`;
    const names: [string, Float32Array, number[]][] = [
      ['wq', l.wq, [H, H]],
      ['bq', l.bq, [H]],
      ['wk', l.wk, [H, H]],
      ['bk', l.bk, [H]],
      ['wv', l.wv, [H, H]],
      ['bv', l.bv, [H]],
      ['wo', l.wo, [H, H]],
      ['bo', l.bo, [H]],
      ['ln1g', l.ln1g, [H]],
      ['ln1b', l.ln1b, [H]],
      ['w1', l.w1, [H, c.intermediate]],
      ['b1', l.b1, [c.intermediate]],
      ['w2', l.w2, [c.intermediate, H]],
      ['b2', l.b2, [H]],
      ['ln2g', l.ln2g, [H]],
      ['ln2b', l.ln2b, [H]],
    ];
    for (const [n, data, dims] of names) init.push(floatTensor(p + n, dims, data));
    dense(x, `${p}wq`, `${p}bq`, `${p}q`);
    dense(x, `${p}wk`, `${p}bk`, `${p}k`);
    dense(x, `${p}wv`, `${p}bv`, `${p}v`);
    nodes.push(
      node('Reshape', [`${p}q`, 'shape_heads'], [`${p}q4`]),
      node('Transpose', [`${p}q4`], [`${p}qh`], { perm: [0, 2, 1, 3] }),
      node('Reshape', [`${p}k`, 'shape_heads'], [`${p}k4`]),
      node('Transpose', [`${p}k4`], [`${p}kt`], { perm: [0, 2, 3, 1] }),
      node('Reshape', [`${p}v`, 'shape_heads'], [`${p}v4`]),
      node('Transpose', [`${p}v4`], [`${p}vh`], { perm: [0, 2, 1, 3] }),
      node('MatMul', [`${p}qh`, `${p}kt`], [`${p}scores_raw`]),
      node('Mul', [`${p}scores_raw`, 'scale'], [`${p}scores_scaled`]),
      node('Add', [`${p}scores_scaled`, 'mask_bias'], [`${p}scores`]),
      node('Softmax', [`${p}scores`], [`${p}probs`], { axis: -1 }),
      node('MatMul', [`${p}probs`, `${p}vh`], [`${p}ctx4`]),
      node('Transpose', [`${p}ctx4`], [`${p}ctxt`], { perm: [0, 2, 1, 3] }),
      node('Reshape', [`${p}ctxt`, 'shape_hidden'], [`${p}ctx`]),
    );
    dense(`${p}ctx`, `${p}wo`, `${p}bo`, `${p}attn`);
    nodes.push(node('Add', [`${p}attn`, x], [`${p}res1`]));
    ln(`${p}res1`, `${p}ln1g`, `${p}ln1b`, `${p}x1`);
    dense(`${p}x1`, `${p}w1`, `${p}b1`, `${p}h`);
    nodes.push(
      node('Div', [`${p}h`, 'sqrt2'], [`${p}h_s`]),
      node('Erf', [`${p}h_s`], [`${p}h_erf`]),
      node('Add', [`${p}h_erf`, 'one'], [`${p}h_1p`]),
      node('Mul', [`${p}h`, `${p}h_1p`], [`${p}h_m`]),
      node('Mul', [`${p}h_m`, 'half'], [`${p}gelu`]),
    );
    dense(`${p}gelu`, `${p}w2`, `${p}b2`, `${p}ffn`);
    nodes.push(node('Add', [`${p}ffn`, `${p}x1`], [`${p}res2`]));
    ln(`${p}res2`, `${p}ln2g`, `${p}ln2b`, `${p}out`);
    x = `${p}out`;
  });
  nodes.push(node('Identity', [x], ['last_hidden_state']));

  const intType = opts.int32Inputs ? DType.INT32 : DType.INT64;
  const seq = ['batch', 'sequence'];
  const inputs = [valueInfo('input_ids', intType, seq), valueInfo('attention_mask', intType, seq)];
  if (opts.tokenTypeInput) inputs.push(valueInfo('token_type_ids', intType, seq));
  const outputs = [valueInfo('last_hidden_state', DType.FLOAT, ['batch', 'sequence', H])];
  if (opts.pooledOutput) {
    init.push(int64Tensor('axes1', [1], [1]), int64Tensor('axes2', [1], [2]), floatConst('tiny', [1e-9]));
    nodes.push(
      node('Unsqueeze', ['mask_f', 'axes2'], ['mask_f3']),
      node('Mul', [x, 'mask_f3'], ['masked']),
      node('ReduceSum', ['masked', 'axes1'], ['summed'], { keepdims: 0 }),
      node('ReduceSum', ['mask_f3', 'axes1'], ['counts'], { keepdims: 0 }),
      node('Max', ['counts', 'tiny'], ['counts_safe']),
      node('Div', ['summed', 'counts_safe'], ['sentence_embedding']),
    );
    outputs.push(valueInfo('sentence_embedding', DType.FLOAT, ['batch', H]));
  }
  return encodeModel({
    name: 'bert_like',
    doc: `BERT-shaped encoder with seeded random weights (${c.layers} layers, hidden ${H}); for tests and benchmarks.`,
    nodes,
    inputs,
    outputs,
    initializers: init,
  });
}
