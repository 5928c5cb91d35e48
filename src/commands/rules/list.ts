import { Command, Flags } from '@oclif/core';
import { CATEGORIES, loadRuleSet } from '../../rules/index.js';
import { formatRuleList, ruleListEntries } from '../../rules/cli.js';

export default class RulesList extends Command {
  static override summary = 'List the rules: built-in ones and those of --rules folders.';
  static override examples = ['<%= config.bin %> rules list', '<%= config.bin %> rules list --category security --json'];
  static override flags = {
    json: Flags.boolean({ description: 'print JSON (one object per rule)' }),
    category: Flags.string({ description: 'only rules of this category', options: [...CATEGORIES] }),
    rules: Flags.string({ description: 'a folder of your own rules (repeatable)', multiple: true }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(RulesList);
    const set = loadRuleSet(flags.rules ?? []);
    for (const f of set.findings) process.stderr.write(`${f.location.file}:${f.location.line}:${f.location.column}: ${f.message}\n`);
    const entries = ruleListEntries(set.rules, flags.category);
    process.stdout.write(flags.json ? JSON.stringify(entries, null, 2) + '\n' : formatRuleList(entries));
    if (set.findings.length > 0) this.exit(2);
  }
}
