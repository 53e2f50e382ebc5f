// `npm run console:dev`: the console on made-up data (fake-services.ts), for working on its pages
// without a hub. Builds the console first when it is stale; rebuild with `npm run console:build`
// and reload the page to see a change.
import { buildConsoleIfStale, CONSOLE_DIST } from '../../local/console/build.ts';
import { localActor, startConsoleServer } from '../../local/console/server.ts';
import { createFakeConsoleServices } from './fake-services.ts';

await buildConsoleIfStale();
const server = await startConsoleServer({
  port: Number(process.env.ADT_HUB_CONSOLE_PORT || 8081),
  services: createFakeConsoleServices(),
  staticDir: CONSOLE_DIST,
  actor: localActor,
});
console.log(`The console on made-up data: ${server.url}/ (Ctrl-C stops it)`);
process.on('SIGINT', () => {
  void server.close().then(() => process.exit(0));
});
