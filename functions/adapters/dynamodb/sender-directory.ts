// SenderDirectory on the senders table, with a short in-memory cache: every message names its
// key, and a warm container should not read DynamoDB for each one.
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Sender, SenderDirectory, SenderRegistration } from '../../use-cases/ports/index.ts';
import { senderItem } from './items.ts';
import { scanAll } from './paginate.ts';

const CACHE_MS = 60_000;

export class DynamoDbSenderDirectory implements SenderDirectory {
  private readonly cache = new Map<string, { sender: Sender; until: number }>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async findByKeyHash(keyHash: string): Promise<Sender | undefined> {
    const cached = this.cache.get(keyHash);
    if (cached !== undefined && cached.until > this.now()) return structuredClone(cached.sender);
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { keyHash } }));
    if (Item === undefined) return undefined;
    const sender: Sender = {
      senderId: String(Item.senderId),
      facilities: [...(Item.facilities as string[])],
    };
    this.cache.set(keyHash, { sender, until: this.now() + CACHE_MS });
    return structuredClone(sender);
  }

  /** A scan: senders are few, and listing them is an operator's act. */
  async list(): Promise<Omit<SenderRegistration, 'keyHash'>[]> {
    const items = await scanAll(this.client, { TableName: this.tableName });
    return items.map((item) => ({
      senderId: String(item.senderId),
      ...(item.name !== undefined && { name: String(item.name) }),
      facilities: [...(item.facilities as string[])],
    }));
  }

  async register(sender: SenderRegistration): Promise<void> {
    this.cache.delete(sender.keyHash);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...senderItem(sender), createdAt: new Date(this.now()).toISOString() },
      }),
    );
  }
}
