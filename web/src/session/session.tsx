import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiToken, setSessionExpiredHandler } from '../api/client.ts';
import { signIn as issueToken, whoAmI, type WhoAmI } from '../api/auth.ts';
import { parseInstant } from '../format/date.ts';

/**
 * The signed-in user: an IAM token (sent as X-Auth-Token) and who it belongs to, kept in
 * sessionStorage so that it lasts as long as the browser tab and no longer.
 */
export interface Session {
  token: string;
  expiresAt: string;
  me: WhoAmI;
}

const KEY = 'pbss.session';

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (!s.token || !s.me || parseInstant(s.expiresAt).getTime() <= Date.now()) return null;
    return s;
  } catch {
    return null;
  }
}

interface SessionApi {
  session: Session | null;
  /** Why the user was returned to the sign-in page, if not by signing out. */
  expired: boolean;
  signIn: (userName: string, accountName: string, password: string) => Promise<void>;
  signOut: () => void;
}

const Ctx = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => {
    const s = load();
    setApiToken(s?.token ?? null);
    return s;
  });
  const [expired, setExpired] = useState(false);

  const end = useCallback((becauseExpired: boolean) => {
    sessionStorage.removeItem(KEY);
    setApiToken(null);
    setSession(null);
    setExpired(becauseExpired);
  }, []);

  useEffect(() => {
    setSessionExpiredHandler(() => end(true));
    return () => setSessionExpiredHandler(null);
  }, [end]);

  // The token lives 24 hours; the tab may outlive it.
  useEffect(() => {
    if (!session) return;
    const ms = parseInstant(session.expiresAt).getTime() - Date.now();
    const timer = window.setTimeout(() => end(true), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    return () => window.clearTimeout(timer);
  }, [session, end]);

  const signIn = useCallback(async (userName: string, accountName: string, password: string) => {
    const issued = await issueToken(userName, accountName, password);
    const me = await whoAmI(issued.token);
    const s: Session = { token: issued.token, expiresAt: issued.expiresAt, me };
    sessionStorage.setItem(KEY, JSON.stringify(s));
    setApiToken(s.token);
    setExpired(false);
    setSession(s);
  }, []);

  const value = useMemo<SessionApi>(() => ({ session, expired, signIn, signOut: () => end(false) }), [session, expired, signIn, end]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in user (pages below the shell are only rendered with a session). */
export function useMe(): WhoAmI {
  const { session } = useSession();
  if (!session) throw new Error('no session');
  return session.me;
}
