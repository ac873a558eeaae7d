import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { I18nProvider, useI18n } from './i18n/i18n.tsx';
import { SessionProvider } from './session/session.tsx';
import { Root } from './root.tsx';
import './styles.css';

function Themed() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6, motion: !REDUCED_MOTION } }}>
      <AntApp>
        <SessionProvider>
          <Root />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/** Users who ask their system for less motion get dialogs and menus without animation. */
const REDUCED_MOTION = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

const container = document.getElementById('root');
if (!container) throw new Error('#root missing');
createRoot(container).render(
  <StrictMode>
    <I18nProvider>
      <Themed />
    </I18nProvider>
  </StrictMode>,
);
