// Runs what was synthesised, each in a process of its own with only the environment it is given:
// a Lambda function's bundle under the runtime stand-in (lambda-runtime.mjs), and the MLLP
// container's bundle built and started as its staged Dockerfile says.
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNTIME = fileURLToPath(new URL('./lambda-runtime.mjs', import.meta.url));
const RECORDER = new URL('./env-recorder.mjs', import.meta.url).href;

/** Every line a process wrote, stdout and stderr, for the log checks and a failing test's report. */
function collect(child: ChildProcess, lines: string[]): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
    });
  }
}

export interface RunningFunction {
  readonly logicalId: string;
  /** Resolves when the handler is loaded (cold start); rejects with the init error. */
  readonly ready: Promise<{ file: string; initMs: number }>;
  /** How many invocations it has run. */
  readonly invocations: number;
  readonly output: string[];
  invoke(event: unknown): Promise<unknown>;
  variablesRead(): Promise<Set<string>>;
  stop(): Promise<void>;
}

export interface FunctionOptions {
  logicalId: string;
  /** The unzipped code asset: the task root. */
  taskRoot: string;
  /** `index.handler`, as the template has it. */
  handler: string;
  environment: Record<string, string>;
  timeoutMs: number;
}

/** One execution environment of a function: its bundle loaded once, invocations one at a time. */
export function startFunction(options: FunctionOptions): RunningFunction {
  const output: string[] = [];
  const child = fork(RUNTIME, [options.taskRoot, options.handler], {
    cwd: options.taskRoot,
    env: options.environment,
    // Not the test runner's flags or loaders: Node alone, as on Lambda.
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  collect(child, output);
  const pending = new Map<string, { resolve(value: unknown): void; reject(error: Error): void }>();
  let readsWanted: ((names: Set<string>) => void) | undefined;
  let invocations = 0;
  let initFailure: Error | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<{ file: string; initMs: number }>((resolve, reject) => {
    child.on('message', (message: Record<string, unknown>) => {
      if (message.type === 'ready') resolve(message as unknown as { file: string; initMs: number });
      else if (message.type === 'init-error') {
        initFailure = new Error(String(message.message));
        reject(initFailure);
      } else if (message.type === 'variables-read') readsWanted?.(new Set(message.names as string[]));
      else {
        const call = pending.get(String(message.id));
        pending.delete(String(message.id));
        if (message.type === 'result') call?.resolve(message.result);
        else call?.reject(new Error(`${options.logicalId} failed: ${String(message.message)}`));
      }
    });
    child.once('exit', (code) => {
      const error = new Error(`${options.logicalId}: its process exited (${code})`);
      reject(error);
      for (const call of pending.values()) call.reject(error);
    });
  });
  ready.catch(() => undefined);
  // One invocation at a time, as one execution environment runs them.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    logicalId: options.logicalId,
    ready,
    output,
    get invocations() {
      return invocations;
    },
    invoke: (event) => {
      const run = queue.then(async () => {
        await ready;
        invocations++;
        const id = randomUUID();
        return new Promise<unknown>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          child.send({ type: 'invoke', id, event, timeoutMs: options.timeoutMs });
        });
      });
      queue = run.catch(() => undefined);
      return run;
    },
    variablesRead: () =>
      new Promise((resolve) => {
        readsWanted = resolve;
        child.send({ type: 'variables-read' });
      }),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** What a Dockerfile of the MLLP image's shape builds, and how its container starts. */
export interface ContainerBuild {
  /** The runtime stage's working folder, holding only what it copied from the build stage. */
  appDir: string;
  /** CMD, as an exec-form array. */
  command: string[];
  /** The runtime stage's ENV. */
  environment: Record<string, string>;
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

/**
 * Builds the image's bundle as its Dockerfile says, without Docker: the build stage's `npm ci` is
 * stood in for by the project's node_modules (installed from the same package-lock.json), its
 * `npx esbuild …` run as written; the runtime stage's `COPY --from=build` copied into a folder of
 * its own. Any other step fails the build: the check must not guess what a new step does.
 */
export function buildContainer(
  context: string,
  dockerFile: string,
  nodeModules: string,
  into: string,
): ContainerBuild {
  const steps = instructions(readFileSync(join(context, dockerFile), 'utf8'));
  const stages: { name?: string; steps: { op: string; args: string }[] }[] = [];
  for (const step of steps) {
    if (step.op === 'FROM') {
      const name = /\bAS\s+(\S+)\s*$/i.exec(step.args)?.[1];
      stages.push({ ...(name !== undefined && { name }), steps: [] });
    } else stages.at(-1)?.steps.push(step);
  }
  const [build, runtime, ...extra] = stages;
  if (build === undefined || runtime === undefined || extra.length > 0)
    throw new Error(`${dockerFile}: expected a build stage and a runtime stage`);
  const buildDir = join(into, 'build');
  const appDir = join(into, 'app');
  rmSync(into, { recursive: true, force: true });
  mkdirSync(appDir, { recursive: true });
  // The staged context is already what .dockerignore lets through; COPY takes from it.
  cpSync(context, buildDir, { recursive: true });
  let buildWorkdir = '/';
  for (const { op, args } of build.steps) {
    if (op === 'WORKDIR') buildWorkdir = args;
    else if (op === 'COPY') continue;
    else if (op === 'RUN' && /^npm ci\b/.test(args)) {
      if (!existsSync(join(buildDir, 'node_modules')))
        symlinkSync(nodeModules, join(buildDir, 'node_modules'));
    } else if (op === 'RUN' && args.startsWith('npx esbuild ')) {
      if (/["'$`]/.test(args)) throw new Error(`${dockerFile}: cannot run '${args}' without a shell`);
      execFileSync(join(buildDir, 'node_modules', '.bin', 'esbuild'), args.split(/\s+/).slice(2), {
        cwd: buildDir,
        stdio: 'pipe',
      });
    } else throw new Error(`${dockerFile}: the build step '${op} ${args}' has no local stand-in`);
  }
  const environment: Record<string, string> = {};
  let command: string[] | undefined;
  for (const { op, args } of runtime.steps) {
    if (op === 'ENV') {
      const [name = '', ...value] = args.split('=');
      environment[name] = value.join('=');
    } else if (op === 'COPY') {
      const from = /^--from=(\S+)\s+(\S+)\s+(\S+)$/.exec(args);
      if (from === null || from[1] !== build.name) throw new Error(`${dockerFile}: cannot copy '${args}'`);
      const source = join(buildDir, (from[2] ?? '').replace(new RegExp(`^${buildWorkdir}/?`), ''));
      cpSync(source, appDir, { recursive: true });
    } else if (op === 'CMD') command = JSON.parse(args) as string[];
    else if (!['WORKDIR', 'USER', 'EXPOSE'].includes(op))
      throw new Error(`${dockerFile}: the runtime step '${op} ${args}' has no local stand-in`);
  }
  if (command?.[0] !== 'node') throw new Error(`${dockerFile}: CMD must be an exec-form node command`);
  return { appDir, command, environment };
}

export interface RunningContainer {
  readonly output: string[];
  readonly exited: Promise<number | null>;
  /** Sends SIGTERM, as ECS stops a task, and waits for it to exit; then the variables it read. */
  stop(): Promise<Set<string>>;
}

/**
 * Starts the container's command in its app folder with the environment given, and records the
 * variables it reads (a `--import` of env-recorder.mjs: the one flag added to its command).
 */
export function startContainer(build: ContainerBuild, environment: Record<string, string>): RunningContainer {
  const output: string[] = [];
  const readsFile = join(build.appDir, '..', 'variables-read.json');
  const [, ...args] = build.command;
  const child = spawn(process.execPath, ['--import', RECORDER, ...args], {
    cwd: build.appDir,
    env: {
      ...build.environment,
      ...environment,
      VERIFY_DEPLOYED_READS_FILE: readsFile,
      VERIFY_DEPLOYED_RECORD: 'preload',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  collect(child, output);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      return new Set(existsSync(readsFile) ? (JSON.parse(readFileSync(readsFile, 'utf8')) as string[]) : []);
    },
  };
}
