import type { RuleFunction } from '../types.js';

/**
 * Registers a typed function in the library. Options reach `run` only after they passed `optionsSchema`
 * at load time, which is what makes the widening of the options type sound.
 */
export function defineFunction<O>(f: RuleFunction<O>): RuleFunction {
  return f as unknown as RuleFunction;
}

export const noReports: readonly never[] = [];
