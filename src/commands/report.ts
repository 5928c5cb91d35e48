import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Args, Command, Flags } from '@oclif/core';
import { findConfigFile, loadConfig } from '../config.js';
import { analyze } from '../index.js';
import type { Finding } from '../report/finding.js';
import { clusterViews } from '../report/cluster-views.js';
import { formatHtml } from '../report/html.js';
import { terminalProgress } from '../report/progress.js';
import { VERSION } from '../version.js';

export default class Report extends Command {
  static override summary = 'Write a self-contained HTML report: findings with filters, nodes and pods, the Service map.';
  static override description = `Analyses like check, then writes one HTML file that works offline (no external assets): a summary, the findings (filter by severity, rule and namespace; links to file:line), the nodes with the pods placed on them, the Service map (Ingress → Service → pods) and, when NetworkPolicies are analysed, the reachability matrix.

Exit status: 0 when the report was written, 2 when the input had errors (the report is still written) or the file could not be written.`;

  static override examples = [
    '<%= config.bin %> report k8s/ --output report.html',
    'helm template ./chart | <%= config.bin %> report - -o chart-report.html --title "my chart"',
  ];

  static override strict = false;
  static override args = {
    paths: Args.string({ description: 'files, directories, or - for stdin', required: false }),
  };

  static override flags = {
    output: Flags.string({ char: 'o', description: 'HTML file to write', default: 'k8s-lint-report.html' }),
    title: Flags.string({ description: 'page title (default: "k8s-lint report")' }),
    config: Flags.string({ char: 'c', description: 'config file (default: .k8s-lint.yaml found upward from the working directory)' }),
    namespace: Flags.string({ char: 'n', description: 'namespace of namespaced objects that name none (default: default)' }),
    quiet: Flags.boolean({ char: 'q', description: 'no progress bar, and do not print where the report was written' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Report);
    const paths = argv as string[];
    if (paths.length === 0) {
      this.error('no input: give files, directories, or - for stdin (e.g. k8s-lint report ./manifests -o report.html)', { exit: 2 });
    }
    const loaded = loadConfig(flags.config ?? findConfigFile(process.cwd()));
    const progress = terminalProgress(flags.quiet);
    const analysis = analyze(
      paths,
      { config: loaded.config, ...(flags.namespace ? { namespace: flags.namespace } : {}) },
      { onProgress: (e) => progress.update(e) },
    );
    progress.stop();
    const findings: Finding[] = [...loaded.findings, ...analysis.findings];
    const out = resolve(flags.output);
    const html = formatHtml(
      findings,
      { rules: [], cwd: process.cwd(), tool: { name: 'k8s-lint', version: VERSION } },
      clusterViews(analysis.model, analysis.state),
      { reportDir: dirname(out), ...(flags.title ? { title: flags.title } : {}) },
    );
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, html);
    } catch (e) {
      this.error(`cannot write ${flags.output}: ${(e as Error).message}`, { exit: 2 });
    }
    if (!flags.quiet) this.logToStderr(`k8s-lint: report written to ${flags.output}`);
    if (findings.some((f) => f.input && !f.suppressed)) this.exit(2);
  }
}
