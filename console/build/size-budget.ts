// The console's weight, measured as the browser downloads it (gzip): each built file and the
// total, printed after every build; a build over the budget fails rather than grows quietly.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export interface SizeReport {
  files: { path: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? filesUnder(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]),
    ),
  );
  return nested.flat();
}

/** Every file of a built console, with its size as sent gzipped (level 9, as a server would). */
export async function measureBuild(dir: string): Promise<SizeReport> {
  const files = await Promise.all(
    (await filesUnder(dir)).sort().map(async (file) => {
      const content = await readFile(file);
      return {
        path: relative(dir, file),
        bytes: content.byteLength,
        gzipBytes: gzipSync(content, { level: 9 }).byteLength,
      };
    }),
  );
  return { files, gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0) };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatReport(report: SizeReport, budgetBytes: number): string {
  const width = Math.max(...report.files.map((file) => file.path.length), 5);
  const lines = report.files.map(
    (file) =>
      `  ${file.path.padEnd(width)}  ${kb(file.bytes).padStart(9)}  ${kb(file.gzipBytes).padStart(9)} gzip`,
  );
  return [
    'Console size:',
    ...lines,
    `  ${'total'.padEnd(width)}  ${''.padStart(9)}  ${kb(report.gzipBytes).padStart(9)} gzip (budget ${kb(budgetBytes)})`,
  ].join('\n');
}

/** A Vite plugin: after the bundle is written, print its gzipped size; fail above `budgetBytes`. */
export function sizeBudget(budgetBytes: number): Plugin {
  let outDir = '';
  return {
    name: 'adt-hub-size-budget',
    apply: 'build',
    configResolved(config) {
      // resolve, not join: the CDK app builds into an absolute directory of its own.
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const report = await measureBuild(outDir);
      console.log(formatReport(report, budgetBytes));
      if (report.gzipBytes > budgetBytes)
        this.error(`the console is ${kb(report.gzipBytes)} gzipped, over its budget of ${kb(budgetBytes)}`);
    },
  };
}
