// Debian's Chromium driven by playwright-core for the console's browser tests: a fresh profile
// each time, the flags this machine's closed network needs, and a record of everything the page
// did wrong (a script error, a CSP violation, a request to anything but the console itself).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.ADT_HUB_CHROMIUM ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps calling Google's hosts, which are refused here. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'console');

export interface ConsoleBrowser {
  page: Page;
  context: BrowserContext;
  /** What went wrong in the page: console errors (CSP violations among them), page errors, foreign requests. */
  problems: string[];
  /** Takes out of `problems` what a test expected (the browser logs every 4xx answer as an error). */
  allow(pattern: RegExp): void;
  /** A screenshot of the viewport, as test-results/console/<name>.png. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openConsole(baseUrl: string): Promise<ConsoleBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  const profile = mkdtempSync(join(tmpdir(), 'adt-hub-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    // The console then skips its transitions: a screenshot never catches a dialog half-open.
    reducedMotion: 'reduce',
  });
  const problems: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${baseUrl}/`) && !url.startsWith('data:')) problems.push(`request to ${url}`);
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    page,
    context,
    problems,
    allow: (pattern) => {
      const kept = problems.filter((problem) => !pattern.test(problem));
      problems.splice(0, problems.length, ...kept);
    },
    screenshot: async (name) => {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
