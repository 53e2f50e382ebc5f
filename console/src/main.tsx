// The operator console's entry: Mantine's styles and provider around the app, with the page's CSP
// nonce handed to everything that adds a <style> element at run time.
import '@mantine/core/styles.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

// The server puts a fresh nonce on this meta element (Vite's html.cspNonce) for every page it serves.
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
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" getStyleNonce={() => nonce}>
      <App />
    </MantineProvider>
  </StrictMode>,
);
