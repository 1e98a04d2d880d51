import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExternalDynamics } from '../../src/importance/external-dynamics.ts';
import { DataError } from '../../src/errors.ts';

/** Rows for samples 7 and 3, epochs 1..2, tasks click and buy. */
function rows() {
  const out = {
    sampleId: [] as number[],
    epoch: [] as number[],
    task: [] as string[],
    prob: [] as number[],
    label: [] as number[],
  };
  for (const e of [2, 1]) {
    for (const id of [7, 3]) {
      for (const task of ['buy', 'click']) {
        out.sampleId.push(id);
        out.epoch.push(e);
        out.task.push(task);
        out.prob.push(id / 10 + e / 100 + (task === 'buy' ? 0.001 : 0));
        out.label.push(task === 'click' && id === 7 ? 1 : 0);
      }
    }
  }
  return out;
}

const tasks = ['click', 'buy'];

test('parseExternalDynamics() fills the tensor in id and task order', () => {
  const p = parseExternalDynamics(rows(), {
    tasks,
    sampleIds: Int32Array.from([7, 3]),
  });
  assert.deepEqual(p.epochs, [1, 2]);
  assert.equal(p.dynamics.epochs, 2);
  const at = (e: number, r: number, t: number) =>
    p.dynamics.probs[(e * 2 + r) * 2 + t];
  assert.equal(at(0, 0, 0), Math.fround(0.71));
  assert.equal(at(1, 1, 1), Math.fround(0.321));
  assert.deepEqual([...(p.labels?.labels ?? [])], [1, 0, 0, 0]);
});

test('parseExternalDynamics() without ids orders samples by id', () => {
  const p = parseExternalDynamics(rows(), { tasks });
  assert.deepEqual([...p.sampleIds], [3, 7]);
});

test('parseExternalDynamics() names the line of an unknown sample', () => {
  const r = rows();
  r.sampleId[4] = 99;
  assert.throws(
    () =>
      parseExternalDynamics(r, {
        tasks,
        sampleIds: Int32Array.from([7, 3]),
        file: 'd.csv',
      }),
    (e: unknown) =>
      e instanceof DataError &&
      /d\.csv, line 6, column sample_id: sample_id 99/.test(e.message),
  );
});

test('parseExternalDynamics() rejects a prob outside [0, 1] and a task', () => {
  const r = rows();
  r.prob[2] = 1.5;
  assert.throws(
    () => parseExternalDynamics(r, { tasks }),
    /line 4, column prob: prob 1.5/,
  );
  const s = rows();
  s.task[0] = 'cart';
  assert.throws(
    () => parseExternalDynamics(s, { tasks }),
    /unknown task "cart"/,
  );
});

test('parseExternalDynamics() reports a missing epoch and a duplicate', () => {
  const r = rows();
  const keep = r.epoch.map(
    (e, i) => !(e === 1 && r.sampleId[i] === 3 && r.task[i] === 'buy'),
  );
  const cut = {
    sampleId: r.sampleId.filter((_, i) => keep[i]),
    epoch: r.epoch.filter((_, i) => keep[i]),
    task: r.task.filter((_, i) => keep[i]),
    prob: r.prob.filter((_, i) => keep[i]),
  };
  assert.throws(
    () => parseExternalDynamics(cut, { tasks }),
    /epoch 1 is missing for sample 3, task buy/,
  );
  const d = rows();
  d.epoch[1] = 2;
  d.task[1] = 'buy';
  assert.throws(() => parseExternalDynamics(d, { tasks }), /appears twice/);
});

test('parseExternalDynamics() rejects a label that changes over epochs', () => {
  const r = rows();
  r.label[0] = 1;
  assert.throws(
    () => parseExternalDynamics(r, { tasks }),
    /differs from the same sample/,
  );
});
