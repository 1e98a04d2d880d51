/**
 * Pulls the observed samples out of DuckDB as typed arrays, splits them,
 * adds sampled negatives, counts past-only features and encodes every
 * feature with encoders learned on the training split.
 */
import type { PrepareConfig } from './config.ts';
import { ident, readColumns, rows, type Engine } from './duck.ts';
import { sampleNegatives } from './negatives.ts';
import { countingSort, denseRanks } from './order.ts';
import {
  lineOrder,
  permute as reorder,
  permuteAttr,
  permuteTexts,
} from './line-order.ts';
import type { QualityLog } from './quality.ts';
import { KEY_TYPES, OBSERVED, taskColumn } from './samples.ts';
import {
  splitByHash,
  splitByTime,
  splitGiven,
  type SplitPlan,
} from './split.ts';
import {
  pullAttributes,
  type AttrColumn,
  type AttributeColumns,
} from './pull-attributes.ts';
import { pastFeatures } from '../features/past.ts';
import { encodeFeatures, type EncodedFeatures } from '../features/build.ts';

/** A categorical column as value indices into `values` (-1 missing). */
export interface IndexedColumn {
  name: string;
  index: Int32Array;
  values: string[];
}

export type { AttrColumn, AttributeColumns };

export interface Assembled {
  rows: number;
  plan: SplitPlan;
  split: Uint8Array;
  sampled: Uint8Array;
  labels: Uint8Array[];
  ts: Float64Array;
  /** The observed row each sample comes from (its parent, if sampled). */
  src: Int32Array;
  user: IndexedColumn;
  item: IndexedColumn;
  /** Session code per sample (the enum KEY_TYPES.session). */
  session: Int32Array;
  /** The item's category (the first tag attribute), or undefined. */
  category?: IndexedColumn;
  features: EncodedFeatures;
  evaluation: { name: string; values: Float64Array }[];
}

export async function assembleSamples(
  engine: Engine,
  config: PrepareConfig,
  quality: QualityLog,
): Promise<Assembled> {
  const { s, plan, keys, attrs, tagAttrs, session, evaluation, timed } =
    await orderedSamples(engine, config, quality);
  const tagIndex = tagAttrs.map((a) => gather(a.index, s.item));
  const past = pastFeatures({
    rows: s.rows,
    user: s.user,
    item: s.item,
    tags: tagIndex,
    ts: s.ts,
    ets: s.ets,
    engaged: s.engaged,
    split: s.split,
    topK: config.features.interestTags,
    timed,
    seed: config.seed,
  });
  // Past counting was the last use of these: let them go.
  s.ets = new Float64Array(0);
  s.engaged = new Uint8Array(0);
  const features = encodeFeatures(config, {
    rows: s.rows,
    split: s.split,
    user: { name: 'user_id', index: s.user, values: keys.user },
    item: { name: 'item_id', index: s.item, values: keys.item },
    attrs,
    src: s.src,
    tagAttrs,
    past,
    labels: s.labels.map((values, t) => ({
      name: config.tasks[t].name,
      values,
    })),
  });
  const category = tagAttrs[0]
    ? { ...tagAttrs[0], index: tagIndex[0] }
    : undefined;
  return {
    rows: s.rows,
    plan,
    split: s.split,
    sampled: s.sampled,
    labels: s.labels,
    ts: s.ts,
    src: s.src,
    user: { name: 'user', index: s.user, values: keys.user },
    item: { name: 'item', index: s.item, values: keys.item },
    session,
    category,
    features,
    evaluation,
  };
}

/**
 * The samples in output order with what the features need of the
 * observed rows. A function of its own so that the observed columns and
 * the unordered samples are garbage once it returns: at 10M events they
 * are several hundred MB that the past counts would otherwise sit on.
 */
async function orderedSamples(
  engine: Engine,
  config: PrepareConfig,
  quality: QualityLog,
) {
  const obs = await pullObserved(engine, config);
  const plan = chooseSplit(config, obs);
  const all = addNegatives(config, obs, plan, quality);
  const order = sampleOrder(all, obs.nUsers, obs.nItems);
  const s = permute(all, order);
  const attrs = await pullAttributes(engine, config, obs.nUsers, obs.nItems);
  if (obs.order)
    attrs.event = attrs.event.map((a) => permuteAttr(a, obs.order!));
  await dropSources(engine);
  return {
    s,
    plan,
    keys: { user: obs.userKeys, item: obs.itemKeys },
    attrs,
    tagAttrs: tagAttributes(config, attrs, obs),
    session: gather(obs.session, s.src),
    evaluation: obs.evaluation.map((e) => ({
      name: e.name,
      values: gatherF(e.values, s.src, s.sampled),
    })),
    timed: obs.timed,
  };
}

