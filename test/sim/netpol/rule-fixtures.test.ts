/**
 * The netpol rule fixtures (test/rules/netpol-*) checked against the problems this step produces: every
 * `# expect: problem` line gets a problem with one of the rule's codes, and no other line does. The generic
 * rule runner checks the same through the rule engine once the step is wired into simulate().
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../../src/load/index.js';
import { buildModel } from '../../../src/model/build.js';
import { locateIn } from '../../../src/model/resource.js';
import { netpolProblems, netpolStep } from '../../../src/sim/netpol/index.js';
import { simulate } from '../../../src/sim/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const ruleFiles = readdirSync(`${root}rules/networking`).filter((f) => f.startsWith('netpol-'));

describe('netpol rule fixtures', () => {
  for (const file of ruleFiles) {
    const rule = parse(readFileSync(`${root}rules/networking/${file}`, 'utf8')) as { id: string; check: { options: { codes: string[] } } };
    for (const kind of ['valid', 'invalid'] as const) {
      const dir = `${root}test/rules/${rule.id}/${kind}`;
      for (const fixture of readdirSync(dir)) {
        it(`${rule.id} ${kind}/${fixture}`, () => {
          const text = readFileSync(`${dir}/${fixture}`, 'utf8');
          const want = text.split('\n').flatMap((l, i) => (/# expect: problem\b/.test(l) ? [i + 1] : []));
          const model = buildModel(loadTexts([{ file: fixture, text }]).resources);
          const state = netpolStep(model, simulate(model));
          const got = netpolProblems(state)
            .filter((p) => rule.check.options.codes.includes(p.code))
            .map((p) => locateIn(p.resource, p.pointer).line)
            .sort((a, b) => a - b);
          expect(got).toEqual(want);
        });
      }
    }
  }
});
