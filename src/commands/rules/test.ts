import { Args, Command, Flags } from '@oclif/core';
import { formatFixtureRun, loadRuleSet, runFixtures } from '../../rules/index.js';

export default class RulesTest extends Command {
  static override summary = "Run a rule folder's fixtures: <id>/valid/*.yaml and <id>/invalid/*.yaml with # expect: markers.";
  static override description = `Each fixture runs through the whole pipeline with only its rule on. An invalid fixture marks every expected finding on its line with "# expect: <messageId>"; a valid fixture must produce none. Rules are read from DIR itself (and from --rules folders), besides the built-in ones.

Exit status: 0 when every fixture passes, 1 when one fails, 2 when a rule file is invalid.`;
  static override examples = ['<%= config.bin %> rules test ./policies'];
  static override args = { dir: Args.string({ description: 'folder with rule files and <id>/{valid,invalid}/ fixtures', required: true }) };
  static override flags = {
    rules: Flags.string({ description: 'more folders of rules (repeatable)', multiple: true }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(RulesTest);
    const set = loadRuleSet([args.dir, ...(flags.rules ?? [])]);
    for (const f of set.findings) process.stderr.write(`${f.location.file}:${f.location.line}:${f.location.column}: ${f.message}\n`);
    if (set.findings.length > 0) this.exit(2);
    const userIds = set.rules.filter((r) => !r.builtin).map((r) => r.id);
    const run = runFixtures(args.dir, set.rules);
    for (const c of run.cases) if (c.ok) process.stdout.write(`ok   ${c.file}\n`);
    process.stdout.write(formatFixtureRun(run) + '\n');
    const untested = userIds.filter((id) => !run.cases.some((c) => c.rule === id));
    for (const id of untested) process.stdout.write(`warning: rule ${id} has no fixtures in ${args.dir}\n`);
    if (!run.ok) this.exit(1);
  }
}
