/**
 * x-kubernetes-validations evaluated as the API server does on create. Expected texts follow
 * kubernetes/apiextensions-apiserver pkg/apiserver/schema/cel/validation_test.go (TestValidationExpressions,
 * TestReasonAndFldPath, TestMessageExpression, TestOptionalOldSelf, TestValidationExpressionsAtSchemaLevels)
 * and the error rendering of apimachinery pkg/util/validation/field/errors.go (ErrorBody: values of
 * objects and arrays omitted, strings quoted). Library results follow the examples in the doc comments of
 * kubernetes/apiserver pkg/cel/library/lists.go and regex.go.
 */
import { describe, expect, it } from 'vitest';
import { check, crdYaml, WIDGET } from './helpers.js';

/** A CRD for kind Widget whose spec schema is `spec`, and the `---` that starts the next document. */
function crd(spec: string, root = ''): string {
  return `${crdYaml(spec, WIDGET, root)}---\n`;
}

/** Issues of one Widget whose spec is `spec` (flow YAML), without the CRD's own (it has none). */
function run(schema: string, spec: string, root = ''): string[] {
  const text = `${crd(schema, root)}apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: default}
spec: ${spec}
`;
  return check(text).map((line) => line.replace(/^\d+:\d+ /, ''));
}

const REPLICAS = `            type: object
            x-kubernetes-validations:
            - rule: self.minReplicas <= self.replicas
              message: minReplicas cannot be larger than replicas
            properties:
              minReplicas: {type: integer}
              replicas:
                type: integer
                x-kubernetes-validations: [{rule: 'self % 2 == 0', message: must be even}]
              maxReplicas: {type: integer, default: 10}`;

describe('rule results', () => {
  it('passes a valid object silently', () => {
    expect(run(REPLICAS, '{minReplicas: 1, replicas: 2}')).toEqual([]);
  });

  it('reports a failed rule on an object without its value (field.ErrorBody omitValue), at the field holding the rule', () => {
    // The docs' CronTab example: "spec: Invalid value: ... minReplicas cannot be larger than replicas".
    expect(run(REPLICAS, '{minReplicas: 4, replicas: 2}')).toEqual(['error schema-invalid spec: Invalid value: minReplicas cannot be larger than replicas']);
  });

  it('shows a scalar value the way field.Invalid prints it', () => {
    // TestReasonAndFldPath-style "root[1]: Invalid value: 2: gotta be odd", here for an integer field.
    expect(run(REPLICAS, '{minReplicas: 1, replicas: 3}')).toEqual(['error schema-invalid spec.replicas: Invalid value: 3: must be even']);
  });

  it('uses "failed rule: <rule>" when the rule has no message', () => {
    const schema = `            type: object
            x-kubernetes-validations: [{rule: self.m == 2}]
            properties: {m: {type: integer}}`;
    // TestValidationExpressionsAtSchemaLevels: "Invalid value: failed rule: self.m == 2".
    expect(run(schema, '{m: 1}')).toEqual(['error schema-invalid spec: Invalid value: failed rule: self.m == 2']);
  });

  it('locates the finding at the line of the field that holds the rule', () => {
    const text = `${crd(REPLICAS)}apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: default}
spec:
  minReplicas: 1
  replicas: 3
`;
    // The CRD and its `---` take 27 lines: `spec:` is line 31, `replicas: 3` line 33.
    expect(check(text)).toEqual(['33:3 error schema-invalid spec.replicas: Invalid value: 3: must be even']);
  });

  it('reports a runtime error with the schema type and "evaluating rule" (no such key)', () => {
    const schema = `            type: object
            x-kubernetes-validations: [{rule: self.missing > 0}]
            properties: {missing: {type: integer}, other: {type: string}}`;
    expect(run(schema, '{other: x}')).toEqual(['error schema-invalid spec: Invalid value: "object": no such key: missing evaluating rule: self.missing > 0']);
  });

  it('applies schema defaults before evaluating (structural defaulting runs first)', () => {
    const schema = `            type: object
            x-kubernetes-validations: [{rule: self.replicas <= self.maxReplicas, message: too many}]
            properties: {replicas: {type: integer}, maxReplicas: {type: integer, default: 10}}`;
    expect(run(schema, '{replicas: 5}')).toEqual([]);
    expect(run(schema, '{replicas: 11}')).toEqual(['error schema-invalid spec: Invalid value: too many']);
  });

  it('does not evaluate rules on null or absent values', () => {
    const schema = `            type: object
            nullable: true
            x-kubernetes-validations: [{rule: 'false'}]`;
    expect(run(schema, 'null')).toEqual([]);
  });

  // customresource/strategy.go validates from a nil *field.Path: the root prints as `<nil>`.
  it('binds the root object with apiVersion, kind and metadata.name', () => {
    const schema = `            type: object`;
    const root = `
        x-kubernetes-validations:
        - rule: self.metadata.name.startsWith('w-') && self.kind == 'Widget'
          message: name must start with w-`;
    expect(run(schema, '{}', root)).toEqual(['error schema-invalid <nil>: Invalid value: name must start with w-']);
  });

  it('walks lists and maps: items by index, additionalProperties keys in brackets', () => {
    const schema = `            type: object
            properties:
              ports:
                type: array
                items: {type: integer, x-kubernetes-validations: [{rule: self > 1024, message: must be unprivileged}]}
              labels:
                type: object
                additionalProperties: {type: string, x-kubernetes-validations: [{rule: size(self) <= 3, message: too long}]}`;
    // TestRatcheting expectations: "root.setArray[2]: Invalid value: 2: ..." and "root.myProperty[key]: ...".
    expect(run(schema, '{ports: [8080, 80], labels: {app: abcd}}')).toEqual([
      'error schema-invalid spec.ports[1]: Invalid value: 80: must be unprivileged',
      'error schema-invalid spec.labels[app]: Invalid value: "abcd": too long',
    ]);
  });
});

