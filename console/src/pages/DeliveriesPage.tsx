// Deliveries: per subscriber, what is on its way and what was dead-lettered; the dead-letter queue
// grouped by subscriber and error; a redrive (one subscriber's, or all) after a confirmation that
// states how many alerts go out again. Redriven alerts keep their ids, so receivers can deduplicate.
import { Alert, Badge, Button, Group, Modal, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { DeliveryOverview } from '../../../functions/console-api/services.ts';
import { api } from '../api.ts';
import { Empty, ErrorAlert, LoadState, PageHeader, RefreshButton } from '../components.tsx';
import { formatTime, plural } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { useCan } from '../me.tsx';

interface Redrive {
  /** Undefined: every subscriber's. */
  subscriberId?: string;
  count: number;
}

function RedriveDialog({
  redrive,
  onClose,
  onDone,
}: {
  redrive: Redrive | undefined;
  onClose(): void;
  onDone(result: { sent: number; skipped: number }): void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const confirm = async () => {
    if (redrive === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      onDone(await api.redrive(redrive.subscriberId));
      onClose();
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };
  const alerts = plural(redrive?.count ?? 0, 'dead-lettered alert');
  return (
    <Modal opened={redrive !== undefined} onClose={onClose} title="Redrive dead-lettered alerts">
      <Stack>
        <Text>
          {redrive?.subscriberId === undefined
            ? `Send ${alerts} again, for every subscriber?`
            : `Send ${alerts} of ${redrive.subscriberId} again?`}
        </Text>
        <Text size="sm" c="dimmed">
          Each keeps its id, so a receiver that already has one can drop it. The redrive is recorded in the
          audit trail.
        </Text>
        {error !== undefined && <ErrorAlert error={error} title="The redrive failed" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="orange" onClick={confirm} loading={busy}>
            Redrive {redrive?.count ?? 0}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Overview({
  overview,
  onRedrive,
}: {
  overview: DeliveryOverview;
  onRedrive(redrive: Redrive): void;
}) {
  // Redrive is an operator's: for others the column is left out, not shown disabled.
  const mayRedrive = useCan('operator');
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped aria-label="Deliveries by subscriber">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Subscriber</Table.Th>
            <Table.Th>Channel</Table.Th>
            <Table.Th ta="right">Pending</Table.Th>
            <Table.Th ta="right">Dead-lettered</Table.Th>
            {mayRedrive && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {overview.subscribers.map((subscriber) => (
            <Table.Tr key={subscriber.id}>
              <Table.Td>
                {subscriber.name}{' '}
                <Text span c="dimmed" size="sm">
                  ({subscriber.id})
                </Text>
              </Table.Td>
              <Table.Td>{subscriber.channel ?? '—'}</Table.Td>
              <Table.Td ta="right">{subscriber.pending}</Table.Td>
              <Table.Td ta="right">
                {subscriber.deadLettered > 0 ? (
                  <Badge color="red">{subscriber.deadLettered}</Badge>
                ) : (
                  subscriber.deadLettered
                )}
              </Table.Td>
              {mayRedrive && (
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="light"
                    color="orange"
                    disabled={subscriber.deadLettered === 0}
                    onClick={() => onRedrive({ subscriberId: subscriber.id, count: subscriber.deadLettered })}
                    aria-label={`Redrive ${subscriber.id}`}
                  >
                    Redrive…
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DeadLetters({ overview }: { overview: DeliveryOverview }) {
  if (overview.deadLetters.length === 0) return <Empty>The dead-letter queue is empty.</Empty>;
  return (
    <Stack gap="sm">
      {overview.deadLetters.map((group) => (
        <Paper
          withBorder
          p="sm"
          key={`${group.subscriberId}|${group.error}`}
          component="section"
          aria-label={`Dead letters of ${group.subscriberId}: ${group.error}`}
        >
          <Group gap="xs" mb="xs">
            <Text fw={600}>{group.subscriberId}</Text>
            <Badge color="red" variant="light">
              {group.error}
            </Badge>
            <Text size="sm" c="dimmed">
              {plural(group.alerts.length, 'alert')}
            </Text>
          </Group>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Alert id</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th ta="right">Attempts</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {group.alerts.map((alert) => (
                <Table.Tr key={alert.id}>
                  <Table.Td ff="monospace">{alert.id}</Table.Td>
                  <Table.Td>{alert.event}</Table.Td>
                  <Table.Td>{formatTime(alert.createdAt)}</Table.Td>
                  <Table.Td ta="right">{alert.attempts}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ))}
    </Stack>
  );
}

export function DeliveriesPage() {
  const mayRedrive = useCan('operator');
  const loaded = useLoad(() => api.deliveries(), 'deliveries');
  const [redrive, setRedrive] = useState<Redrive>();
  const [result, setResult] = useState<{ sent: number; skipped: number }>();
  const total = loaded.data?.subscribers.reduce((sum, s) => sum + s.deadLettered, 0) ?? 0;

  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Alerts on their way, and those that could not be delivered."
        actions={
          <>
            {mayRedrive && (
              <Button
                color="orange"
                disabled={total === 0}
                onClick={() => {
                  setResult(undefined);
                  setRedrive({ count: total });
                }}
              >
                Redrive all ({total})…
              </Button>
            )}
            <RefreshButton loaded={loaded} />
          </>
        }
      />
      {result !== undefined && (
        <Alert
          color="green"
          title="Redriven"
          role="status"
          mb="md"
          withCloseButton
          onClose={() => setResult(undefined)}
        >
          {plural(result.sent, 'alert')} sent again
          {result.skipped > 0 &&
            `, ${result.skipped} skipped (no longer dead-lettered, or the subscriber is gone)`}
          .
        </Alert>
      )}
      <LoadState loaded={loaded}>
        {(overview) => (
          <Stack gap="lg">
            <Overview
              overview={overview}
              onRedrive={(chosen) => {
                setResult(undefined);
                setRedrive(chosen);
              }}
            />
            <div>
              <Title order={2} size="h4" mb="sm">
                Dead-letter queue
              </Title>
              <DeadLetters overview={overview} />
            </div>
          </Stack>
        )}
      </LoadState>
      <RedriveDialog
        redrive={redrive}
        onClose={() => setRedrive(undefined)}
        onDone={(done) => {
          setResult(done);
          loaded.reload();
        }}
      />
    </>
  );
}
