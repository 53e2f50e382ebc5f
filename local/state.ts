// The local hub's state folder, `.adt-hub/` in the project (git-ignored): DynamoDB Local's data,
// the demo sender key, and hub.json, by which the CLI finds a running hub without any flag.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** `ADT_HUB_STATE_DIR` moves it (tests do, to leave the project's own state alone). */
export const STATE_DIR = process.env.ADT_HUB_STATE_DIR || join(PROJECT_ROOT, '.adt-hub');
export const HUB_FILE = join(STATE_DIR, 'hub.json');
const SENDER_KEY_FILE = join(STATE_DIR, 'sender-key');

export interface RunningHubInfo {
  httpUrl: string;
  mllpPort?: number;
  /** The MLLP listener speaks TLS (ADT_HUB_MLLP_TLS_CERT / _KEY). */
  mllpTls?: boolean;
  senderKey: string;
  deployment: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  pid: number;
}

/** The demo sender key kept from an earlier run, if any. */
export function savedSenderKey(): string | undefined {
  return existsSync(SENDER_KEY_FILE) ? readFileSync(SENDER_KEY_FILE, 'utf8').trim() || undefined : undefined;
}

/**
 * A folder only this user may enter (0700), made so if it was not: the state folder holds a sender
 * key and, in DynamoDB Local's data, whatever messages were sent to the hub.
 */
export function privateDir(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
  return path;
}

/** Writes a file only this user may read (0600), also when it was there before with other modes. */
function writePrivateFile(path: string, text: string): void {
  privateDir(STATE_DIR);
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function saveSenderKey(key: string): void {
  writePrivateFile(SENDER_KEY_FILE, `${key}\n`);
}

export function writeHubInfo(info: RunningHubInfo): void {
  writePrivateFile(HUB_FILE, `${JSON.stringify(info, null, 2)}\n`);
}

/** The hub started by `npm start` in this folder, if one is running. */
export function runningHub(): RunningHubInfo | undefined {
  if (!existsSync(HUB_FILE)) return undefined;
  const info = JSON.parse(readFileSync(HUB_FILE, 'utf8')) as RunningHubInfo;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}
