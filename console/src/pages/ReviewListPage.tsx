// Review: possible matches and conflicts waiting for a person (they alert no one until decided),
// oldest first, with how long each has waited; more than 24 hours is overdue.
import { Badge, Group, Table, Text } from '@mantine/core';
import { api } from '../api.ts';
import { Empty, LoadState, PageHeader, RefreshButton } from '../components.tsx';
import { formatAge, formatScore, formatTime, maskedText, plural } from '../format.ts';
import { useLoad } from '../hooks.ts';
import { Link } from '../router.tsx';

export const KIND_LABELS: Record<string, string> = {
  'possible-match': 'Possible match',
  'row-conflict': 'Roster row conflict',
  'identifier-conflict': 'Hospital number conflict',
};

export function ReviewListPage() {
  const loaded = useLoad(() => api.reviewList(), 'review');
  return (
    <>
      <PageHeader
        title="Review"
        description="What waits for a person to decide. None of these alerts anyone until it is accepted."
        actions={<RefreshButton loaded={loaded} />}
      />
      <LoadState loaded={loaded}>
        {(items) => {
          const overdue = items.filter((item) => item.overdue).length;
          return (
            <>
              <Group gap="xs" mb="sm">
                <Text>{plural(items.length, 'item')} waiting</Text>
                {overdue > 0 && (
                  <Badge color="red" variant="filled">
                    {overdue} overdue
                  </Badge>
                )}
              </Group>
              <Table.ScrollContainer minWidth={900}>
                <Table striped highlightOnHover aria-label="Review list">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Waiting</Table.Th>
                      <Table.Th>Kind</Table.Th>
                      <Table.Th>MSH-10</Table.Th>
                      <Table.Th>Facility</Table.Th>
                      <Table.Th>Event</Table.Th>
                      <Table.Th>Received</Table.Th>
                      <Table.Th ta="right">Score</Table.Th>
                      <Table.Th>Held by</Table.Th>
                      <Table.Th>Patient (masked)</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map(({ item, ageHours, overdue: late, patient }) => (
                      <Table.Tr key={item.id}>
                        <Table.Td>
                          <Group gap={6} wrap="nowrap">
                            <Text size="sm">{formatAge(ageHours)}</Text>
                            {late && (
                              <Badge color="red" size="sm">
                                overdue
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>{KIND_LABELS[item.kind] ?? item.kind}</Table.Td>
                        <Table.Td>
                          <Link href={`/review/${encodeURIComponent(item.id)}`} ff="monospace">
                            {item.controlId}
                          </Link>
                        </Table.Td>
                        <Table.Td>{item.sendingFacility}</Table.Td>
                        <Table.Td>{item.event}</Table.Td>
                        <Table.Td>{formatTime(item.receivedAt)}</Table.Td>
                        <Table.Td ta="right" ff="monospace">
                          {formatScore(item.score)}
                        </Table.Td>
                        <Table.Td>{item.candidate?.subscribers.map((s) => s.id).join(', ') || '—'}</Table.Td>
                        <Table.Td>{maskedText(patient)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {items.length === 0 && <Empty>Nothing waits for review.</Empty>}
            </>
          );
        }}
      </LoadState>
    </>
  );
}
