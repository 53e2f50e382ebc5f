// The use cases' own errors.
import { sha256Hex } from '../core/hash.ts';

/** Base of the errors a use case raises on purpose (as against a fault of an adapter). */
export class UseCaseError extends Error {
  override readonly name: string = 'UseCaseError';
}

/**
 * Saving a person's state that someone else saved since it was loaded: the message is retried.
 * The message names the person by a hash only: the id is often an NHS number, and this error can
 * reach the logs through a failed batch.
 */
export class StalePersonStateError extends UseCaseError {
  override readonly name = 'StalePersonStateError';
  constructor(personId: string) {
    super(
      `The state of person #${sha256Hex(personId).slice(0, 12)} changed while this message was processed`,
    );
  }
}