describe('message, messageExpression, reason and fieldPath (TestMessageExpression, TestReasonAndFldPath)', () => {
  const base = (rule: string): string => `            type: object
            x-kubernetes-validations:
            - ${rule}
            properties: {str: {type: string}, m: {type: integer}, field2: {type: string}}`;

  it('messageExpression takes precedence over message', () => {
    expect(run(base(`{rule: 'false', message: invisible, messageExpression: '"str1 " + self.str'}`), '{str: a string}')).toEqual(['error schema-invalid spec: Invalid value: str1 a string']);
  });

  it('falls back to message when messageExpression fails, is not a string, is blank or has a line break', () => {
    for (const expr of [`'"str1 " + ["a", "b", "c", "d"][4]'`, `'true'`, `'string("     ")'`, `'"str with \\na newline"'`]) {
      expect(run(base(`{rule: 'false', message: message not messageExpression, messageExpression: ${expr}}`), '{str: x}')).toEqual(['error schema-invalid spec: Invalid value: message not messageExpression']);
    }
    expect(run(base(`{rule: 'false', messageExpression: 'true'}`), '{str: x}')).toEqual(['error schema-invalid spec: Invalid value: failed rule: false']);
  });

  it('reports under the reason given (fieldErrorForReason)', () => {
    expect(run(base(`{rule: self.m == 2, reason: FieldValueForbidden, message: no}`), '{m: 1}')).toEqual(['error schema-invalid spec: Forbidden: no']);
    expect(run(base(`{rule: self.m == 2, reason: FieldValueRequired, message: need it}`), '{m: 1}')).toEqual(['error schema-invalid spec: Required value: need it']);
    expect(run(base(`{rule: self.m == 2, reason: FieldValueInvalid, message: bad}`), '{m: 1}')).toEqual(['error schema-invalid spec: Invalid value: bad']);
  });

  it('appends fieldPath to the path and keeps the duplicate value omitted for objects', () => {
    expect(run(base(`{rule: self.m == 2, fieldPath: .m, reason: FieldValueForbidden, message: no}`), '{m: 1}')).toEqual(['error schema-invalid spec.m: Forbidden: no']);
    expect(run(base(`{rule: 'self.field2 != "value2"', fieldPath: .field2, reason: FieldValueDuplicate}`), '{field2: value2}')).toEqual(['error schema-invalid spec.field2: Duplicate value']);
  });

  it('points at the fieldPath field when it exists in the object, else at the field holding the rule', () => {
    const text = `${crd(base(`{rule: has(self.str), fieldPath: .str, reason: FieldValueRequired, message: str is required}`))}apiVersion: example.com/v1
kind: Widget
metadata: {name: w, namespace: default}
spec:
  m: 1
`;
    // `str` is absent: the finding is at `spec:` (line 25, after the 21 lines of the CRD and its `---`).
    expect(check(text)).toEqual(['25:1 error schema-invalid spec.str: Required value: str is required']);
    const present = text.replace('has(self.str)', "self.str != ''").replace('  m: 1\n', "  m: 1\n  str: ''\n");
    // `str` exists: the finding is at its line (27).
    expect(check(present)).toEqual(["27:3 error schema-invalid spec.str: Required value: str is required"]);
  });
});

