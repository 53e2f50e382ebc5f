// `npm run chaos`: the fault scenarios against the local hub, each on a hub process of its own,
// then one table. Exits 1 when any scenario lost, duplicated outside the documented crash window,
// or failed one of its checks.
//
//   npm run chaos                          every scenario
//   npm run chaos -- --only 1,5            some of them (by number or a word of the name)
//   npm run chaos -- --quick               the scaled-down versions (what npm test runs, and more)
//   npm run chaos -- --sabotage never-answer|swallow-one
//                                          break the receiver on purpose: the table must show loss
//   npm run chaos -- --seed 42             repeat a run's random parts
import { parseArgs } from 'node:util';

// Node 20 is supported until the AWS SDK drops it; its notice would only clutter the table.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import type { Sabotage } from './harness/alert-sink.ts';
import { formatDetails, formatTable, type ScenarioResult } from './harness/result.ts';
import { SCENARIOS } from './scenarios/index.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean' },
    seed: { type: 'string' },
    sabotage: { type: 'string' },
    list: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help || values.list) {
  console.log('Scenarios:');
  SCENARIOS.forEach((scenario, i) => {
    console.log(`  ${i + 1}. ${scenario.name}${scenario.slow ? ' (slow)' : ''}`);
  });
  console.log('\nOptions: --only 1,3 | --quick | --seed N | --sabotage never-answer|swallow-one');
  process.exit(0);
}

const sabotage = values.sabotage as Sabotage | undefined;
if (sabotage !== undefined && sabotage !== 'never-answer' && sabotage !== 'swallow-one') {
  console.error(`chaos: --sabotage is never-answer or swallow-one (got '${sabotage}')`);
  process.exit(2);
}
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const wanted = values.only?.split(',').map((word) => word.trim().toLowerCase());
const chosen = SCENARIOS.filter(
  (scenario, i) =>
    wanted === undefined ||
    wanted.some((word) =>
      /^\d+$/.test(word) ? Number(word) === i + 1 : scenario.name.toLowerCase().includes(word),
    ),
);
if (chosen.length === 0) {
  console.error(`chaos: no scenario matches --only ${values.only}`);
  process.exit(2);
}

// Ctrl-C: end the hub processes this run started (hub-process.ts kills them on exit).
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

const started = Date.now();
const progress = (line: string) =>
  console.error(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
progress(
  `${chosen.length} scenario(s), seed ${seed}${values.quick ? ', quick' : ''}${sabotage ? `, receiver sabotaged: ${sabotage}` : ''}`,
);
const results: ScenarioResult[] = [];
for (const scenario of chosen) {
  progress(`${scenario.name}…`);
  const result = await scenario.run({ quick: values.quick === true, seed, sabotage, progress });
  results.push(result);
  const t = result.tally;
  progress(
    `${result.name}: ${t.accepted} AA, ${t.expected} expected, ${t.delivered} delivered, ${t.lost.length} lost, ` +
      `${t.duplicatedIds.length} duplicated (${((result.wallMs ?? 0) / 1000).toFixed(1)} s)${result.error ? ` — error: ${result.error.split('\n')[0]}` : ''}`,
  );
}

console.log('');
console.log(formatTable(results));
console.log('');
console.log(formatDetails(results));
const failedCount = results.filter((result) => formatDetails([result]).includes('FAILED')).length;
console.log('');
console.log(
  `${results.length - failedCount} of ${results.length} scenarios passed; seed ${seed}; wall time ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(failedCount === 0 ? 0 : 1);
