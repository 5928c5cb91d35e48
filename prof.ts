import { generateManifests } from './bench/generate.js';
import { loadTexts } from './src/load/index.js';
import { buildModel } from './src/model/build.js';
import { schemaFindings } from './src/schema/index.js';
import { simulate } from './src/sim/index.js';
import { loadRuleSet, runRules } from './src/rules/index.js';
const text = generateManifests(10000, 42);
const T = (label: string, f: () => any) => { const t = performance.now(); const r = f(); console.log(label, Math.round(performance.now() - t)); return r; };
for (let k = 0; k < 2; k++) {
const l = T('load', () => loadTexts([{ file: 'b.yaml', text }]));
const m = T('model', () => buildModel(l.resources));
const s = T('schema', () => schemaFindings(l.resources, {}));
const st = T('simulate', () => simulate(m, {}));
const rs = T('loadRules', () => loadRuleSet([]));
const f = T('rules', () => runRules(rs.rules, { model: m, state: st, settings: {} }));
console.log('findings', f.length, s.findings.length, 'pods', st.pods.length, 'problems', st.problems.length);
}
