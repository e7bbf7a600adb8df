import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES, type Language } from '../../i18n';
import './languageSwitch.css';

const SHORT: Record<Language, string> = { vi: 'VI', en: 'EN' };

/**
 * Two toggle buttons. `compact` shows "VI"/"EN" (the header at 360 px) while the accessible
 * name stays the language's own name, written in that language.
 */
export function LanguageSwitch({ compact = false, tone = 'light' }: { compact?: boolean; tone?: 'light' | 'dark' }) {
  const { t, i18n } = useTranslation();
  return (
    <div className={`language-switch language-switch--${tone}`} role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          className="language-switch__option"
          aria-pressed={i18n.resolvedLanguage === lng}
          aria-label={compact ? t(`language.${lng}`) : undefined}
          onClick={() => void changeLanguage(i18n, lng)}
        >
          {compact ? SHORT[lng] : t(`language.${lng}`)}
        </button>
      ))}
    </div>
  );
}
