// A state folder (ADT_HUB_STATE_DIR) whose hub.json points the CLI at a test's local hub.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalHub } from '../../local/hub.ts';

export function stateDirFor(hub: LocalHub): { env: { ADT_HUB_STATE_DIR: string }; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'adt-hub-state-'));
  writeFileSync(
    join(dir, 'hub.json'),
    JSON.stringify({
      httpUrl: hub.httpUrl,
      senderKey: hub.senderKey,
      deployment: hub.deployment,
      dynamodbEndpoint: hub.emulators.dynamodbEndpoint,
      sqsEndpoint: hub.emulators.sqsEndpoint,
      pid: process.pid,
    }),
  );
  return { env: { ADT_HUB_STATE_DIR: dir }, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
