// The matching rules, strongest evidence first: the first that decides, wins.
import { demographicsRule } from './demographics.ts';
import { localIdRule } from './local-id.ts';
import { nhsNumberRule } from './nhs-number.ts';
import type { MatchRule } from './rule.ts';

export const MATCH_RULES: readonly MatchRule[] = [nhsNumberRule, localIdRule, demographicsRule];
