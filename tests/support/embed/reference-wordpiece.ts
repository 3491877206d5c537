// A minimal BERT WordPiece tokenizer written from the algorithm's description (lower-case, split on whitespace
// and ASCII punctuation, greedy longest-match-first with "##" continuations, [UNK] for a word that cannot be
// split), to check the ids @huggingface/tokenizers gives. ASCII text only; test support only.

/** Ids of [CLS] + text + [SEP], truncated so that at most maxLength ids result. */
export function referenceWordPiece(text: string, vocab: readonly string[], maxLength = Infinity): number[] {
  const index = new Map(vocab.map((t, i) => [t, i]));
  const id = (t: string) => index.get(t) ?? index.get('[UNK]')!;
  const words = text.toLowerCase().match(/[a-z0-9]+|[!-/:-@[-`{-~]/g) ?? [];
  const ids: number[] = [];
  for (const word of words) {
    const pieces: number[] = [];
    let start = 0;
    let ok = true;
    while (start < word.length) {
      let end = word.length;
      let found: number | undefined;
      while (end > start) {
        const piece = (start > 0 ? '##' : '') + word.slice(start, end);
        if (index.has(piece)) {
          found = index.get(piece);
          break;
        }
        end--;
      }
      if (found === undefined) {
        ok = false;
        break;
      }
      pieces.push(found);
      start = end;
    }
    ids.push(...(ok ? pieces : [id('[UNK]')]));
  }
  return [id('[CLS]'), ...ids.slice(0, Math.max(0, maxLength - 2)), id('[SEP]')];
}
