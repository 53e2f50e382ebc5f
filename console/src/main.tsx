// The operator console's entry: Mantine's styles and provider around the app, with the page's CSP
// nonce handed to everything that adds a <style> element at run time; then who the console acts as
// (GET /api/me), signing in first where the hub asks for it (on AWS; never on the local console).
import '@mantine/core/styles.css';
import { Alert, Button, Container, createTheme, MantineProvider, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Me } from '../../functions/console-api/roles.ts';
import { App } from './App.tsx';
import { api } from './api.ts';
import { MeProvider } from './me.tsx';
import { CALLBACK_PATH, completeSignIn, SIGNED_OUT_PATH, safeReturnPath, signIn } from './session.ts';

// The local server puts a fresh nonce on this meta element (Vite's html.cspNonce) for every page it
// serves; on AWS the policy allows the run-time styles instead, and the nonce is not needed.
const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';
// The modal's scroll lock (react-remove-scroll, through get-nonce) reads its nonce from this global.
(window as unknown as { __webpack_nonce__?: string }).__webpack_nonce__ = nonce;

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'sm',
  // No sliding or fading for people who asked their system for less motion.
  respectReducedMotion: true,
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
const reactRoot = createRoot(root);

function render(content: ReactNode) {
  reactRoot.render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="light" getStyleNonce={() => nonce}>
        {content}
      </MantineProvider>
    </StrictMode>,
  );
}

function Notice({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={1} size="h2">
          {title}
        </Title>
        {children}
      </Stack>
    </Container>
  );
}

async function start(): Promise<void> {
  if (window.location.pathname === SIGNED_OUT_PATH) {
    document.title = 'Signed out · ADT Hub console';
    render(
      <Notice title="Signed out">
        <Text>You have signed out of the ADT Hub console.</Text>
        <div>
          <Button onClick={() => void signIn('/messages')}>Sign in again</Button>
        </div>
      </Notice>,
    );
    return;
  }
  if (window.location.pathname === CALLBACK_PATH) {
    const returnTo = await completeSignIn();
    window.history.replaceState(null, '', safeReturnPath(returnTo));
  }
  const me: Me = await api.me();
  render(
    <MeProvider me={me}>
      <App />
    </MeProvider>,
  );
}

start().catch((error: unknown) => {
  render(
    <Notice title="The console could not start">
      <Alert color="red" role="alert">
        {error instanceof Error ? error.message : String(error)}
      </Alert>
      <div>
        <Button variant="default" onClick={() => window.location.assign('/')}>
          Try again
        </Button>
      </div>
    </Notice>,
  );
});
