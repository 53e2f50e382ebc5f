// Runs the adt-hub CLI as an operator would: a real process, its exit code and both streams.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const CLI = fileURLToPath(new URL('../../bin/adt-hub.js', import.meta.url));
const run = promisify(execFile);

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function adtHub(
  args: string[],
  env: Record<string, string> = {},
  input?: Buffer,
): Promise<CliRun> {
  const child = run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (input !== undefined) child.child.stdin?.end(input);
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** `adt-hub subscribers add` for a webhook subscriber at a receiver's URL, signing with its secret. */
export function addWebhookSubscriber(
  subscriber: { id: string; name: string },
  receiver: { url: string; secret: string },
  env: Record<string, string>,
): Promise<CliRun> {
  return adtHub(
    [
      'subscribers',
      'add',
      '--id',
      subscriber.id,
      '--name',
      subscriber.name,
      '--webhook',
      receiver.url,
      '--secret',
      receiver.secret,
    ],
    env,
  );
}
