// The synthetic population for the matching benchmark: its vocabulary (case kinds, groups, the
// scenario's shape) and generateScenario. The name and place tables live in data.ts.
export {
  CASE_GROUPS,
  CASE_KIND_NAMES,
  CASE_KINDS,
  type CaseGroup,
  type CaseKind,
  groupOf,
  HOME_FACILITY,
  type LearnedNumber,
  OTHER_FACILITY,
  ROSTER_HEADERS,
  type RosterRow,
  type Scenario,
  type ScenarioOptions,
  type ScenarioProbe,
  type ScenarioStats,
} from './cases.ts';
export { generateScenario } from './generator.ts';