describe('rules we do not evaluate on create are reported once, as info', () => {
  it('skips transition rules that use oldSelf (validation.go: UsesOldSelf && oldObj == nil)', () => {
    const schema = `            type: object
            x-kubernetes-validations: [{rule: self.m == oldSelf.m, message: immutable}]
            properties: {m: {type: integer}}`;
    expect(run(schema, '{m: 1}')).toEqual(['info schema-rule-not-evaluated spec: rule not evaluated: transition rule (uses oldSelf), evaluated only on update: self.m == oldSelf.m']);
  });

  it('evaluates optionalOldSelf rules with oldSelf = optional.none() (TestOptionalOldSelf)', () => {
    const schema = `            type: object
            x-kubernetes-validations:
            - {rule: '!oldSelf.hasValue() || self.m == oldSelf.value().m', optionalOldSelf: true}
            - {rule: 'oldSelf.orValue(self).m < 5', optionalOldSelf: true, message: m must be below 5}
            properties: {m: {type: integer}}`;
    expect(run(schema, '{m: 1}')).toEqual([]);
    expect(run(schema, '{m: 7}')).toEqual(['error schema-invalid spec: Invalid value: m must be below 5']);
  });

  it('names an unsupported Kubernetes library function instead of failing', () => {
    const schema = `            type: object
            x-kubernetes-validations: [{rule: "url(self.u).getScheme() == 'https'"}]
            properties: {u: {type: string}}`;
    expect(run(schema, '{u: "http://x"}')).toEqual(["info schema-rule-not-evaluated spec: rule not evaluated: function getScheme unsupported: url(self.u).getScheme() == 'https'"]);
  });

  it('reports a function unknown to the evaluator at run time, never as an error', () => {
    const schema = `            type: object
            x-kubernetes-validations: [{rule: self.s.noSuchFunction()}]
            properties: {s: {type: string}}`;
    expect(run(schema, '{s: x}')).toEqual(['info schema-rule-not-evaluated spec: rule not evaluated: function noSuchFunction unsupported: self.s.noSuchFunction()']);
  });

  it('leaves find/findAll with RE2-only syntax unevaluated (JavaScript would read it differently)', () => {
    const schema = `            type: object
            x-kubernetes-validations: [{rule: "self.s.find('(?i)abc') == 'ABC'"}]
            properties: {s: {type: string}}`;
    expect(run(schema, '{s: xABC}')).toEqual(["info schema-rule-not-evaluated spec: rule not evaluated: function find with RE2-only syntax in '(?i)abc': self.s.find('(?i)abc') == 'ABC'"]);
  });

  it('reports optional field selection (self.?x) as unsupported syntax', () => {
    const schema = `            type: object
            x-kubernetes-validations: [{rule: 'self.?m.orValue(0) < 5'}]
            properties: {m: {type: integer}}`;
    expect(run(schema, '{m: 1}')).toEqual(['info schema-rule-not-evaluated spec: rule not evaluated: optional types unsupported: self.?m.orValue(0) < 5']);
  });

  it('reports each rule once per run, not once per object', () => {
    const text = `${crd(`            type: object
            x-kubernetes-validations: [{rule: self.m == oldSelf.m}]
            properties: {m: {type: integer}}`)}apiVersion: example.com/v1
kind: Widget
metadata: {name: a, namespace: default}
spec: {m: 1}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: b, namespace: default}
spec: {m: 1}
`;
    expect(check(text)).toHaveLength(1);
  });

  it('bounds evaluation: a rule nesting comprehensions over a large list is skipped, not run', () => {
    const schema = `            type: object
            x-kubernetes-validations: [{rule: 'self.xs.all(a, self.xs.all(b, self.xs.all(c, a + b + c >= 0)))'}]
            properties: {xs: {type: array, items: {type: integer}}}`;
    const xs = `[${Array.from({ length: 300 }, (_, i) => i).join(', ')}]`;
    expect(run(schema, `{xs: ${xs}}`)).toEqual(["info schema-rule-not-evaluated spec: rule not evaluated: estimated cost exceeds the evaluation budget: self.xs.all(a, self.xs.all(b, self.xs.all(c, a + b + c >= 0)))"]);
    // The same rule on a small list runs.
    expect(run(schema, '{xs: [1, 2, 3]}')).toEqual([]);
  });

  it('bounds lists written in the expression too, and survives an expression too deep to parse', () => {
    const list = `[${new Array(2000).fill('1').join(',')}]`;
    const schema = (rule: string): string => `            type: object
            x-kubernetes-validations: [{rule: ${JSON.stringify(rule)}}]`;
    const nested = run(schema(`${list}.all(x, ${list}.all(y, x == y))`), '{}');
    expect(nested).toHaveLength(1);
    expect(nested[0]).toMatch(/^info schema-rule-not-evaluated spec: rule not evaluated: estimated cost exceeds the evaluation budget: \[1,1,.{150,}…$/);
    const deep = run(schema(`${'('.repeat(20000)}1${')'.repeat(20000)} == 1`), '{}');
    expect(deep).toHaveLength(1);
    expect(deep[0]).toMatch(/^info schema-rule-not-evaluated spec: rule not evaluated: expression could not be parsed/);
  });
});

describe('Kubernetes CEL libraries (doc examples of kubernetes/apiserver pkg/cel/library)', () => {
  const truthy = (rule: string): string[] =>
    run(
      `            type: object
            x-kubernetes-validations: [{rule: ${JSON.stringify(rule)}}]
            properties: {s: {type: string}}`,
      '{s: x}',
    );

  it.each([
    // lists.go
    '[1, 2, 3].isSorted()',
    "['a', 'b', 'b', 'c'].isSorted()",
    '![2.0, 1.0].isSorted()',
    '[1, 3].sum() == 4',
    '[1.0, 3.0].sum() == 4.0',
    '[1, 2, 3].min() == 1',
    '[1, 2, 3].max() == 3',
    '[1, 2, 3, 2].indexOf(2) == 1',
    '[1, 2, 3, 2].lastIndexOf(2) == 3',
    "['a', 'b'].indexOf('z') == -1",
    // regex.go
    "'abc 123'.find('[0-9]+') == '123'",
    "'abc 123'.find('xyz') == ''",
    "'123 abc 456'.findAll('[0-9]+') == ['123', '456']",
    "'123 abc 456'.findAll('[0-9]+', 1) == ['123']",
    "'123 abc 456'.findAll('xyz') == []",
    // cel-go ext/sets.go doc examples (homogeneous literals only: the API server enables HomogeneousAggregateLiterals)
    'sets.contains([1, 2, 3, 4], [2, 3])',
    '!sets.contains([1, 2], [2, 3])',
    'sets.equivalent([1, 2, 3], [3, 2, 1, 1])',
    '!sets.equivalent([2, 1], [1])',
    'sets.intersects([1], [1, 2])',
    'sets.intersects([[1], [2, 3]], [[1, 2], [2, 3]])',
    // strings extension (cel-go ext.Strings), urls.go, ip.go, quantity.go
    "'hello'.upperAscii() == 'HELLO' && 'a,b'.split(',') == ['a', 'b']",
    "isURL('https://example.com:80/') && !isURL('example.com')",
    "isIP('127.0.0.1') && !isIP('127.0.0.01') && !isIP('::ffff:1.2.3.4') && isIP('::1')",
    // quantity.go doc examples
    "isQuantity('1.3G') && isQuantity('1.3Gi') && !isQuantity('1,3G') && isQuantity('10000k') && !isQuantity('200K') && !isQuantity('Three') && !isQuantity('Mi')",
    "quantity('50000000G').isInteger() && quantity('50k').isInteger()",
    "!quantity('9999999999999999999999999999999999999G').isInteger()",
    "quantity('50k').asInteger() == 50000",
    "quantity('50k').sub(20000).asApproximateFloat() == 30000.0",
    "quantity('50k').add(20) == quantity('50020')",
    "quantity('50k').sub(20000) == quantity('30k')",
    "quantity('50k').add(20).sub(quantity('100k')).sub(-50000) == quantity('20')",
    "quantity('200M').compareTo(quantity('0.2G')) == 0",
    "quantity('50M').compareTo(quantity('50Mi')) == -1 && quantity('50Mi').compareTo(quantity('50M')) == 1",
    "quantity('150Mi').isGreaterThan(quantity('100Mi')) && !quantity('50Mi').isGreaterThan(quantity('100Mi'))",
    "quantity('50M').isLessThan(quantity('100M')) && !quantity('100M').isLessThan(quantity('50M'))",
    // cidr.go parseCIDR: netip.ParsePrefix, IPv4-mapped addresses refused
    "isCIDR('192.168.0.0/16') && isCIDR('::1/128') && !isCIDR('192.168.0.0/33') && !isCIDR('::ffff:1.2.3.4/120')",
    // RE2 semantics for matches (the API server's regexes are Go's RE2)
    "'ABC'.matches('(?i)^abc$')",
  ])('%s', (rule) => {
    expect(truthy(rule)).toEqual([]);
  });

  it('quantity() of a bad string and asInteger() of a fraction are errors with upstream\'s texts', () => {
    expect(truthy("quantity('200K').sign() == 1")).toEqual([
      `error schema-invalid spec: Invalid value: "object": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' evaluating rule: quantity('200K').sign() == 1`,
    ]);
    expect(truthy("quantity('9999999999999999999999999999999999999G').asInteger() == 1")).toEqual([
      `error schema-invalid spec: Invalid value: "object": cannot convert value to integer evaluating rule: quantity('9999999999999999999999999999999999999G').asInteger() == 1`,
    ]);
  });

  it('min of an empty list is an error, as lists.go says', () => {
    expect(truthy('[].min() == 0')).toEqual(['error schema-invalid spec: Invalid value: "object": min called on empty list evaluating rule: [].min() == 0']);
  });

  it('integer overflow and division by zero are errors with cel-go\'s wording', () => {
    expect(truthy('9223372036854775807 + 1 > 0')).toEqual(['error schema-invalid spec: Invalid value: "object": integer overflow evaluating rule: 9223372036854775807 + 1 > 0']);
    expect(truthy('1 / 0 == 1')).toEqual(['error schema-invalid spec: Invalid value: "object": division by zero evaluating rule: 1 / 0 == 1']);
  });
});

describe('typed values (apiserver pkg/cel/common/valuesunstructured.go UnstructuredToVal)', () => {
  const schema = `            type: object
            x-kubernetes-validations:
            - {rule: "self.start < self.end", message: start must be before end}
            - {rule: "self.timeout <= duration('1h')", message: timeout too long}
            - {rule: "self.day == timestamp('2024-02-29T00:00:00Z')", message: wrong day}
            - {rule: "size(self.blob) == 2", message: blob must be 2 bytes}
            - {rule: "self.ratio > 0.5", message: ratio too small}
            properties:
              start: {type: string, format: date-time}
              end: {type: string, format: date-time}
              timeout: {type: string, format: duration}
              day: {type: string, format: date}
              blob: {type: string, format: byte}
              ratio: {type: number}`;

  it('reads date-time and date as timestamps, duration as a duration, byte as bytes, number as double', () => {
    expect(run(schema, "{start: '2024-01-01T10:00:00Z', end: '2024-01-01T11:30:00+01:00', timeout: 30m, day: '2024-02-29', blob: aGk=, ratio: 1}")).toEqual([]);
    expect(run(schema, "{start: '2024-01-01T10:00:00Z', end: '2024-01-01T10:30:00+01:00', timeout: 2h, day: '2024-02-28', blob: aGk=, ratio: 0.25}")).toEqual([
      // The helper orders findings at one position by text.
      'error schema-invalid spec: Invalid value: ratio too small',
      'error schema-invalid spec: Invalid value: start must be before end',
      'error schema-invalid spec: Invalid value: timeout too long',
      'error schema-invalid spec: Invalid value: wrong day',
    ]);
  });
});

describe('property names as CEL sees them (apiserver pkg/cel/escaping.go, TestEscaping cases)', () => {
  it('escapes reserved words and . - / __ in field names; map keys stay as written', () => {
    const schema = `            type: object
            x-kubernetes-validations:
            - {rule: "self.__namespace__ == 'a' && self.x__dash__y == 1 && self.a__dot__b == 2 && self.p__slash__q == 3 && self.a__underscores__b == 4", message: escaped}
            - {rule: "self.labels['app.kubernetes.io/name'] == 'w'", message: map key}
            properties:
              namespace: {type: string}
              x-y: {type: integer}
              a.b: {type: integer}
              p/q: {type: integer}
              a__b: {type: integer}
              labels: {type: object, additionalProperties: {type: string}}`;
    expect(run(schema, "{namespace: a, x-y: 1, a.b: 2, p/q: 3, a__b: 4, labels: {app.kubernetes.io/name: w}}")).toEqual([]);
    expect(run(schema, "{namespace: b, x-y: 1, a.b: 2, p/q: 3, a__b: 4, labels: {app.kubernetes.io/name: v}}")).toEqual([
      'error schema-invalid spec: Invalid value: escaped',
      'error schema-invalid spec: Invalid value: map key',
    ]);
  });
});

describe('built-in kinds', () => {
  it('have no CEL rules: only CRD schemas carry x-kubernetes-validations', () => {
    expect(check('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: default}\ndata: {a: b}\n')).toEqual([]);
  });
});
