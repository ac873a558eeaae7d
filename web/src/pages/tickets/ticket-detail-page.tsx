import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, List, Modal, Popconfirm, Rate, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { actOnTicket, listSatisfactionDimensions, listTicketMessages, postTicketMessage, rateTicket, showTicket, type TicketAction, type TicketMessage } from '../../api/tickets.ts';
import { ErrorAlert, errorText } from '../../components/errors.tsx';
import { PageHead } from '../../components/page.tsx';
import { testIdProps } from '../../components/test-id.ts';
import { useAsync } from '../../components/use-async.ts';
import { useServerList } from '../../components/use-server-list.ts';
import type { ConsoleKind } from '../../consoles.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { navigate } from '../../session/router.tsx';
import { useMe } from '../../session/session.tsx';
import { TICKET_STATUS_COLORS } from '../shared/order-labels.ts';
import { AttachmentLinks, AttachmentPicker, type Uploaded } from './attachments.tsx';
import { actionsFor, mayRate, mayWrite, sideOf } from './ticket-roles.ts';
import { osmLanguage } from './tickets-page.tsx';

const DANGER: TicketAction[] = ['cancel', 'invalidate'];

/** One ticket: its details, the conversation, answering, and the actions the viewer's side may take. */
export function TicketDetailPage({ id, kind }: { id: string; kind: ConsoleKind }) {
  const { t, tOr, date, locale } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const detail = useAsync(() => showTicket(id, osmLanguage(locale)), [id, locale]);
  const [tick, setTick] = useState(0);
  const messages = useServerList<TicketMessage>(
    async (offset, limit) => {
      const r = await listTicketMessages(id, { offset, limit });
      return { rows: r.message_list, total: r.count };
    },
    [id, tick],
    { pageSize: 20 },
  );
  const [busy, setBusy] = useState<TicketAction | null>(null);
  const [rating, setRating] = useState(false);
  const d = detail.data?.incident_detail_info;
  const side = d ? sideOf(d, me.domain.id, kind) : 'reader';
  const refresh = () => {
    detail.reload();
    setTick((n) => n + 1);
  };

  const act = async (action: TicketAction) => {
    setBusy(action);
    try {
      await actOnTicket(id, action);
      message.success(t('tickets.done', { action: t(`ticketAction.${action}`) }));
      refresh();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageHead
        title={`${t('tickets.ticket')} ${id}`}
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/tickets')}>
              {t('tickets.back')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={refresh}>
              {t('common.refresh')}
            </Button>
          </Space>
        }
      />
      <ErrorAlert error={detail.error} onRetry={detail.reload} />
      {d && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('common.status')}>
              <Tag color={TICKET_STATUS_COLORS[d.status] ?? 'default'} data-testid="ticket-status">
                {tOr(`ticketStatus.${d.status}`, String(d.status))}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.problem')}>{d.business_type_name}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.submitter')}>{d.xcustomer_name ?? d.customer_id}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.handledBy')}>{t(d.business_ownership === 1 ? 'tickets.byPartner' : 'tickets.byOperator')}</Descriptions.Item>
            {d.severity_name && <Descriptions.Item label={t('tickets.severity')}>{d.severity_name}</Descriptions.Item>}
            {d.dc_name && <Descriptions.Item label={t('tickets.region')}>{d.dc_name}</Descriptions.Item>}
            <Descriptions.Item label={t('common.createdAt')}>{date(d.create_time)}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.description')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{d.simple_description}</Typography.Paragraph>
            </Descriptions.Item>
            {d.incident_satisfaction.length > 0 && (
              <Descriptions.Item label={t('tickets.rating')} span={2}>
                <Space wrap data-testid="ticket-rating">
                  {d.incident_satisfaction.map((s) => (
                    <span key={s.satisfaction_id}>
                      {s.satisfaction_name ?? s.satisfaction_id}: <Rate disabled value={s.satisfaction_value} count={5} style={{ fontSize: 14 }} />
                    </span>
                  ))}
                  {d.judgement && <span className="muted">“{d.judgement}”</span>}
                </Space>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Space wrap style={{ marginTop: 8 }}>
            {actionsFor(side, d.status, kind).map((a) =>
              DANGER.includes(a) ? (
                <Popconfirm key={a} title={t('tickets.confirmAction', { action: t(`ticketAction.${a}`) })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => act(a)}>
                  <Button danger loading={busy === a} data-testid={`ticket-${a}`}>
                    {t(`ticketAction.${a}`)}
                  </Button>
                </Popconfirm>
              ) : (
                <Button key={a} type={a === 'close' || a === 'accept' || a === 'resolve' ? 'primary' : 'default'} loading={busy === a} onClick={() => void act(a)} data-testid={`ticket-${a}`}>
                  {t(`ticketAction.${a}`)}
                </Button>
              ),
            )}
            {mayRate(side, d.status, d.incident_satisfaction.length > 0) && (
              <Button type="primary" onClick={() => setRating(true)} data-testid="ticket-rate">
                {t('tickets.rate')}
              </Button>
            )}
          </Space>
        </Card>
      )}
      <Card size="small" title={t('tickets.messages')}>
        <ErrorAlert error={messages.error} onRetry={messages.reload} compact />
        <List<TicketMessage>
          loading={messages.loading}
          dataSource={messages.rows}
          pagination={
            (messages.pagination.total ?? 0) > 20
              ? { current: messages.pagination.current, pageSize: 20, total: messages.pagination.total, onChange: (p) => messages.pagination.onChange?.(p, 20) }
              : false
          }
          data-testid="ticket-messages"
          renderItem={(m) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space>
                    <strong>{m.replier_name || m.replier}</strong>
                    <Tag>{t(`replier.${m.replier_type === 1 ? 1 : m.replier_type === 2 ? 2 : 0}`)}</Tag>
                    <span className="muted">{date(m.create_time)}</span>
                  </Space>
                }
                description={
                  <>
                    <div style={{ whiteSpace: 'pre-wrap', color: 'rgba(0,0,0,0.88)' }} className="ticket-message">
                      {m.content}
                    </div>
                    <AttachmentLinks files={m.accessory_list} />
                  </>
                }
              />
            </List.Item>
          )}
        />
        {d && mayWrite(side, d.status) && <Reply id={id} onSent={refresh} />}
      </Card>
      {rating && d && (
        <RateDialog
          id={id}
          onClose={() => setRating(false)}
          onDone={() => {
            setRating(false);
            refresh();
          }}
        />
      )}
    </>
  );
}

