// Health: is the hub keeping up? Queue depths and dead-letter sizes, how long a message takes to
// become a delivered alert (p50, p99 over the last hour), and the review list's backlog.
import { Badge, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { api } from '../api.ts';
import { LoadState, PageHeader, RefreshButton } from '../components.tsx';
import { formatMs } from '../format.ts';
import { useLoad } from '../hooks.ts';

const REFRESH_MS = 10_000;

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={label}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={600}>
        {value}
      </Text>
      {note !== undefined && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Paper>
  );
}

export function HealthPage() {
  const loaded = useLoad(() => api.health(), 'health');
  const { reload } = loaded;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  return (
    <>
      <PageHeader
        title="Health"
        description="Refreshed every 10 seconds."
        actions={<RefreshButton loaded={loaded} />}
      />
      <LoadState loaded={loaded}>
        {(health) => (
          <>
            <SimpleGrid cols={4} mb="lg">
              <Figure
                label="p50 message to delivery"
                value={formatMs(health.latency.p50Ms)}
                note={`${health.latency.count} alerts delivered in the last hour`}
              />
              <Figure
                label="p99 message to delivery"
                value={formatMs(health.latency.p99Ms)}
                note="last hour"
              />
              <Figure label="Open reviews" value={String(health.review.open)} />
              <Figure
                label="Overdue reviews"
                value={String(health.review.overdue)}
                note="waiting more than 24 hours"
              />
            </SimpleGrid>
            <Title order={2} size="h4" mb="sm">
              Queues
            </Title>
            <Table striped aria-label="Queues" maw={800}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Queue</Table.Th>
                  <Table.Th ta="right">Waiting</Table.Th>
                  <Table.Th ta="right">In flight</Table.Th>
                  <Table.Th ta="right">Dead letters</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {health.queues.map((queue) => (
                  <Table.Tr key={queue.name}>
                    <Table.Td ff="monospace">{queue.name}</Table.Td>
                    <Table.Td ta="right">{queue.waiting}</Table.Td>
                    <Table.Td ta="right">{queue.inFlight}</Table.Td>
                    <Table.Td ta="right">
                      {queue.deadLetters > 0 ? (
                        <Badge color="red">{queue.deadLetters}</Badge>
                      ) : (
                        queue.deadLetters
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
      </LoadState>
    </>
  );
}
