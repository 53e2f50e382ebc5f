// The console's one way to the hub: the JSON API of functions/console-api/routes.ts, typed by the
// same DTOs the server uses. Nothing here talks to anything but the page's own origin. On AWS each
// call carries the signed-in person's token, and a 401 (no token, or an expired one) signs in.
import type { Me } from '../../functions/console-api/roles.ts';
import type {
  DecisionResult,
  DeliveryOverview,
  Health,
  MessageDetails,
  MessagePage,
  MessageQuery,
  RevealedMessage,
  ReviewComparison,
  ReviewSummary,
  RosterPreview,
  SenderOverview,
} from '../../functions/console-api/services.ts';
import type { AuditEntry } from '../../functions/use-cases/ports/audit.ts';
import type { ImportSummary } from '../../functions/use-cases/roster-import.ts';
import type { ListedSubscriber, NewSubscriber } from '../../functions/use-cases/subscribers.ts';
import { bearerToken, justSignedIn, signIn } from './session.ts';

export type ListedSubscriberWithRoster = ListedSubscriber & { rosterRows: number };

/** An answer other than 2xx: its status and the API's `{ error }` text (and the rest of its body). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

type Body = { json: unknown } | { csv: File | Blob } | undefined;

async function call<T>(method: 'GET' | 'POST', path: string, query?: object, body?: Body): Promise<T> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const search = params.size > 0 ? `?${params}` : '';
  const token = bearerToken();
  const init: RequestInit = {
    method,
    headers: { accept: 'application/json', ...(token !== undefined && { authorization: `Bearer ${token}` }) },
    credentials: 'same-origin',
  };
  if (body !== undefined && 'json' in body) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body.json);
  } else if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'text/csv' };
    init.body = body.csv;
  }
  const response = await fetch(`/api${path}${search}`, init);
  // Only on AWS: sign in (again), and come back here. Straight after a sign-in the token itself was
  // refused, and signing in again would only go round: that is shown instead.
  if (response.status === 401 && !justSignedIn()) await signIn();
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as { error?: unknown } | undefined)?.error;
    throw new ApiError(
      response.status,
      typeof error === 'string' ? error : `the hub answered ${response.status}`,
      parsed,
    );
  }
  return parsed as T;
}

const segment = encodeURIComponent;

export const api = {
  /** Who the console acts as, and their roles (none given: the local console, every role). */
  me: () => call<Me>('GET', '/me'),
  health: () => call<Health>('GET', '/health'),
  messages: (query: MessageQuery) => call<MessagePage>('GET', '/messages', query),
  message: (key: string) => call<MessageDetails>('GET', `/messages/${segment(key)}`),
  /** Audited by the hub: who saw which message's patient, and when. */
  reveal: (key: string) =>
    call<RevealedMessage>('POST', `/messages/${segment(key)}/reveal`, undefined, { json: {} }),
  reviewList: () => call<ReviewSummary[]>('GET', '/review'),
  reviewItem: (id: string) => call<ReviewComparison>('GET', `/review/${segment(id)}`),
  decide: (id: string, decision: 'accept' | 'reject', reason: string) =>
    call<Extract<DecisionResult, { ok: true }>>('POST', `/review/${segment(id)}/${decision}`, undefined, {
      json: { reason },
    }),
  deliveries: () => call<DeliveryOverview>('GET', '/deliveries'),
  redrive: (subscriberId?: string) =>
    call<{ sent: number; skipped: number }>('POST', '/dlq/redrive', undefined, {
      json: subscriberId === undefined ? {} : { subscriberId },
    }),
  subscribers: () => call<ListedSubscriberWithRoster[]>('GET', '/subscribers'),
  addSubscriber: (subscriber: NewSubscriber) =>
    call<{ subscriber: ListedSubscriber; generatedSecret?: string }>('POST', '/subscribers', undefined, {
      json: subscriber,
    }),
  previewRoster: (subscriberId: string, csv: File) =>
    call<RosterPreview>('POST', `/rosters/${segment(subscriberId)}/preview`, undefined, { csv }),
  importRoster: (subscriberId: string, csv: File, replace: boolean) =>
    call<ImportSummary>('POST', `/rosters/${segment(subscriberId)}/import`, { replace }, { csv }),
  senders: () => call<SenderOverview[]>('GET', '/senders'),
  audit: (since?: string) => call<AuditEntry[]>('GET', '/audit', { since }),
};

/** The 409 of a review decision: who decided first, and when. */
export function alreadyDecided(error: unknown): { outcome: string; by: string; at: string } | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  return (error.body as { alreadyDecided?: { outcome: string; by: string; at: string } }).alreadyDecided;
}
