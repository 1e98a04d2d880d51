/**
 * Ready-made configurations for the generated world and for the public
 * datasets Winnow is tested on. `--preset NAME --data PATH` fills in the
 * paths; everything else is fixed here and recorded in the manifest.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { validateConfig, type PrepareConfig } from './config.ts';

type PresetBuilder = (data: string) => unknown;

const FUNNEL = [
  { name: 'click', types: ['click', 'cart', 'purchase'] },
  { name: 'cart', types: ['cart', 'purchase'] },
  { name: 'purchase', types: ['purchase'] },
];

const PRESETS: Record<string, { about: string; build: PresetBuilder }> = {
  generated: {
    about: 'the world written by `winnow generate` (events, items, users)',
    build: (data) => ({
      name: 'generated',
      events: {
        path: pick(data, ['events.csv', 'events.parquet']),
        user: 'user_id',
        item: 'item_id',
        time: 'ts',
        type: 'event_type',
        session: 'session_id',
        query: 'query',
        position: 'position',
      },
      items: {
        path: pick(data, ['items.csv', 'items.parquet']),
        key: 'item_id',
        attributes: { categorical: ['category', 'brand'], numeric: ['price'] },
      },
      users: {
        path: pick(data, ['users.csv', 'users.parquet']),
        key: 'user_id',
        attributes: { categorical: ['age_band', 'city_tier'], numeric: [] },
      },
      tasks: FUNNEL,
      impressionType: 'impression',
    }),
  },
  'taobao-hscd': {
    about: 'taobao-multibehavior-hscd: view, cart and buy pairs, no time',
    build: (data) => {
      const zip = join(data, 'taobao.zip');
      const part = (member: string, type: string) => ({
        path: zip,
        member: `taobao/${member}`,
        format: 'tsv',
        delimiter: ' ',
        header: false,
        columns: ['user', 'item'],
        constants: { type },
      });
      return {
        name: 'taobao-hscd',
        events: {
          ...part('view.txt', 'view'),
          user: 'user',
          item: 'item',
          type: 'type',
        },
        moreEvents: [part('cart.txt', 'cart'), part('buy.txt', 'buy')],
        tasks: [
          { name: 'click', types: ['view', 'cart', 'buy'] },
          { name: 'cart', types: ['cart', 'buy'] },
          { name: 'purchase', types: ['buy'] },
        ],
        negatives: { ratio: 1, popularity: 0.75 },
        features: { interestTags: 0 },
      };
    },
  },
  'taobao-userbehavior': {
    about: 'taobao-userbehavior-10k and -96k: pv, cart, fav, buy with time',
    build: (data) => ({
      name: 'taobao-userbehavior',
      events: {
        path: userBehaviorFiles(data),
        header: false,
        columns: [
          'user_id',
          'item_id',
          'category_id',
          'behavior_type',
          'timestamp',
        ],
        user: 'user_id',
        item: 'item_id',
        time: 'timestamp',
        type: 'behavior_type',
        attributes: { categorical: ['category_id'], numeric: [] },
      },
      tasks: [
        { name: 'click', types: ['pv', 'cart', 'fav', 'buy'] },
        { name: 'cart', types: ['cart', 'buy'] },
        { name: 'purchase', types: ['buy'] },
      ],
      negatives: { ratio: 1, popularity: 0.75 },
      features: { minCount: 1 },
    }),
  },
  'ali-ccp': {
    about: 'ali-ccp-sample: impressions with click and purchase labels',
    build: (data) => ({
      name: 'ali-ccp',
      events: {
        path: join(data, 'ali_ccp_train_sample.csv'),
        constants: { split: 'train' },
        split: 'split',
        user: '101',
        item: '205',
        attributes: {
          categorical: [
            '121',
            '122',
            '124',
            '125',
            '126',
            '127',
            '128',
            '129',
            '206',
            '207',
            '210',
            '216',
            '301',
          ],
          numeric: ['D109_14', 'D110_14', 'D127_14', 'D150_14'],
        },
      },
      moreEvents: [
        {
          path: join(data, 'ali_ccp_val_sample.csv'),
          constants: { split: 'valid' },
        },
        {
          path: join(data, 'ali_ccp_test_sample.csv'),
          constants: { split: 'test' },
        },
      ],
      tasks: [
        { name: 'click', column: 'click' },
        { name: 'purchase', column: 'purchase' },
      ],
      features: { minCount: 1, interestTags: 0, tags: [] },
    }),
  },
  aliexpress: {
    about: 'aliexpress-sample: search impressions with click and conversion',
    build: (data) => ({
      name: 'aliexpress',
      events: {
        path: join(data, 'aliexpress_train_sample.csv'),
        constants: { split: 'train' },
        split: 'split',
        user: 'categorical_1',
        item: 'categorical_2',
        session: 'search_id',
        attributes: {
          categorical: Array.from(
            { length: 14 },
            (_, i) => `categorical_${i + 3}`,
          ),
          numeric: Array.from({ length: 10 }, (_, i) => `numerical_${i + 1}`),
        },
      },
      moreEvents: [
        {
          path: join(data, 'aliexpress_test_sample.csv'),
          constants: { split: 'test' },
        },
      ],
      tasks: [
        { name: 'click', column: 'click' },
        { name: 'purchase', column: 'conversion' },
      ],
      features: { minCount: 1, interestTags: 0, tags: [] },
    }),
  },
  homedepot: {
    about: 'homedepot-search-relevance: query text, titles, graded relevance',
    build: (data) => ({
      name: 'homedepot',
      events: {
        path: join(data, 'train.csv.zip'),
        member: 'train.csv',
        encoding: 'latin-1',
        user: 'search_term',
        item: 'product_uid',
        query: 'search_term',
        evaluation: ['relevance'],
      },
      // Product titles, hashed into terms (item_product_title_term_k).
      items: {
        path: join(data, 'train.csv.zip'),
        member: 'train.csv',
        encoding: 'latin-1',
        key: 'product_uid',
        attributes: { categorical: [], numeric: [], text: 'product_title' },
      },
      tasks: [{ name: 'relevant', column: 'relevance', threshold: 2.67 }],
      // A query's products stay in one split, so each test query is ranked
      // whole (graded NDCG per query in `winnow evaluate`).
      split: { valid: 0.1, test: 0.1, by: 'user' },
      features: { minCount: 1, interestTags: 0, tags: [] },
    }),
  },
  denoisingrec: {
    about: 'denoisingrec-adt: Yelp valid interactions with their noise flag',
    build: (data) => denoisingRec('denoisingrec', data, 'yelp'),
  },
  'denoisingrec-adressa': {
    about: 'denoisingrec-adt: Adressa valid interactions with their noise flag',
    build: (data) => denoisingRec('denoisingrec-adressa', data, 'adressa'),
  },
};

export function presetNames(): string[] {
  return Object.keys(PRESETS);
}

export function describePresets(): string {
  return Object.entries(PRESETS)
    .map(([name, p]) => `  ${name.padEnd(20)} ${p.about}`)
    .join('\n');
}

/** The validated configuration of preset `name` over the folder `data`. */
export function presetConfig(name: string, data: string): PrepareConfig {
  const preset = PRESETS[name];
  if (!preset) {
    throw new UsageError(
      `unknown preset "${name}"; choose one of: ${presetNames().join(', ')}`,
    );
  }
  if (!existsSync(data)) {
    throw new UsageError(`--data ${data}: no such folder`);
  }
  return validateConfig(preset.build(data), `preset ${name}`);
}

