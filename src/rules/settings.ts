/** RuleSettings from the config file (the lead's `Config`) and command-line flags. */
import type { Config } from '../config.js';
import type { PssLevel, RuleSettings } from './types.js';

export interface RuleFlags {
  /** `--enable-all` */
  readonly enableAll?: boolean;
  /** `--pss baseline|restricted` */
  readonly pss?: PssLevel;
  /** Objects from `--external FILE`, added to the config's `external:`. */
  readonly external?: RuleSettings['external'];
}

/**
 * Flags win over the config. Config `ignore:` entries are applied by `analyze` to every finding (rules
 * included), so they are not repeated here.
 */
export function ruleSettingsFromConfig(config: Config, flags: RuleFlags = {}): RuleSettings {
  const pss = flags.pss ?? config.pss;
  const external = [...(config.external ?? []), ...(flags.external ?? [])];
  return {
    ...(config.rules ? { rules: config.rules } : {}),
    ...((flags.enableAll ?? config.enableAll) ? { enableAll: true } : {}),
    ...(pss ? { pss } : {}),
    ...(external.length > 0 ? { external } : {}),
  };
}
