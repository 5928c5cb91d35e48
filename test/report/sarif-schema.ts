/** The SARIF 2.1.0 schema validator shared by the SARIF tests. */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { expect } from 'vitest';

/**
 * The official SARIF 2.1.0 schema (OASIS "2.1.0-rtm.5", a draft-04 JSON Schema), as shipped inside the
 * npm package @microsoft/jest-sarif (a devDependency): read from node_modules, never fetched at run time.
 */
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
// unicodeRegExp: false because the official schema's `language` pattern (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`)
// has a stray `]` that only the non-unicode RegExp grammar accepts, as JSON Schema draft-04 tools of its time did.
// Both packages are CommonJS with `module.exports.default` set to the export itself (NodeNext typing).
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validateSarif = ajv.compile(schema);

export function expectValidSarif(text: string): void {
  const ok = validateSarif(JSON.parse(text));
  expect(validateSarif.errors ?? [], JSON.stringify(validateSarif.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}
