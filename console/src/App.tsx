// The console's frame: a header, the navigation between its pages, and the page the address names.
import { AppShell, Badge, Group, NavLink, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
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

const SECTIONS = [
  { href: '/messages', label: 'Messages' },
  { href: '/review', label: 'Review' },
  { href: '/deliveries', label: 'Deliveries' },
  { href: '/subscribers', label: 'Subscribers and rosters' },
  { href: '/senders', label: 'Senders' },
  { href: '/health', label: 'Health' },
  { href: '/audit', label: 'Audit' },
] as const;

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

export function App() {
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
            <Badge variant="outline" color="gray" title="This console answers this machine only">
              local · loopback only
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            Patient details are masked; a reveal is recorded in the audit trail.
          </Text>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Console sections">
        {SECTIONS.map(({ href, label }) => {
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
        <Page pathname={pathname} />
      </AppShell.Main>
    </AppShell>
  );
}
