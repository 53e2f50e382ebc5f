// The parts of `npm run bench:registry` that must start cold, each in a process of its own, as a
// new Lambda container or an operator's CLI would: prints one JSON line.
//   floor   read every roster chunk's bytes from DynamoDB, nothing else
//   ready   a process step's RosterSnapshot, from nothing to ready to match
//   import  import a roster CSV with the import use case, as `adt-hub roster import` does
import { randomUUID } from 'node:crypto';
import { readRoster } from '../functions/adapters/csv/roster-csv.ts';
import { PK } from '../functions/adapters/dynamodb/items.ts';
import { queryAll } from '../functions/adapters/dynamodb/paginate.ts';
import { DynamoDbRosterStore } from '../functions/adapters/dynamodb/roster-store.ts';
import { systemClock } from '../functions/platform/system.ts';
import { importRoster } from '../functions/use-cases/roster-import.ts';
import { RosterSnapshot } from '../functions/use-cases/roster-snapshot.ts';
import { localClients } from '../local/clients.ts';

const [mode, endpoint, table, ...rest] = process.argv.slice(2);
if (mode === undefined || endpoint === undefined || table === undefined) {
  throw new Error('usage: registry-child.ts floor|ready|import ENDPOINT TABLE [SUBSCRIBER CSV]');
}
const clients = localClients({ dynamodbEndpoint: endpoint, sqsEndpoint: 'http://127.0.0.1:9' });
const store = new DynamoDbRosterStore(clients.dynamodb, table);
// The SDK's own start-up (credentials, first connection) is not the registry's: one call first.
await store.versions();

const memory = () => {
  const usage = process.memoryUsage();
  return { rssMb: usage.rss / 1e6, heapMb: usage.heapUsed / 1e6, buffersMb: usage.arrayBuffers / 1e6 };
};
const started = performance.now();
let result: Record<string, unknown>;
if (mode === 'floor') {
  const pointers = await queryAll(clients.dynamodb, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': PK.rosterPointers },
  });
  let bytes = 0;
  await Promise.all(
    Array.from({ length: 16 }, async (_, worker) => {
      for (let i = worker; i < pointers.length; i += 16) {
        const pointer = pointers[i] as { subscriberId: string; version: string };
        const chunks = await queryAll(clients.dynamodb, {
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
          ExpressionAttributeValues: {
            ':pk': `SUBSCRIBER#${pointer.subscriberId}`,
            ':v': `ROSTER#${pointer.version}#`,
          },
        });
        for (const chunk of chunks) bytes += (chunk.shard as Uint8Array | undefined)?.byteLength ?? 0;
      }
    }),
  );
  result = { ms: performance.now() - started, storedMb: bytes / 1e6 };
} else if (mode === 'ready') {
  const snapshot = new RosterSnapshot(store, systemClock);
  const { index } = await snapshot.get();
  const ms = performance.now() - started;
  globalThis.gc?.();
  result = { ms, rows: index.size, ...memory() };
} else if (mode === 'import') {
  const [subscriberId, csv] = rest as [string, string];
  const summary = await importRoster(
    subscriberId,
    readRoster(csv),
    { replace: true },
    { rosters: store, newPersonId: () => `p-${randomUUID()}` },
  );
  result = {
    ms: performance.now() - started,
    imported: summary.imported,
    rejected: summary.rejected.length,
    maxRssMb: process.resourceUsage().maxRSS / 1e3,
  };
} else {
  throw new Error(`unknown mode ${mode}`);
}
console.log(JSON.stringify(result));
clients.destroy();
