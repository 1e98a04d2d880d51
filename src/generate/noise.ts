/**
 * The planted noise: its fixed rates, and the per-event probabilities that
 * reach them, found by a dry run of the world without noise.
 */
import type { Rng } from '../util/rng.ts';
import { SessionSimulator, type SessionStats } from './session.ts';
import { NullSink } from './sink.ts';
import type { World } from './world.ts';

/** Share of event rows written twice. */
export const DUPLICATE_RATE = 0.005;
/** Flipped purchase labels as a share of purchases. */
export const FLIP_RATE = 0.01;
/** A purchase is removed only where its probability was above this. */
export const FLIP_REMOVE_ABOVE = 0.5;
/** A purchase is added only where its probability was below this. */
export const FLIP_ADD_BELOW = 0.3;
/** Sessions simulated to calibrate the noise. */
const CALIBRATION_SESSIONS = 4000;

/** Per-event probabilities that plant the noise. */
export interface NoiseParams {
  /** Accidental click on an unclicked item outside the user's interests. */
  accidentalClick: number;
  /** Removing a likely purchase (probability above FLIP_REMOVE_ABOVE). */
  removePurchase: number;
  /** Adding an unlikely purchase to a cart (below FLIP_ADD_BELOW). */
  addPurchase: number;
  /** Writing an event row twice. */
  duplicate: number;
}

export const NO_NOISE: NoiseParams = {
  accidentalClick: 0,
  removePurchase: 0,
  addPurchase: 0,
  duplicate: 0,
};

export interface Calibration {
  noise: NoiseParams;
  /** Mean event rows per session, to spread sessions over the log span. */
  rowsPerSession: number;
}

/**
 * Runs the world without noise and derives the probabilities giving a
 * share `clickNoise` of accidental clicks among real users' clicks and
 * flipped labels on FLIP_RATE of purchases, half removed and half added.
 */
export function calibrate(
  world: World,
  rng: Rng,
  clickNoise: number,
): Calibration {
  const sim = new SessionSimulator(world, NO_NOISE, rng);
  const sink = new NullSink();
  for (let s = 0; s < CALIBRATION_SESSIONS; s++) sim.run(s, 0, sink);
  const st: SessionStats = sim.stats;
  const half = (FLIP_RATE * st.purchases) / 2;
  return {
    noise: {
      accidentalClick: ratio(
        (clickNoise * st.realClicks) / (1 - clickNoise),
        st.accidentalChances,
      ),
      removePurchase: ratio(half, st.likelyPurchases),
      addPurchase: ratio(half, st.unlikelyCarts),
      duplicate: DUPLICATE_RATE,
    },
    rowsPerSession: st.rows / CALIBRATION_SESSIONS,
  };
}

function ratio(a: number, b: number): number {
  return b > 0 ? Math.min(1, a / b) : 0;
}
