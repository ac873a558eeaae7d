import { useMemo } from 'react';
import { Segmented, Select } from 'antd';
import { useI18n, type Locale } from '../i18n/i18n.tsx';
import { zoneOffsetLabel } from '../format/date.ts';

/** The language switch (中文 / English): language names are written in their own language. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      aria-label={t('app.language')}
      data-testid="language-switch"
      value={locale}
      onChange={setLocale}
      options={[
        { label: '中文', value: 'zh' },
        { label: 'English', value: 'en' },
      ]}
    />
  );
}

const COMMON_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'UTC'];

/** The time zone dates are shown in (the browser's by default). */
export function TimeZoneSelect() {
  const { timeZone, setTimeZone, t } = useI18n();
  const options = useMemo(() => {
    const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : COMMON_ZONES;
    const zones = Array.from(new Set([timeZone, ...COMMON_ZONES, ...supported]));
    const now = new Date();
    return zones.map((z) => ({ value: z, label: `${z} (${zoneOffsetLabel(z, now)})` }));
  }, [timeZone]);
  return (
    <Select
      aria-label={t('app.timeZone')}
      data-testid="time-zone"
      showSearch
      value={timeZone}
      onChange={setTimeZone}
      options={options}
      style={{ width: 260 }}
      popupMatchSelectWidth={false}
    />
  );
}
