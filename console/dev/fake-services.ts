// A ConsoleServices in memory with synthetic people, for working on the console's pages without a
// hub (`npm run console:dev`) and for the console server's own tests. It keeps the API's promises
// that the pages rely on (masking, paging by cursor, a decision taken once, audited actions), and
// no more: the real one is functions/console-api/console-services.ts.
import { parse } from 'csv-parse/sync';
import type {
  Actor,
  ConsoleServices,
  DecisionResult,
  MaskedPatient,
  MessageDetails,
  MessageQuery,
  MessageSummary,
  ReviewComparison,
  ReviewSummary,
} from '../../functions/console-api/services.ts';
import { parseRosterRow } from '../../functions/core/matching/index.ts';
import { DEFAULT_EVENTS } from '../../functions/core/routing/types.ts';
import type { AuditEntry } from '../../functions/use-cases/ports/audit.ts';
import type { ReviewItem } from '../../functions/use-cases/ports/index.ts';
import type { ImportSummary } from '../../functions/use-cases/roster-import.ts';
import type { ListedSubscriber } from '../../functions/use-cases/subscribers.ts';

interface FakePerson {
  family: string;
  given: string;
  nhsNumber: string;
  birthDate: string;
  postcode: string;
}

/** Synthetic people (NHS numbers from the 999 test range). */
const PEOPLE: FakePerson[] = [
  { family: "O'Brien", given: 'Mary', nhsNumber: '9990000018', birthDate: '1942-03-17', postcode: 'WA1 1AA' },
  {
    family: 'Okonkwo',
    given: 'Chinedu',
    nhsNumber: '9990000026',
    birthDate: '1980-07-04',
    postcode: 'WA7 1AB',
  },
  {
    family: 'Testperson',
    given: 'Alex',
    nhsNumber: '9990000034',
    birthDate: '1970-01-01',
    postcode: 'WA2 3CD',
  },
  { family: 'Nguyen', given: 'Linh', nhsNumber: '9990000042', birthDate: '1955-11-30', postcode: 'WA4 6EF' },
];

function mask(person: FakePerson): MaskedPatient {
  return {
    name: `${person.given[0]}. ${person.family.slice(0, 1)}…`,
    nhsNumber: `••• ••• ${person.nhsNumber.slice(-4)}`,
    birthYear: person.birthDate.slice(0, 4),
  };
}

const EVENTS = ['admission', 'transfer', 'discharge', 'emergency-attendance', 'update'] as const;
const TRIGGERS: Record<string, string> = {
  admission: 'A01',
  transfer: 'A02',
  discharge: 'A03',
  'emergency-attendance': 'A04',
  update: 'A08',
};

interface FakeMessage {
  summary: MessageSummary;
  person: FakePerson;
  hospitalNumber: string;
}

export interface FakeConsoleServices extends ConsoleServices {
  /** What the fake recorded, for tests. */
  readonly auditTrail: AuditEntry[];
}

