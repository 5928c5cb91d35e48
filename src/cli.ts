/**
 * The command-line program as one module: every command, and the oclif entry points bin/run.js calls.
 * scripts/bundle-cli.ts bundles it with its dependencies into dist/bundle/cli.cjs, which package.json's
 * `oclif.commands` names (oclif's "explicit" command discovery). Loading one file instead of some 400 modules
 * saves about 0.25 s of CPU at every start, and bin/run.js takes oclif from the same bundle, so there is one
 * copy of it.
 */
import Check from './commands/check.js';
import Dns from './commands/dns.js';
import Proxy from './commands/proxy.js';
import Reach from './commands/reach.js';
import Report from './commands/report.js';
import Route from './commands/route.js';
import RulesExplain from './commands/rules/explain.js';
import RulesList from './commands/rules/list.js';
import RulesTest from './commands/rules/test.js';
import Schedule from './commands/schedule.js';

export { handle, run } from '@oclif/core';

/** Command ids as oclif names them (`rules:list` is `k8s-lint rules list`). */
export const COMMANDS = {
  check: Check,
  dns: Dns,
  proxy: Proxy,
  reach: Reach,
  report: Report,
  route: Route,
  'rules:explain': RulesExplain,
  'rules:list': RulesList,
  'rules:test': RulesTest,
  schedule: Schedule,
};
