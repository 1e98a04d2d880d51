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
  lazyBuckets,
  lazyEncode,
  lazyStandardise,
  lookup,
  materialise,
  materialiseF,
  type LazyColumn,
  type RowSource,
} from './lazy.ts';
import {
  hashTerm,
  learnBuckets,
  learnStandardiser,
  learnVocabulary,
  type Vocabulary,
} from './encode.ts';

export interface EncodedCategorical {
  spec: CategoricalFeature;
  /** Vocabulary ids per row, made when read. */
  ids: LazyColumn;
  /** The value of each id (id 0 is ""), empty when hashed. */
  vocabulary: string[];
}

export interface EncodedNumeric {
  spec: NumericFeature;
  /** Standardised values per row, made when read. */
  values: LazyColumn;
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
  const rows = input.rows;
  const addCat = (
    name: string,
    source: string,
    src: RowSource<Int32Array>,
    values: string[],
    vocab?: Vocabulary,
  ): Vocabulary => {
    const v =
      vocab ??
      learnVocabulary(materialise(src), values.length, input.split, vocabOpts);
    out.categorical.push({
      spec: {
        name,
        kind: 'categorical',
        vocab: v.size,
        hashed: v.hashed,
        source,
      },
      ids: lazyEncode(src, v),
      vocabulary: v.hashed
        ? []
        : Array.from(v.valueOf, (x) => (x < 0 ? '' : values[x])),
    });
    return v;
  };
  const addNum = (
    name: string,
    source: string,
    src: RowSource<Float64Array | Float32Array>,
    log: boolean,
    buckets: boolean,
  ) => {
    const direct = !src.key && (src.stride ?? 1) === 1 && !src.offset;
    const numbers = direct ? src.values : materialiseF(src);
    const s = learnStandardiser(numbers, input.split, log);
    out.numeric.push({
      spec: { name, kind: 'numeric', mean: s.mean, std: s.std, source },
      values: lazyStandardise(src, s),
    });
    if (buckets && f.buckets > 1) {
      const cuts = learnBuckets(numbers, input.split, f.buckets);
      const ids = lazyBuckets(src, cuts);
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

  addCat(
    'user_id',
    'user',
    { values: input.user.index, rows },
    input.user.values,
  );
  addCat(
    'item_id',
    'item',
    { values: input.item.index, rows },
    input.item.values,
  );
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
            ? { values: isTag.index, key: input.item.index, rows }
            : { values: a.index, key, rows };
        const v = addCat(name, a.name, index, a.values);
        if (isTag) tagVocab.set(a.name, v);
      } else if (a.kind === 'numeric') {
        const nonNegative = a.numbers.every((x) => Number.isNaN(x) || x >= 0);
        addNum(
          name,
          a.name,
          { values: a.numbers, key, rows },
          nonNegative,
          true,
        );
      } else {
        addTerms(out, name, a.name, a, key, f.textTerms, f.textBuckets);
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
    src: RowSource<Float32Array>,
    log: boolean,
    buckets: boolean,
  ) => void,
): void {
  const { past, rows } = input;
  addNum(
    'user_activity',
    'past engagements of the user',
    { values: past.userActivity, rows },
    true,
    false,
  );
  addNum(
    'item_popularity',
    'past engagements of the item',
    { values: past.itemPopularity, rows },
    true,
    false,
  );
  input.tagAttrs.forEach((attr, a) => {
    const vocab = tagVocab.get(attr.name);
    for (let k = 0; k < topK; k++) {
      const at = { stride: topK, offset: k, rows };
      if (vocab) {
        out.categorical.push({
          spec: {
            name: `user_tag_${attr.name}_${k + 1}`,
            kind: 'categorical',
            vocab: vocab.size,
            hashed: vocab.hashed,
            source: `interest tag ${k + 1} (${attr.name})`,
          },
          ids: lazyEncode({ values: past.tagIds[a], ...at }, vocab),
          vocabulary: [],
        });
      }
      addNum(
        `user_tag_${attr.name}_${k + 1}_weight`,
        `interest tag weight`,
        { values: past.tagWeights[a], ...at },
        false,
        false,
      );
    }
    addNum(
      `user_interest_in_${attr.name}`,
      `share of past engagements in the item's ${attr.name}`,
      { values: past.tagMatch[a], rows },
      false,
      false,
    );
  });
}

/**
 * The first `terms` hashed terms of a text column, one feature per term.
 * Each distinct text is hashed once; a row's term ids are looked up
 * through its text's index when read, so no per-row copy is held.
 */
function addTerms(
  out: EncodedFeatures,
  name: string,
  source: string,
  text: IndexedColumn,
  key: Int32Array,
  terms: number,
  buckets: number,
): void {
  const byText = Array.from(
    { length: terms },
    () => new Int32Array(text.values.length + 1),
  );
  text.values.forEach((value, v) => {
    value
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, terms)
      .forEach((t, k) => (byText[k][v + 1] = hashTerm(t, buckets)));
  });
  // Index + 1 per row, so a missing text (-1) reads the empty slot 0.
  const at = new Int32Array(key.length);
  for (let i = 0; i < key.length; i++) at[i] = text.index[key[i]] + 1;
  byText.forEach((values, k) =>
    out.categorical.push({
      spec: {
        name: `${name}_term_${k + 1}`,
        kind: 'categorical',
        vocab: buckets,
        hashed: true,
        source: `${source} (hashed term)`,
      },
      ids: lookup({ values, key: at, rows: key.length }),
      vocabulary: [],
    }),
  );
}
