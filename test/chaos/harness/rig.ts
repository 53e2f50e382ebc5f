// One scenario's bench: a hub process on a state folder of its own, a webhook subscriber behind
// the fault switch, registered and given its roster through the operator CLI, and the feeds that
// send it messages at a steady rate as interface engines would.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSenderKey } from '../../../functions/use-cases/senders.ts';
import { adtHub, type CliRun } from '../../helpers/cli.ts';
import { eventually } from '../../helpers/eventually.ts';
import { type AlertSink, type Sabotage, type SinkMode, startAlertSink } from './alert-sink.ts';
import { freeHubPorts, type HubPorts, HubProcess } from './hub-process.ts';
import type { Ledger } from './ledger.ts';
import { type Person, type PlannedMessage, rosterCsv } from './people.ts';
import { type Answer, type HttpTarget, sendUntilAnswered } from './senders.ts';

export const SUBSCRIBER = 'chaos-gp';

export interface Rig {
  readonly dir: string;
  readonly stateDir: string;
  readonly ports: HubPorts;
  readonly senderKey: string;
  readonly logFile: string;
  hub: HubProcess;
  sink: AlertSink;
  target(): HttpTarget;
  /** Runs `adt-hub …` against this hub; a non-zero exit throws with its stderr. */
  cli(args: string[]): Promise<CliRun>;
  /** Starts the hub process again on the same state folder and ports (after a kill). */
  restart(): Promise<HubProcess>;
  /** Stops the hub and the sink; removes the folder unless asked to keep it (a failure). */
  close(keep?: boolean): Promise<void>;
}

export interface RigOptions {
  /** Short name: the folder's prefix. */
  name: string;
  /** The people on the subscriber's roster. */
  roster: readonly Person[];
  sinkMode?: SinkMode;
  /** Break the subscriber's end on purpose (the harness must then report a loss). */
  sabotage?: Sabotage;
}

export async function startRig(options: RigOptions): Promise<Rig> {
  const slug = options.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const dir = mkdtempSync(join(tmpdir(), `adt-hub-chaos-${slug}-`));
  const stateDir = join(dir, 'state');
  mkdirSync(stateDir);
  const logFile = join(dir, 'hub.log');
  const ports = await freeHubPorts();
  const senderKey = generateSenderKey();
  const sink = await startAlertSink(options.sinkMode ?? 'ok', options.sabotage);
  let hub: HubProcess;
  try {
    hub = await HubProcess.start({ stateDir, ports, senderKey, logFile });
  } catch (error) {
    await sink.close();
    throw error;
  }
  const cli = async (args: string[]) => {
    const run = await adtHub(args, { ADT_HUB_STATE_DIR: stateDir });
    if (run.code !== 0) throw new Error(`adt-hub ${args.slice(0, 2).join(' ')} failed: ${run.stderr.trim()}`);
    return run;
  };
  const rig: Rig = {
    dir,
    stateDir,
    ports,
    senderKey,
    logFile,
    hub,
    sink,
    target: () => ({ url: `http://127.0.0.1:${ports.http}`, key: senderKey }),
    cli,
    restart: async () => {
      rig.hub = await HubProcess.start({ stateDir, ports, senderKey, logFile });
      return rig.hub;
    },
    close: async (keep = false) => {
      await rig.hub.stop();
      await sink.close();
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await cli([
      'subscribers',
      'add',
      '--id',
      SUBSCRIBER,
      '--name',
      'Chaos test practice',
      '--webhook',
      sink.url,
      '--secret',
      sink.secret,
    ]);
    const csv = join(dir, 'roster.csv');
    writeFileSync(csv, rosterCsv(options.roster));
    const imported = await cli(['roster', 'import', '--subscriber', SUBSCRIBER, '--json', csv]);
    const summary = JSON.parse(imported.stdout) as { imported: number; rejected: unknown[] };
    if (summary.imported !== options.roster.length)
      throw new Error(`the roster import took ${summary.imported} of ${options.roster.length} rows`);
  } catch (error) {
    await rig.close(true);
    throw error;
  }
  return rig;
}

/** Feeds: each message of a feed waits for the one before it to be taken, as an engine's would. */
export function feedsOf(stories: readonly PlannedMessage[][], count: number): PlannedMessage[][] {
  const feeds: PlannedMessage[][] = Array.from({ length: count }, () => []);
  const byFeed: PlannedMessage[][][] = Array.from({ length: count }, () => []);
  stories.forEach((story, i) => {
    byFeed[i % count]?.push(story);
  });
  // Within a feed the people's stories interleave: everyone's first message, then everyone's second…
  byFeed.forEach((feedStories, f) => {
    const longest = Math.max(0, ...feedStories.map((story) => story.length));
    for (let step = 0; step < longest; step++)
      for (const story of feedStories) {
        const message = story[step];
        if (message !== undefined) feeds[f]?.push(message);
      }
  });
  return feeds.filter((feed) => feed.length > 0);
}

export interface FeedRun {
  /** Messages that never got a final answer before the deadline. */
  unanswered: PlannedMessage[];
  /** Messages refused for good (AE, or AR with 400). */
  refused: PlannedMessage[];
}

/**
 * Sends the feeds at about `ratePerSecond` in all (one shared timetable), each message resent
 * until answered (or `deadline`), recording every answer in the ledger.
 */
export async function runFeeds(
  feeds: readonly PlannedMessage[][],
  options: {
    target: () => HttpTarget;
    ratePerSecond: number;
    ledger: Ledger;
    deadline: number;
    onAnswer?: (message: PlannedMessage, answer: Answer) => void;
  },
): Promise<FeedRun> {
  // A fixed timetable: the k-th message is due k intervals after the start. Messages that fell
  // due while the feeds were held up go as soon as they can, as an engine's backlog would.
  const interval = 1000 / options.ratePerSecond;
  const start = Date.now();
  let due = 0;
  const slot = async () => {
    const wait = start + due++ * interval - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
  const run: FeedRun = { unanswered: [], refused: [] };
  await Promise.all(
    feeds.map(async (feed) => {
      for (const message of feed) {
        await slot();
        const outcome = await sendUntilAnswered(
          options.target,
          message.label,
          message.render(),
          options.deadline,
          (answer) => {
            options.ledger.answer(message, answer, message.step);
            options.onAnswer?.(message, answer);
          },
        );
        if (outcome.final === undefined) run.unanswered.push(message);
        else if (outcome.final.code !== 'AA') run.refused.push(message);
      }
    }),
  );
  return run;
}

/**
 * Waits, up to `timeoutMs`, for every alert the ledger expects; then for the hub to have nothing
 * left to do (its queues empty), which is what proves no further copy is on its way. Neither
 * throws: what is missing is the scenario's result, not an error.
 */
export async function awaitDelivery(
  rig: Rig,
  ledger: Ledger,
  timeoutMs: number,
): Promise<{ complete: boolean; idle: boolean }> {
  const complete = await eventually(
    'every expected alert arriving',
    () => ledger.complete(rig.sink.arrivals),
    {
      timeoutMs,
      intervalMs: 100,
    },
  ).then(
    () => true,
    () => false,
  );
  // Settled: nothing on the ingest queue or the webhook queue, in flight or waiting out a backoff.
  const idle = await eventually('the hub finishing its work', () => rig.hub.idle(), {
    timeoutMs: complete ? 30_000 : 5_000,
    intervalMs: 200,
  }).then(
    () => true,
    () => false,
  );
  return { complete, idle };
}
