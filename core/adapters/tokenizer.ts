// Hugging Face tokenizers (tokenizer.json) through @huggingface/tokenizers, a pure-JS implementation. That
// library has no truncation, so it is done here: the special tokens the post-processor adds around a single
// text (e.g. [CLS] … [SEP]) are learned once from a probe, then each text's own tokens are cut to fit between
// them — the "longest_first / right" truncation of the Rust tokenizers for a single sequence.

import { Tokenizer } from '@huggingface/tokenizers';
import { AppError } from '../contract/errors.js';

/** One tokenized text. */
export interface TokenizedText {
  ids: number[];
  /** True when tokens were cut to fit maxLength. */
  truncated: boolean;
}

/** A tokenizer with truncation. */
export interface TextTokenizer {
  /** Token ids including special tokens, at most maxLength of them. */
  encode(text: string, maxLength: number): TokenizedText;
  /** The id used for padding (only its mask value matters to the model). */
  padId: number;
  /** How many special tokens wrap a single text. */
  specialCount: number;
}

// Long texts are tokenized from a prefix cut at whitespace (which every supported pre-tokenizer splits on, so
// the prefix's tokens equal the start of the full text's): a 1 MB article costs no more than its first lines.
const CHARS_PER_TOKEN_MARGIN = 16;

function sameIds(a: readonly number[], b: readonly number[], at: number): boolean {
  for (let i = 0; i < b.length; i++) if (a[at + i] !== b[i]) return false;
  return true;
}

function tokenId(tok: Tokenizer, config: Record<string, unknown>, key: string): number | undefined {
  const v = config[key];
  const content =
    typeof v === 'string' ? v : v && typeof v === 'object' ? (v as { content?: unknown }).content : undefined;
  return typeof content === 'string' ? tok.token_to_id(content) : undefined;
}

/** Builds a tokenizer from parsed tokenizer.json and tokenizer_config.json (use {} when absent). */
export function createHfTokenizer(
  tokenizerJson: unknown,
  tokenizerConfig: unknown,
  label = 'tokenizer.json',
): TextTokenizer {
  const config = (tokenizerConfig && typeof tokenizerConfig === 'object' ? tokenizerConfig : {}) as Record<
    string,
    unknown
  >;
  let tok: Tokenizer;
  try {
    tok = new Tokenizer(tokenizerJson as object, config);
  } catch (e) {
    throw new AppError(
      'MODEL_INVALID',
      `Cannot read ${label}: ${e instanceof Error ? e.message : String(e)}`,
      {
        file: label,
        hint: 'Use the tokenizer.json exported with the model (Hugging Face tokenizers format).',
      },
    );
  }
  const probe = 'hello world';
  const plainProbe = tok.encode(probe, { add_special_tokens: false }).ids;
  const fullProbe = tok.encode(probe).ids;
  const specialCount = fullProbe.length - plainProbe.length;
  let at = -1;
  for (let p = 0; p <= specialCount && at < 0; p++) if (sameIds(fullProbe, plainProbe, p)) at = p;
  if (specialCount < 0 || at < 0) {
    throw new AppError('MODEL_INVALID', `${label}: special tokens do not wrap the text as expected.`, {
      file: label,
    });
  }
  const prefix = fullProbe.slice(0, at);
  const suffix = fullProbe.slice(at + plainProbe.length);
  const padding = (tokenizerJson as { padding?: { pad_id?: unknown } | null }).padding;
  const padId =
    (typeof padding?.pad_id === 'number' ? padding.pad_id : undefined) ??
    tokenId(tok, config, 'pad_token') ??
    0;

  const plain = (text: string) => tok.encode(text, { add_special_tokens: false }).ids;
  return {
    padId,
    specialCount,
    encode(text, maxLength) {
      const budget = maxLength - specialCount;
      if (budget < 1)
        throw new AppError('BAD_USAGE', `Maximum length ${maxLength} leaves no room for the text.`);
      let ids: number[] | undefined;
      let truncated = false;
      if (text.length > budget * CHARS_PER_TOKEN_MARGIN) {
        const ws = /\s/g;
        ws.lastIndex = budget * CHARS_PER_TOKEN_MARGIN;
        const cut = ws.exec(text);
        if (cut) {
          const head = plain(text.slice(0, cut.index));
          if (head.length > budget) {
            ids = head;
            truncated = true;
          }
        }
      }
      let own = ids ?? plain(text);
      if (own.length > budget) {
        own = own.slice(0, budget);
        truncated = true;
      }
      return { ids: [...prefix, ...own, ...suffix], truncated };
    },
  };
}
