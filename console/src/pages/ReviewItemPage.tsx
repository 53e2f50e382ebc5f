// One review item: the message's patient beside the candidate's roster row, field by field with
// agreement and weight, where that row came from, and the decision. Accepting sends the message's
// alerts now; rejecting sends none. Either needs a written reason, and only the first decision stands.
import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { ReviewComparison } from '../../../functions/console-api/services.ts';
import { alreadyDecided, api } from '../api.ts';
import { ErrorAlert, LoadState, PageHeader, RefreshButton } from '../components.tsx';
import { FIELD_LABELS, formatAge, formatScore, formatTime, formatWeight, plural } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { Link } from '../router.tsx';
import { KIND_LABELS } from './ReviewListPage.tsx';

const AGREEMENT_COLOURS: Record<string, string> = { exact: 'green', disagree: 'red', missing: 'gray' };

type Decision = 'accept' | 'reject';
type Outcome =
  | { kind: 'decided'; decision: Decision; alerts: number }
  | { kind: 'taken'; outcome: string; by: string; at: string };

function Comparison({ comparison }: { comparison: ReviewComparison }) {
  return (
    <Table withTableBorder aria-label="Message and candidate, field by field">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Field</Table.Th>
          <Table.Th>Message</Table.Th>
          <Table.Th>Candidate</Table.Th>
          <Table.Th>Agreement</Table.Th>
          <Table.Th ta="right">Weight</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {comparison.fields.map((field) => (
          <Table.Tr key={field.field}>
            <Table.Th scope="row">{FIELD_LABELS[field.field] ?? field.field}</Table.Th>
            <Table.Td>{field.message ?? '—'}</Table.Td>
            <Table.Td>{field.candidate ?? '—'}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={AGREEMENT_COLOURS[field.agreement] ?? 'yellow'}>
                {field.agreement}
              </Badge>
            </Table.Td>
            <Table.Td ta="right" ff="monospace">
              {formatWeight(field.weight)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function DecisionDialog({
  decision,
  onClose,
  onDecided,
  id,
}: {
  decision: Decision | undefined;
  onClose(): void;
  onDecided(outcome: Outcome): void;
  id: string;
}) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const close = () => {
    setReason('');
    setProblem(undefined);
    setError(undefined);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (decision === undefined) return;
    if (reason.trim().length < 3) {
      setProblem('Write why: at least a few words a colleague can follow.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.decide(id, decision, reason.trim());
      onDecided({ kind: 'decided', decision, alerts: result.alerts });
      close();
    } catch (failure) {
      const taken = alreadyDecided(failure);
      if (taken !== undefined) {
        onDecided({ kind: 'taken', ...taken });
        close();
      } else setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  const accepting = decision === 'accept';
  return (
    <Modal
      opened={decision !== undefined}
      onClose={close}
      title={accepting ? 'Accept: the candidate is the patient' : 'Reject: not the patient'}
    >
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm">
            {accepting
              ? 'The message’s alerts go out now to the subscribers that hold the candidate, and the hospital number is learned.'
              : 'No alert is sent, and the hub will not offer this pair again unless either side’s details change.'}
          </Text>
          <Textarea
            label="Reason"
            description="Recorded in the audit trail with your name."
            withAsterisk
            autosize
            minRows={3}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setProblem(undefined);
            }}
            error={problem}
            data-autofocus
          />
          {error !== undefined && <ErrorAlert error={error} title="The decision was not recorded" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color={accepting ? 'green' : 'red'} loading={busy}>
              {accepting ? 'Accept' : 'Reject'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function OutcomeAlert({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'taken')
    return (
      <Alert color="red" title="Someone decided first" role="alert">
        Already {outcome.outcome} by {outcome.by} at {formatTime(outcome.at)}. Your decision was not recorded.
      </Alert>
    );
  return (
    <Alert color={outcome.decision === 'accept' ? 'green' : 'gray'} title="Decision recorded" role="status">
      {outcome.decision === 'accept'
        ? `Accepted: ${plural(outcome.alerts, 'alert')} sent.`
        : 'Rejected: no alert was sent.'}
    </Alert>
  );
}

export function ReviewItemPage({ id }: { id: string }) {
  const loaded = useLoad(() => api.reviewItem(id), id);
  const [deciding, setDeciding] = useState<Decision>();
  const [outcome, setOutcome] = useState<Outcome>();

  return (
    <>
      <PageHeader
        title={`Review ${loaded.data?.summary.item.controlId ?? ''}`.trim()}
        description={<Link href="/review">Back to the review list</Link>}
        actions={<RefreshButton loaded={loaded} />}
      />
      <LoadState loaded={loaded}>
        {(comparison) => {
          const { item, ageHours, overdue } = comparison.summary;
          const decided = item.decision;
          return (
            <Stack gap="md">
              <Paper withBorder p="md" component="section" aria-label="The question">
                <Group gap="xs" mb="xs">
                  <Badge variant="light">{KIND_LABELS[item.kind] ?? item.kind}</Badge>
                  <Text size="sm">waiting {formatAge(ageHours)}</Text>
                  {overdue && <Badge color="red">overdue</Badge>}
                </Group>
                <Text>
                  <Link href={`/messages/${encodeURIComponent(item.messageKey)}`}>
                    {item.sendingFacility} {item.controlId}
                  </Link>{' '}
                  ({item.event}), received {formatTime(item.receivedAt)}, score {formatScore(item.score)}
                </Text>
                {item.reasons.length > 0 && (
                  <List size="sm" mt="xs" aria-label="Why it is here">
                    {item.reasons.map((reason) => (
                      <List.Item key={reason}>{reason}</List.Item>
                    ))}
                  </List>
                )}
              </Paper>

              <Paper withBorder p="md" component="section" aria-label="Side by side">
                <Title order={2} size="h4" mb="sm">
                  Message and candidate
                </Title>
                <Comparison comparison={comparison} />
                <Text size="sm" mt="sm" aria-label="Where the candidate came from">
                  {comparison.source === undefined
                    ? 'The candidate’s row has no recorded source.'
                    : `The candidate’s row: subscriber ${comparison.source.subscriberId}${
                        comparison.source.line === undefined
                          ? ''
                          : `, line ${comparison.source.line} of its roster upload`
                      }${comparison.source.localId === undefined ? '' : `, its id ${comparison.source.localId}`}.`}
                </Text>
              </Paper>

              <Paper withBorder p="md" component="section" aria-label="Decision">
                <Title order={2} size="h4" mb="sm">
                  Decision
                </Title>
                <Stack gap="sm">
                  {outcome !== undefined && <OutcomeAlert outcome={outcome} />}
                  {decided !== undefined ? (
                    <Text>
                      {decided.outcome === 'accepted' ? 'Accepted' : 'Rejected'} by {decided.by} at{' '}
                      {formatTime(decided.at)}: “{decided.reason}”
                    </Text>
                  ) : (
                    outcome === undefined && (
                      <Group>
                        <Button color="green" onClick={() => setDeciding('accept')}>
                          Accept…
                        </Button>
                        <Button color="red" variant="outline" onClick={() => setDeciding('reject')}>
                          Reject…
                        </Button>
                      </Group>
                    )
                  )}
                </Stack>
              </Paper>
              <DecisionDialog
                id={id}
                decision={deciding}
                onClose={() => setDeciding(undefined)}
                onDecided={setOutcome}
              />
            </Stack>
          );
        }}
      </LoadState>
    </>
  );
}
