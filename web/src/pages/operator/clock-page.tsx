import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, InputNumber, Modal, Row, Space, Spin, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { advanceClock, getClock, setClock, type ClockState } from '../../api/operator.ts';
import { ErrorAlert, errorText } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useI18n } from '../../i18n/i18n.tsx';

const MINUTE = 60_000;

/** The sandbox's business clock: where it stands, advancing it (due jobs run), setting it. */
export function ClockPage() {
  const { t, date } = useI18n();
  const { message } = App.useApp();
  const clock = useAsync(() => getClock(), []);
  const [days, setDays] = useState<number | null>(1);
  const [hours, setHours] = useState<number | null>(0);
  const [target, setTarget] = useState<Dayjs | null>(null);
  const [working, setWorking] = useState(false);
  const sandbox = clock.data?.mode === 'sandbox';

  const run = async (action: () => Promise<ClockState>) => {
    setWorking(true);
    try {
      const s = await action();
      message.success(t('clock.advanced', { now: date(s.now) }));
      clock.reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setWorking(false);
    }
  };
  const seconds = (days ?? 0) * 86400 + (hours ?? 0) * 3600;

  return (
    <>
      <PageHead title={t('clock.title')} />
      <ErrorAlert error={clock.error} onRetry={clock.reload} />
      {clock.data && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('clock.now')}>
              <strong data-testid="clock-now">{date(clock.data.now)}</strong>
            </Descriptions.Item>
            <Descriptions.Item label={t('clock.offset')}>
              <span data-testid="clock-offset">{durationText(clock.data.offset_ms, t)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('clock.mode')}>
              <Tag color={sandbox ? 'orange' : 'red'}>{clock.data.mode}</Tag>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {clock.data && !sandbox && <Alert type="info" showIcon title={t('clock.production')} />}
      {sandbox && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('clock.advance')}>
              <Space wrap>
                <InputNumber min={0} max={3650} precision={0} value={days} onChange={setDays} suffix={t('clock.days')} style={{ width: 130 }} data-testid="advance-days" />
                <InputNumber min={0} max={23} precision={0} value={hours} onChange={setHours} suffix={t('clock.hours')} style={{ width: 130 }} />
                <Button type="primary" disabled={seconds <= 0} loading={working} onClick={() => void run(() => advanceClock({ seconds }))} data-testid="advance-clock">
                  {t('clock.advance')}
                </Button>
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('clock.setButton')}>
              <Space wrap>
                <DatePicker showTime value={target} onChange={setTarget} />
                <Button disabled={!target} loading={working} onClick={() => target && void run(() => setClock(target.toDate().toISOString()))}>
                  {t('clock.setButton')}
                </Button>
              </Space>
            </Card>
          </Col>
          <Col span={24}>
            <Alert type="info" showIcon title={t('clock.forwardOnly')} />
          </Col>
        </Row>
      )}
      <Modal open={working} footer={null} closable={false} mask={{ closable: false }} width={360} centered>
        <Space>
          <Spin />
          <span>{t('clock.advancing')}</span>
        </Space>
      </Modal>
    </>
  );
}

function durationText(ms: number, t: ReturnType<typeof useI18n>['t']): string {
  const minutes = Math.floor(ms / MINUTE);
  return t('clock.duration', { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 });
}
