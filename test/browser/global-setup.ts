// Before the browser tests: the console built from its current sources (as npm start does), and
// Debian's Chromium present, or a clear message saying how to install it.
import { existsSync } from 'node:fs';
import { buildConsoleIfStale } from '../../local/console/build.ts';
import { CHROMIUM } from '../helpers/browser.ts';

export default async function setup() {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `the browser tests drive ${CHROMIUM}, which is missing: apt-get install -y chromium (.ci/run does it)`,
    );
  await buildConsoleIfStale();
}
