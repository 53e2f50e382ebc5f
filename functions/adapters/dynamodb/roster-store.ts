// RosterStore on the registry table: each roster stored as its compact shard (core/matching/
// roster-shard.ts), gzip-compressed and cut into chunks under a version, and switched to by one
// write of its pointer (layout in items.ts). A reader reads the pointers (one query) and loads only
// the shards whose version it does not hold.
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gunzipSync, gzip } from 'node:zlib';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { RosterShard } from '../../core/matching/index.ts';
import type { RosterEntry, RosterStore } from '../../use-cases/ports/index.ts';
import { rosterEntriesOf, rosterShardOf } from '../../use-cases/roster-entries.ts';
import { PK, rosterChunksPk } from './items.ts';
import { queryAll } from './paginate.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Room for a gzip member's whole output in one buffer, from the size its trailer records (mod 2^32,
 * at most 256 MB here): zlib then hands back one buffer instead of 16 KB pieces to concatenate,
 * most of a shard's unpacking time on the main thread.
 */
function wholeSize(gzipped: Buffer): number {
  const recorded = gzipped.byteLength >= 4 ? gzipped.readUInt32LE(gzipped.byteLength - 4) : 0;
  return Math.min(256 * 1024 * 1024, Math.max(64 * 1024, recorded + 1));
}

/** Bytes per chunk: below DynamoDB's 400 KB item limit, with room for the keys. */
const CHUNK_BYTES = 380_000;
/** The pointer's format for shard chunks; pointers without one hold JSON entries (before 2026-12). */
const SHARD_FORMAT = 'shard-1';

interface Pointer {
  subscriberId: string;
  version: string;
  chunks: number;
  count?: number;
  format?: string;
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

  private chunksOf(subscriberId: string, version: string): Promise<Record<string, unknown>[]> {
    return this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :version)',
      ExpressionAttributeValues: { ':pk': rosterChunksPk(subscriberId), ':version': `ROSTER#${version}#` },
    });
  }

  async versions(): Promise<Map<string, string>> {
    return new Map((await this.pointers()).map((pointer) => [pointer.subscriberId, pointer.version]));
  }

  async loadShard(subscriberId: string, version: string): Promise<RosterShard | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: PK.rosterPointers, sk: `ROSTER#${subscriberId}` },
      }),
    );
    const pointer = Item as Pointer | undefined;
    if (pointer === undefined || pointer.version !== version) return undefined;
    const chunks = await this.chunksOf(subscriberId, version);
    // Replaced (and its chunks deleted) while they were read.
    if (chunks.length !== pointer.chunks) return undefined;
    if (pointer.format !== SHARD_FORMAT) {
      // A roster saved before shards: JSON entries, made into a shard here once.
      const entries = chunks.flatMap(
        (chunk) => JSON.parse(gunzipSync(chunk.entries as Uint8Array).toString('utf8')) as RosterEntry[],
      );
      return rosterShardOf(subscriberId, entries);
    }
    const gzipped = Buffer.concat(chunks.map((chunk) => chunk.shard as Uint8Array));
    return RosterShard.decode(subscriberId, await gunzipAsync(gzipped, { chunkSize: wholeSize(gzipped) }));
  }

  async counts(): Promise<Map<string, number>> {
    return new Map(
      (await this.pointers()).map((pointer) => [pointer.subscriberId, Number(pointer.count ?? 0)]),
    );
  }

  async loadRosters(): Promise<Map<string, RosterEntry[]>> {
    const rosters = new Map<string, RosterEntry[]>();
    for (const pointer of await this.pointers()) {
      const shard = await this.loadShard(pointer.subscriberId, pointer.version);
      if (shard !== undefined) rosters.set(pointer.subscriberId, rosterEntriesOf(shard));
    }
    return rosters;
  }

  private async batchWrite(requests: Record<string, unknown>[], perBatch = 25): Promise<void> {
    for (let i = 0; i < requests.length; i += perBatch) {
      let pending = requests.slice(i, i + perBatch);
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
    const gzipped = await gzipAsync(rosterShardOf(subscriberId, entries).encode());
    const puts: Record<string, unknown>[] = [];
    for (let at = 0, chunk = 0; at < gzipped.byteLength || chunk === 0; at += CHUNK_BYTES, chunk++) {
      puts.push({
        PutRequest: {
          Item: {
            pk,
            sk: `ROSTER#${version}#${String(chunk).padStart(6, '0')}`,
            shard: gzipped.subarray(at, at + CHUNK_BYTES),
          },
        },
      });
    }
    // BatchWriteItem takes at most 16 MB a request: 25 chunks would be more.
    await this.batchWrite(puts, 10);
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
          format: SHARD_FORMAT,
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
