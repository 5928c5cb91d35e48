/**
 * What every report formatter is given besides the findings: the rules that ran, the working directory
 * paths are made relative to, and the tool's own name and version. Formatters are pure functions of this.
 */
import type { Location } from '../model/location.js';
import type { Finding, Severity } from './finding.js';

/** The part of a rule file a report needs: enough for SARIF's `reportingDescriptor` and the HTML legend. */
export interface RuleMeta {
  readonly id: string;
  /** One sentence, ending with a period. */
  readonly summary: string;
  /** Default severity (config may re-grade individual findings; the finding's own severity wins). */
  readonly severity: Severity;
  /** What to do about it. */
  readonly remediation?: string;
  /** Documentation links; the first one is used as SARIF's `helpUri`. */
  readonly references?: readonly string[];
  /** `schema`, `references`, `scheduling`, `networking`, `security`, `reliability` or `hygiene`. */
  readonly category?: string;
}

/** Name and version of the tool, as SARIF's `tool.driver` and JUnit's root element name it. */
export interface ToolInfo {
  readonly name: string;
  readonly version: string;
  /** Home page, for SARIF's `informationUri`. */
  readonly informationUri?: string;
}

/** One object of the input, for formats that list clean objects too (JUnit's passing test cases). */
export interface InventoryItem {
  /** `ns/Kind/name`, as in Finding.resource. */
  readonly resource: string;
  readonly location: Location;
}

export interface FormatContext {
  readonly rules: readonly RuleMeta[];
  /** Working directory: file paths in reports are made relative to it. */
  readonly cwd: string;
  readonly tool: ToolInfo;
  /** Every object that was analysed (optional): JUnit reports the clean ones as passing test cases. */
  readonly inventory?: readonly InventoryItem[];
  /**
   * The `--fail-on` threshold (default `info`: every finding counts; `none`: nothing fails). JUnit reports findings below it in
   * `<system-out>` instead of as failures, so the rendered test result agrees with the exit code.
   */
  readonly failOn?: Severity | 'none';
  /** Colour the human format (stylish); callers decide from TTY, NO_COLOR and --color. */
  readonly color?: boolean;
  /** Files read and objects analysed, for formats with a summary (json). */
  readonly counts?: { readonly files: number; readonly objects: number };
}

/** Every formatter has this shape: pure, deterministic, the whole report as one string. */
export type Formatter = (findings: readonly Finding[], ctx: FormatContext) => string;