function Reply({ id, onSent }: { id: string; onSent: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<Uploaded[]>([]);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (!text.trim()) return;
    setBusy(true);
    try {
      await postTicketMessage(id, text.trim(), files.map((f) => f.id));
      setText('');
      setFiles([]);
      message.success(t('tickets.sent'));
      onSent();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ marginTop: 16 }}>
      <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} placeholder={t('tickets.replyPlaceholder')} data-testid="ticket-reply" />
      <Space style={{ marginTop: 8 }} align="start">
        <Button type="primary" loading={busy} disabled={!text.trim()} onClick={() => void send()} data-testid="ticket-send">
          {t('tickets.send')}
        </Button>
        <AttachmentPicker value={files} onChange={setFiles} />
      </Space>
    </div>
  );
}

function RateDialog({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: () => void }) {
  const { t, locale } = useI18n();
  const dims = useAsync(() => listSatisfactionDimensions(osmLanguage(locale)), [locale]);
  const [scores, setScores] = useState<Record<number, number>>({});
  const [judgement, setJudgement] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const list = dims.data?.satisfaction_dimension_list ?? [];
  const complete = list.length > 0 && list.every((d) => (scores[d.satisfaction_id] ?? 0) > 0);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await rateTicket(
        id,
        judgement.trim(),
        list.map((d) => ({ satisfaction_id: d.satisfaction_id, satisfaction_value: scores[d.satisfaction_id] ?? 0 })),
      );
      onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('tickets.rate')} onCancel={onClose} onOk={submit} okButtonProps={{ disabled: !complete, ...testIdProps('rate-submit') }} confirmLoading={busy} okText={t('common.submit')} cancelText={t('common.cancel')}>
      <ErrorAlert error={error} compact />
      <ErrorAlert error={dims.error} compact />
      <Form layout="vertical">
        {list.map((d) => (
          <Form.Item key={d.satisfaction_id} label={d.satisfaction_name}>
            <Rate count={d.value ?? 5} value={scores[d.satisfaction_id] ?? 0} onChange={(v) => setScores((s) => ({ ...s, [d.satisfaction_id]: v }))} data-testid={`rate-${d.satisfaction_id}`} />
          </Form.Item>
        ))}
        <Form.Item label={t('tickets.judgement')}>
          <Input.TextArea rows={3} maxLength={2000} value={judgement} onChange={(e) => setJudgement(e.target.value)} data-testid="rate-judgement" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
