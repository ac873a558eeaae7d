import { useCallback, useEffect, useRef, useState } from 'react';
import type { TablePaginationConfig } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';

export interface Page<T> {
  rows: T[];
  /** The total the API reports; null when it reports none (then one row more is asked for). */
  total: number | null;
}

export interface ServerList<T> {
  rows: T[];
  loading: boolean;
  error: unknown;
  reload: () => void;
  /** Back to the first page (after a new search). */
  resetPage: () => void;
  pagination: TablePaginationConfig;
}

/**
 * A list paginated on the server through offset/limit. For APIs that give no total, one row more
 * than the page is requested to learn whether a next page exists.
 */
export function useServerList<T>(
  fetchPage: (offset: number, limit: number) => Promise<Page<T>>,
  deps: readonly unknown[],
  options: { pageSize?: number; countless?: boolean } = {},
): ServerList<T> {
  const { t } = useI18n();
  // A new search (other deps) starts again at page 1, in the same render.
  const depsKey = JSON.stringify(deps);
  const [pageState, setPageState] = useState({ page: 1, key: depsKey });
  const page = pageState.key === depsKey ? pageState.page : 1;
  const setPage = useCallback((p: number) => setPageState({ page: p, key: depsKey }), [depsKey]);
  const [pageSize, setPageSize] = useState(options.pageSize ?? 10);
  const [rows, setRows] = useState<T[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const countless = options.countless === true;

  useEffect(() => {
    const mine = ++seq.current;
    const offset = (page - 1) * pageSize;
    setLoading(true);
    setError(null);
    fetchRef.current(offset, countless ? pageSize + 1 : pageSize).then(
      (p) => {
        if (mine !== seq.current) return;
        setHasMore(countless && p.rows.length > pageSize);
        setRows(countless ? p.rows.slice(0, pageSize) : p.rows);
        setTotal(p.total);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(e);
        setRows([]);
        setLoading(false);
      },
    );
  }, [page, pageSize, tick, depsKey, countless]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  const resetPage = useCallback(() => {
    setPage(1);
    setTick((n) => n + 1);
  }, [setPage]);

  const offset = (page - 1) * pageSize;
  const knownTotal = countless ? offset + rows.length + (hasMore ? 1 : 0) : (total ?? rows.length);
  const pagination: TablePaginationConfig = {
    current: page,
    pageSize,
    total: knownTotal,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (n, [from, to]) => (countless ? t('common.pageRange', { from, to }) : t('common.total', { count: n })),
    onChange: (p, size) => {
      if (size !== pageSize) {
        setPageSize(size);
        setPage(1);
      } else setPage(p);
    },
  };
  return { rows, loading, error, reload, resetPage, pagination };
}
