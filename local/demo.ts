// `npm run demo`: the demo on a fresh, temporary local hub; exits 0 only when every expected
// alert arrived exactly once and nothing unexpected arrived.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from './demo/run.ts';
import { checkJava } from './emulators/dynamodb-local.ts';
import { startLocalHub } from './hub.ts';

try {
  checkJava();
} catch (error) {
  console.error(`adt-hub: ${(error as Error).message}`);
  process.exit(1);
}
const dataDir = mkdtempSync(join(tmpdir(), 'adt-hub-demo-'));
// The demo prints its own table: the handlers' log lines only for warnings and errors.
const hub = await startLocalHub({ dataDir, deployment: 'demo', logLevel: 'WARN' });
let ok = false;
try {
  const demo = await runDemo(hub);
  for (const line of demo.lines) console.log(line);
  ok = demo.ok;
  demo.stopPolling();
  await demo.receiver.close();
} finally {
  await hub.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
