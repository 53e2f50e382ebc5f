// Small pieces every page uses: its heading, the loading and error states, and the badges that
// give ACK codes, delivery states and match outcomes one colour each.
import { Alert, Badge, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { ApiError } from './api.ts';
import type { Loaded } from './hooks.ts';

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · ADT Hub console`;
  }, [title]);
  return (
    <Group justify="space-between" align="flex-start" mb="md" wrap="nowrap">
      <Stack gap={4}>
        <Title order={1} size="h2">
          {title}
        </Title>
        {description !== undefined && (
          <Text c="dimmed" size="sm">
            {description}
          </Text>
        )}
      </Stack>
      {actions !== undefined && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}

export function ErrorAlert({ error, title = 'The hub could not answer' }: { error: Error; title?: string }) {
  // The API refused this person, not the hub failing: say so, and what would change it.
  if (error instanceof ApiError && error.status === 403)
    return (
      <Alert color="yellow" title="Not allowed" role="alert">
        Your account may not do this ({error.message}). An administrator of the hub can add you to the group
        that allows it.
      </Alert>
    );
  return (
    <Alert color="red" title={title} role="alert">
      {error.message}
    </Alert>
  );
}

/** What a page shows while its data loads, or when it failed; the data itself otherwise. */
export function LoadState<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  if (loaded.error !== undefined) return <ErrorAlert error={loaded.error} />;
  if (loaded.data === undefined)
    return (
      <Center py="xl">
        <Loader aria-label="Loading" />
      </Center>
    );
  return <>{children(loaded.data)}</>;
}

export function RefreshButton({ loaded }: { loaded: Loaded<unknown> }) {
  return (
    <Button variant="default" size="sm" onClick={loaded.reload} loading={loaded.loading}>
      Refresh
    </Button>
  );
}

const ACK_COLOURS: Record<string, string> = { AA: 'green', AE: 'orange', AR: 'red' };

export function AckBadge({ code }: { code: string | undefined }) {
  if (code === undefined) return <Text c="dimmed">—</Text>;
  return (
    <Badge color={ACK_COLOURS[code] ?? 'gray'} variant="light" title={`ACK ${code}`}>
      {code}
    </Badge>
  );
}

const STATE_COLOURS: Record<string, string> = {
  delivered: 'green',
  processed: 'green',
  matched: 'green',
  accepted: 'green',
  pending: 'blue',
  received: 'blue',
  retry: 'yellow',
  possible: 'yellow',
  rejected: 'gray',
  unmatched: 'gray',
  'no-patient': 'gray',
  quarantined: 'red',
  'dead-lettered': 'red',
  'dead-letter': 'red',
};

/** A state's badge, coloured by its first word (`matched by nhs-number` is a match). */
export function StateBadge({ state }: { state: string | undefined }) {
  if (state === undefined) return <Text c="dimmed">—</Text>;
  return (
    <Badge color={STATE_COLOURS[state.split(' ')[0] ?? state] ?? 'gray'} variant="light">
      {state}
    </Badge>
  );
}

/** A table's "nothing here" row text. */
export function Empty({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" size="sm" py="sm">
      {children}
    </Text>
  );
}
