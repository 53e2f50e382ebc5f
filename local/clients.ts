// SDK clients for the local hub's emulators: the hub itself, its handlers and the CLI (which finds
// a running hub's endpoints in .adt-hub/hub.json) all build theirs here. No emulator is started.
import { createClients, type HubClients } from '../functions/platform/clients.ts';

export const LOCAL_REGION = 'eu-west-2';

export interface Emulators {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
}

/** Fixed credentials: the emulators accept any. */
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function localClients(emulators: Emulators): HubClients {
  return createClients({
    region: LOCAL_REGION,
    dynamodb: { endpoint: emulators.dynamodbEndpoint, credentials },
    sqs: { endpoint: emulators.sqsEndpoint, credentials },
    // The emulators share a developer's machine (or a CI runner's two cores) with everything else:
    // a slow answer is not a stalled one. Three tries still end inside the local invoker's 30 s.
    requestTimeoutMs: 8_000,
  });
}