export function createFakeConsoleServices(now: () => Date = () => new Date()): FakeConsoleServices {
  const start = now().getTime();
  const messages: FakeMessage[] = Array.from({ length: 75 }, (_, i) => {
    const person = PEOPLE[i % PEOPLE.length] as FakePerson;
    const event = EVENTS[i % EVENTS.length] as (typeof EVENTS)[number];
    const ackCode = i % 23 === 7 ? 'AR' : i % 17 === 5 ? 'AE' : 'AA';
    const controlId = `MSG${String(i + 1).padStart(5, '0')}`;
    return {
      person,
      hospitalNumber: `RBN${1_000_000 + (i % PEOPLE.length)}`,
      summary: {
        messageKey: `RBN|${controlId}`,
        controlId,
        sendingFacility: i % 5 === 4 ? 'RJ1' : 'RBN',
        senderId: 'local-demo',
        receivedAt: new Date(start - (75 - i) * 7 * 60_000).toISOString(),
        status: ackCode === 'AA' ? 'processed' : 'quarantined',
        ackCode,
        ...(ackCode === 'AA' && { event, outcome: i % 6 === 0 ? 'possible' : 'matched' }),
        alerts: ackCode === 'AA' && i % 6 !== 0 ? 2 : 0,
        patient: mask(person),
      },
    };
  });

  const review: ReviewItem[] = [0, 1, 2].map((n) => {
    const message = messages[n * 6] as FakeMessage;
    const hoursAgo = [30, 5, 1][n] as number;
    return {
      id: `R${String(n + 1).padStart(3, '0')}`,
      kind: n === 2 ? 'row-conflict' : 'possible-match',
      messageKey: message.summary.messageKey,
      controlId: message.summary.controlId as string,
      sendingFacility: message.summary.sendingFacility as string,
      receivedAt: new Date(start - hoursAgo * 3_600_000).toISOString(),
      event: 'admission',
      score: [0.82, 0.64, 0.91][n] as number,
      reasons:
        n === 2
          ? ['the roster row has another birth date for this NHS number']
          : ['score below the threshold'],
      candidate: {
        personId: `p-${n}`,
        subscribers: [{ id: 'SC-WARRINGTON', localId: `SC:10023${n}`, line: 3 + n }],
      },
      evidence: [
        { field: 'familyName', agreement: 'exact', weight: 6.2 },
        { field: 'givenName', agreement: n === 1 ? 'missing' : 'nickname', weight: n === 1 ? 0 : 3.1 },
        { field: 'birthDate', agreement: n === 2 ? 'disagree' : 'exact', weight: n === 2 ? -4.5 : 8.4 },
        { field: 'postcode', agreement: 'outward', weight: 1.7 },
      ],
      createdAt: new Date(start - hoursAgo * 3_600_000).toISOString(),
    };
  });

  const subscribers: (ListedSubscriber & { rosterRows: number })[] = [
    {
      id: 'N81001',
      name: 'Green Street Surgery',
      events: [...DEFAULT_EVENTS],
      practice: 'N81001',
      delivery: { kind: 'webhook', url: 'http://127.0.0.1:9000/alerts' },
      rosterRows: 0,
    },
    {
      id: 'SC-WARRINGTON',
      name: 'Warrington adult social care',
      events: [...DEFAULT_EVENTS],
      delivery: { kind: 'sqs', queueUrl: 'http://sqs.localhost/queue/adt-hub-local-sc.fifo' },
      rosterRows: 412,
    },
  ];

  let deadLetters = [
    { id: 'D1A2B301', subscriberId: 'N81001', event: 'admission' as const, error: 'HTTP 400', attempts: 1 },
    { id: 'D1A2B302', subscriberId: 'N81001', event: 'discharge' as const, error: 'HTTP 400', attempts: 1 },
    { id: 'D1A2B303', subscriberId: 'N81001', event: 'transfer' as const, error: 'timed out', attempts: 14 },
  ];

  const auditTrail: AuditEntry[] = [];
  let sequence = 0;
  const audit = (actor: Actor, entry: Omit<AuditEntry, 'id' | 'at' | 'actor'>) => {
    const at = now().toISOString();
    auditTrail.push({ id: `${at}#${String(++sequence).padStart(6, '0')}`, at, actor: actor.id, ...entry });
  };

  const summaryOf = (item: ReviewItem): ReviewSummary => {
    const ageHours = (now().getTime() - Date.parse(item.receivedAt)) / 3_600_000;
    const message = messages.find((m) => m.summary.messageKey === item.messageKey);
    return {
      item,
      ageHours,
      overdue: item.decision === undefined && ageHours > 24,
      ...(message !== undefined && { patient: message.summary.patient }),
    };
  };

  const decide =
    (outcome: 'accepted' | 'rejected') =>
    async (id: string, reason: string, actor: Actor): Promise<DecisionResult> => {
      const item = review.find((entry) => entry.id === id);
      if (item === undefined) throw new Error(`no review item ${id}`);
      if (item.decision !== undefined)
        return {
          ok: false,
          alreadyDecided: { outcome: item.decision.outcome, by: item.decision.by, at: item.decision.at },
        };
      item.decision = { outcome, by: actor.id, at: now().toISOString(), reason };
      audit(actor, {
        action: outcome === 'accepted' ? 'review.accepted' : 'review.rejected',
        subject: id,
        reason,
      });
      return { ok: true, alerts: outcome === 'accepted' ? 1 : 0 };
    };

  const readRoster = (csv: Uint8Array) => {
    const records = parse(Buffer.from(csv), {
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
    }) as Record<string, string>[];
    // Line numbers as the contract counts them: the header is line 1 (no multi-line fields here).
    return records.map((record, i) => ({ line: i + 2, ...parseRosterRow(record, i + 2) }));
  };

  return {
    auditTrail,
    async health() {
      return {
        queues: [
          { name: 'ingest.fifo', waiting: 0, inFlight: 1, deadLetters: 0 },
          { name: 'webhook', waiting: 2, inFlight: 0, deadLetters: deadLetters.length },
        ],
        latency: { count: 128, p50Ms: 212, p99Ms: 1480 },
        review: {
          open: review.filter((item) => item.decision === undefined).length,
          overdue: review.filter((item) => summaryOf(item).overdue).length,
        },
      };
    },
    async messages(query: MessageQuery) {
      const matching = messages
        .filter(({ summary, person, hospitalNumber }) => {
          if (query.controlId !== undefined && summary.controlId !== query.controlId) return false;
          if (query.nhsNumber !== undefined && person.nhsNumber !== query.nhsNumber.replace(/\s/g, ''))
            return false;
          if (query.hospitalNumber !== undefined && hospitalNumber !== query.hospitalNumber) return false;
          if (query.facility !== undefined && summary.sendingFacility !== query.facility) return false;
          if (query.event !== undefined && summary.event !== query.event) return false;
          if (query.ackCode !== undefined && summary.ackCode !== query.ackCode) return false;
          if (query.from !== undefined && summary.receivedAt < query.from) return false;
          if (query.to !== undefined && summary.receivedAt > query.to) return false;
          return true;
        })
        .map((message) => message.summary)
        .reverse();
      const offset = query.cursor === undefined ? 0 : Number(query.cursor);
      const limit = query.limit ?? 50;
      const items = matching.slice(offset, offset + limit);
      return { items, ...(offset + limit < matching.length && { next: String(offset + limit) }) };
    },
    async message(messageKey: string): Promise<MessageDetails | undefined> {
      const found = messages.find((m) => m.summary.messageKey === messageKey);
      if (found === undefined) return undefined;
      const { summary } = found;
      const ack = `MSH|^~\\&|ADTHUB|ADTHUB|PAS|${summary.sendingFacility}|20261120101501||ACK|A${summary.controlId}|P|2.4\rMSA|${summary.ackCode}|${summary.controlId}`;
      const processed = summary.status === 'processed';
      return {
        summary,
        ack,
        trace: {
          message: {
            messageKey,
            ...(summary.controlId !== undefined && { controlId: summary.controlId }),
            ...(summary.sendingFacility !== undefined && { sendingFacility: summary.sendingFacility }),
            senderId: summary.senderId,
            receivedAt: summary.receivedAt,
            status: summary.status,
            ack,
            ackCode: summary.ackCode,
            ...(!processed && {
              error: { code: 'bad-field', message: 'PID-7 is not a date', segment: 'PID', field: 'PID-7' },
            }),
            ...(processed && {
              decision: {
                outcome: summary.outcome === 'possible' ? 'possible' : 'matched',
                method: summary.outcome === 'possible' ? undefined : 'nhs-number',
                score: summary.outcome === 'possible' ? 0.82 : 1,
                evidence:
                  summary.outcome === 'possible'
                    ? [
                        { field: 'familyName', agreement: 'exact', weight: 6.2 },
                        { field: 'birthDate', agreement: 'exact', weight: 8.4 },
                      ]
                    : [],
                reasons: [],
                alertIds: [],
                processedAt: new Date(Date.parse(summary.receivedAt) + 180).toISOString(),
              },
            }),
          },
          alerts:
            summary.alerts === 0
              ? []
              : [
                  {
                    id: `${summary.controlId}-GP`,
                    subscriberId: 'N81001',
                    relationship: 'practice',
                    event: summary.event ?? 'admission',
                    sequence: 3,
                    status: 'delivered',
                    attempts: [
                      {
                        at: summary.receivedAt,
                        result: 'retry',
                        status: 503,
                        error: 'HTTP 503',
                        latencyMs: 41,
                      },
                      { at: summary.receivedAt, result: 'delivered', status: 204, latencyMs: 23 },
                    ],
                  },
                  {
                    id: `${summary.controlId}-SC`,
                    subscriberId: 'SC-WARRINGTON',
                    relationship: 'roster',
                    event: summary.event ?? 'admission',
                    sequence: 3,
                    status: 'delivered',
                    attempts: [{ at: summary.receivedAt, result: 'delivered', latencyMs: 12 }],
                  },
                ],
        },
      };
    },
    async revealPatient(messageKey: string, actor: Actor) {
      const found = messages.find((m) => m.summary.messageKey === messageKey);
      if (found === undefined) return undefined;
      audit(actor, { action: 'patient.revealed', subject: messageKey });
      const { person, summary } = found;
      const trigger = TRIGGERS[summary.event ?? 'admission'] ?? 'A01';
      return {
        patient: {
          nhsNumber: person.nhsNumber,
          family: person.family,
          given: [person.given],
          birthDate: person.birthDate,
          postcode: person.postcode,
        },
        segments: [
          {
            name: 'MSH',
            fields: [
              { position: 'MSH-3', label: 'Sending Application', value: 'PAS' },
              { position: 'MSH-4', label: 'Sending Facility', value: summary.sendingFacility ?? '' },
              { position: 'MSH-9', label: 'Message Type', value: `ADT^${trigger}^ADT_A01` },
              { position: 'MSH-10', label: 'Message Control ID', value: summary.controlId ?? '' },
            ],
          },
          {
            name: 'PID',
            fields: [
              {
                position: 'PID-3',
                label: 'Patient Identifier List',
                value: `${person.nhsNumber}^^^NHS^NH~${found.hospitalNumber}^^^RBN^MR`,
              },
              { position: 'PID-5', label: 'Patient Name', value: `${person.family}^${person.given}` },
              { position: 'PID-7', label: 'Date/Time of Birth', value: person.birthDate.replaceAll('-', '') },
              { position: 'PID-11', label: 'Patient Address', value: `^^^^${person.postcode}` },
            ],
          },
        ],
      };
    },
    async reviewList() {
      return review.filter((item) => item.decision === undefined).map(summaryOf);
    },
    async reviewItem(id: string): Promise<ReviewComparison | undefined> {
      const item = review.find((entry) => entry.id === id);
      if (item === undefined) return undefined;
      const message = messages.find((m) => m.summary.messageKey === item.messageKey) as FakeMessage;
      const values: Record<string, [string, string]> = {
        familyName: [message.person.family, message.person.family],
        givenName: [message.person.given, message.person.given.slice(0, 3)],
        birthDate: [
          message.person.birthDate,
          item.kind === 'row-conflict' ? '1944-03-17' : message.person.birthDate,
        ],
        postcode: [message.person.postcode, `${message.person.postcode.split(' ')[0]} 9ZZ`],
      };
      const source = item.candidate?.subscribers[0];
      return {
        summary: summaryOf(item),
        fields: (item.evidence ?? []).map((evidence) => ({
          field: evidence.field,
          message: values[evidence.field]?.[0],
          candidate: values[evidence.field]?.[1],
          agreement: evidence.agreement,
          weight: evidence.weight,
        })),
        ...(source !== undefined && {
          source: {
            subscriberId: source.id,
            ...(source.line !== undefined && { line: source.line }),
            ...(source.localId !== undefined && { localId: source.localId }),
          },
        }),
      };
    },
    acceptReview: decide('accepted'),
    rejectReview: decide('rejected'),
    async deliveries() {
      const groups = new Map<string, (typeof deadLetters)[number][]>();
      for (const letter of deadLetters) {
        const key = `${letter.subscriberId}|${letter.error}`;
        groups.set(key, [...(groups.get(key) ?? []), letter]);
      }
      return {
        subscribers: subscribers.map((subscriber) => ({
          id: subscriber.id,
          name: subscriber.name,
          ...(subscriber.delivery !== undefined && { channel: subscriber.delivery.kind }),
          pending: subscriber.delivery?.kind === 'webhook' ? 2 : 0,
          deadLettered: deadLetters.filter((letter) => letter.subscriberId === subscriber.id).length,
        })),
        deadLetters: [...groups.values()].map((letters) => ({
          subscriberId: (letters[0] as (typeof deadLetters)[number]).subscriberId,
          error: (letters[0] as (typeof deadLetters)[number]).error,
          alerts: letters.map((letter) => ({
            id: letter.id,
            event: letter.event,
            createdAt: new Date(start - 3_600_000).toISOString(),
            attempts: letter.attempts,
          })),
        })),
      };
    },
    async redrive(subscriberId: string | undefined, actor: Actor) {
      const chosen = deadLetters.filter(
        (letter) => subscriberId === undefined || letter.subscriberId === subscriberId,
      );
      deadLetters = deadLetters.filter((letter) => !chosen.includes(letter));
      audit(actor, {
        action: 'dlq.redriven',
        ...(subscriberId !== undefined && { subject: subscriberId }),
        details: { sent: chosen.length, skipped: 0 },
      });
      return { sent: chosen.length, skipped: 0 };
    },
    async subscribers() {
      return subscribers.map((subscriber) => ({ ...subscriber }));
    },
    async addSubscriber(subscriber, actor) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(subscriber.id))
        throw Object.assign(new Error('the id may have only letters, digits, - and _ (at most 64)'), {
          name: 'SubscriberError',
        });
      const listed: ListedSubscriber = {
        id: subscriber.id,
        name: subscriber.name,
        events: (subscriber.events ?? DEFAULT_EVENTS) as ListedSubscriber['events'],
        ...(subscriber.practice !== undefined && { practice: subscriber.practice }),
        delivery:
          subscriber.webhook !== undefined
            ? { kind: 'webhook', url: subscriber.webhook.url }
            : { kind: 'sqs', queueUrl: `http://sqs.localhost/queue/${subscriber.id}.fifo` },
      };
      subscribers.push({ ...listed, rosterRows: 0 });
      audit(actor, { action: 'subscriber.added', subject: subscriber.id });
      return {
        subscriber: listed,
        ...(subscriber.webhook !== undefined &&
          subscriber.webhook.secret === undefined && {
            generatedSecret: 'whsec_ZmFrZS1zZWNyZXQtZm9yLXRoZS1kZXYtY29uc29sZQ==',
          }),
      };
    },
    async previewRoster(_subscriberId: string, csv: Uint8Array) {
      const rows = readRoster(csv);
      const rejected = rows.flatMap((row) => (row.ok ? [] : [{ line: row.line, reason: row.reason }]));
      return { rows: rows.length, valid: rows.length - rejected.length, rejected };
    },
    async importRoster(
      subscriberId: string,
      csv: Uint8Array,
      replace: boolean,
      actor: Actor,
    ): Promise<ImportSummary> {
      const rows = readRoster(csv);
      const rejected = rows.flatMap((row) => (row.ok ? [] : [{ line: row.line, reason: row.reason }]));
      const valid = rows.length - rejected.length;
      const subscriber = subscribers.find((s) => s.id === subscriberId);
      const before = subscriber?.rosterRows ?? 0;
      if (subscriber !== undefined) subscriber.rosterRows = replace ? valid : before + valid;
      audit(actor, {
        action: 'roster.imported',
        subject: subscriberId,
        details: { imported: valid, rejected: rejected.length, replace },
      });
      return {
        imported: valid,
        updated: 0,
        unchanged: 0,
        removed: replace ? before : 0,
        rejected,
        conflicts: [],
      };
    },
    async senders() {
      const today = now().toISOString().slice(0, 10);
      const todays = messages.filter((m) => m.summary.receivedAt.startsWith(today));
      const count = (code: string) => todays.filter((m) => m.summary.ackCode === code).length;
      return [
        {
          senderId: 'local-demo',
          name: 'Local demo sender',
          facilities: ['*'],
          lastMessageAt: messages.at(-1)?.summary.receivedAt,
          today: { AA: count('AA'), AE: count('AE'), AR: count('AR') },
          mllpConnections: 1,
        },
      ];
    },
    async audit(since?: string) {
      return auditTrail.filter((entry) => since === undefined || entry.at >= since);
    },
  };
}
