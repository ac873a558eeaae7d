import { useState } from 'react';
import { Alert, App, Button, Card, Input, Progress, Skeleton, Space, Statistic, Table, Typography, Upload } from 'antd';
import { CloudUploadOutlined, FileAddOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { documentedOperation, importUsageRecords, rateUsageNow, type UsageIngestSummary } from '../../api/operator.ts';
import { ErrorAlert, errorText } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useI18n } from '../../i18n/i18n.tsx';

const ROUTE = '/operator/v1/usage-records';
/** Records per request: a large file goes up in batches, with progress. */
const BATCH = 1000;

const EXAMPLE = JSON.stringify(
  [
    {
      record_id: 'r-0001',
      customer_id: '<customer id>',
      resource_id: 'vm-0001',
      service_type_code: 'hws.service.type.ec2',
      resource_type_code: 'hws.resource.type.vm',
      spec_code: 's6.small.1.linux',
      region_code: 'cn-north-4',
      usage_type: 'duration',
      usage_value: '3600',
      usage_measure_id: 4,
      begin_time: '2026-01-01T00:00:00Z',
      end_time: '2026-01-01T01:00:00Z',
    },
  ],
  null,
  2,
);

/** The records of a JSON array or NDJSON text, split into batches. */
function batchesOf(text: string): ({ json: unknown[] } | { ndjson: string })[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{"records"')) {
    const parsed = JSON.parse(trimmed) as unknown;
    const records = Array.isArray(parsed) ? parsed : ((parsed as { records?: unknown[] }).records ?? []);
    const out: { json: unknown[] }[] = [];
    for (let i = 0; i < records.length; i += BATCH) out.push({ json: records.slice(i, i + BATCH) });
    return out;
  }
  const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '');
  const out: { ndjson: string }[] = [];
  for (let i = 0; i < lines.length; i += BATCH) out.push({ ndjson: lines.slice(i, i + BATCH).join('\n') });
  return out;
}

/**
 * Usage import: POST /operator/v1/usage-records when the server documents it (its OpenAPI lists
 * the route); otherwise the page says the route is not available, and offers nothing to press.
 */
export function UsagePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const route = useAsync(() => documentedOperation(ROUTE, 'post'), []);
  const [text, setText] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<UsageIngestSummary | null>(null);
  const [rating, setRating] = useState(false);

  const submit = async () => {
    setError(null);
    setResult(null);
    let batches;
    try {
      batches = batchesOf(text);
    } catch (e) {
      setError(new Error(t('usage.notJson', { reason: e instanceof Error ? e.message : String(e) })));
      return;
    }
    const total: UsageIngestSummary = { accepted: 0, duplicate: 0, rejected: 0, rejections: [] };
    setProgress({ done: 0, total: batches.length });
    try {
      for (const [i, b] of batches.entries()) {
        const r = await importUsageRecords(b);
        total.accepted += r.accepted;
        total.duplicate += r.duplicate;
        total.rejected += r.rejected;
        total.rejections.push(...r.rejections.map((x) => ({ ...x, index: x.index + i * BATCH })));
        setProgress({ done: i + 1, total: batches.length });
      }
      message.success(t('usage.imported'));
    } catch (e) {
      setError(e);
    } finally {
      setResult(total);
      setProgress(null);
    }
  };

  const rate = async () => {
    setRating(true);
    try {
      const r = await rateUsageNow();
      message.success(t('usage.rated', { records: r.records, lines: r.lines, unrateable: r.unrateable }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setRating(false);
    }
  };

  return (
    <>
      <PageHead
        title={t('usage.title')}
        extra={
          route.data && (
            <Button icon={<ThunderboltOutlined />} loading={rating} onClick={() => void rate()} data-testid="usage-rate">
              {t('usage.rateNow')}
            </Button>
          )
        }
      />
      <ErrorAlert error={route.error} onRetry={route.reload} />
      {route.loading && <Skeleton active />}
      {!route.loading && !route.error && route.data === null && (
        <Alert type="warning" showIcon data-testid="usage-unavailable" title={t('usage.unavailable', { route: `POST ${ROUTE}` })} description={t('usage.unavailableHint')} />
      )}
      {route.data && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert type="info" showIcon title={route.data.summary ?? `POST ${ROUTE}`} />
          <Space>
            <Upload
              accept=".json,.ndjson,.jsonl,application/json"
              showUploadList={false}
              beforeUpload={(file) => {
                void file.text().then(setText);
                return false;
              }}
            >
              <Button icon={<FileAddOutlined />}>{t('usage.pickFile')}</Button>
            </Upload>
            <Button type="link" onClick={() => setText(EXAMPLE)}>
              {t('usage.example')}
            </Button>
          </Space>
          <Typography.Text type="secondary">{t('usage.hint')}</Typography.Text>
          <Input.TextArea rows={12} className="secret-box" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} data-testid="usage-body" />
          <ErrorAlert error={error} compact />
          {progress && (
            <Progress percent={Math.round((progress.done / Math.max(1, progress.total)) * 100)} status="active" format={() => t('usage.importing', progress)} />
          )}
          <Button type="primary" icon={<CloudUploadOutlined />} loading={progress !== null} disabled={!text.trim()} onClick={() => void submit()} data-testid="usage-import">
            {t('usage.import')}
          </Button>
          {result && (
            <Card size="small" data-testid="usage-result">
              <Space size="large">
                <Statistic title={t('usage.accepted')} value={result.accepted} />
                <Statistic title={t('usage.duplicate')} value={result.duplicate} />
                <Statistic title={t('usage.rejected')} value={result.rejected} />
              </Space>
              {result.rejections.length > 0 && (
                <Table
                  size="small"
                  style={{ marginTop: 12 }}
                  rowKey={(r) => `${r.index}`}
                  dataSource={result.rejections}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  columns={[
                    { title: '#', key: 'i', dataIndex: 'index' },
                    { title: 'record_id', key: 'r', render: (_, r) => r.record_id ?? '—' },
                    { title: t('usage.reason'), key: 'm', render: (_, r) => `${r.message} (${r.code})` },
                  ]}
                />
              )}
            </Card>
          )}
        </Space>
      )}
    </>
  );
}
