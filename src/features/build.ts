/**
 * Turns the assembled columns into model features: every categorical value
 * through a vocabulary learned on train, every number standardised (and
 * bucketized into a categorical twin), query terms hashed, interest tags
 * encoded with the vocabulary of their attribute.
 */
import type { PrepareConfig } from '../data/config.ts';
import type { AttributeColumns, IndexedColumn } from '../data/assemble.ts';
import type { CategoricalFeature, NumericFeature } from '../data/types.ts';
import type { PastFeatures } from './past.ts';
import {
  bucketize,
  encode,
  hashTerm,
  learnBuckets,
  learnStandardiser,
  learnVocabulary,
  standardise,
  type Vocabulary,
} from './encode.ts';

export interface EncodedCategorical {
  spec: CategoricalFeature;
  ids: Int32Array;
  /** The value of each id (id 0 is ""), empty when hashed. */
  vocabulary: string[];
}

export interface EncodedNumeric {
  spec: NumericFeature;
  values: Float32Array;
}

export interface EncodedFeatures {
  categorical: EncodedCategorical[];
  numeric: EncodedNumeric[];
}

export interface FeatureInput {
  rows: number;
  split: Uint8Array;
  user: IndexedColumn;
  item: IndexedColumn;
  attrs: AttributeColumns;
  /** Observed row of each sample, for event attributes. */
  src: Int32Array;
  tagAttrs: IndexedColumn[];
  past: PastFeatures;
  labels: { name: string; values: Uint8Array }[];
}

export function encodeFeatures(
  config: PrepareConfig,
  input: FeatureInput,
): EncodedFeatures {
  const f = config.features;
  const out: EncodedFeatures = { categorical: [], numeric: [] };
  const vocabOpts = {
    minCount: f.minCount,
    hashAbove: f.hashAbove,
    hashBuckets: f.hashBuckets,
  };
  const addCat = (
    name: string,
    source: string,
    index: Int32Array,
    values: string[],
    vocab?: Vocabulary,
  ): Vocabulary => {
    const v =
      vocab ?? learnVocabulary(index, values.length, input.split, vocabOpts);
    out.categorical.push({
      spec: {
        name,
        kind: 'categorical',
        vocab: v.size,
        hashed: v.hashed,
        source,
      },
      ids: encode(index, v),
      vocabulary: v.hashed
        ? []
        : Array.from(v.valueOf, (x) => (x < 0 ? '' : values[x])),
    });
    return v;
  };
  const addNum = (
    name: string,
    source: string,
    numbers: Float64Array | Float32Array,
    log: boolean,
    buckets: boolean,
  ) => {
    const s = learnStandardiser(numbers, input.split, log);
    out.numeric.push({
      spec: { name, kind: 'numeric', mean: s.mean, std: s.std, source },
      values: standardise(numbers, s),
    });
    if (buckets && f.buckets > 1) {
      const cuts = learnBuckets(numbers, input.split, f.buckets);
      const ids = bucketize(numbers, cuts);
      out.categorical.push({
        spec: {
          name: `${name}_bucket`,
          kind: 'categorical',
          vocab: cuts.length + 2,
          hashed: false,
          source,
        },
        ids,
        vocabulary: ['', ...[-Infinity, ...cuts].map((c) => `>=${c}`)],
      });
    }
  };

  addCat('user_id', 'user', input.user.index, input.user.values);
  addCat('item_id', 'item', input.item.index, input.item.values);
  const tagVocab = new Map<string, Vocabulary>();
  const owners = [
    { list: input.attrs.item, key: input.item.index, prefix: 'item' },
    { list: input.attrs.user, key: input.user.index, prefix: 'user' },
    { list: input.attrs.event, key: input.src, prefix: 'event' },
  ];
  for (const { list, key, prefix } of owners) {
    for (const a of list) {
      const name = `${prefix}_${a.name}`;
      if (a.kind === 'categorical') {
        const isTag = input.tagAttrs.find((t) => t.name === a.name);
        const index =
          isTag && prefix !== 'item'
            ? gather(isTag.index, input.item.index)
            : gather(a.index, key);
        const v = addCat(name, a.name, index, a.values);
        if (isTag) tagVocab.set(a.name, v);
      } else if (a.kind === 'numeric') {
        const nonNegative = a.numbers.every((x) => Number.isNaN(x) || x >= 0);
        addNum(name, a.name, gatherF(a.numbers, key), nonNegative, true);
      } else {
        addTerms(out, name, a.name, a.texts, key, f.textTerms, f.textBuckets);
      }
    }
  }
  addPast(out, input, tagVocab, config.features.interestTags, addNum);
  return out;
}

function addPast(
  out: EncodedFeatures,
  input: FeatureInput,
  tagVocab: Map<string, Vocabulary>,
  topK: number,
  addNum: (
    name: string,
    source: string,
    numbers: Float32Array,
    log: boolean,
    buckets: boolean,
  ) => void,
): void {
  const { past, rows } = input;
  addNum(
    'user_activity',
    'past engagements of the user',
    past.userActivity,
    true,
    false,
  );
  addNum(
    'item_popularity',
    'past engagements of the item',
    past.itemPopularity,
    true,
    false,
  );
  input.tagAttrs.forEach((attr, a) => {
    const vocab = tagVocab.get(attr.name);
    for (let k = 0; k < topK; k++) {
      const index = new Int32Array(rows);
      const weight = new Float32Array(rows);
      for (let i = 0; i < rows; i++) {
        index[i] = past.tagIds[a][i * topK + k];
        weight[i] = past.tagWeights[a][i * topK + k];
      }
      if (vocab) {
        out.categorical.push({
          spec: {
            name: `user_tag_${attr.name}_${k + 1}`,
            kind: 'categorical',
            vocab: vocab.size,
            hashed: vocab.hashed,
            source: `interest tag ${k + 1} (${attr.name})`,
          },
          ids: encode(index, vocab),
          vocabulary: [],
        });
      }
      addNum(
        `user_tag_${attr.name}_${k + 1}_weight`,
        `interest tag weight`,
        weight,
        false,
        false,
      );
    }
    addNum(
      `user_interest_in_${attr.name}`,
      `share of past engagements in the item's ${attr.name}`,
      past.tagMatch[a],
      false,
      false,
    );
  });
}

function addTerms(
  out: EncodedFeatures,
  name: string,
  source: string,
  texts: string[],
  key: Int32Array,
  terms: number,
  buckets: number,
): void {
  const cache = new Map<string, number[]>();
  const hashed = (text: string) => {
    let h = cache.get(text);
    if (!h) {
      h = text
        .toLowerCase()
        .split(/\s+/)
        .filter(Boolean)
        .slice(0, terms)
        .map((t) => hashTerm(t, buckets));
      cache.set(text, h);
    }
    return h;
  };
  const ids = Array.from({ length: terms }, () => new Int32Array(key.length));
  for (let i = 0; i < key.length; i++) {
    hashed(texts[key[i]] ?? '').forEach((h, k) => (ids[k][i] = h));
  }
  ids.forEach((column, k) =>
    out.categorical.push({
      spec: {
        name: `${name}_term_${k + 1}`,
        kind: 'categorical',
        vocab: buckets,
        hashed: true,
        source: `${source} (hashed term)`,
      },
      ids: column,
      vocabulary: [],
    }),
  );
}

function gather(values: Int32Array, index: Int32Array): Int32Array {
  const out = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = values[index[i]];
  return out;
}

function gatherF(values: Float64Array, index: Int32Array): Float64Array {
  const out = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = values[index[i]];
  return out;
}
