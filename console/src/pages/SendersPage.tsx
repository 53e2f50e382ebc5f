// Senders: each hospital system that sends messages, when it last did, today's ACKs by code and
// its open MLLP connections.
import { Badge, Group, Table, Text } from '@mantine/core';
import { api } from '../api.ts';
import { Empty, LoadState, PageHeader, RefreshButton } from '../components.tsx';
import { formatTime } from '../format.ts';
import { useLoad } from '../hooks.ts';

export function SendersPage() {
  const loaded = useLoad(() => api.senders(), 'senders');
  return (
    <>
      <PageHeader
        title="Senders"
        description="The hospital systems that send messages; today is the UTC day."
        actions={<RefreshButton loaded={loaded} />}
      />
      <LoadState loaded={loaded}>
        {(senders) =>
          senders.length === 0 ? (
            <Empty>No sender is registered.</Empty>
          ) : (
            <Table.ScrollContainer minWidth={800}>
              <Table striped aria-label="Senders">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Sender</Table.Th>
                    <Table.Th>Facilities</Table.Th>
                    <Table.Th>Last message</Table.Th>
                    <Table.Th>Today's ACKs</Table.Th>
                    <Table.Th ta="right">MLLP connections</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {senders.map((sender) => (
                    <Table.Tr key={sender.senderId}>
                      <Table.Td>
                        {sender.name ?? sender.senderId}{' '}
                        {sender.name !== undefined && (
                          <Text span c="dimmed" size="sm">
                            ({sender.senderId})
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{sender.facilities.join(', ') || '—'}</Table.Td>
                      <Table.Td>{formatTime(sender.lastMessageAt)}</Table.Td>
                      <Table.Td>
                        <Group gap={6}>
                          <Badge color="green" variant="light" title="Accepted">
                            AA {sender.today.AA}
                          </Badge>
                          <Badge color="orange" variant="light" title="Error">
                            AE {sender.today.AE}
                          </Badge>
                          <Badge color="red" variant="light" title="Rejected">
                            AR {sender.today.AR}
                          </Badge>
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right">{sender.mllpConnections ?? '—'}</Table.Td>
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
