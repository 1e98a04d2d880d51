/** The shape of a multi-task network, as stored in `model.json`. */
import { UsageError } from '../errors.ts';
import type { Architecture } from './api.ts';

export const ARCHITECTURES: readonly Architecture[] = [
  'shared-bottom',
  'esmm',
  'mmoe',
  'ple',
];

export interface ModelConfig {
  architecture: Architecture;
  /** Task names; for ESMM the first is the click (CTR) task. */
  tasks: string[];
  /** Vocabulary size of each categorical field (id 0 is unknown). */
  vocabs: number[];
  /** Number of numeric features. */
  nDense: number;
  /** Embedding width per field. */
  embDim: number;
  /** Widths of the shared bottom MLP, or of every expert MLP. */
  hidden: number[];
  /** Widths of each tower's hidden layers, before its output logit. */
  tower: number[];
  /** MMoE experts, or PLE shared experts per level. */
  experts: number;
  /** PLE task-specific experts per task and level. */
  taskExperts: number;
  /** PLE extraction levels (1 or 2). */
  levels: number;
  /** Seed of the parameter initialisation. */
  seed: number;
}

export const DEFAULT_SHAPE = {
  embDim: 16,
  hidden: [256, 128],
  tower: [64],
  experts: 4,
  taskExperts: 1,
  levels: 1,
  seed: 0,
};

/** Fills defaults and checks the shape; throws UsageError when invalid. */
export function makeConfig(
  c: Partial<ModelConfig> & Pick<ModelConfig, 'tasks' | 'vocabs' | 'nDense'>,
): ModelConfig {
  const config: ModelConfig = {
    architecture: 'shared-bottom',
    ...DEFAULT_SHAPE,
    ...c,
  };
  const { architecture: arch, tasks } = config;
  if (!ARCHITECTURES.includes(arch)) {
    throw new UsageError(
      `unknown architecture "${arch}"; expected one of ` +
        ARCHITECTURES.join(', '),
    );
  }
  if (tasks.length < 1) throw new UsageError('at least one task is needed');
  if (arch === 'esmm' && tasks.length < 2) {
    throw new UsageError(
      'esmm needs a click task and at least one later task ' +
        `(got tasks: ${tasks.join(',')}); use --tasks click,purchase`,
    );
  }
  const widths = [...config.hidden, ...config.tower, config.embDim];
  if (widths.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new UsageError(`layer widths must be positive integers`);
  }
  if ((arch === 'mmoe' || arch === 'ple') && config.hidden.length === 0) {
    throw new UsageError(`${arch} needs expert layers (hidden widths)`);
  }
  if (config.experts < 1 || config.taskExperts < 0) {
    throw new UsageError('expert counts must be >= 1 (task experts >= 0)');
  }
  if (config.levels < 1 || config.levels > 2) {
    throw new UsageError(`PLE levels must be 1 or 2, got ${config.levels}`);
  }
  if (config.vocabs.length + config.nDense === 0) {
    throw new UsageError('the model needs at least one feature');
  }
  return config;
}
