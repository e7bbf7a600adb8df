import { useTranslation } from 'react-i18next';
import { IMPORT_COLUMNS } from './importColumns';

/** The accepted columns, English and CMIS names, so the supervisor can fix a header without asking anyone. */
export function ImportHelp() {
  const { t } = useTranslation();
  return (
    <details className="card import-help">
      <summary>{t('console.import.help.title')}</summary>
      <p>{t('console.import.help.intro')}</p>
      <p>{t('console.import.help.updateRule')}</p>
      <table className="kit-table">
        <thead>
          <tr>
            <th scope="col">{t('console.import.help.english')}</th>
            <th scope="col">{t('console.import.help.cmis')}</th>
            <th scope="col">{t('console.import.help.meaning')}</th>
          </tr>
        </thead>
        <tbody>
          {IMPORT_COLUMNS.map((column) => (
            <tr key={column.name}>
              <td className="mono">{column.name}</td>
              <td className="mono">{column.cmis ?? '—'}</td>
              <td>
                {t(`console.import.help.columns.${column.name}`)}
                {column.required && <strong> ({t('console.import.help.required')})</strong>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
