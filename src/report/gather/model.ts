/**
 * The model section from a model directory's `model.json` and
 * `metrics.json`. Learning curves come from `history` in metrics.json, or
 * in model.json under `training`. Accepted metric layouts: a list of rows
 * `{task, split, auc, ...}`, or nested `{split: {task: {auc, ...}}}` at the
 * top level or under `metrics` / `splits`.
 */
import type { EpochPoint, ModelSection, TaskMetrics } from '../data.ts';
import { arr, field, isObj, keep, num, obj, str, type Obj } from './pick.ts';

const SPLIT_NAMES = ['train', 'valid', 'validation', 'test'];

function metricRow(
  m: unknown,
  task: string,
  split: string,
): TaskMetrics | undefined {
  const auc = num(m, 'auc', 'AUC');
  if (auc === undefined) return undefined;
  return {
    task,
    split,
    auc,
    gauc: num(m, 'gauc', 'GAUC'),
    logloss: num(m, 'logloss', 'logLoss', 'log_loss') ?? NaN,
    calibration: num(m, 'calibration'),
  };
}

function nestedMetrics(bySplit: Obj): TaskMetrics[] {
  const out: TaskMetrics[] = [];
  for (const [split, byTask] of Object.entries(bySplit)) {
    if (!isObj(byTask)) continue;
    for (const [task, m] of Object.entries(byTask)) {
      const row = metricRow(m, task, split);
      if (row) out.push(row);
    }
  }
  return out;
}

/** Per-task metrics from any accepted layout. */
export function parseMetrics(metrics: unknown): TaskMetrics[] {
  const list = Array.isArray(metrics) ? metrics : arr(metrics, 'metrics');
  if (list.length) {
    return keep(list, (m) => {
      const task = str(m, 'task');
      const split = str(m, 'split');
      return task && split ? metricRow(m, task, split) : undefined;
    });
  }
  const nested = obj(metrics, 'metrics', 'splits');
  if (nested) return nestedMetrics(nested);
  if (!isObj(metrics)) return [];
  const splits = Object.fromEntries(
    SPLIT_NAMES.filter((s) => isObj(metrics[s])).map((s) => [s, metrics[s]]),
  );
  return nestedMetrics(splits);
}

/** Validation AUC per task of one epoch entry. */
function epochAucs(e: unknown): [string, number][] {
  const task = str(e, 'task');
  const flat = num(e, 'validAuc', 'valid_auc');
  if (task && flat !== undefined) return [[task, flat]];
  const byTask = obj(e, 'validAuc', 'valid_auc', 'valid', 'validation');
  if (!byTask) return [];
  return keep(Object.entries(byTask), ([t, v]) => {
    const auc = num(v) ?? num(v, 'auc');
    return auc === undefined ? undefined : [t, auc];
  });
}

/** Learning curves from `history` / `epochs`, one point per task. */
export function parseHistory(metrics: unknown): EpochPoint[] {
  const out: EpochPoint[] = [];
  const epochs = arr(metrics, 'history', 'epochs');
  epochs.forEach((e, i) => {
    const epoch = num(e, 'epoch') ?? i + 1;
    const trainLoss = num(e, 'trainLoss', 'train_loss', 'loss') ?? NaN;
    for (const [task, validAuc] of epochAucs(e)) {
      out.push({ epoch, trainLoss, task, validAuc });
    }
  });
  return out;
}

/** The architecture name from model.json (or metrics.json). */
function arch(model: unknown, metrics: unknown): string {
  const config = obj(model, 'config');
  return (
    str(model, 'arch', 'architecture') ??
    str(config, 'arch', 'architecture') ??
    str(metrics, 'arch', 'architecture') ??
    'model'
  );
}

/** The model section, or undefined when neither file was found. */
export function modelSection(
  model: unknown,
  metrics: unknown,
): ModelSection | undefined {
  if (model === undefined && metrics === undefined) return undefined;
  const source = field(metrics, 'final') ?? metrics;
  return {
    arch: arch(model, metrics),
    metrics: parseMetrics(source),
    history: [metrics, obj(model, 'training'), model]
      .map(parseHistory)
      .reduce((found, h) => (found.length ? found : h), []),
  };
}
