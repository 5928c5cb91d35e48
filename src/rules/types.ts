/**
 * The rule engine's vocabulary: what a rule file holds, what the engine compiles it into, what functions
 * report, and the settings the caller (`check`, the config file) passes in.
 */
import type { ValidateFunction } from 'ajv';
import type { JsonPointer } from '../model/location.js';
import type { Model } from '../model/model.js';
import type { Resource } from '../model/resource.js';
import type { Severity } from '../report/finding.js';
import type { ClusterState } from '../sim/state.js';

export type Category = 'schema' | 'references' | 'scheduling' | 'networking' | 'security' | 'reliability' | 'hygiene';
export const CATEGORIES: readonly Category[] = ['schema', 'references', 'scheduling', 'networking', 'security', 'reliability', 'hygiene'];

/** Pod Security Standards level a rule implements (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export type PssLevel = 'baseline' | 'restricted';

/** Target aliases: named places inside objects (defined once, in model/aliases.ts, expanded in ./targets.ts). */
export type TargetAlias = 'Workload' | 'PodTemplate' | 'PodSpec' | 'Container' | 'Volume' | 'ServicePort';
export const TARGET_ALIASES: readonly TargetAlias[] = ['Workload', 'PodTemplate', 'PodSpec', 'Container', 'Volume', 'ServicePort'];

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface RuleTarget {
  /** Kinds whose objects (root node) are checked; `*` is every kind. */
  readonly kinds?: readonly string[];
  readonly alias?: TargetAlias;
  /** For `alias: Container`: which container lists (default: all three). */
  readonly containers?: readonly ContainerList[];
}

export interface SchemaCheck {
  readonly schema: Readonly<Record<string, unknown>> | boolean;
  /** Message reported when a node fails the schema (default: the only message of the rule). */
  readonly messageId?: string;
  /**
   * Where to report, relative to the node (default: the instance path of ajv's first error). Useful when
   * the schema's first error lands on a branch of an anyOf rather than on the field the rule is about.
   */
  readonly pointer?: string;
}

