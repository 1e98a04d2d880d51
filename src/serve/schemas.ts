/**
 * JSON schemas of the service's requests. Fastify validates every request
 * against them before a handler runs; a failure is answered 400 with the
 * offending field named (see errors.ts).
 */
import { MAX_CANDIDATES } from '../apps/rank.ts';
import { MAX_K } from '../apps/recommend.ts';

/** Longest accepted user key, item key or query, in characters. */
export const MAX_KEY = 200;
export const MAX_QUERY = 1000;

const key = { type: 'string', minLength: 1, maxLength: MAX_KEY } as const;
const objective = { type: 'string', minLength: 1, maxLength: 200 } as const;

export const rankSchema = {
  body: {
    type: 'object',
    required: ['user', 'items'],
    additionalProperties: false,
    properties: {
      user: key,
      query: { type: 'string', maxLength: MAX_QUERY },
      items: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_CANDIDATES,
        items: key,
      },
      objective,
      /** Return only the first `top` items (default: all). */
      top: { type: 'integer', minimum: 1, maximum: MAX_CANDIDATES },
    },
  },
} as const;

export interface RankBody {
  user: string;
  query?: string;
  items: string[];
  objective?: string;
  top?: number;
}

export const recommendSchema = {
  querystring: {
    type: 'object',
    required: ['user'],
    additionalProperties: false,
    properties: {
      user: key,
      k: { type: 'integer', minimum: 1, maximum: MAX_K, default: 10 },
      objective,
      includeBought: { type: 'boolean', default: false },
    },
  },
} as const;

export interface RecommendQuery {
  user: string;
  k: number;
  objective?: string;
  includeBought: boolean;
}

export const profileSchema = {
  params: {
    type: 'object',
    required: ['id'],
    properties: { id: key },
  },
} as const;
