import { writeFileSync } from 'node:fs';
import { Args, Command, Flags } from '@oclif/core';
import { findConfigFile, loadConfig } from '../config.js';
import type { Config } from '../config.js';
import { analyze } from '../index.js';
import { atOrAbove } from '../report/finding.js';
import type { Finding, Severity } from '../report/finding.js';
import { formatJson } from '../report/json.js';
import { formatStylish } from '../report/stylish.js';
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
  ];

  static override strict = false;
  static override args = {
    paths: Args.string({ description: 'files, directories, or - for stdin', required: false }),
  };

  static override flags = {
    format: Flags.string({ char: 'f', description: 'output format', options: ['stylish', 'json'] }),
    output: Flags.string({ char: 'o', description: 'write the report to this file instead of stdout' }),
    'fail-on': Flags.string({ description: 'lowest severity that makes the exit status 1', options: ['error', 'warning', 'info', 'none'] }),
    config: Flags.string({ char: 'c', description: 'config file (default: .k8s-lint.yaml found upward from the working directory)' }),
    namespace: Flags.string({ char: 'n', description: 'namespace of namespaced objects that name none (default: default)' }),
    'max-file-size': Flags.integer({ description: 'largest file read, in bytes (default 64 MiB)', min: 1 }),
    color: Flags.boolean({ description: 'colour the stylish output (default: on a TTY unless NO_COLOR is set)', allowNo: true }),
    quiet: Flags.boolean({ char: 'q', description: 'print only errors' }),
    'kube-version': Flags.string({ description: 'Kubernetes release whose APIs exist (default 1.36)' }),
    strict: Flags.boolean({ description: 'unknown fields are errors, as kubectl apply (--no-strict: warnings)', allowNo: true }),
    'schema-dir': Flags.string({ description: 'extra JSON Schemas in kubeconform layout ({kind}-{group}-{version}.json)', multiple: true }),
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
    const analysis = analyze(paths, {
      config,
      ...(flags.namespace ? { namespace: flags.namespace } : {}),
      ...(flags['max-file-size'] ? { maxFileSize: flags['max-file-size'] } : {}),
      ...(flags['kube-version'] ? { kubeVersion: flags['kube-version'] } : {}),
      ...(flags.strict !== undefined ? { strict: flags.strict } : {}),
      ...(flags['schema-dir'] ? { schemaDirs: flags['schema-dir'] } : {}),
      ...(flags['skip-kinds'] ? { skipKinds: flags['skip-kinds'] } : {}),
    });
    let findings: Finding[] = [...loaded.findings, ...analysis.findings];
    if (flags.quiet) findings = findings.filter((f) => f.severity === 'error');
    const format = flags.format ?? config.format ?? 'stylish';
    const color = flags.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && !flags.output);
    const text =
      format === 'json'
        ? formatJson(findings, { version: VERSION, files: analysis.files.length, objects: analysis.resources.length })
        : formatStylish(findings, { color });
    if (flags.output) writeFileSync(flags.output, text);
    else process.stdout.write(text);
    const failOn = (flags['fail-on'] ?? config.failOn ?? 'error') as Severity | 'none';
    const code = exitCodeFor(findings, failOn);
    if (code !== 0) this.exit(code);
  }
}
