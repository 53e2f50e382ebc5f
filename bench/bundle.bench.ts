// Bundle benchmark (`npm run bench:bundle`): each Lambda entry point bundled as the CDK stack bundles
// it (esbuild, node22, CommonJS, minified, the AWS SDK left to the runtime), its size against the
// 500 KB goal, and its module initialisation time: how long `require` of the bundle takes in a
// fresh Node process, the cold-start cost that is ours. Prints figures, never pass/fail.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HANDLERS = ['ingest-http', 'process-queue', 'deliver-webhook'];
const RUNS = 7;
const GOAL_KB = 500;
const root = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'adt-hub-bundles-'));

// The entry points read their settings when loaded (cold start): give them names to read.
const env = {
  ...process.env,
  MESSAGES_TABLE: 'm',
  SENDERS_TABLE: 's',
  REGISTRY_TABLE: 'r',
  ALERTS_TABLE: 'a',
  INGEST_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/i.fifo',
  WEBHOOK_QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/w.fifo',
  WEBHOOK_DLQ_URL: 'https://sqs.eu-west-2.amazonaws.com/000000000000/d.fifo',
  ADT_HUB_DEPLOYMENT: 'bench',
  AWS_REGION: 'eu-west-2',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  NODE_PATH: join(root, 'node_modules'),
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

console.log(`Node ${process.version}; each bundle required ${RUNS} times in a fresh process (median).`);
console.log(
  'The AWS SDK v3 is external (the nodejs22.x runtime provides it): its load time is included here, read',
);
console.log('from node_modules, but not its size.\n');
console.log(
  `${'function'.padEnd(18)} ${'bundle KB'.padStart(10)} ${'map KB'.padStart(8)} ${'init ms'.padStart(8)}  goal ≤ ${GOAL_KB} KB`,
);
try {
  for (const handler of HANDLERS) {
    const outfile = join(out, `${handler}.cjs`);
    await build({
      entryPoints: [join(root, 'functions/lambda', `${handler}.ts`)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      minify: true,
      sourcemap: true,
      external: ['@aws-sdk/*'],
      logLevel: 'error',
    });
    const sizeKb = statSync(outfile).size / 1024;
    const mapKb = statSync(`${outfile}.map`).size / 1024;
    const script = `const t=performance.now();require(${JSON.stringify(outfile)});process.stdout.write(String(performance.now()-t))`;
    const times = Array.from({ length: RUNS }, () =>
      Number(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' })),
    );
    const verdict = sizeKb <= GOAL_KB ? 'met' : 'NOT MET';
    console.log(
      `${handler.padEnd(18)} ${sizeKb.toFixed(1).padStart(10)} ${mapKb.toFixed(1).padStart(8)} ${median(times).toFixed(1).padStart(8)}  ${verdict}`,
    );
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
