// The console's services over the hub's use cases: the same calls the CLI makes (review decisions,
// redrive, subscribers, roster import, trace), masked for lists, with every reveal and every change
// in the audit trail.
import { gunzipSync } from 'node:zlib';
import { readRosterBytes } from '../adapters/csv/roster-csv.ts';
import { readAck } from '../core/hl7/ack.ts';
import { parseHl7 } from '../core/hl7/parse.ts';
import type { AdtEvent, Patient } from '../core/normalise/adt-event.ts';
import { listAudit, recordAction } from '../use-cases/audit.ts';
import { addSubscriberAs, importRosterAs, redriveAs } from '../use-cases/operator-actions.ts';
import type {
  MessageHistory,
  MessageRecord,
  QueueMonitor,
  RosterStore,
  SenderDirectory,
} from '../use-cases/ports/index.ts';
import type { RedriveDependencies } from '../use-cases/redrive.ts';
import {
  acceptReview,
  ageHours,
  compareReview,
  type DecisionOutcome,
  listReview,
  OVERDUE_HOURS,
  type ReviewDependencies,
  rejectReview,
} from '../use-cases/review.ts';
import { type AddSubscriberDependencies, listSubscribers } from '../use-cases/subscribers.ts';
import { traceMessage } from '../use-cases/trace.ts';
import { FIELD_LABELS } from './labels.ts';
import type {
  ConsoleServices,
  DecisionResult,
  MaskedPatient,
  MessageSummary,
  RevealedMessage,
  ReviewSummary,
} from './services.ts';

export interface ConsoleDependencies {
  review: ReviewDependencies;
  history: MessageHistory;
  redrive: RedriveDependencies;
  subscribers: AddSubscriberDependencies;
  rosters: RosterStore;
  senders: SenderDirectory;
  queues: QueueMonitor;
  /** Open MLLP connections per sender, where the listener runs in the same process (the local hub). */
  mllpConnections?: () => Map<string, number>;
  newPersonId(): string;
}

/** `M*** O'B*****`: initials, for lists. */
function maskName(patient: Patient | undefined): string | undefined {
  const name = patient?.name;
  if (name === undefined) return undefined;
  const mask = (part: string) => `${part.charAt(0)}${'*'.repeat(Math.max(2, part.length - 1))}`;
  return [...(name.given ?? []).slice(0, 1), name.family]
    .filter((p): p is string => p !== undefined)
    .map(mask)
    .join(' ');
}

export function maskPatient(patient: Patient | undefined): MaskedPatient | undefined {
  if (patient === undefined) return undefined;
  return {
    ...(maskName(patient) !== undefined && { name: maskName(patient) }),
    ...(patient.nhsNumber !== undefined && { nhsNumber: `*** *** ${patient.nhsNumber.slice(-4)}` }),
    ...(patient.birthDate !== undefined && { birthYear: patient.birthDate.slice(0, 4) }),
  };
}

function summaryOf(record: MessageRecord & { eventJson?: string }): MessageSummary {
  const event = record.eventJson === undefined ? undefined : (JSON.parse(record.eventJson) as AdtEvent);
  const decision = record.decision;
  return {
    messageKey: record.messageKey,
    ...(record.controlId !== undefined && { controlId: record.controlId }),
    ...(record.sendingFacility !== undefined && { sendingFacility: record.sendingFacility }),
    senderId: record.senderId,
    receivedAt: record.receivedAt,
    status: record.status,
    ackCode: record.ackCode ?? (readAck(record.ack).code as MessageSummary['ackCode']) ?? 'AA',
    ...(event !== undefined && { event: event.event }),
    ...(decision !== undefined && {
      outcome: decision.method ? `${decision.outcome} by ${decision.method}` : decision.outcome,
    }),
    alerts: decision?.alertIds.length ?? 0,
    ...(event?.patient !== undefined && { patient: maskPatient(event.patient) }),
  };
}

function decisionResult(outcome: DecisionOutcome): DecisionResult {
  return outcome.ok ? outcome : { ok: false, alreadyDecided: outcome.alreadyDecided };
}

const HOUR_MS = 3_600_000;

