import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_ERROR_CODES, type ImportRowError } from '../../../domain/workOrder/imports';
import { importErrorDetail } from './importErrorText';

type SortKey = 'line' | 'code';

function sortErrors(errors: readonly ImportRowError[], by: SortKey): ImportRowError[] {
  const byLine = (a: ImportRowError, b: ImportRowError) => a.line - b.line || (a.column ?? '').localeCompare(b.column ?? '');
  if (by === 'line') return [...errors].sort(byLine);
  return [...errors].sort((a, b) => IMPORT_ERROR_CODES.indexOf(a.code) - IMPORT_ERROR_CODES.indexOf(b.code) || byLine(a, b));
}

/** Every row error of a refused file: line, column, what to fix in Vietnamese; sorted by line or grouped by kind. */
export function ImportErrorTable({ errors }: { errors: readonly ImportRowError[] }) {
  const { t, i18n } = useTranslation();
  const [sortBy, setSortBy] = useState<SortKey>('line');
  const sorted = useMemo(() => sortErrors(errors, sortBy), [errors, sortBy]);
  const counts = useMemo(() => {
    const map = new Map<string, number>();
    for (const e of errors) map.set(e.code, (map.get(e.code) ?? 0) + 1);
    return map;
  }, [errors]);
  return (
    <section className="import-errors" aria-labelledby="import-errors-title">
      <div className="notice notice--error" role="alert">
        <strong id="import-errors-title">{t('console.import.errorsTitle', { count: errors.length })}</strong> {t('console.import.errorsHint')}
      </div>
      <fieldset className="kit-segmented">
        <legend>{t('console.import.sortBy')}</legend>
        {(['line', 'code'] as const).map((key) => (
          <label key={key}>
            <input type="radio" name="import-sort" checked={sortBy === key} onChange={() => setSortBy(key)} />
            {t(key === 'line' ? 'console.import.sortLine' : 'console.import.sortCode')}
          </label>
        ))}
      </fieldset>
      <div className="kit-table-scroll" tabIndex={0}>
        <table className="kit-table">
          <thead>
            <tr>
              <th scope="col">{t('console.import.line')}</th>
              <th scope="col">{t('console.import.column')}</th>
              <th scope="col">{t('console.import.problem')}</th>
              <th scope="col">{t('console.import.serverMessage')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((e, index) => {
              const groupStart = sortBy === 'code' && (index === 0 || sorted[index - 1]?.code !== e.code);
              return [
                groupStart && (
                  <tr key={`group-${e.code}`} className="kit-table__group">
                    <th colSpan={4} scope="colgroup">
                      {t(`console.import.codes.${e.code}`)} · {t('console.import.groupCount', { count: counts.get(e.code) ?? 0 })}
                    </th>
                  </tr>
                ),
                <tr key={`${e.line}-${e.column ?? ''}-${e.code}-${index}`}>
                  <td className="kit-num">{e.line}</td>
                  <td className="mono">{e.column ?? t('console.import.wholeRow')}</td>
                  <td>{t(`console.import.codes.${e.code}`)}</td>
                  <td className="kit-muted">{importErrorDetail(t, e, i18n.language)}</td>
                </tr>,
              ];
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