/**
 * One `*.valid.rating` file of denoisingrec-adt (user, item, flag; 1 =
 * clean, 0 = false positive), found under `data/<source>/` or directly in
 * `data`. The flag is kept as evaluation column `clean`; one popularity-
 * sampled negative per interaction.
 */
function denoisingRec(name: string, data: string, source: string): unknown {
  const file = `${source}.valid.rating`;
  const nested = join(data, source, file);
  return {
    name,
    events: {
      path: existsSync(nested) ? nested : join(data, file),
      format: 'tsv',
      header: false,
      columns: ['user', 'item', 'clean'],
      user: 'user',
      item: 'item',
      evaluation: ['clean'],
      constants: { click: '1' },
    },
    tasks: [{ name: 'click', column: 'click' }],
    negatives: { ratio: 1, popularity: 0.75 },
    features: { interestTags: 0, tags: [] },
  };
}

function pick(dir: string, names: string[]): string {
  return names.map((n) => join(dir, n)).find(existsSync) ?? join(dir, names[0]);
}

function userBehaviorFiles(data: string): string | string[] {
  const direct = join(data, 'UserBehavior.csv');
  if (existsSync(direct)) return direct;
  const both = ['taobao-userbehavior-10k', 'taobao-userbehavior-96k']
    .map((d) => join(data, d, 'UserBehavior.csv'))
    .filter(existsSync);
  return both.length ? both : direct;
}
