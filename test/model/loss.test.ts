import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocTerms, probabilities, taskTerms } from '../../src/model/loss.ts';
import { bceWithLogit } from '../../src/model/kernels.ts';

/** Agreement of closed forms computed two ways in float64. */
const CLOSED_FORM_TOL = 1e-12;
/** Central-difference agreement of the loss derivatives. */
const DERIV_TOL = 1e-7;

const naiveBce = (p: number, y: number) =>
  -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
const sig = (z: number) => 1 / (1 + Math.exp(-z));

test('bceWithLogit() equals -y log p - (1-y) log(1-p) for moderate logits', () => {
  for (const z of [-6, -1.5, -0.1, 0, 0.3, 2, 7]) {
    for (const y of [0, 1, 0.25]) {
      const diff = Math.abs(bceWithLogit(z, y) - naiveBce(sig(z), y));
      assert.ok(diff < CLOSED_FORM_TOL, `z=${z} y=${y}: ${diff}`);
    }
  }
});

test('bceWithLogit() stays finite and exact for huge logits', () => {
  assert.equal(bceWithLogit(800, 1), 0);
  assert.equal(bceWithLogit(800, 0), 800);
  assert.equal(bceWithLogit(-800, 1), 800);
  assert.ok(Number.isFinite(bceWithLogit(-800, 0)));
});

test('taskTerms() for ESMM equals the BCE of pCTR·pCVR with its derivatives', () => {
  const logits = Float64Array.from([0.4, -1.2, 2.5, -3, 1.1, 0.2]);
  const labels = Float32Array.from([1, 0, 1, 0, 1, 0]);
  const T = 3;
  const terms = allocTerms(6);
  taskTerms(logits, labels, 2, T, true, terms);
  const loss = (z: Float64Array, i: number) => {
    const r = Math.floor(i / T);
    const t = i % T;
    const p = t === 0 ? sig(z[r * T]) : sig(z[r * T]) * sig(z[i]);
    return naiveBce(p, labels[i]);
  };
  for (let i = 0; i < 6; i++) {
    assert.ok(Math.abs(terms.loss[i] - loss(logits, i)) < CLOSED_FORM_TOL);
    const h = 1e-6;
    const d = (j: number) => {
      const up = Float64Array.from(logits);
      const dn = Float64Array.from(logits);
      up[j] += h;
      dn[j] -= h;
      return (loss(up, i) - loss(dn, i)) / (2 * h);
    };
    const r0 = Math.floor(i / T) * T;
    assert.ok(Math.abs(terms.dSelf[i] - d(i)) < DERIV_TOL, `dSelf ${i}`);
    if (i % T !== 0) {
      assert.ok(Math.abs(terms.dClick[i] - d(r0)) < DERIV_TOL, `dClick ${i}`);
    }
  }
});

test('taskTerms() for ESMM with saturated logits gives finite losses', () => {
  const logits = Float64Array.from([40, 40, -40, -40]);
  const terms = allocTerms(4);
  taskTerms(logits, Float32Array.from([0, 0, 1, 1]), 2, 2, true, terms);
  for (const v of [...terms.loss, ...terms.dSelf, ...terms.dClick]) {
    assert.ok(Number.isFinite(v));
  }
  assert.ok(terms.loss[1] > 39, 'confidently wrong costs about |z|');
});

test('probabilities() for ESMM are pCTR then pCTR·pCVR', () => {
  const out = new Float64Array(2);
  probabilities(Float64Array.from([0.5, -0.5]), 1, 2, true, out);
  assert.ok(Math.abs(out[0] - sig(0.5)) < CLOSED_FORM_TOL);
  assert.ok(Math.abs(out[1] - sig(0.5) * sig(-0.5)) < CLOSED_FORM_TOL);
});
