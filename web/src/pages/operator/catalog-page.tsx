import { useMemo, useState } from 'react';
import { Alert, App, Button, Input, Modal, Select, Space, Table, Tabs, Typography } from 'antd';
import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { CATALOG_TABLES, importCatalogTable, listPriceBooks, readCatalogTable, type CatalogTable, type PriceBook } from '../../api/operator.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { testIdProps } from '../../components/test-id.ts';
import { useAsync } from '../../components/use-async.ts';
import { parseCsv } from '../../format/csv.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** The catalog and price books: read every table, and edit one by importing its CSV (the operator plane's routes). */
export function CatalogPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHead title={t('catalog.title')} />
      <Tabs
        items={[
          { key: 'books', label: t('catalog.priceBooks'), children: <PriceBooks /> },
          { key: 'tables', label: t('catalog.tables'), children: <Tables /> },
        ]}
      />
    </>
  );
}

function PriceBooks() {
  const { t, date } = useI18n();
  const books = useAsync(() => listPriceBooks(), []);
  return (
    <>
      <ErrorAlert error={books.error} onRetry={books.reload} />
      <Table<PriceBook>
        rowKey="code"
        loading={books.loading}
        dataSource={books.data?.price_books ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid="price-books"
        columns={[
          { title: t('catalog.code'), key: 'code', dataIndex: 'code' },
          { title: t('catalog.name'), key: 'name', dataIndex: 'name' },
          { title: t('catalog.effectiveFrom'), key: 'from', render: (_, b) => date(b.effective_from) },
          { title: t('catalog.effectiveTo'), key: 'to', render: (_, b) => (b.effective_to ? date(b.effective_to) : t('catalog.open')) },
          { title: t('catalog.entries'), key: 'entries', dataIndex: 'entries', align: 'right' },
        ]}
      />
    </>
  );
}

function Tables() {
  const { t } = useI18n();
  const [table, setTable] = useState<CatalogTable>('prices');
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState(false);
  const csv = useAsync(() => readCatalogTable(table), [table]);
  const parsed = useMemo(() => parseCsv(csv.data ?? ''), [csv.data]);
  const [header = [], ...rows] = parsed;
  const shown = filter ? rows.filter((r) => r.some((f) => f.toLowerCase().includes(filter.toLowerCase()))) : rows;
  return (
    <>
      <div className="toolbar">
        <Select<CatalogTable> style={{ width: 220 }} value={table} onChange={setTable} options={CATALOG_TABLES.map((x) => ({ value: x, label: x }))} data-testid="catalog-table" />
        <Input.Search allowClear placeholder={t('catalog.filter')} onSearch={setFilter} style={{ width: 240 }} />
        <Button icon={<ReloadOutlined />} onClick={csv.reload}>
          {t('common.refresh')}
        </Button>
        <Button icon={<EditOutlined />} disabled={!csv.data} onClick={() => setEditing(true)} data-testid="catalog-edit">
          {t('catalog.edit')}
        </Button>
      </div>
      <div className="muted" style={{ marginBottom: 8 }}>
        {t('catalog.wholeTable', { count: rows.length })}
      </div>
      <ErrorAlert error={csv.error} onRetry={csv.reload} />
      <Table<string[]>
        size="small"
        rowKey={(r) => r.join('\u0001')}
        loading={csv.loading}
        dataSource={shown}
        pagination={{ pageSize: 20, showSizeChanger: true }}
        scroll={{ x: 'max-content' }}
        data-testid="catalog-rows"
        columns={header.map((h, i) => ({ title: h, key: h, render: (_: unknown, r: string[]) => <span className={/price|amount|tiers/.test(h) ? 'amount' : undefined}>{r[i] ?? ''}</span> }))}
      />
      {editing && csv.data !== undefined && (
        <EditTable
          table={table}
          initial={csv.data}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            csv.reload();
          }}
        />
      )}
    </>
  );
}

/** Edit a table as CSV; importing adds or updates rows (a price book's prices are replaced whole). */
function EditTable({ table, initial, onClose, onDone }: { table: CatalogTable; initial: string; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await importCatalogTable(table, text);
      message.success(t('catalog.imported', { rows: Object.values(r.imported).reduce((a, b) => a + b, 0), table }));
      onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal open width={960} title={`${t('catalog.edit')} · ${table}`} onCancel={onClose} onOk={submit} confirmLoading={busy} okText={t('catalog.import')} cancelText={t('common.cancel')} okButtonProps={testIdProps('catalog-import')}>
      <Alert type="info" showIcon title={t('catalog.editHint')} style={{ marginBottom: 12 }} />
      <ErrorAlert error={error} compact />
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} rows={18} className="secret-box" spellCheck={false} data-testid="catalog-csv" />
      <Space style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">{t('catalog.tiersHint')}</Typography.Text>
      </Space>
    </Modal>
  );
}