interface Observed {
  rows: number;
  timed: boolean;
  user: Int32Array;
  item: Int32Array;
  /** Session code per observed row (see KEY_TYPES). */
  session: Int32Array;
  ts: Float64Array;
  ets: Float64Array;
  engaged: Uint8Array;
  labels: Uint8Array[];
  givenSplit: string[] | null;
  userKeys: string[];
  itemKeys: string[];
  nUsers: number;
  nItems: number;
  evaluation: { name: string; values: Float64Array }[];
  /** Line order of the rows as read from DuckDB, null if they were. */
  order: Int32Array | null;
}

async function pullObserved(
  engine: Engine,
  config: PrepareConfig,
): Promise<Observed> {
  const c = engine.conn;
  const kinds: Record<string, 'i32' | 'f64' | 'u8'> = {
    __uidx: 'i32',
    __iidx: 'i32',
    __sidx: 'i32',
    ts: 'f64',
    ets: 'f64',
    engaged: 'u8',
    __line: 'f64',
  };
  for (const t of config.tasks) kinds[taskColumn(t.name)] = 'u8';
  const evals = config.events.evaluation.map((e) => `e_${e}`);
  for (const e of evals) kinds[e] = 'f64';
  const code = (col: string) => `enum_code(${ident(col)})::INTEGER`;
  const cols = await readColumns(
    c,
    `SELECT ${code('user')} AS __uidx, ${code('item')} AS __iidx, ` +
      `${code('session')} AS __sidx, * FROM ${OBSERVED}`,
    kinds,
  );
  const keys = async (type: string) =>
    (
      await rows<{ k: string }>(
        c,
        `SELECT unnest(enum_range(NULL::${type})) AS k`,
      )
    ).map((r) => r.k);
  const userKeys = await keys(KEY_TYPES.user);
  const itemKeys = await keys(KEY_TYPES.item);
  let givenSplit = config.events.split
    ? ((
        await readColumns(c, `SELECT split FROM ${OBSERVED}`, {
          split: 'str',
        })
      ).split as string[])
    : null;
  const order = lineOrder(cols.__line as Float64Array);
  if (order) {
    for (const [k, v] of Object.entries(cols)) {
      if (!Array.isArray(v)) cols[k] = reorder(v, order);
    }
    if (givenSplit) givenSplit = permuteTexts(givenSplit, order);
  }
  const ts = cols.ts as Float64Array;
  return {
    order,
    rows: ts.length,
    timed: Boolean(config.events.time),
    user: cols.__uidx as Int32Array,
    item: cols.__iidx as Int32Array,
    session: cols.__sidx as Int32Array,
    ts,
    ets: cols.ets as Float64Array,
    engaged: cols.engaged as Uint8Array,
    labels: config.tasks.map((t) => cols[taskColumn(t.name)] as Uint8Array),
    givenSplit,
    userKeys,
    itemKeys,
    nUsers: userKeys.length,
    nItems: itemKeys.length,
    evaluation: config.events.evaluation.map((e) => ({
      name: e,
      values: cols[`e_${e}`] as Float64Array,
    })),
  };
}

function chooseSplit(config: PrepareConfig, obs: Observed): SplitPlan {
  const { valid, test, by } = config.split;
  if (obs.givenSplit) return splitGiven(obs.givenSplit);
  if (obs.timed) return splitByTime(obs.ts, valid, test);
  return splitByHash(obs.user, valid, test, config.seed, by);
}

interface SampleArrays {
  rows: number;
  user: Int32Array;
  item: Int32Array;
  ts: Float64Array;
  ets: Float64Array;
  engaged: Uint8Array;
  split: Uint8Array;
  sampled: Uint8Array;
  src: Int32Array;
  labels: Uint8Array[];
}

