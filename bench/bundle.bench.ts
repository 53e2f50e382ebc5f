// Bundle benchmark (`npm run bench:bundle`): each Lambda entry point bundled as the CDK stack bundles
// it (lib/constructs/hub-function.ts HOUSE_BUNDLING: esbuild, node22, an ES module with the pinned
// AWS SDK inside), its size against the 500 KB goal, and its module initialisation time: how long
// importing the bundle takes in a fresh Node process, the cold-start cost that is ours. Beside it,
// the other way the SDK question could have been settled: a CommonJS bundle that leaves
// `@aws-sdk/*` to the runtime (its SDK read from node_modules here, as Lambda reads its own from
// /var/runtime). Prints figures, never pass/fail.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build } from 'esbuild';
import { HOUSE_BUNDLING } from '../lib/constructs/hub-function.ts';
import { PROJECT_ROOT } from '../local/state.ts';

const HANDLERS = ['ingest-http', 'process-queue', 'deliver-webhook', 'console-api'];
const RUNS = 7;
const GOAL_KB = 500;
// Outside the project: a bundle that needed node_modules would fail to load here, as on Lambda.
const out = mkdtempSync(join(tmpdir(), 'adt-hub-bundles-'));

interface Variant {
  label: string;
  format: 'esm' | 'cjs';
  external: string[];
  mainFields?: string[];
  banner?: string;
  /** Where bare imports left out of the bundle are found (the runtime's SDK, here the project's). */
  nodePath?: string;
}

const VARIANTS: Variant[] = [
  {
    label: 'chosen: ESM, SDK bundled',
    format: HOUSE_BUNDLING.format === OutputFormat.ESM ? 'esm' : 'cjs',
    external: HOUSE_BUNDLING.externalModules,
    mainFields: HOUSE_BUNDLING.mainFields,
    banner: HOUSE_BUNDLING.banner,
  },
  {
    label: 'CJS, SDK from runtime',
    format: 'cjs',
    external: ['@aws-sdk/*'],
    nodePath: join(PROJECT_ROOT, 'node_modules'),
  },
];

// The entry points read their settings when loaded (cold start): give them names to read.
const baseEnv = {
  PATH: process.env.PATH ?? '',
  MESSAGES_TABLE: 'm',
  SENDERS_TABLE: 's',
  REGISTRY_TABLE: 'r',
  ALERTS_TABLE: 'a',
  INGEST_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/i.fifo',
  INGEST_DLQ_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/i-dlq.fifo',
  WEBHOOK_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/w.fifo',
  WEBHOOK_DLQ_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/d.fifo',
  ADT_HUB_DEPLOYMENT: 'bench',
  AWS_REGION: 'eu-west-2',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ADT_HUB_CONSOLE_ACCESS: 'read',
  ADT_HUB_CONSOLE_GROUPS_CLAIM: 'cognito:groups',
  ADT_HUB_CONSOLE_USERNAME_CLAIM: 'username',
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

console.log(`Node ${process.version}; each bundle imported ${RUNS} times in a fresh process (median).`);
console.log(
  'Init is module initialisation only: reading, compiling and running the bundle (and, for the CJS one, the',
);
console.log('SDK files it requires from node_modules), up to the handler being ready.\n');
console.log(
  `${'function'.padEnd(18)} ${'variant'.padEnd(26)} ${'bundle KB'.padStart(10)} ${'map KB'.padStart(8)} ${'init ms'.padStart(8)}  goal ≤ ${GOAL_KB} KB`,
);
try {
  for (const handler of HANDLERS) {
    for (const variant of VARIANTS) {
      const outfile = join(
        out,
        `${handler}-${variant.format}-${variant.external.length}.${variant.format === 'esm' ? 'mjs' : 'cjs'}`,
      );
      await build({
        entryPoints: [join(PROJECT_ROOT, 'functions/lambda', `${handler}.ts`)],
        outfile,
        bundle: true,
        platform: 'node',
        target: 'node22',
        format: variant.format,
        minify: true,
        sourcemap: true,
        external: variant.external,
        ...(variant.mainFields && { mainFields: variant.mainFields }),
        ...(variant.banner && { banner: { js: variant.banner } }),
        logLevel: 'error',
      });
      const sizeKb = statSync(outfile).size / 1024;
      const mapKb = statSync(`${outfile}.map`).size / 1024;
      const script = `const t=performance.now();import(${JSON.stringify(pathToFileURL(outfile).href)}).then(()=>process.stdout.write(String(performance.now()-t)))`;
      const env = { ...baseEnv, ...(variant.nodePath && { NODE_PATH: variant.nodePath }) };
      const times = Array.from({ length: RUNS }, () =>
        Number(execFileSync(process.execPath, ['-e', script], { env, cwd: out, encoding: 'utf8' })),
      );
      const verdict = sizeKb <= GOAL_KB ? 'met' : 'NOT MET';
      console.log(
        `${handler.padEnd(18)} ${variant.label.padEnd(26)} ${sizeKb.toFixed(1).padStart(10)} ${mapKb.toFixed(1).padStart(8)} ${median(times).toFixed(1).padStart(8)}  ${verdict}`,
      );
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
