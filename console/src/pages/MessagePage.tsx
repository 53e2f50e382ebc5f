// One message's trace (as `adt-hub trace` shows it): when and from whom it came, its ACK, the
// match with each field's evidence, the alerts it made and every delivery attempt. The patient is
// masked until an operator reveals them, which the hub records in the audit trail.
import {
  Alert,
  Badge,
  Button,
  Code,
  DataList,
  Group,
  List,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { type ReactNode, useState } from 'react';
import type { MessageDetails, RevealedMessage } from '../../../functions/console-api/services.ts';
import type { TracedAlert } from '../../../functions/use-cases/trace.ts';
import { api } from '../api.ts';
import {
  AckBadge,
  Empty,
  ErrorAlert,
  LoadState,
  PageHeader,
  RefreshButton,
  StateBadge,
} from '../components.tsx';
import { FIELD_LABELS, formatMs, formatScore, formatTime, formatWeight, maskedText } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { useCan } from '../me.tsx';
import { Link } from '../router.tsx';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Received({ details }: { details: MessageDetails }) {
  const { summary, trace } = details;
  return (
    <Section title="Received">
      <DataList labelWidth="160px">
        <DataList.Item>
          <DataList.ItemLabel>MSH-10</DataList.ItemLabel>
          <DataList.ItemValue ff="monospace">{summary.controlId ?? '—'}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Facility (MSH-4)</DataList.ItemLabel>
          <DataList.ItemValue>{summary.sendingFacility ?? '—'}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Sender</DataList.ItemLabel>
          <DataList.ItemValue>{summary.senderId}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Received</DataList.ItemLabel>
          <DataList.ItemValue>{formatTime(summary.receivedAt)}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Event</DataList.ItemLabel>
          <DataList.ItemValue>{summary.event ?? '—'}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Status</DataList.ItemLabel>
          <DataList.ItemValue>
            <StateBadge state={summary.status} />
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
      {trace.message.error !== undefined && (
        <Alert color="red" title={`Refused: ${trace.message.error.code}`} mt="sm">
          {trace.message.error.message}
          {trace.message.error.segment !== undefined && ` (segment ${trace.message.error.segment}`}
          {trace.message.error.field !== undefined && `, field ${trace.message.error.field}`}
          {trace.message.error.segment !== undefined && ')'}
        </Alert>
      )}
    </Section>
  );
}

function Ack({ details }: { details: MessageDetails }) {
  return (
    <Section title="ACK">
      <Group mb="xs">
        <AckBadge code={details.summary.ackCode} />
      </Group>
      <Code block aria-label="The ACK as sent">
        {details.ack.replace(/\r\n?/g, '\n').trim()}
      </Code>
    </Section>
  );
}

function Match({ details }: { details: MessageDetails }) {
  const decision = details.trace.message.decision;
  if (decision === undefined)
    return (
      <Section title="Match">
        <Empty>
          {details.summary.status === 'quarantined'
            ? 'Refused messages are not matched.'
            : 'Not processed yet: the hub has not matched this message.'}
        </Empty>
      </Section>
    );
  return (
    <Section title="Match">
      <Group gap="lg" mb="sm">
        <Group gap={6}>
          <Text>Outcome</Text>
          <StateBadge state={decision.outcome} />
        </Group>
        <Text>Method: {decision.method ?? '—'}</Text>
        <Text>Score: {formatScore(decision.score)}</Text>
        <Text c="dimmed" size="sm">
          Processed {formatTime(decision.processedAt)}
        </Text>
      </Group>
      {decision.reasons.length > 0 && (
        <List size="sm" mb="sm" aria-label="Reasons">
          {decision.reasons.map((reason) => (
            <List.Item key={reason}>{reason}</List.Item>
          ))}
        </List>
      )}
      {decision.evidence.length > 0 ? (
        <Table aria-label="Match evidence" maw={520}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Field</Table.Th>
              <Table.Th>Agreement</Table.Th>
              <Table.Th ta="right">Weight</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {decision.evidence.map((field) => (
              <Table.Tr key={field.field}>
                <Table.Td>{FIELD_LABELS[field.field] ?? field.field}</Table.Td>
                <Table.Td>{field.agreement}</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {formatWeight(field.weight)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Empty>No field-by-field evidence: the person was found by an identifier.</Empty>
      )}
    </Section>
  );
}

function AlertCard({ alert }: { alert: TracedAlert }) {
  const attempts = alert.attempts ?? [];
  return (
    <Paper withBorder p="sm" component="article" aria-label={`Alert ${alert.id}`}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text fw={600}>{alert.event}</Text>
          <Text>to {alert.subscriberId}</Text>
          <Badge variant="outline" color="gray">
            {alert.relationship}
          </Badge>
          <StateBadge state={alert.status} />
        </Group>
        <Text size="xs" c="dimmed" ff="monospace">
          {alert.id}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        Sequence {alert.sequence}
        {alert.createdAt !== undefined && ` · created ${formatTime(alert.createdAt)}`}
        {alert.retracts !== undefined && ` · withdraws ${alert.retracts}`}
        {alert.lastError !== undefined && ` · last error: ${alert.lastError}`}
      </Text>
      {attempts.length === 0 ? (
        <Empty>No delivery attempt yet.</Empty>
      ) : (
        <Table mt="xs" aria-label={`Delivery attempts of ${alert.id}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Attempt</Table.Th>
              <Table.Th>At</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>HTTP status</Table.Th>
              <Table.Th>Took</Table.Th>
              <Table.Th>Error</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {attempts
              .map((attempt, i) => ({ ...attempt, number: i + 1 }))
              .map((attempt) => (
                <Table.Tr key={attempt.number}>
                  <Table.Td>{attempt.number}</Table.Td>
                  <Table.Td>{formatTime(attempt.at)}</Table.Td>
                  <Table.Td>
                    <StateBadge state={attempt.result} />
                  </Table.Td>
                  <Table.Td>{attempt.status ?? '—'}</Table.Td>
                  <Table.Td>{formatMs(attempt.latencyMs)}</Table.Td>
                  <Table.Td>{attempt.error ?? ''}</Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

function Alerts({ details }: { details: MessageDetails }) {
  const alerts = details.trace.alerts;
  return (
    <Section title={`Alerts (${alerts.length})`}>
      {alerts.length === 0 ? (
        <Empty>This message alerted no one.</Empty>
      ) : (
        <Stack gap="sm">
          {alerts.map((alert) => (
            <AlertCard key={alert.id} alert={alert} />
          ))}
        </Stack>
      )}
    </Section>
  );
}

function Revealed({ revealed }: { revealed: RevealedMessage }) {
  const { patient } = revealed;
  return (
    <Stack gap="md">
      <DataList labelWidth="160px" aria-label="Patient details">
        {(
          [
            ['NHS number', patient.nhsNumber],
            ['Family name', patient.family],
            ['Given names', patient.given?.join(' ')],
            ['Date of birth', patient.birthDate],
            ['Postcode', patient.postcode],
          ] as const
        ).map(([label, value]) => (
          <DataList.Item key={label}>
            <DataList.ItemLabel>{label}</DataList.ItemLabel>
            <DataList.ItemValue>{value || '—'}</DataList.ItemValue>
          </DataList.Item>
        ))}
      </DataList>
      <Title order={3} size="h5">
        The message as received
      </Title>
      {revealed.segments
        .map((segment, i) => ({ ...segment, number: i + 1 }))
        .map((segment) => (
          <Table
            key={segment.number}
            withTableBorder
            aria-label={`Segment ${segment.number}: ${segment.name}`}
            layout="fixed"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th colSpan={3}>{segment.name}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {segment.fields.map((field) => (
                <Table.Tr key={field.position}>
                  <Table.Td w={110} ff="monospace">
                    {field.position}
                  </Table.Td>
                  <Table.Td w={260}>{field.label ?? ''}</Table.Td>
                  <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                    {field.value}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))}
    </Stack>
  );
}

function Patient({ details }: { details: MessageDetails }) {
  // Unmasked details are a permission of their own: without it there is nothing to offer.
  const mayReveal = useCan('reveal-patient');
  const [revealed, setRevealed] = useState<RevealedMessage>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const reveal = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setRevealed(await api.reveal(details.summary.messageKey));
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="Patient">
      <Group justify="space-between" align="center">
        <Text aria-label="Masked patient">{maskedText(details.summary.patient)}</Text>
        {!mayReveal ? null : revealed === undefined ? (
          <Button variant="light" color="orange" onClick={reveal} loading={busy}>
            Reveal patient details
          </Button>
        ) : (
          <Button variant="default" onClick={() => setRevealed(undefined)}>
            Mask again
          </Button>
        )}
      </Group>
      {error !== undefined && <ErrorAlert error={error} title="The details could not be revealed" />}
      {revealed !== undefined && (
        <Stack mt="md">
          <Alert color="orange" variant="light">
            You are seeing personal data. The hub recorded this reveal, under your name, in the audit trail.
          </Alert>
          <Revealed revealed={revealed} />
        </Stack>
      )}
    </Section>
  );
}

export function MessagePage({ messageKey }: { messageKey: string }) {
  const loaded = useLoad(() => api.message(messageKey), messageKey);
  return (
    <>
      <PageHeader
        title={`Message ${loaded.data?.summary.controlId ?? messageKey}`}
        description={<Link href="/messages">Back to the messages</Link>}
        actions={<RefreshButton loaded={loaded} />}
      />
      <LoadState loaded={loaded}>
        {(details) => (
          <Stack gap="md">
            <Received details={details} />
            <Ack details={details} />
            <Match details={details} />
            <Alerts details={details} />
            <Patient details={details} />
          </Stack>
        )}
      </LoadState>
    </>
  );
}