function addNegatives(
  config: PrepareConfig,
  obs: Observed,
  plan: SplitPlan,
  quality: QualityLog,
): SampleArrays {
  const neg = config.negatives
    ? sampleNegatives(obs.user, obs.item, plan.split, obs.nItems, {
        ratio: config.negatives.ratio,
        alpha: config.negatives.popularity,
        seed: config.seed,
      })
    : { parent: new Int32Array(0), item: new Int32Array(0) };
  quality.add({
    table: 'samples',
    reason:
      `negatives sampled (ratio ${config.negatives?.ratio}, popularity ` +
      `exponent ${config.negatives?.popularity}, seed ${config.seed})`,
    count: neg.parent.length,
    action: 'added',
  });
  const n = obs.rows + neg.parent.length;
  const p = neg.parent;
  const cat = <T extends Int32Array | Float64Array | Uint8Array>(
    a: T,
    b: ArrayLike<number>,
  ): T => {
    const out = new (a.constructor as new (n: number) => T)(n);
    out.set(a);
    out.set(b as T, obs.rows);
    return out;
  };
  const fromParent = <T extends Int32Array | Float64Array | Uint8Array>(a: T) =>
    cat(
      a,
      Array.from(p, (i) => a[i]),
    );
  return {
    rows: n,
    user: fromParent(obs.user),
    item: cat(obs.item, neg.item),
    ts: fromParent(obs.ts),
    ets: cat(obs.ets, new Float64Array(p.length).fill(NaN)),
    engaged: cat(obs.engaged, new Uint8Array(p.length)),
    split: fromParent(plan.split),
    sampled: cat(new Uint8Array(obs.rows), new Uint8Array(p.length).fill(1)),
    src: cat(
      Int32Array.from({ length: obs.rows }, (_, i) => i),
      p,
    ),
    labels: obs.labels.map((l) => cat(l, new Uint8Array(p.length))),
  };
}

/**
 * Output order: by time (missing as 0), then user, item, observed before
 * sampled, then by observed row. The rows start in (sampled, src) order,
 * so stable passes by item, user and time (least significant first) give
 * the whole order.
 */
function sampleOrder(s: SampleArrays, nUsers: number, nItems: number) {
  let order: Int32Array = Int32Array.from({ length: s.rows }, (_, i) => i);
  order = countingSort(order, s.item, nItems);
  order = countingSort(order, s.user, nUsers);
  const t = s.ts.map((x) => (Number.isNaN(x) ? 0 : x));
  const { rank, size } = denseRanks(t);
  return countingSort(order, rank, size);
}

/**
 * The samples in `order`. Consumes `s`: each column is released as soon
 * as its permuted copy exists, so at most one column is held twice.
 */
function permute(s: SampleArrays, order: Int32Array): SampleArrays {
  const take = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(order.length);
    for (let i = 0; i < order.length; i++) out[i] = a[order[i]];
    return out;
  };
  const out = { ...s, labels: [...s.labels] };
  const mutable = s as unknown as Record<string, unknown>;
  for (const key of COLUMNS) {
    out[key] = take(s[key]) as never;
    mutable[key] = EMPTY;
  }
  out.labels = s.labels.map((l, t) => {
    const moved = take(l);
    s.labels[t] = EMPTY;
    return moved;
  });
  return out;
}

const COLUMNS = [
  'user',
  'item',
  'ts',
  'ets',
  'engaged',
  'split',
  'sampled',
  'src',
] as const;
const EMPTY = new Uint8Array(0);

/**
 * Drops the observed samples and attribute tables once in JS, leaving
 * DuckDB's memory to the output table (the key enum types stay).
 */
async function dropSources(engine: Engine): Promise<void> {
  for (const t of [OBSERVED, 'items', 'users']) {
    await engine.conn.run(`DROP TABLE IF EXISTS ${ident(t)}`);
  }
}

/** The tag attributes as per-item value indices. */
function tagAttributes(
  config: PrepareConfig,
  attrs: AttributeColumns,
  obs: Observed,
): IndexedColumn[] {
  const itemCats = attrs.item.filter((a) => a.kind === 'categorical');
  const eventCats = attrs.event.filter((a) => a.kind === 'categorical');
  const wanted = config.features.tags;
  const pick = (list: typeof itemCats) =>
    wanted ? list.filter((a) => wanted.includes(a.name)) : list.slice(0, 2);
  const fromItems = pick(itemCats) as IndexedColumn[];
  if (fromItems.length || itemCats.length) return fromItems;
  // Item-level values recorded on events (e.g. a category per event): each
  // item takes the value of its first observed row.
  return (pick(eventCats) as IndexedColumn[]).map((a) => {
    const index = new Int32Array(obs.nItems).fill(-1);
    for (let r = obs.rows - 1; r >= 0; r--) index[obs.item[r]] = a.index[r];
    return { name: a.name, index, values: a.values };
  });
}

function gather(values: Int32Array, index: Int32Array): Int32Array {
  const out = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = values[index[i]];
  return out;
}

function gatherF(
  values: Float64Array,
  src: Int32Array,
  sampled: Uint8Array,
): Float64Array {
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) {
    out[i] = sampled[i] ? NaN : values[src[i]];
  }
  return out;
}
