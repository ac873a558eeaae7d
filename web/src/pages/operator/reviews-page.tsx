import { useState } from 'react';
import { App, Button, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { approveReview, listReviews, rejectReview, type RealnameReview, type ReviewStatus } from '../../api/operator.ts';
import { ErrorAlert, errorText } from '../../components/errors.tsx';
import { Masked } from '../../components/masked.tsx';
import { PageHead } from '../../components/page.tsx';
import { useServerList } from '../../components/use-server-list.ts';
import { useI18n } from '../../i18n/i18n.tsx';

const STATUS_COLORS: Record<string, string> = { in_review: 'processing', approved: 'success', rejected: 'error' };

/** The real-name review queue (oldest first): read an application, approve or reject it. */
export function ReviewsPage() {
  const { t, tOr, date } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<ReviewStatus>('in_review');
  const [open, setOpen] = useState<RealnameReview | null>(null);
  const [rejecting, setRejecting] = useState<RealnameReview | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useServerList<RealnameReview>(
    async (offset, limit) => {
      const r = await listReviews({ status, offset, limit });
      return { rows: r.reviews, total: r.count };
    },
    [status],
  );

  const approve = async (r: RealnameReview) => {
    setBusy(true);
    try {
      await approveReview(r.id);
      message.success(t('reviews.approved'));
      setOpen(null);
      list.reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const columns: ColumnsType<RealnameReview> = [
    { title: t('reviews.submittedAt'), key: 'submitted', render: (_, r) => date(r.submitted_at) },
    { title: t('reviews.customer'), key: 'customer', dataIndex: 'customer_id' },
    { title: t('reviews.kind'), key: 'kind', render: (_, r) => tOr(`kind.${r.kind}`, r.kind) },
    { title: t('reviews.name'), key: 'name', render: (_, r) => <Masked kind="name" value={r.name} /> },
    { title: t('common.status'), key: 'status', render: (_, r) => <Tag color={STATUS_COLORS[r.status] ?? 'default'}>{tOr(`reviewStatus.${r.status}`, r.status)}</Tag> },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, r) => (
        <Button type="link" size="small" onClick={() => setOpen(r)} data-testid="open-review">
          {t('common.details')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHead title={t('reviews.title')} />
      <div className="toolbar">
        <Select<ReviewStatus>
          style={{ width: 180 }}
          value={status}
          onChange={setStatus}
          options={(['in_review', 'approved', 'rejected', 'all'] as const).map((s) => ({ value: s, label: t(`reviewStatus.${s}`) }))}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<RealnameReview> rowKey="id" columns={columns} dataSource={list.rows} loading={list.loading} pagination={list.pagination} scroll={{ x: 'max-content' }} data-testid="reviews-table" />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size="large"
        title={open ? `${t('reviews.title')} · ${open.id}` : ''}
        extra={
          open?.status === 'in_review' && (
            <Space>
              <Button danger onClick={() => setRejecting(open)} data-testid="reject-review">
                {t('reviews.reject')}
              </Button>
              <Button type="primary" loading={busy} onClick={() => void approve(open)} data-testid="approve-review">
                {t('reviews.approve')}
              </Button>
            </Space>
          )
        }
      >
        {open && (
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('reviews.customer')}>{open.customer_id}</Descriptions.Item>
            <Descriptions.Item label={t('reviews.kind')}>{tOr(`kind.${open.kind}`, open.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('reviews.name')}>
              <Masked kind="name" value={open.name} />
            </Descriptions.Item>
            <Descriptions.Item label={t('reviews.number')}>{open.verified_number}</Descriptions.Item>
            <Descriptions.Item label={t('reviews.attachments')}>{open.attachments}</Descriptions.Item>
            <Descriptions.Item label={t('reviews.submittedAt')}>{date(open.submitted_at)}</Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>{tOr(`reviewStatus.${open.status}`, open.status)}</Descriptions.Item>
            {open.decided_at && <Descriptions.Item label={t('reviews.decidedAt')}>{date(open.decided_at)}</Descriptions.Item>}
            {open.opinion && <Descriptions.Item label={t('reviews.opinion')}>{open.opinion}</Descriptions.Item>}
            {Object.entries(open.details).map(([k, v]) => (
              <Descriptions.Item key={k} label={k}>
                {typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        )}
      </Drawer>
      {rejecting && (
        <RejectDialog
          review={rejecting}
          onClose={() => setRejecting(null)}
          onDone={() => {
            setRejecting(null);
            setOpen(null);
            list.reload();
          }}
        />
      )}
    </>
  );
}

function RejectDialog({ review, onClose, onDone }: { review: RealnameReview; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ opinion: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await rejectReview(review.id, v.opinion.trim());
      message.success(t('reviews.rejected'));
      onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('reviews.reject')} onCancel={onClose} onOk={submit} confirmLoading={busy} okText={t('reviews.reject')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }}>
      <ErrorAlert error={error} compact />
      <Form form={form} layout="vertical">
        <Form.Item name="opinion" label={t('reviews.rejectOpinion')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input.TextArea rows={3} maxLength={256} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
