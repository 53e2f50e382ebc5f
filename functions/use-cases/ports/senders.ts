// Senders: the hospitals' interface engines, each known by a key it presents (stored hashed).

export interface Sender {
  senderId: string;
  /** MSH-4 facilities this sender may send for; `*` allows any (the local demo sender). */
  facilities: string[];
}

/** A sender as registered: the hash of its key, and a name for people. */
export interface SenderRegistration extends Sender {
  keyHash: string;
  name?: string;
}

export interface SenderDirectory {
  /** The sender whose key hashes to `keyHash`, if any. */
  findByKeyHash(keyHash: string): Promise<Sender | undefined>;
  /** Every registered sender (for operators: never the key, which the hub does not have). */
  list(): Promise<Omit<SenderRegistration, 'keyHash'>[]>;
  /** Registers a sender key (only its hash), or replaces the sender with that hash. */
  register(sender: SenderRegistration): Promise<void>;
}
