// In-memory SenderDirectory, for tests.
import type { Sender, SenderDirectory, SenderRegistration } from '../../use-cases/ports/index.ts';

export class InMemorySenderDirectory implements SenderDirectory {
  readonly senders = new Map<string, SenderRegistration>();

  async findByKeyHash(keyHash: string): Promise<Sender | undefined> {
    const found = this.senders.get(keyHash);
    return found === undefined ? undefined : { senderId: found.senderId, facilities: [...found.facilities] };
  }

  async list(): Promise<Omit<SenderRegistration, 'keyHash'>[]> {
    return [...this.senders.values()].map(({ keyHash: _, ...sender }) => structuredClone(sender));
  }

  async register(sender: SenderRegistration): Promise<void> {
    this.senders.set(sender.keyHash, structuredClone(sender));
  }
}
