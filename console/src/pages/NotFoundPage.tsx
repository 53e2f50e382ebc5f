// The answer to an address the console has no page for.
import { Text } from '@mantine/core';
import { PageHeader } from '../components.tsx';
import { Link } from '../router.tsx';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Text>
        The console has no page at this address. <Link href="/messages">Go to the messages</Link>.
      </Text>
    </>
  );
}
