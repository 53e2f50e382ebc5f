// The local hub as a real child process, started the way an operator starts it
// (`node --import tsx local/start.ts --no-demo`), with its own state folder and fixed ports so
// that it can be killed and started again on the same state, as a restart after a crash would.
// Its output goes to a log file (so stdout is not a TTY: JSON log lines).
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { HubClients } from '../../../functions/platform/clients.ts';
import {
  INGEST_QUEUE,
  type QueueDefinition,
  queueName,
  WEBHOOK_QUEUE,
} from '../../../functions/platform/resources.ts';
import { localClients } from '../../../local/clients.ts';
import type { RunningHubInfo } from '../../../local/state.ts';
import { eventually } from '../../helpers/eventually.ts';
import { isAlive, javaUnder } from './processes.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXIT_WITH_PARENT = fileURLToPath(new URL('./exit-with-parent.ts', import.meta.url));

export interface HubPorts {
  http: number;
  mllp: number;
  console: number;
}

/**
 * A port free now and below Linux's ephemeral range (32768 and up): the hub keeps its ports across
 * a kill and a restart, and while it is down an outgoing connection of any other test, which takes
 * an ephemeral port, must not be able to take one of them.
 */
async function steadyPort(): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port between 20000 and 32000');
}

export async function freeHubPorts(): Promise<HubPorts> {
  return { http: await steadyPort(), mllp: await steadyPort(), console: await steadyPort() };
}

export interface HubProcessOptions {
  stateDir: string;
  ports: HubPorts;
  senderKey: string;
  /** Appended to (several runs of one hub share it). */
  logFile: string;
  /** How long start-up may take (Java, tables, recovery). */
  startTimeoutMs?: number;
}

/** What the harness may need to know about one run of the hub process. */
export class HubProcess {
  private clients?: HubClients;
  private readonly queueUrls = new Map<string, string>();
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly info: RunningHubInfo,
    readonly options: HubProcessOptions,
    readonly startedInMs: number,
  ) {
    this.exited =
      child.exitCode !== null
        ? Promise.resolve(child.exitCode)
        : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get httpUrl(): string {
    return this.info.httpUrl;
  }

  get senderKey(): string {
    return this.options.senderKey;
  }

  /** The environment that points the CLI at this hub (ADT_HUB_STATE_DIR/hub.json). */
  get cliEnv(): Record<string, string> {
    return { ADT_HUB_STATE_DIR: this.options.stateDir };
  }

  static async start(options: HubProcessOptions): Promise<HubProcess> {
    const started = Date.now();
    const log = openSync(options.logFile, 'a');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', EXIT_WITH_PARENT, 'local/start.ts', '--no-demo'],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          ADT_HUB_STATE_DIR: options.stateDir,
          ADT_HUB_HTTP_PORT: String(options.ports.http),
          ADT_HUB_MLLP_PORT: String(options.ports.mllp),
          ADT_HUB_CONSOLE_PORT: String(options.ports.console),
          ADT_HUB_SENDER_KEY: options.senderKey,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          // The log is evidence: which process logged which delivery (the test runner sets WARN).
          POWERTOOLS_LOG_LEVEL: 'INFO',
        },
        // Our end of its stdin: when this process ends, the hub does too (exit-with-parent.ts).
        stdio: ['pipe', log, log],
      },
    );
    closeSync(log);
    running.add(child);
    child.once('exit', () => running.delete(child));
    const hubFile = join(options.stateDir, 'hub.json');
    // A hub that dies while starting fails the start at once, with its exit and its log.
    let exit: string | undefined;
    child.once('exit', (code, signal) => {
      exit = signal === null ? `exit code ${code}` : `signal ${signal}`;
    });
    let info: RunningHubInfo;
    try {
      info = await eventually(
        `the hub process (pid ${child.pid}) writing ${hubFile}`,
        () => {
          if (exit !== undefined) return exit;
          if (!existsSync(hubFile)) return undefined;
          const written = JSON.parse(readFileSync(hubFile, 'utf8')) as RunningHubInfo;
          return written.pid === child.pid ? written : undefined;
        },
        { timeoutMs: options.startTimeoutMs ?? 90_000, intervalMs: 100 },
      ).then((found) => {
        if (typeof found === 'string') throw new HubExitedError(found, logTail(options.logFile));
        return found;
      });
    } catch (error) {
      child.kill('SIGKILL');
      if (error instanceof HubExitedError) throw error;
      throw new Error(`${(error as Error).message}\n--- hub log (tail) ---\n${logTail(options.logFile)}`);
    }
    return new HubProcess(child, info, options, Date.now() - started);
  }

  /** The Java process of its DynamoDB Local (found with ps). */
  javaPid(): number | undefined {
    return javaUnder(this.pid)?.pid;
  }

  alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && isAlive(this.pid);
  }

  /**
   * kill -9, then polls `ps` until the Java it ran is gone too (its watchdog should see to that).
   * Returns the Java pid and whether it died within the deadline.
   */
  async kill9(
    javaDeadlineMs = 15_000,
  ): Promise<{ killedAt: number; javaPid?: number; javaGone: boolean; javaGoneInMs: number }> {
    const javaPid = this.javaPid();
    const killedAt = Date.now();
    this.child.kill('SIGKILL');
    await this.exited;
    this.destroyClients();
    if (javaPid === undefined) return { killedAt, javaGone: true, javaGoneInMs: 0 };
    let javaGone = true;
    try {
      await eventually(`Java (pid ${javaPid}) ending after its hub was killed`, () => !isAlive(javaPid), {
        timeoutMs: javaDeadlineMs,
        intervalMs: 50,
      });
    } catch {
      javaGone = false;
      // Not ours to leave behind: end it, and report that it had to be.
      try {
        process.kill(javaPid, 'SIGKILL');
      } catch {}
    }
    return { killedAt, javaPid, javaGone, javaGoneInMs: Date.now() - killedAt };
  }

  /** Ctrl-C, as an operator would stop it; kill -9 if it does not stop in time. */
  async stop(timeoutMs = 20_000): Promise<void> {
    this.destroyClients();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const javaPid = this.javaPid();
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
    if (javaPid !== undefined)
      await eventually(`Java (pid ${javaPid}) ending with its hub`, () => !isAlive(javaPid), {
        timeoutMs: 15_000,
      }).catch(() => process.kill(javaPid, 'SIGKILL'));
  }

  /** How many messages wait on one of its queues: visible, delayed and in flight. */
  async queueDepth(queue: QueueDefinition, deadLetter = false): Promise<number> {
    this.clients ??= localClients(this.info);
    const name = queueName(this.info.deployment, queue, deadLetter);
    let url = this.queueUrls.get(name);
    if (url === undefined) {
      const { QueueUrl } = await this.clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      url = QueueUrl as string;
      this.queueUrls.set(name, url);
    }
    const { Attributes } = await this.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    return (
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  }

  /** Nothing left to do: the ingest and webhook queues empty, nothing in flight or waiting. */
  async idle(): Promise<boolean> {
    return (await this.queueDepth(INGEST_QUEUE)) === 0 && (await this.queueDepth(WEBHOOK_QUEUE)) === 0;
  }

  private destroyClients(): void {
    this.clients?.destroy();
    this.clients = undefined;
    this.queueUrls.clear();
  }
}

export class HubExitedError extends Error {
  override readonly name = 'HubExitedError';
  constructor(how: string, tail: string) {
    super(`the hub process ended during start-up (${how}):\n${tail}`);
  }
}

export function logTail(path: string, lines = 30): string {
  if (!existsSync(path)) return '(no log)';
  return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Hub processes still running: killed if this process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
