// The scenarios, in the order the table lists them.
import { controlIdReuse } from './control-id-reuse.ts';
import { deadLetterRedrive } from './dead-letter-redrive.ts';
import { duplicateStorm } from './duplicate-storm.ts';
import { dynamodbPause } from './dynamodb-pause.ts';
import { hostileInputsScenario } from './hostile-inputs.ts';
import { killRestart } from './kill-restart.ts';
import { mllpCuts } from './mllp-cuts.ts';
import { receiverOutage } from './receiver-outage.ts';
import type { Scenario } from './scenario.ts';

export const SCENARIOS: readonly Scenario[] = [
  killRestart,
  dynamodbPause,
  receiverOutage,
  deadLetterRedrive,
  duplicateStorm,
  controlIdReuse,
  mllpCuts,
  hostileInputsScenario,
];
