import { Args, Command, Flags } from '@oclif/core';
import { findConfigFile, loadConfig, loadExternalFile } from '../config.js';
import type { Config } from '../config.js';
import { analyzeInParallel } from '../analysis/parallel.js';
import { atOrAbove } from '../report/finding.js';
import type { Finding, Severity } from '../report/finding.js';
import { reportFlags } from '../report/flags.js';
import { terminalProgress } from '../report/progress.js';
import { isFormatName } from '../report/formats.js';
import { inventoryOf, planOutputs, writeReports } from '../report/outputs.js';
import { VERSION } from '../version.js';

/** Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or input errors. */
export function exitCodeFor(findings: readonly Finding[], failOn: Severity | 'none'): 0 | 1 | 2 {
  const active = findings.filter((f) => !f.suppressed);
  if (active.some((f) => f.input)) return 2;
  if (failOn === 'none') return 0;
  return active.some((f) => atOrAbove(f.severity, failOn)) ? 1 : 0;
}

export default class Check extends Command {
  static override summary = 'Lint manifests and dry-run them: schema, rules, scheduling, endpoints, routing, reachability.';
  static override description = `Reads files, directories (recursively: .yaml, .yml, .json) and - (stdin), and prints every finding with file:line:column.

Exit status: 0 when nothing is at or above --fail-on, 1 when something is, 2 for usage or input errors (a file that cannot be read or parsed; the rest is still analysed).`;

  static override examples = [
    '<%= config.bin %> check ./manifests',
    'helm template ./chart | <%= config.bin %> check -',
    '<%= config.bin %> check k8s/ --fail-on warning --format json --output findings.json',
    '<%= config.bin %> check k8s/ --format sarif --output k8s-lint.sarif --format stylish --output -',
  ];

  static override strict = false;
  static override args = {
    paths: Args.string({ description: 'files, directories, or - for stdin', required: false }),
  };

  static override flags = {
    ...reportFlags,
    'fail-on': Flags.string({ description: 'lowest severity that makes the exit status 1', options: ['error', 'warning', 'info', 'none'] }),
    config: Flags.string({ char: 'c', description: 'config file (default: .k8s-lint.yaml found upward from the working directory)' }),
    namespace: Flags.string({ char: 'n', description: 'namespace of namespaced objects that name none (default: default)' }),
    'max-file-size': Flags.integer({ description: 'largest file read, in bytes (default 64 MiB)', min: 1 }),
    color: Flags.boolean({ description: 'colour the stylish output (default: on a TTY unless NO_COLOR is set)', allowNo: true }),
    quiet: Flags.boolean({ char: 'q', description: 'print only errors' }),
    'kube-version': Flags.string({ description: 'Kubernetes release whose APIs exist (default 1.36)' }),
    strict: Flags.boolean({ description: 'unknown fields are errors, as kubectl apply (--no-strict: warnings)', allowNo: true }),
    'schema-dir': Flags.string({ description: 'extra JSON Schemas in kubeconform layout ({kind}-{group}-{version}.json)', multiple: true }),
    rules: Flags.string({ description: 'a folder of your own rule files (repeatable)', multiple: true }),
    'enable-all': Flags.boolean({ description: 'turn optional (non-recommended) rules on too' }),
    pss: Flags.string({ description: 'enforce a Pod Security Standards profile as errors', options: ['baseline', 'restricted'] }),
    external: Flags.string({ description: 'a manifest file of objects that exist outside the input (no missing-reference findings for them)' }),
    'skip-kinds': Flags.string({ description: 'kinds not schema-validated (comma-separated or repeated)', multiple: true, delimiter: ',' }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Check);
    const paths = (argv as string[]).length > 0 ? (argv as string[]) : [];
    if (paths.length === 0) {
      this.error('no input: give files, directories, or - for stdin (e.g. k8s-lint check ./manifests)', { exit: 2 });
    }
    const configFile = flags.config ?? findConfigFile(process.cwd());
    const loaded = loadConfig(configFile);
    const config: Config = loaded.config;
    const external = flags.external ? loadExternalFile(flags.external) : undefined;
    // Report flags are checked before any work is done: a typo costs nothing.
    const failOn = (flags['fail-on'] ?? config.failOn ?? 'error') as Severity | 'none';
    const defaultFormat = config.format !== undefined && isFormatName(config.format) ? config.format : 'stylish';
    const plan = planOutputs(flags.format, flags.output, defaultFormat);
    if ('error' in plan) this.error(plan.error.message, { exit: 2 });
    const progress = terminalProgress(flags.quiet);
    const analysis = await analyzeInParallel(
      paths,
      {
        config,
        ...(flags.namespace ? { namespace: flags.namespace } : {}),
        ...(flags['max-file-size'] ? { maxFileSize: flags['max-file-size'] } : {}),
        ...(flags['kube-version'] ? { kubeVersion: flags['kube-version'] } : {}),
        ...(flags.strict !== undefined ? { strict: flags.strict } : {}),
        ...(flags['schema-dir'] ? { schemaDirs: flags['schema-dir'] } : {}),
        ...(flags['skip-kinds'] ? { skipKinds: flags['skip-kinds'] } : {}),
        ...(flags.rules ? { ruleDirs: flags.rules } : {}),
        ...(flags['enable-all'] ? { enableAll: true } : {}),
        ...(flags.pss ? { pss: flags.pss as 'baseline' | 'restricted' } : {}),
        ...(external ? { external: external.external } : {}),
      },
      { onProgress: (e) => progress.update(e) },
    );
    progress.stop();
    let findings: Finding[] = [...loaded.findings, ...(external?.findings ?? []), ...analysis.findings];
    if (flags.quiet) findings = findings.filter((f) => f.severity === 'error');
    const color = flags.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
    const writeErrors = writeReports(
      findings,
      {
        rules: [],
        cwd: process.cwd(),
        tool: { name: 'k8s-lint', version: VERSION },
        inventory: inventoryOf(analysis.resources),
        failOn,
        color,
        counts: { files: analysis.files.length, objects: analysis.resources.length },
      },
      plan.targets,
      { stdout: (s) => process.stdout.write(s) },
    );
    for (const e of writeErrors) this.logToStderr(`k8s-lint: ${e.message}`);
    if (writeErrors.length > 0) this.exit(2);
    const code = exitCodeFor(findings, failOn);
    if (code !== 0) this.exit(code);
  }
}
