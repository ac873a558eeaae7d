import { useState } from 'react';
import { Button, Tooltip } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { mask, type MaskKind } from '../format/mask.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A sensitive value (a customer's name, phone or e-mail), masked until the eye is clicked.
 * `revealAll` shows every masked value of a table at once.
 */
export function Masked({ kind, value, revealAll = false }: { kind: MaskKind; value: string | null | undefined; revealAll?: boolean }) {
  const { t } = useI18n();
  const [revealed, setRevealed] = useState(false);
  if (!value) return <span className="muted">—</span>;
  const shown = revealAll || revealed;
  return (
    <span className="masked" data-kind={kind}>
      <span className="masked-value" data-revealed={shown ? 'true' : 'false'}>
        {shown ? value : mask(kind, value)}
      </span>
      {!revealAll && (
        <Tooltip title={revealed ? t('common.conceal') : t('common.reveal')}>
          <Button
            type="text"
            size="small"
            className="masked-toggle"
            aria-label={revealed ? t('common.conceal') : t('common.reveal')}
            icon={revealed ? <EyeInvisibleOutlined /> : <EyeOutlined />}
            onClick={() => setRevealed((r) => !r)}
          />
        </Tooltip>
      )}
    </span>
  );
}
