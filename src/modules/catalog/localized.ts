/** X-Language picks the name: zh_CN (the default) or en_US. */
export type Language = 'zh_CN' | 'en_US';

export const localized = (language: Language, zh: string, en: string): string => (language === 'en_US' ? en : zh);
