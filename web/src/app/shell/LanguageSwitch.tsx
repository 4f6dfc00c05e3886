import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { LANGUAGES, type Language, useLanguage, useT } from '../../lib/i18n';

const short: Record<Language, string> = { ru: 'RU', en: 'EN' };

/**
 * RU | EN. The short code is what fits a phone header; the full language name is what a screen
 * reader announces, spoken in that language.
 */
export function LanguageSwitch() {
  const t = useT();
  const { lang, setLang } = useLanguage();
  return (
    <div role="radiogroup" aria-label={t('lang.label')}>
      <SegmentedControl
        size="xs"
        value={lang}
        onChange={(value) => setLang(value as Language)}
        data={LANGUAGES.map((code) => ({
          value: code,
          label: (
            <>
              <span aria-hidden="true">{short[code]}</span>
              <VisuallyHidden lang={code}>{t(`lang.${code}`)}</VisuallyHidden>
            </>
          ),
        }))}
      />
    </div>
  );
}
