// A webhook receiver in memory: an HttpPoster that records each POST and answers from a script.
import type { HttpPoster, HttpResponse } from '../../functions/use-cases/ports/index.ts';

export interface RecordedPost {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** What the receiver does with one POST: answer, or fail as the network or the poster would. */
export type ScriptedAnswer = HttpResponse | { throws: Error };

/** A thrown error with a name (`TimeoutError`) or a code (`ECONNREFUSED`, REFUSED_ADDRESS). */
export function networkError(message: string, fields: { name?: string; code?: string } = {}): Error {
  return Object.assign(new Error(message), fields);
}

export class ScriptedReceiver implements HttpPoster {
  readonly posts: RecordedPost[] = [];

  /** Answers in turn; 200 once the script runs out. `onPost` runs as each POST arrives. */
  constructor(
    private readonly script: ScriptedAnswer[] = [],
    private readonly onPost: () => void = () => undefined,
  ) {}

  async post(
    url: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<HttpResponse> {
    this.posts.push({ url, body, headers, timeoutMs });
    this.onPost();
    const answer = this.script.shift() ?? { status: 200 };
    if ('throws' in answer) throw answer.throws;
    return answer;
  }

  /** The `webhook-id` of each POST, in order. */
  get ids(): string[] {
    return this.posts.map((post) => post.headers['webhook-id'] ?? '');
  }
}
