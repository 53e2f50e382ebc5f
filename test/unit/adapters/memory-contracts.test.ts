// The in-memory fakes against the ports' contracts: the same suites run against the DynamoDB
// adapters in test/e2e/dynamodb-contracts.test.ts, so a fake cannot drift from the real thing.
import { InMemoryAlertStore } from '../../../functions/adapters/memory/alerts.ts';
import { InMemoryIngestHolds, InMemoryMessageStore } from '../../../functions/adapters/memory/messages.ts';
import {
  InMemoryLearnedIdentifiers,
  InMemoryPersonStore,
} from '../../../functions/adapters/memory/people.ts';
import { InMemoryReviewList } from '../../../functions/adapters/memory/review.ts';
import { InMemoryRosterStore } from '../../../functions/adapters/memory/rosters.ts';
import { InMemorySenderDirectory } from '../../../functions/adapters/memory/senders.ts';
import { InMemorySubscriberDirectory } from '../../../functions/adapters/memory/subscribers.ts';
import { describeAlertStoreContract } from '../../contracts/alert-store.contract.ts';
import { describeIngestHoldsContract } from '../../contracts/ingest-holds.contract.ts';
import { describeLearnedIdentifiersContract } from '../../contracts/learned-identifiers.contract.ts';
import { describeMessageStoreContract } from '../../contracts/message-store.contract.ts';
import { describePersonStoreContract } from '../../contracts/person-store.contract.ts';
import { describeReviewListContract } from '../../contracts/review-list.contract.ts';
import { describeRosterStoreContract } from '../../contracts/roster-store.contract.ts';
import { describeSenderDirectoryContract } from '../../contracts/sender-directory.contract.ts';
import { describeSubscriberDirectoryContract } from '../../contracts/subscriber-directory.contract.ts';

describeMessageStoreContract('InMemoryMessageStore', () => new InMemoryMessageStore());
describeSenderDirectoryContract('InMemorySenderDirectory', () => new InMemorySenderDirectory());
describeIngestHoldsContract('InMemoryIngestHolds', () => new InMemoryIngestHolds());
describePersonStoreContract('InMemoryPersonStore', () => new InMemoryPersonStore());
describeLearnedIdentifiersContract('InMemoryLearnedIdentifiers', () => new InMemoryLearnedIdentifiers());
describeReviewListContract('InMemoryReviewList', () => new InMemoryReviewList());
describeRosterStoreContract('InMemoryRosterStore', () => new InMemoryRosterStore());
describeSubscriberDirectoryContract('InMemorySubscriberDirectory', () => new InMemorySubscriberDirectory());
describeAlertStoreContract('InMemoryAlertStore', () => new InMemoryAlertStore());
