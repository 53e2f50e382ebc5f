// Audit: what operators did, through the console or the CLI: who, when, what, to what, and why.
// Append-only in the hub; shown newest first here.
import { Button, Code, Group, Table, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { Empty, LoadState, PageHeader, RefreshButton } from '../components.tsx';
import { formatTime, isoFromLocalInput } from '../format.ts';
import { useLoad } from '../hooks.ts';

export function AuditPage() {
  const [sinceInput, setSinceInput] = useState('');
  const [since, setSince] = useState<string>();
  const loaded = useLoad(() => api.audit(since), since ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSince(isoFromLocalInput(sinceInput));
  };

  return (
    <>
      <PageHeader
        title="Audit"
        description="Operator actions from the console and the CLI, newest first. Nothing here can be changed."
        actions={<RefreshButton loaded={loaded} />}
      />
      <Group
        component="form"
        onSubmit={submit}
        align="flex-end"
        mb="md"
        role="search"
        aria-label="Filter the audit trail"
      >
        <TextInput
          label="Since"
          type="datetime-local"
          value={sinceInput}
          onChange={(e) => setSinceInput(e.currentTarget.value)}
        />
        <Button type="submit" variant="default">
          Show
        </Button>
      </Group>
      <LoadState loaded={loaded}>
        {(entries) =>
          entries.length === 0 ? (
            <Empty>No operator action recorded{since === undefined ? '' : ' since then'}.</Empty>
          ) : (
            <Table.ScrollContainer minWidth={900}>
              <Table striped aria-label="Audit trail">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When</Table.Th>
                    <Table.Th>Who</Table.Th>
                    <Table.Th>What</Table.Th>
                    <Table.Th>To</Table.Th>
                    <Table.Th>Details</Table.Th>
                    <Table.Th>Reason</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {[...entries].reverse().map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td>{formatTime(entry.at)}</Table.Td>
                      <Table.Td>{entry.actor}</Table.Td>
                      <Table.Td>
                        <Code>{entry.action}</Code>
                      </Table.Td>
                      <Table.Td ff="monospace">{entry.subject ?? '—'}</Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {Object.entries(entry.details ?? {})
                            .map(([name, value]) => `${name}: ${value}`)
                            .join(', ') || '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>{entry.reason ?? ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </LoadState>
    </>
  );
}
