import { useTranslation } from 'react-i18next';

export function LoadingLine() {
  const { t } = useTranslation();
  return (
    <p role="status" className="kit-loading">
      {t('console.loading')}
    </p>
  );
}