export interface FunctionCheck {
  readonly function: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

/** Peer tools whose checks a rule corresponds to (linters, and NetworkPolicy analysers for netpol rules). */
export type MapsTo = Readonly<Partial<Record<'kube-linter' | 'kube-score' | 'polaris' | 'pss' | 'netpol-analyzer' | 'cyclonus' | 'nca', string | readonly string[]>>>;

/** A rule file (rules/<category>/<id>.yaml), after it has passed the meta-schema. */
export interface RuleDefinition {
  readonly id: string;
  readonly summary: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly recommended: boolean;
  readonly pss?: PssLevel;
  readonly target: RuleTarget;
  readonly check: SchemaCheck | FunctionCheck;
  readonly messages: Readonly<Record<string, string>>;
  readonly remediation: string;
  readonly description?: string;
  readonly references?: readonly string[];
  readonly 'maps-to'?: MapsTo;
}

/** One place a rule looks at: an object, or a node inside it (a container, a Service port). */
export interface TargetNode {
  readonly resource: Resource;
  /** JSON Pointer of the node inside the object (relative to the object root). */
  readonly pointer: JsonPointer;
  readonly value: unknown;
  /** Values messages may use: `kind`, `name`, `namespace`, and `container` for containers. */
  readonly data: Readonly<Record<string, string | number>>;
}

export type ReportData = Readonly<Record<string, string | number | boolean>>;

/** What a function reports: data first; the engine renders the message from the rule's templates. */
export interface Report {
  readonly messageId: string;
  readonly data?: ReportData;
  /** Pointer relative to the object root. */
  readonly pointer: JsonPointer;
  /** For global functions: the object concerned (node functions report on their node's object). */
  readonly resource?: Resource;
  /**
   * A severity for this report that differs from the rule's (e.g. a numeric targetPort nobody declares is a
   * warning where a named one is an error). A severity set in the config still wins.
   */
  readonly severity?: Severity;
  /** Other places that take part. */
  readonly related?: readonly { readonly message: string; readonly resource: Resource; readonly pointer: JsonPointer }[];
}

/** A pattern of objects that exist outside the manifests (`external:` in the config, `--external FILE`). */
export interface ExternalObject {
  /** Kind, or a glob (`*` any run of characters). */
  readonly kind: string;
  readonly namespace?: string;
  /** Name glob; absent = any name. */
  readonly name?: string;
}

/** Per path / per object suppression from the config, for charts the user cannot edit. */
export interface ConfigSuppression {
  /** Rule ids (or `*`). */
  readonly rules: readonly string[];
  /** Globs over the finding's file path (`**` crosses directories). */
  readonly paths?: readonly string[];
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly reason?: string;
}

/** What the caller passes: the config file and flags, already read. */
export interface RuleSettings {
  /** Per-rule overrides: `off`, `on` (at the rule's severity), or a new severity (which also turns an optional rule on). */
  readonly rules?: Readonly<Record<string, 'off' | 'on' | Severity>>;
  /** Turn optional (non-recommended) rules on too (`--enable-all`). */
  readonly enableAll?: boolean;
  /** `--pss baseline|restricted`: the profile's rules run, as errors. */
  readonly pss?: PssLevel;
  readonly external?: readonly ExternalObject[];
  readonly suppressions?: readonly ConfigSuppression[];
  /** Ignore suppression annotations (kube-score's `--disable-ignore-checks-annotations`). */
  readonly ignoreAnnotations?: boolean;
}

/** What every function gets besides its node and options. */
export interface FunctionContext {
  readonly model: Model;
  readonly state: ClusterState;
  readonly settings: RuleSettings;
  /** Per-run cache: cross-object functions build their indexes once per run, keyed by name. */
  memo<T>(key: string, build: () => T): T;
  /** True when an object of that kind/namespace/name is declared external. */
  isExternal(kind: string, namespace: string | undefined, name: string): boolean;
}

/**
 * A function of the library. `node` functions are called per target node; `global` functions once per
 * run (they read the whole model or the ClusterState and say which object each report concerns).
 * Functions never throw for user input: a wrong type in a manifest means "absent".
 */
export interface RuleFunction<O = Readonly<Record<string, unknown>>> {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of `options`; validated when a rule file is loaded. */
  readonly optionsSchema: Readonly<Record<string, unknown>>;
  /** Message ids the function may report; a rule using it must define them all. */
  readonly messageIds: readonly string[];
  readonly scope: 'node' | 'global';
  /**
   * True for functions that read the dry run (`ctx.state`); the others read only the manifests, so they
   * can run before or beside the dry run (see src/analysis/parallel.ts).
   */
  readonly readsDryRun?: boolean;
  run(node: TargetNode, options: O, ctx: FunctionContext): readonly Report[];
  runGlobal?(options: O, ctx: FunctionContext): readonly Report[];
}

/** A rule ready to run: validated, its schema compiled, its function bound. */
export interface CompiledRule {
  readonly id: string;
  readonly definition: RuleDefinition;
  /** Path of the rule file. */
  readonly file: string;
  readonly builtin: boolean;
  /** Kinds this rule is dispatched on (`*` = every kind). */
  readonly kinds: readonly string[];
  /** Whether its function reads the dry run's ClusterState (RuleFunction.readsDryRun). */
  readonly readsDryRun: boolean;
  /**
   * Node rules: reports for one node of an object (the engine expands `target` once per object and
   * `targetKey`, ./targets.ts); global rules: reports for the whole input.
   */
  readonly evaluate:
    | {
        readonly scope: 'node';
        readonly target: RuleTarget;
        readonly targetKey: string;
        readonly check: (node: TargetNode, ctx: FunctionContext) => readonly Report[];
        readonly direct?: DirectCheck;
      }
    | { readonly scope: 'global'; readonly run: (ctx: FunctionContext) => readonly Report[] };
}

/**
 * What `check` does, in parts the engine calls itself: a rule's function with its options, or a schema's
 * validator (resolved on first use) and the report of a node that fails it. `check` is these parts
 * wrapped in a closure per rule; calling the parts saves the wrapper's call (and, for schema rules, the
 * reports array) on every node of every rule. Rules built without it (tests, hand-made) use `check`.
 */
export type DirectCheck =
  | { readonly kind: 'function'; readonly run: RuleFunction['run']; readonly options: Readonly<Record<string, unknown>> }
  | { readonly kind: 'schema'; readonly validator: () => SchemaValidator; readonly failure: (node: TargetNode, validate: SchemaValidator) => Report };

/** A compiled check schema: true when the value passes, else false with ajv's errors. */
export type SchemaValidator = ValidateFunction;

export interface RuleContext {
  readonly model: Model;
  readonly state: ClusterState;
  readonly settings: RuleSettings;
}
