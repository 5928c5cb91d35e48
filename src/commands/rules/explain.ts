import { relative } from 'node:path';
import { Args, Command, Flags } from '@oclif/core';
import { join } from 'node:path';
import { explainRule } from '../../rules/cli.js';
import { loadRuleSet, packageRoot } from '../../rules/index.js';

export default class RulesExplain extends Command {
  static override summary = 'Explain a rule: what it finds, how to fix it, and an example of each.';
  static override examples = ['<%= config.bin %> rules explain service-selector-matches-no-pods'];
  static override args = { id: Args.string({ description: 'rule id', required: true }) };
  static override flags = {
    rules: Flags.string({ description: 'a folder of your own rules (repeatable); its <id>/valid|invalid fixtures are shown', multiple: true }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(RulesExplain);
    const set = loadRuleSet(flags.rules ?? []);
    const rule = set.rules.find((r) => r.id === args.id);
    if (rule === undefined) {
      const near = set.rules.filter((r) => r.id.includes(args.id) || args.id.includes(r.id)).map((r) => r.id);
      this.error(`no rule "${args.id}"${near.length > 0 ? `; did you mean ${near.slice(0, 5).join(', ')}?` : ''} (see: k8s-lint rules list)`, { exit: 2 });
    }
    const root = packageRoot();
    const dirs = [join(root, 'test', 'rules'), ...(flags.rules ?? [])];
    process.stdout.write(explainRule(rule, dirs, (f) => (f.startsWith(root) ? relative(root, f) : f)));
  }
}
