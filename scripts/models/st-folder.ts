// Writes a sentence-transformers style ONNX folder (model.onnx, a WordPiece tokenizer.json and the config files)
// the way `optimum` / sentence-transformers exports lay it out. Used by tests and the benchmark.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The special tokens, in vocabulary order at the start of every vocab this module writes. */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** A BERT WordPiece tokenizer.json (lower-casing BertNormalizer, BertPreTokenizer, [CLS] … [SEP]). */
export function wordPieceTokenizerJson(vocab: readonly string[]): object {
  const id = (t: string) => {
    const i = vocab.indexOf(t);
    if (i < 0) throw new Error(`vocab lacks ${t}`);
    return i;
  };
  const special = (t: string) => ({
    id: id(t),
    content: t,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const tok = (t: string) => ({ id: t, ids: [id(t)], tokens: [t] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map(special),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': tok('[CLS]'), '[SEP]': tok('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

/** What the folder says about pooling and length. */
export interface StFolderOptions {
  modelBytes: Uint8Array;
  vocab: readonly string[];
  pooling: 'mean' | 'cls';
  normalize: boolean;
  maxSeqLength: number;
  hidden: number;
  maxPositions: number;
  /** Put the model in onnx/model.onnx (as Hub repos do) instead of the folder root. */
  onnxSubfolder?: boolean;
}

/** Writes the folder. */
export async function writeStFolder(dir: string, o: StFolderOptions): Promise<void> {
  await mkdir(join(dir, '1_Pooling'), { recursive: true });
  const json = (name: string, v: unknown) => writeFile(join(dir, name), `${JSON.stringify(v, null, 2)}\n`);
  if (o.onnxSubfolder) {
    await mkdir(join(dir, 'onnx'), { recursive: true });
    await writeFile(join(dir, 'onnx', 'model.onnx'), o.modelBytes);
  } else {
    await writeFile(join(dir, 'model.onnx'), o.modelBytes);
  }
  await json('tokenizer.json', wordPieceTokenizerJson(o.vocab));
  await json('tokenizer_config.json', {
    do_lower_case: true,
    model_max_length: 512,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
    tokenizer_class: 'BertTokenizer',
  });
  await json('special_tokens_map.json', {
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  });
  await json('config.json', {
    model_type: 'bert',
    hidden_size: o.hidden,
    max_position_embeddings: o.maxPositions,
  });
  await json('sentence_bert_config.json', { max_seq_length: o.maxSeqLength, do_lower_case: false });
  const modules = [
    { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
    { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
  ];
  if (o.normalize)
    modules.push({ idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' });
  await json('modules.json', modules);
  await json('1_Pooling/config.json', {
    word_embedding_dimension: o.hidden,
    pooling_mode_cls_token: o.pooling === 'cls',
    pooling_mode_mean_tokens: o.pooling === 'mean',
    pooling_mode_max_tokens: false,
    pooling_mode_mean_sqrt_len_tokens: false,
    pooling_mode_weightedmean_tokens: false,
    pooling_mode_lasttoken: false,
  });
}
