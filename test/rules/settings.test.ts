/** RuleSettings from the config file and flags: flags win, external lists add up. */
import { expect, it } from 'vitest';
import { ruleSettingsFromConfig } from '../../src/rules/index.js';

it('maps config and flags onto RuleSettings', () => {
  expect(ruleSettingsFromConfig({})).toEqual({});
  expect(
    ruleSettingsFromConfig(
      { rules: { 'latest-tag': 'off', 'no-liveness-probe': 'on' }, pss: 'baseline', external: [{ kind: 'Secret', name: 'tf-*' }] },
      { pss: 'restricted', enableAll: true, external: [{ kind: 'ServiceAccount', namespace: 'ci', name: 'runner' }] },
    ),
  ).toEqual({
    rules: { 'latest-tag': 'off', 'no-liveness-probe': 'on' },
    enableAll: true,
    pss: 'restricted',
    external: [
      { kind: 'Secret', name: 'tf-*' },
      { kind: 'ServiceAccount', namespace: 'ci', name: 'runner' },
    ],
  });
});
