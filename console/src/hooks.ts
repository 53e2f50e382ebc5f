// Loading what a page shows: one hook, so every page says "loading", shows an error the same way,
// and can load again after a change.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  /** Loads again (after a decision, an import, a redrive). */
  reload(): void;
}

/**
 * Calls `load` when the component appears and whenever `key` changes (the inputs of `load`, as
 * text); an answer that arrives after a newer request started is dropped.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  const latest = useRef(load);
  latest.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `round` say when to load again; `load` is read through the ref.
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    latest.current().then(
      (data) => {
        if (current) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (current)
          setState({ error: error instanceof Error ? error : new Error(String(error)), loading: false });
      },
    );
    return () => {
      current = false;
    };
  }, [key, round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}
