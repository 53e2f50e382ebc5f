// RosterStore on the registry table: each roster stored whole, as gzip-compressed chunks under a
// version, and switched to by one write of its pointer (layout in items.ts).
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { RosterEntry, RosterStore } from '../../use-cases/ports/index.ts';
import { PK, rosterChunksPk } from './items.ts';
import { queryAll } from './paginate.ts';

/** Entries per chunk: about 60 KB of JSON, far below DynamoDB's 400 KB item limit. */
const CHUNK_SIZE = 400;

interface Pointer {
  subscriberId: string;
  version: string;
  chunks: number;
}

export class DynamoDbRosterStore implements RosterStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    return queryAll(this.client, { ...input, TableName: this.tableName });
  }

  private async pointers(): Promise<Pointer[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :roster)',
      ExpressionAttributeValues: { ':pk': PK.rosterPointers, ':roster': 'ROSTER#' },
    });
    return items as unknown as Pointer[];
  }

  private async entriesOf(pointer: Pointer): Promise<RosterEntry[]> {
    const chunks = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :version)',
      ExpressionAttributeValues: {
        ':pk': rosterChunksPk(pointer.subscriberId),
        ':version': `ROSTER#${pointer.version}#`,
      },
    });
    return chunks.flatMap(
      (chunk) => JSON.parse(gunzipSync(chunk.entries as Uint8Array).toString('utf8')) as RosterEntry[],
    );
  }

  /** The rosters' versions together: it changes whenever any roster does. */
  async version(): Promise<string | undefined> {
    const pointers = await this.pointers();
    if (pointers.length === 0) return undefined;
    return pointers
      .map((pointer) => `${pointer.subscriberId}@${pointer.version}`)
      .sort()
      .join(',');
  }

  async counts(): Promise<Map<string, number>> {
    const pointers = (await this.pointers()) as (Pointer & { count?: number })[];
    return new Map(pointers.map((pointer) => [pointer.subscriberId, Number(pointer.count ?? 0)]));
  }

  async loadRosters(): Promise<Map<string, RosterEntry[]>> {
    const rosters = new Map<string, RosterEntry[]>();
    for (const pointer of await this.pointers())
      rosters.set(pointer.subscriberId, await this.entriesOf(pointer));
    return rosters;
  }

  private async batchWrite(requests: Record<string, unknown>[]): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let pending = requests.slice(i, i + 25);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error('DynamoDB kept items unprocessed');
        const result = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
        );
        pending = (result.UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
        if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }

  async saveRoster(subscriberId: string, entries: readonly RosterEntry[]): Promise<void> {
    const old = (await this.pointers()).find((pointer) => pointer.subscriberId === subscriberId);
    // Unique even for two saves in the same millisecond: a repeated version would delete its own chunks.
    const version = `${this.now().toISOString()}-${randomBytes(4).toString('hex')}`;
    const pk = rosterChunksPk(subscriberId);
    const puts: Record<string, unknown>[] = [];
    for (let i = 0, chunk = 0; i < entries.length; i += CHUNK_SIZE, chunk++) {
      const json = JSON.stringify(entries.slice(i, i + CHUNK_SIZE));
      puts.push({
        PutRequest: {
          Item: { pk, sk: `ROSTER#${version}#${String(chunk).padStart(6, '0')}`, entries: gzipSync(json) },
        },
      });
    }
    await this.batchWrite(puts);
    // The switch: one conditional write, so two imports at once cannot both win.
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: PK.rosterPointers,
          sk: `ROSTER#${subscriberId}`,
          subscriberId,
          version,
          chunks: puts.length,
          count: entries.length,
        },
        ConditionExpression: old === undefined ? 'attribute_not_exists(pk)' : 'version = :old',
        ExpressionAttributeValues: old === undefined ? undefined : { ':old': old.version },
      }),
    );
    if (old !== undefined) {
      const stale = await this.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :version)',
        ExpressionAttributeValues: { ':pk': pk, ':version': `ROSTER#${old.version}#` },
        ProjectionExpression: 'pk, sk',
      });
      await this.batchWrite(stale.map((key) => ({ DeleteRequest: { Key: key } })));
    }
  }
}
