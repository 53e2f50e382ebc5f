// `npm start`'s first step (prestart): build the operator console when console/dist is missing or
// older than its sources, so that `npm install && npm start` stays the whole set-up.
import { buildConsoleIfStale } from './build.ts';

try {
  await buildConsoleIfStale();
} catch (error) {
  console.error(`adt-hub: the operator console could not be built: ${(error as Error).message}`);
  process.exit(1);
}
