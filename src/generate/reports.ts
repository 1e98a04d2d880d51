/** The JSON side files of a world: truth.json and world.json. */
import { BOT_SHARE } from './population.ts';
import {
  DUPLICATE_RATE,
  FLIP_ADD_BELOW,
  FLIP_RATE,
  FLIP_REMOVE_ABOVE,
} from './noise.ts';
import { BOT_CLICK_RATE } from './session.ts';
import { LOG_SPAN, LOG_START } from './world.ts';
import type { WriteJob, WrittenWorld } from './write-world.ts';

type ReportInput = WriteJob & { written: WrittenWorld };

const NOISY_SAMPLE =
  'A sample is one impression (session_id, item_id). It is noisy when the ' +
  'pair appears in truth.csv as accidental_click or flipped_label, or when ' +
  'its user appears there as bot_user (one row per bot click). ' +
  'duplicate_event rows mark event rows written twice (same event_id), ' +
  'which do not make a sample noisy. flipped_label rows point at the cart ' +
  'of a removed purchase or at an added purchase.';

export function truthReport({ options, calibration, written }: ReportInput) {
  return {
    version: 1,
    seed: options.seed,
    counts: { ...written.counts.truth, botUsers: written.botUsers },
    definition: NOISY_SAMPLE,
    parameters: {
      accidentalClickShare: options.noiseRate,
      botShare: BOT_SHARE,
      botClickRate: BOT_CLICK_RATE,
      duplicateRate: DUPLICATE_RATE,
      flipRate: FLIP_RATE,
      flipRemoveAbove: FLIP_REMOVE_ABOVE,
      flipAddBelow: FLIP_ADD_BELOW,
      calibrated: calibration.noise,
    },
  };
}

export function worldReport({ options, version, written }: ReportInput) {
  const t = written.counts.byType;
  return {
    kind: 'winnow-world',
    version,
    seed: options.seed,
    format: options.format,
    sizes: {
      users: options.users,
      items: options.items,
      itemsListed: written.itemsListed,
      events: written.counts.rows,
      sessions: written.sessions,
    },
    events: t,
    rates: {
      clickPerImpression: ratio(t.click, t.impression),
      cartPerClick: ratio(t.cart, t.click),
      purchasePerCart: ratio(t.purchase, t.cart),
    },
    noiseRate: options.noiseRate,
    logStart: LOG_START,
    logSpanSeconds: LOG_SPAN,
    files: written.files,
  };
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}
