// A local SQS server: fauxqs, in this process, listening on 127.0.0.1 only.
import { buildApp } from 'fauxqs';

export interface LocalSqs {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startLocalSqs(port = 0): Promise<LocalSqs> {
  const app = buildApp({ logger: false });
  const address = await app.listen({ host: '127.0.0.1', port });
  const actualPort = Number(new URL(address).port);
  return {
    endpoint: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    stop: async () => {
      await app.close();
    },
  };
}
