// Building the operator console when its sources are newer than its build: `npm start` (through
// build-if-stale.ts) and the browser tests both come here, so neither serves stale pages. The CDK
// app builds it here too, as part of synth (buildConsoleInto), into the asset it deploys.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONSOLE_DIR = fileURLToPath(new URL('../../console/', import.meta.url));
/** What the console server serves. */
export const CONSOLE_DIST = join(CONSOLE_DIR, 'dist');

/** The files a build is made from: if any is newer than the built index.html, the build is stale. */
function sourceFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  return [
    ...walk(join(CONSOLE_DIR, 'src')),
    join(CONSOLE_DIR, 'index.html'),
    join(CONSOLE_DIR, 'vite.config.ts'),
  ];
}

/** Why the console needs building (missing, or older than a source), or undefined when it is fresh. */
export function staleReason(): string | undefined {
  let built: number;
  try {
    built = statSync(join(CONSOLE_DIST, 'index.html')).mtimeMs;
  } catch {
    return 'console/dist is missing';
  }
  const newer = sourceFiles().find((file) => statSync(file).mtimeMs > built);
  return newer === undefined ? undefined : `${newer.slice(CONSOLE_DIR.length)} changed since the last build`;
}

/** Runs `vite build` with console/vite.config.ts (which prints the gzipped size). */
export async function buildConsole(): Promise<void> {
  const { build } = await import('vite');
  // Vite makes a development build when NODE_ENV says so (vitest sets it to `test`): not for us.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(CONSOLE_DIR, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Builds the console if it is missing or stale; says why when it does. */
export async function buildConsoleIfStale(log: (line: string) => void = console.log): Promise<boolean> {
  const reason = staleReason();
  if (reason === undefined) return false;
  log(`Building the operator console (${reason})…`);
  await buildConsole();
  return true;
}

/**
 * Builds the console into `outDir`, synchronously (CDK's local bundling cannot wait for a promise):
 * `vite build` in a child process, offline, failing with the build's own message. The size budget
 * applies as in every build.
 */
export function buildConsoleInto(outDir: string): void {
  const vite = join(createRequire(import.meta.url).resolve('vite/package.json'), '..', 'bin', 'vite.js');
  const config = join(CONSOLE_DIR, 'vite.config.ts');
  const run = spawnSync(
    process.execPath,
    [vite, 'build', '--config', config, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: CONSOLE_DIR, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 2, 2] },
  );
  if (run.error !== undefined) throw run.error;
  if (run.status !== 0) throw new Error(`the operator console did not build (vite exited ${run.status})`);
}
