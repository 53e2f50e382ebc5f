// Messages: what the hub received, newest first, found by MSH-10, NHS number, hospital number,
// facility, event, ACK code or time; a page of results at a time. Patients are masked here.
import { Button, Group, Paper, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { MessageQuery } from '../../../functions/console-api/services.ts';
import { AdtEventName } from '../../../functions/core/normalise/events.ts';
import { api } from '../api.ts';
import { AckBadge, Empty, LoadState, PageHeader, RefreshButton, StateBadge } from '../components.tsx';
import { formatTime, isoFromLocalInput, localInputFromIso, maskedText } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { Link, navigate, useLocation } from '../router.tsx';

const FILTERS = [
  'controlId',
  'nhsNumber',
  'hospitalNumber',
  'facility',
  'event',
  'ackCode',
  'from',
  'to',
] as const;
type Filter = (typeof FILTERS)[number];
type Filters = Partial<Record<Filter, string>>;

const EVENTS = Object.values(AdtEventName);
const ACK_CODES = [
  { value: 'AA', label: 'AA: accepted' },
  { value: 'AE', label: 'AE: error' },
  { value: 'AR', label: 'AR: rejected' },
];
const PAGE_SIZE = 50;

function filtersOf(search: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const name of FILTERS) {
    const value = search.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

function SearchForm({ initial }: { initial: Filters }) {
  const [form, setForm] = useState<Filters>({
    ...initial,
    from: localInputFromIso(initial.from),
    to: localInputFromIso(initial.to),
  });
  const set = (name: Filter) => (value: string | null) => setForm((f) => ({ ...f, [name]: value ?? '' }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const raw = form[name]?.trim();
      const value = name === 'from' || name === 'to' ? isoFromLocalInput(raw) : raw;
      if (value) params.set(name, value);
    }
    navigate(params.size > 0 ? `/messages?${params}` : '/messages');
  };

  return (
    <Paper
      withBorder
      p="md"
      mb="md"
      component="form"
      onSubmit={submit}
      role="search"
      aria-label="Find messages"
    >
      <SimpleGrid cols={4} spacing="sm" verticalSpacing="xs">
        <TextInput
          label="MSH-10 (control id)"
          value={form.controlId ?? ''}
          onChange={(e) => set('controlId')(e.currentTarget.value)}
        />
        <TextInput
          label="NHS number"
          value={form.nhsNumber ?? ''}
          onChange={(e) => set('nhsNumber')(e.currentTarget.value)}
          inputMode="numeric"
        />
        <TextInput
          label="Hospital number"
          value={form.hospitalNumber ?? ''}
          onChange={(e) => set('hospitalNumber')(e.currentTarget.value)}
        />
        <TextInput
          label="Facility (MSH-4)"
          value={form.facility ?? ''}
          onChange={(e) => set('facility')(e.currentTarget.value)}
        />
        <Select label="Event" data={EVENTS} value={form.event || null} onChange={set('event')} clearable />
        <Select
          label="ACK code"
          data={ACK_CODES}
          value={form.ackCode || null}
          onChange={set('ackCode')}
          clearable
        />
        <TextInput
          label="Received from"
          type="datetime-local"
          value={form.from ?? ''}
          onChange={(e) => set('from')(e.currentTarget.value)}
        />
        <TextInput
          label="Received until"
          type="datetime-local"
          value={form.to ?? ''}
          onChange={(e) => set('to')(e.currentTarget.value)}
        />
      </SimpleGrid>
      <Group mt="md" gap="xs">
        <Button type="submit">Search</Button>
        <Button variant="default" onClick={() => navigate('/messages')}>
          Clear
        </Button>
      </Group>
    </Paper>
  );
}

export function MessagesPage() {
  const { search } = useLocation();
  const filters = filtersOf(search);
  const filterKey = JSON.stringify(filters);
  // Cursors of the pages before this one, to step back; a new search starts again at the first.
  const [pages, setPages] = useState<{ filterKey: string; cursors: (string | undefined)[] }>({
    filterKey,
    cursors: [undefined],
  });
  const cursors = pages.filterKey === filterKey ? pages.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];
  const query: MessageQuery = { ...(filters as MessageQuery), limit: PAGE_SIZE, ...(cursor && { cursor }) };
  const loaded = useLoad(() => api.messages(query), JSON.stringify(query));

  return (
    <>
      <PageHeader
        title="Messages"
        description="Every message the hub received, newest first. Patients are masked: open a message to reveal its details."
        actions={<RefreshButton loaded={loaded} />}
      />
      {/* Keyed by the search, so the form shows the address's values after back and forward. */}
      <SearchForm key={filterKey} initial={filters} />
      <LoadState loaded={loaded}>
        {(page) => (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table striped highlightOnHover aria-label="Messages">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Received</Table.Th>
                    <Table.Th>Facility</Table.Th>
                    <Table.Th>MSH-10</Table.Th>
                    <Table.Th>Event</Table.Th>
                    <Table.Th>ACK</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Match</Table.Th>
                    <Table.Th>Alerts</Table.Th>
                    <Table.Th>Patient (masked)</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((message) => (
                    <Table.Tr key={message.messageKey}>
                      <Table.Td>{formatTime(message.receivedAt)}</Table.Td>
                      <Table.Td>{message.sendingFacility ?? '—'}</Table.Td>
                      <Table.Td>
                        <Link href={`/messages/${encodeURIComponent(message.messageKey)}`} ff="monospace">
                          {message.controlId ?? message.messageKey}
                        </Link>
                      </Table.Td>
                      <Table.Td>{message.event ?? '—'}</Table.Td>
                      <Table.Td>
                        <AckBadge code={message.ackCode} />
                      </Table.Td>
                      <Table.Td>
                        <StateBadge state={message.status} />
                      </Table.Td>
                      <Table.Td>
                        <StateBadge state={message.outcome} />
                      </Table.Td>
                      <Table.Td>{message.alerts}</Table.Td>
                      <Table.Td>{maskedText(message.patient)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {page.items.length === 0 && <Empty>No message matches this search.</Empty>}
            <Group justify="space-between" mt="sm">
              <Text size="sm" c="dimmed">
                Page {cursors.length}
              </Text>
              <Group gap="xs">
                <Button
                  variant="default"
                  disabled={cursors.length <= 1}
                  onClick={() => setPages({ filterKey, cursors: cursors.slice(0, -1) })}
                >
                  Newer
                </Button>
                <Button
                  variant="default"
                  disabled={page.next === undefined}
                  onClick={() => setPages({ filterKey, cursors: [...cursors, page.next] })}
                >
                  Older
                </Button>
              </Group>
            </Group>
          </>
        )}
      </LoadState>
    </>
  );
}
