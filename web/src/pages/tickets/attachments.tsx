import { useState } from 'react';
import { App, Button, Progress, Space, Tag, Upload } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { download } from '../../api/client.ts';
import { attachmentUrl, uploadAttachment, type TicketAttachment } from '../../api/tickets.ts';
import { errorText } from '../../components/errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

const MAX_FILES = 5;

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export interface Uploaded {
  id: string;
  name: string;
}

/** Picks files and uploads each at once (upload_json_accessories), showing progress; the ids go with the ticket or message. */
export function AttachmentPicker({ value, onChange }: { value: Uploaded[]; onChange: (v: Uploaded[]) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState<string | null>(null);
  const add = async (file: File) => {
    setUploading(file.name);
    try {
      const r = await uploadAttachment(file.name, await base64Of(file));
      onChange([...value, { id: r.accessory_id, name: file.name }]);
    } catch (e) {
      message.error(`${file.name}: ${errorText(e)}`);
    } finally {
      setUploading(null);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Upload
        showUploadList={false}
        multiple={false}
        beforeUpload={(file) => {
          void add(file);
          return false;
        }}
        disabled={uploading !== null || value.length >= MAX_FILES}
      >
        <Button icon={<PaperClipOutlined />} disabled={uploading !== null || value.length >= MAX_FILES} data-testid="attach-file">
          {t('tickets.attach')}
        </Button>
      </Upload>
      {uploading && <Progress percent={99} status="active" size="small" format={() => t('tickets.uploading', { name: uploading })} />}
      <Space wrap>
        {value.map((f) => (
          <Tag key={f.id} closable onClose={() => onChange(value.filter((x) => x.id !== f.id))} data-testid="attached-file">
            {f.name}
          </Tag>
        ))}
      </Space>
    </Space>
  );
}

/** Attachment links: downloaded with the session's token (a plain link would carry none). */
export function AttachmentLinks({ files }: { files: TicketAttachment[] }) {
  const { message } = App.useApp();
  if (files.length === 0) return null;
  return (
    <Space wrap size={4}>
      {files.map((f) => (
        <Button
          key={f.accessory_id}
          size="small"
          type="link"
          icon={<PaperClipOutlined />}
          onClick={() => download(attachmentUrl(f.accessory_id ?? ''), {}, f.file_actual_name ?? 'attachment').catch((e: unknown) => message.error(errorText(e)))}
        >
          {f.file_actual_name}
        </Button>
      ))}
    </Space>
  );
}
