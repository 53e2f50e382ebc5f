// Subscribers and rosters: who receives alerts and how; adding one (a signed webhook, or a queue of
// its own); uploading a roster in two steps: a preview that changes nothing and shows each rejected
// row, then the import (optionally replacing the whole roster) with its summary, conflicts included.
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  FileInput,
  Group,
  Modal,
  MultiSelect,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { RosterPreview } from '../../../functions/console-api/services.ts';
import { AdtEventName } from '../../../functions/core/normalise/events.ts';
import { DEFAULT_EVENTS } from '../../../functions/core/routing/types.ts';
import type { ImportSummary } from '../../../functions/use-cases/roster-import.ts';
import type { NewSubscriber } from '../../../functions/use-cases/subscribers.ts';
import { api, type ListedSubscriberWithRoster } from '../api.ts';
import { Empty, ErrorAlert, LoadState, PageHeader, RefreshButton } from '../components.tsx';
import { plural } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { useCan } from '../me.tsx';

function SubscriberTable({ subscribers }: { subscribers: ListedSubscriberWithRoster[] }) {
  if (subscribers.length === 0) return <Empty>No subscriber yet: add one.</Empty>;
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped aria-label="Subscribers">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Id</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Receives by</Table.Th>
            <Table.Th>Events</Table.Th>
            <Table.Th>Practice</Table.Th>
            <Table.Th ta="right">Roster rows</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {subscribers.map((subscriber) => (
            <Table.Tr key={subscriber.id}>
              <Table.Td ff="monospace">{subscriber.id}</Table.Td>
              <Table.Td>{subscriber.name}</Table.Td>
              <Table.Td>
                {subscriber.delivery === undefined ? (
                  '—'
                ) : subscriber.delivery.kind === 'webhook' ? (
                  <Text size="sm">
                    webhook <Code>{subscriber.delivery.url}</Code>
                  </Text>
                ) : (
                  <Text size="sm">its own SQS queue</Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {subscriber.events.map((event) => (
                    <Badge key={event} variant="light" size="sm">
                      {event}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{subscriber.practice ?? '—'}</Table.Td>
              <Table.Td ta="right">{subscriber.rosterRows}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const EVENT_OPTIONS = Object.values(AdtEventName);

function AddSubscriberDialog({
  opened,
  onClose,
  onAdded,
}: {
  opened: boolean;
  onClose(): void;
  onAdded(result: { id: string; generatedSecret?: string }): void;
}) {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [channel, setChannel] = useState<'webhook' | 'queue'>('webhook');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [events, setEvents] = useState<string[]>([...DEFAULT_EVENTS]);
  const [practice, setPractice] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const subscriber: NewSubscriber = {
      id: id.trim(),
      name: name.trim(),
      ...(channel === 'webhook'
        ? { webhook: { url: url.trim(), ...(secret.trim() !== '' && { secret: secret.trim() }) } }
        : { queue: true }),
      events,
      ...(practice.trim() !== '' && { practice: practice.trim().toUpperCase() }),
    };
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.addSubscriber(subscriber);
      onAdded({
        id: result.subscriber.id,
        ...(result.generatedSecret !== undefined && { generatedSecret: result.generatedSecret }),
      });
      setId('');
      setName('');
      setUrl('');
      setSecret('');
      setPractice('');
      setEvents([...DEFAULT_EVENTS]);
      onClose();
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Add a subscriber" size="lg">
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={2}>
            <TextInput
              label="Id"
              description="Letters, digits, - and _"
              required
              value={id}
              onChange={(e) => setId(e.currentTarget.value)}
            />
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          </SimpleGrid>
          <SegmentedControl
            aria-label="Receives alerts by"
            value={channel}
            onChange={(value) => setChannel(value as 'webhook' | 'queue')}
            data={[
              { value: 'webhook', label: 'Signed webhook' },
              { value: 'queue', label: 'Its own SQS queue' },
            ]}
          />
          {channel === 'webhook' && (
            <>
              <TextInput
                label="Webhook URL"
                required
                value={url}
                onChange={(e) => setUrl(e.currentTarget.value)}
                placeholder="https://…"
              />
              <PasswordInput
                label="Webhook secret"
                description="A Standard Webhooks secret (whsec_…); leave empty and the hub makes one."
                value={secret}
                onChange={(e) => setSecret(e.currentTarget.value)}
              />
            </>
          )}
          <MultiSelect
            label="Events"
            data={EVENT_OPTIONS}
            value={events}
            onChange={setEvents}
            searchable
            required
          />
          <TextInput
            label="Practice (ODS code)"
            description="Also alerted about everyone registered at this practice (PD1-3)."
            value={practice}
            onChange={(e) => setPractice(e.currentTarget.value)}
          />
          {error !== undefined && <ErrorAlert error={error} title="The subscriber was not added" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Add subscriber
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function LineTable({ label, rows }: { label: string; rows: { line: number; reason: string }[] }) {
  return (
    <Table aria-label={label} withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={80}>Line</Table.Th>
          <Table.Th>Reason</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={`${row.line}-${row.reason}`}>
            <Table.Td>{row.line}</Table.Td>
            <Table.Td>{row.reason}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function PreviewResult({ preview }: { preview: RosterPreview }) {
  return (
    <Stack gap="xs" aria-label="Preview" component="section">
      <Alert
        color={preview.rejected.length > 0 ? 'yellow' : 'blue'}
        title="Preview: nothing was changed"
        role="status"
      >
        {plural(preview.rows, 'row')} read: {preview.valid} valid, {preview.rejected.length} rejected
        {preview.rejected.length > 0 && ' (they will be skipped; the valid rows can be imported)'}.
      </Alert>
      {preview.rejected.length > 0 && <LineTable label="Rejected rows" rows={preview.rejected} />}
    </Stack>
  );
}

function ImportResult({ summary }: { summary: ImportSummary }) {
  return (
    <Stack gap="xs" aria-label="Import summary" component="section">
      <Alert color="green" title="Imported" role="status">
        {summary.imported} imported, {summary.updated} updated, {summary.unchanged} unchanged,{' '}
        {summary.removed} removed, {summary.rejected.length} rejected, {summary.conflicts.length} conflicts.
      </Alert>
      {summary.rejected.length > 0 && <LineTable label="Rejected rows" rows={summary.rejected} />}
      {summary.conflicts.length > 0 && (
        <>
          <Text size="sm">
            Conflicts: rows imported whose NHS number is also held for someone clearly different. They go on
            the review list rather than alert.
          </Text>
          <LineTable label="Conflicts" rows={summary.conflicts} />
        </>
      )}
    </Stack>
  );
}

function RosterUpload({
  subscribers,
  onImported,
}: {
  subscribers: ListedSubscriberWithRoster[];
  onImported(): void;
}) {
  const [subscriberId, setSubscriberId] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const [preview, setPreview] = useState<RosterPreview>();
  const [summary, setSummary] = useState<ImportSummary>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState<'preview' | 'import'>();

  const reset = () => {
    setPreview(undefined);
    setSummary(undefined);
    setError(undefined);
  };

  const run = async (step: 'preview' | 'import') => {
    if (subscriberId === null || file === null) return;
    setBusy(step);
    setError(undefined);
    try {
      if (step === 'preview') {
        setSummary(undefined);
        setPreview(await api.previewRoster(subscriberId, file));
      } else {
        setSummary(await api.importRoster(subscriberId, file, replace));
        onImported();
      }
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-label="Roster upload">
      <Title order={2} size="h4" mb="xs">
        Roster upload
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        CSV with a header row: nhs_number, family_name, given_name, birth_date, sex, postcode, local_id.
        Preview it first: nothing changes until you import.
      </Text>
      <Stack>
        <SimpleGrid cols={2}>
          <Select
            label="Subscriber"
            data={subscribers.map((s) => ({ value: s.id, label: `${s.name} (${s.id})` }))}
            value={subscriberId}
            onChange={(value) => {
              setSubscriberId(value);
              reset();
            }}
            required
          />
          <FileInput
            label="Roster CSV"
            accept=".csv,text/csv"
            value={file}
            onChange={(value) => {
              setFile(value);
              reset();
            }}
            clearable
            required
          />
        </SimpleGrid>
        <Checkbox
          label="Replace the whole roster: people not in this file stop producing alerts for this subscriber"
          checked={replace}
          onChange={(e) => setReplace(e.currentTarget.checked)}
        />
        <Group>
          <Button
            variant="default"
            onClick={() => run('preview')}
            disabled={subscriberId === null || file === null}
            loading={busy === 'preview'}
          >
            Preview
          </Button>
          <Button
            onClick={() => run('import')}
            disabled={preview === undefined || summary !== undefined}
            loading={busy === 'import'}
          >
            {replace ? 'Import, replacing the roster' : 'Import'}
          </Button>
        </Group>
        {error !== undefined && <ErrorAlert error={error} title="The roster could not be read" />}
        {preview !== undefined && summary === undefined && <PreviewResult preview={preview} />}
        {summary !== undefined && <ImportResult summary={summary} />}
      </Stack>
    </Paper>
  );
}

export function SubscribersPage() {
  // Adding subscribers and loading rosters are an operator's; others see the list only.
  const mayChange = useCan('operator');
  const loaded = useLoad(() => api.subscribers(), 'subscribers');
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<{ id: string; generatedSecret?: string }>();

  return (
    <>
      <PageHeader
        title="Subscribers and rosters"
        description="Who receives alerts, how, and about whom."
        actions={
          <>
            {mayChange && <Button onClick={() => setAdding(true)}>Add subscriber…</Button>}
            <RefreshButton loaded={loaded} />
          </>
        }
      />
      {added !== undefined && (
        <Alert
          color="green"
          title={`Subscriber ${added.id} added`}
          role="status"
          mb="md"
          withCloseButton
          onClose={() => setAdded(undefined)}
        >
          {added.generatedSecret === undefined ? (
            'It receives alerts from now on.'
          ) : (
            <Stack gap="xs">
              <Text size="sm">
                Its webhook secret, shown only now: give it to the subscriber so it can verify each alert’s
                signature.
              </Text>
              <Group gap="xs">
                <Code>{added.generatedSecret}</Code>
                <CopyButton value={added.generatedSecret}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="light" onClick={copy}>
                      {copied ? 'Copied' : 'Copy'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          )}
        </Alert>
      )}
      <LoadState loaded={loaded}>
        {(subscribers) => (
          <Stack gap="lg">
            <SubscriberTable subscribers={subscribers} />
            {mayChange && <RosterUpload subscribers={subscribers} onImported={loaded.reload} />}
          </Stack>
        )}
      </LoadState>
      <AddSubscriberDialog
        opened={adding}
        onClose={() => setAdding(false)}
        onAdded={(result) => {
          setAdded(result);
          loaded.reload();
        }}
      />
    </>
  );
}
