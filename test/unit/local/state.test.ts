// The local hub's state folder is private to its user, also when it was made with other modes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { privateDir } from '../../../local/state.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

it('makes the folder and its database folder 0700, tightening one left world-readable', () => {
  const root = mkdtempSync(join(tmpdir(), 'adt-hub-state-'));
  made.push(root);
  const state = join(root, '.adt-hub');
  mkdirSync(state, { mode: 0o755 });
  expect(modeOf(state)).toBe(0o755 & ~process.umask());

  const database = privateDir(join(privateDir(state), 'dynamodb'));

  expect(modeOf(state)).toBe(0o700);
  expect(modeOf(database)).toBe(0o700);
});

it('writes the sender key and hub.json 0600, also over files left readable by others', async () => {
  const root = mkdtempSync(join(tmpdir(), 'adt-hub-state-'));
  made.push(root);
  const state = join(root, '.adt-hub');
  mkdirSync(state, { mode: 0o755 });
  writeFileSync(join(state, 'sender-key'), 'old\n', { mode: 0o644 });
  vi.stubEnv('ADT_HUB_STATE_DIR', state);
  vi.resetModules();
  try {
    const fresh = await import('../../../local/state.ts');
    fresh.saveSenderKey('a-key');
    fresh.writeHubInfo({
      httpUrl: 'http://127.0.0.1:1',
      senderKey: 'a-key',
      deployment: 'local',
      dynamodbEndpoint: 'http://127.0.0.1:2',
      sqsEndpoint: 'http://127.0.0.1:3',
      pid: 1,
    });
  } finally {
    vi.unstubAllEnvs();
  }
  expect(modeOf(state)).toBe(0o700);
  expect(modeOf(join(state, 'sender-key'))).toBe(0o600);
  expect(modeOf(join(state, 'hub.json'))).toBe(0o600);
  expect(readFileSync(join(state, 'sender-key'), 'utf8')).toBe('a-key\n');
});
