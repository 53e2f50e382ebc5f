// The console's frame: a header, the navigation between its pages, and the page the address names.
// A section the signed-in person's roles do not reach is left out of the navigation (the API would
// refuse it; its address still answers, with the API's refusal).
import { Alert, AppShell, Badge, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { allowed, type Needs } from '../../functions/console-api/roles.ts';
import { signedIn, useMe } from './me.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { DeliveriesPage } from './pages/DeliveriesPage.tsx';
import { HealthPage } from './pages/HealthPage.tsx';
import { MessagePage } from './pages/MessagePage.tsx';
import { MessagesPage } from './pages/MessagesPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ReviewItemPage } from './pages/ReviewItemPage.tsx';
import { ReviewListPage } from './pages/ReviewListPage.tsx';
import { SendersPage } from './pages/SendersPage.tsx';
import { SubscribersPage } from './pages/SubscribersPage.tsx';
import { followLink, navigate, useLocation } from './router.tsx';
import { signOut } from './session.ts';

const SECTIONS: readonly { href: string; label: string; needs: Needs }[] = [
  { href: '/messages', label: 'Messages', needs: 'viewer' },
  { href: '/review', label: 'Review', needs: 'reviewer' },
  { href: '/deliveries', label: 'Deliveries', needs: 'viewer' },
  { href: '/subscribers', label: 'Subscribers and rosters', needs: 'viewer' },
  { href: '/senders', label: 'Senders', needs: 'viewer' },
  { href: '/health', label: 'Health', needs: 'viewer' },
  { href: '/audit', label: 'Audit', needs: 'admin' },
];

function Page({ pathname }: { pathname: string }) {
  const [section, id, ...rest] = pathname.split('/').filter(Boolean);
  const param = id === undefined ? undefined : decodeURIComponent(id);
  if (rest.length > 0) return <NotFoundPage />;
  switch (section) {
    case 'messages':
      return param === undefined ? <MessagesPage /> : <MessagePage messageKey={param} />;
    case 'review':
      return param === undefined ? <ReviewListPage /> : <ReviewItemPage id={param} />;
    case 'deliveries':
      return param === undefined ? <DeliveriesPage /> : <NotFoundPage />;
    case 'subscribers':
      return param === undefined ? <SubscribersPage /> : <NotFoundPage />;
    case 'senders':
      return param === undefined ? <SendersPage /> : <NotFoundPage />;
    case 'health':
      return param === undefined ? <HealthPage /> : <NotFoundPage />;
    case 'audit':
      return param === undefined ? <AuditPage /> : <NotFoundPage />;
    default:
      return <NotFoundPage />;
  }
}

/** Locally: this machine only. On AWS: who is signed in, and a way out. */
function Who() {
  const me = useMe();
  if (!signedIn(me))
    return (
      <Badge variant="outline" color="gray" title="This console answers this machine only">
        local · loopback only
      </Badge>
    );
  return (
    <Group gap="xs">
      <Text size="sm" aria-label="Signed in as">
        {me.id}
      </Text>
      <Button
        size="xs"
        variant="default"
        onClick={() => {
          void signOut();
        }}
      >
        Sign out
      </Button>
    </Group>
  );
}

export function App() {
  const me = useMe();
  const { pathname } = useLocation();
  useEffect(() => {
    if (pathname === '/') navigate('/messages', { replace: true });
  }, [pathname]);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Title order={2} size="h4">
              ADT Hub console
            </Title>
            <Who />
          </Group>
          <Text size="sm" c="dimmed">
            Patient details are masked; a reveal is recorded in the audit trail.
          </Text>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Console sections">
        {SECTIONS.filter(({ needs }) => allowed(me, needs)).map(({ href, label }) => {
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <NavLink
              key={href}
              href={href}
              label={label}
              active={active}
              aria-current={active ? 'page' : undefined}
              onClick={(event) => followLink(event, href)}
            />
          );
        })}
      </AppShell.Navbar>
      <AppShell.Main>
        {!allowed(me, 'viewer') && (
          <Alert color="yellow" title="No role yet" mb="md" role="status">
            You are signed in as {me.id}, but your account is in none of the console’s groups (viewer,
            reviewer, operator, admin), so there is nothing it may show you. Ask an administrator of the hub
            to add you to one.
          </Alert>
        )}
        <Page pathname={pathname} />
      </AppShell.Main>
    </AppShell>
  );
}
