/** Numeric helpers for probabilities, in float64. */

/** Probabilities are clipped to [EPS, 1 − EPS] before logs and logits. */
export const PROB_EPS = 1e-7;

/** p clipped to [PROB_EPS, 1 − PROB_EPS]. */
export function clipProb(p: number): number {
  return p < PROB_EPS ? PROB_EPS : p > 1 - PROB_EPS ? 1 - PROB_EPS : p;
}

/** Binary cross-entropy −[y·ln p + (1 − y)·ln(1 − p)], p clipped. */
export function bce(p: number, y: number): number {
  const q = clipProb(p);
  return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
}

/** ln(p / (1 − p)), p clipped (so |logit| <= about 16.1). */
export function logit(p: number): number {
  const q = clipProb(p);
  return Math.log(q / (1 - q));
}
