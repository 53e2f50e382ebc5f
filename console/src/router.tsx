// Page addresses: the console is one page whose parts have their own URLs (/messages, /review/…),
// so links can be opened in a new tab, shared and bookmarked; the server answers every such URL
// with the same index.html and this decides what to show.
import { Anchor, type AnchorProps } from '@mantine/core';
import { type MouseEvent, type ReactNode, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

/** Goes to a page of the console without reloading it. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const listener of listeners) listener();
  if (!options.replace) window.scrollTo(0, 0);
}

export interface Location {
  pathname: string;
  search: URLSearchParams;
}

/** The current address; the component renders again when it changes. */
export function useLocation(): Location {
  const current = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(current, window.location.origin);
  return { pathname: url.pathname, search: url.searchParams };
}

/** A left click on a link handled here; a click that opens a new tab or window left to the browser. */
export function followLink(event: MouseEvent<HTMLElement>, href: string): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(href);
}

export function Link({ href, children, ...props }: AnchorProps & { href: string; children: ReactNode }) {
  return (
    <Anchor href={href} onClick={(event) => followLink(event, href)} {...props}>
      {children}
    </Anchor>
  );
}