export function createConsoleServices(deps: ConsoleDependencies): ConsoleServices {
  const { review, history } = deps;

  async function reviewSummaries(): Promise<ReviewSummary[]> {
    const now = review.clock.now();
    return (await listReview(review)).map((item) => {
      const hours = ageHours(item, now);
      return { item, ageHours: Math.round(hours * 10) / 10, overdue: hours > OVERDUE_HOURS };
    });
  }

  return {
    async health() {
      const now = review.clock.now();
      const [queues, recent, open] = await Promise.all([
        deps.queues.depths(),
        history.search({ from: new Date(now.getTime() - HOUR_MS).toISOString(), limit: 10_000 }),
        reviewSummaries(),
      ]);
      // Message received → alert delivered, for the alerts delivered at the first attempt.
      const latencies = recent
        .flatMap((record) =>
          (record.decision?.delivered ?? []).flatMap((alert) =>
            (alert.attempts ?? [])
              .filter((a) => a.result === 'delivered')
              .map((a) => Date.parse(a.at) + a.latencyMs - Date.parse(record.receivedAt)),
          ),
        )
        .filter((ms) => Number.isFinite(ms) && ms >= 0)
        .sort((a, b) => a - b);
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
      return {
        queues,
        latency: {
          count: latencies.length,
          ...(latencies.length > 0 && { p50Ms: at(0.5), p99Ms: at(0.99) }),
        },
        review: { open: open.length, overdue: open.filter((s) => s.overdue).length },
      };
    },

    async messages(query) {
      const limit = query.limit ?? 50;
      const text = [query.nhsNumber, query.hospitalNumber].filter(
        (t): t is string => t !== undefined && t !== '',
      );
      const found = await history.search({
        ...(query.from !== undefined && { from: query.from }),
        // The cursor is the receipt time of the last one shown: the next page is what came before.
        ...(query.cursor !== undefined ? { to: query.cursor } : query.to !== undefined && { to: query.to }),
        ...(query.controlId !== undefined && { controlId: query.controlId }),
        ...(query.facility !== undefined && { facility: query.facility }),
        ...(text.length > 0 && { text }),
        limit: 5_000,
      });
      const items = found
        .filter((record) => query.cursor === undefined || record.receivedAt < query.cursor)
        .map(summaryOf)
        .filter(
          (s) =>
            (query.event === undefined || s.event === query.event) &&
            (query.ackCode === undefined || s.ackCode === query.ackCode),
        );
      const page = items.slice(0, limit);
      const last = page.at(-1);
      return { items: page, ...(items.length > limit && last !== undefined && { next: last.receivedAt }) };
    },

    async message(messageKey) {
      const stored = await history.get(messageKey);
      if (stored === undefined) return undefined;
      const traces = await traceMessage(stored.controlId, { history, alerts: review.alerts });
      const trace = traces.find((t) => t.message.messageKey === messageKey);
      if (trace === undefined) return undefined;
      return {
        summary: summaryOf({ ...trace.message, eventJson: stored.eventJson }),
        trace,
        ack: stored.ack.replace(/\r/g, '\n').trim(),
      };
    },

    async revealPatient(messageKey, actor): Promise<RevealedMessage | undefined> {
      const stored = await history.get(messageKey);
      if (stored === undefined) return undefined;
      await recordAction(actor.id, 'patient.revealed', { subject: messageKey }, review);
      const patient = (JSON.parse(stored.eventJson) as AdtEvent).patient;
      const [parsed] = parseHl7(gunzipSync(stored.rawGzip));
      const segments: RevealedMessage['segments'] = [];
      if (parsed?.ok) {
        const { field } = parsed.message.encoding;
        for (const line of parsed.message.text.split('\r')) {
          const name = line.slice(0, 3);
          const values = line.split(field).slice(1);
          // MSH-1 is the separator itself: MSH's first value is MSH-2.
          const offset = name === 'MSH' ? 2 : 1;
          segments.push({
            name,
            fields: values
              .map((value, i) => ({ position: `${name}-${i + offset}`, value }))
              .filter((f) => f.value !== '')
              .map((f) => ({
                ...f,
                ...(FIELD_LABELS[f.position] !== undefined && { label: FIELD_LABELS[f.position] }),
              })),
          });
        }
      }
      return {
        patient: {
          ...(patient?.nhsNumber !== undefined && { nhsNumber: patient.nhsNumber }),
          ...(patient?.name?.family !== undefined && { family: patient.name.family }),
          ...(patient?.name?.given !== undefined && { given: patient.name.given }),
          ...(patient?.birthDate !== undefined && { birthDate: patient.birthDate }),
          ...(patient?.postcode !== undefined && { postcode: patient.postcode }),
        },
        segments,
      };
    },

    reviewList: reviewSummaries,

    async reviewItem(id) {
      const compared = await compareReview(id, review);
      if (compared === undefined) return undefined;
      const now = review.clock.now();
      const hours = ageHours(compared.item, now);
      const stored = await history.get(compared.item.messageKey);
      const patient = stored === undefined ? undefined : (JSON.parse(stored.eventJson) as AdtEvent).patient;
      const { row } = compared;
      return {
        summary: {
          item: compared.item,
          ageHours: Math.round(hours * 10) / 10,
          overdue: hours > OVERDUE_HOURS,
          ...(patient !== undefined && { patient: maskPatient(patient) }),
        },
        fields: compared.fields,
        ...(row !== undefined && {
          source: {
            subscriberId: row.subscriberId ?? '',
            ...(row.line !== undefined && { line: row.line }),
            ...(row.localIds[0] !== undefined && { localId: row.localIds[0] }),
          },
        }),
      };
    },

    acceptReview: async (id, reason, actor) =>
      decisionResult(await acceptReview(id, reason, actor.id, review)),
    rejectReview: async (id, reason, actor) =>
      decisionResult(await rejectReview(id, reason, actor.id, review)),

    async deliveries() {
      const [subscribers, pending, dead] = await Promise.all([
        review.subscribers.list(),
        review.alerts.pending(),
        review.alerts.deadLettered(),
      ]);
      const groups = new Map<
        string,
        {
          subscriberId: string;
          error: string;
          alerts: { id: string; event: AdtEvent['event']; createdAt: string; attempts: number }[];
        }
      >();
      for (const alert of dead) {
        const error = alert.lastError ?? 'unknown error';
        const key = `${alert.subscriberId}\u0000${error}`;
        const group = groups.get(key) ?? { subscriberId: alert.subscriberId, error, alerts: [] };
        group.alerts.push({
          id: alert.id,
          event: alert.event,
          createdAt: alert.createdAt,
          attempts: alert.attempts?.length ?? 0,
        });
        groups.set(key, group);
      }
      return {
        subscribers: subscribers.map((s) => ({
          id: s.id,
          name: s.name,
          ...(s.delivery !== undefined && { channel: s.delivery.kind }),
          pending: pending.filter((a) => a.subscriberId === s.id).length,
          deadLettered: dead.filter((a) => a.subscriberId === s.id).length,
        })),
        deadLetters: [...groups.values()],
      };
    },

    async redrive(subscriberId, actor) {
      const result = await redriveAs(actor.id, subscriberId, {
        ...deps.redrive,
        audit: review.audit,
        clock: review.clock,
      });
      return { sent: result.sent.length, skipped: result.skipped.length };
    },

    async subscribers() {
      const [listed, counts] = await Promise.all([listSubscribers(deps.subscribers), deps.rosters.counts()]);
      return listed.map((s) => ({ ...s, rosterRows: counts.get(s.id) ?? 0 }));
    },

    async addSubscriber(subscriber, actor) {
      const added = await addSubscriberAs(actor.id, subscriber, {
        ...deps.subscribers,
        audit: review.audit,
        clock: review.clock,
      });
      const [listed] = await listSubscribers({
        subscribers: {
          list: async () => [added.subscriber],
          add: async () => undefined,
          remove: async () => undefined,
        },
      });
      return {
        subscriber: listed ?? added.subscriber,
        ...(added.generatedSecret !== undefined && { generatedSecret: added.generatedSecret }),
      };
    },

    async previewRoster(_subscriberId, csv) {
      const preview = { rows: 0, valid: 0, rejected: [] as { line: number; reason: string }[] };
      for await (const row of readRosterBytes(csv)) {
        preview.rows++;
        if (row.ok) preview.valid++;
        else preview.rejected.push({ line: row.line, reason: row.reason });
      }
      return preview;
    },

    async importRoster(subscriberId, csv, replace, actor) {
      return importRosterAs(
        actor.id,
        subscriberId,
        readRosterBytes(csv),
        { replace },
        {
          rosters: deps.rosters,
          newPersonId: deps.newPersonId,
          audit: review.audit,
          clock: review.clock,
        },
      );
    },

    async senders() {
      const now = review.clock.now();
      const today = now.toISOString().slice(0, 10);
      const [senders, received] = await Promise.all([
        deps.senders.list(),
        history.search({ from: `${today}T00:00:00.000Z`, limit: 100_000 }),
      ]);
      const connections = deps.mllpConnections?.() ?? new Map<string, number>();
      return senders.map((sender) => {
        const mine = received.filter((r) => r.senderId === sender.senderId);
        const count = (code: 'AA' | 'AE' | 'AR') => mine.filter((r) => summaryOf(r).ackCode === code).length;
        const last = mine[0]?.receivedAt;
        return {
          senderId: sender.senderId,
          ...(sender.name !== undefined && { name: sender.name }),
          facilities: sender.facilities,
          ...(last !== undefined && { lastMessageAt: last }),
          today: { AA: count('AA'), AE: count('AE'), AR: count('AR') },
          ...(deps.mllpConnections !== undefined && {
            mllpConnections: connections.get(sender.senderId) ?? 0,
          }),
        };
      });
    },

    audit: (since) => listAudit(since, review),
  };
}
