/** Test helpers: build a Model (and its load findings) from inline YAML. */
import { loadTexts } from '../../src/load/index.js';
import { buildModel } from '../../src/model/build.js';
import type { Model } from '../../src/model/model.js';
import type { Finding } from '../../src/report/finding.js';

export function modelFromYaml(yaml: string, file = 'test.yaml'): Model {
  return buildModel(loadTexts([{ file, text: yaml }]).resources);
}

export function loadYaml(yaml: string, file = 'test.yaml'): { model: Model; findings: Finding[] } {
  const loaded = loadTexts([{ file, text: yaml }]);
  return { model: buildModel(loaded.resources), findings: loaded.findings };
}
