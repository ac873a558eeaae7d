import { useSyncExternalStore, type MouseEvent, type ReactNode } from 'react';

/**
 * A small history router: the consoles live under /console and the server answers index.html for
 * every path below it, so a reload keeps the page. Routes are matched by the consoles themselves.
 */
export const BASE = '/console';
const CHANGE = 'pbss:navigate';

function subscribe(callback: () => void): () => void {
  window.addEventListener('popstate', callback);
  window.addEventListener(CHANGE, callback);
  return () => {
    window.removeEventListener('popstate', callback);
    window.removeEventListener(CHANGE, callback);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

/** The path below /console ("/" for the start page) and its query. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const full = useSyncExternalStore(subscribe, snapshot);
  const [pathname = '/', search = ''] = full.split('?');
  const below = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const path = below === '' ? '/' : below.length > 1 ? below.replace(/\/+$/, '') : below;
  return { path, query: new URLSearchParams(search) };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = BASE + (to.startsWith('/') ? to : `/${to}`);
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(CHANGE));
}

export function hrefOf(to: string): string {
  return BASE + (to.startsWith('/') ? to : `/${to}`);
}

/** A link that navigates in place (and still opens in a new tab with a modifier key). */
export function Link({ to, children, testId }: { to: string; children: ReactNode; testId?: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={hrefOf(to)} onClick={onClick} data-testid={testId}>
      {children}
    </a>
  );
}
