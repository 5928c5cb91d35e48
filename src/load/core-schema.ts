/**
 * The YAML 1.2 core schema (YAML 1.2.2 §10.3.2) for js-yaml. js-yaml's own CORE_SCHEMA also resolves some
 * YAML 1.1 forms (`0b101`, `1_000`, `+.5e3` variants); these tags follow the 1.2 core regular expressions
 * exactly, which is what the `yaml` library (our exact path) implements, so both paths read the same values.
 */
import jsYaml from 'js-yaml';

const NULL = /^(?:~|null|Null|NULL)?$/;
const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const INT_DEC = /^[-+]?[0-9]+$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/*
 * js-yaml tries every implicit type on every plain scalar, and most scalars are plain strings: a look at the
 * first character rules a type out before its regular expressions run.
 */
const mayBeNull = (s: string): boolean => s.length === 0 || '~nN'.includes(s.charAt(0));
const mayBeBool = (s: string): boolean => 'tTfF'.includes(s.charAt(0));
const mayBeNumber = (s: string): boolean => {
  const c = s.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || c === 0x2b /* + */ || c === 0x2d /* - */ || c === 0x2e /* . */;
};

const nullType = new jsYaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (s: string) => mayBeNull(s) && NULL.test(s),
  construct: () => null,
  predicate: (v: unknown) => v === null,
  represent: () => 'null',
});

const boolType = new jsYaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (s: string) => mayBeBool(s) && BOOL.test(s),
  construct: (s: string) => s[0] === 't' || s[0] === 'T',
  predicate: (v: unknown) => typeof v === 'boolean',
  represent: (v: object) => String(v),
});

const intType = new jsYaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (s: string) => mayBeNumber(s) && (INT_DEC.test(s) || INT_OCT.test(s) || INT_HEX.test(s)),
  construct: (s: string) => (INT_OCT.test(s) ? parseInt(s.slice(2), 8) : INT_HEX.test(s) ? parseInt(s.slice(2), 16) : Number(s)),
  predicate: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
  represent: (v: object) => String(v),
});

const floatType = new jsYaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (s: string) => mayBeNumber(s) && (FLOAT.test(s) || FLOAT_SPECIAL.test(s)),
  construct: (s: string) => {
    if (FLOAT_SPECIAL.test(s)) return /nan/i.test(s) ? NaN : s.startsWith('-') ? -Infinity : Infinity;
    return Number(s);
  },
  predicate: (v: unknown) => typeof v === 'number',
  represent: (v: object) => String(v),
});

export const YAML_12_CORE_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] });
