import { useState } from 'react';
import { Alert, Button, Card, List, Space, Spin, Statistic } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { verifyLedger, type LedgerCheck } from '../../api/operator.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

/** Recomputes every balance from the journal (a long operation on a large ledger). */
export function LedgerPage() {
  const { t } = useI18n();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<LedgerCheck | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setResult(await verifyLedger());
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };
  return (
    <>
      <PageHead
        title={t('ledger.title')}
        extra={
          <Button type="primary" icon={<SafetyCertificateOutlined />} loading={running} onClick={() => void run()} data-testid="verify-ledger">
            {t('ledger.run')}
          </Button>
        }
      />
      <ErrorAlert error={error} />
      {running && (
        <Space style={{ marginBottom: 16 }}>
          <Spin />
          <span>{t('ledger.running')}</span>
        </Space>
      )}
      {result && (
        <Card size="small">
          <Alert
            type={result.ok ? 'success' : 'error'}
            showIcon
            data-testid="ledger-result"
            title={result.ok ? t('ledger.ok') : t('ledger.problems', { count: result.problemCount })}
            style={{ marginBottom: 16 }}
          />
          <Space size="large">
            <Statistic title={t('ledger.accounts')} value={result.accounts} />
            <Statistic title={t('ledger.entries')} value={result.entries} />
            <Statistic title={t('ledger.postings')} value={result.postings} />
          </Space>
          {result.problems.length > 0 && <List size="small" style={{ marginTop: 16 }} dataSource={result.problems} renderItem={(p) => <List.Item>{p}</List.Item>} />}
        </Card>
      )}
    </>
  );
}
