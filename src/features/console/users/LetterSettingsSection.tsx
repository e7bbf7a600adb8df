import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TeamLetterSettings, type TeamSettingsView } from '../../../domain/campaign/letter';
import { formatDateTime } from '../../../domain/time/time';
import type { TeamView } from '../../../domain/users/users';
import type { ApiClient, ApiError } from '../../../sync';
import { fetchTeamSettings, saveTeamSettings } from '../../../consoleApi/teamSettings';
import { ErrorBanner } from '../kit/ErrorBanner';
import { LoadingLine } from '../kit/LoadingLine';
import { currentValue, useApiData } from '../kit/useApiData';

type FieldName = keyof TeamLetterSettings;
type Values = Record<FieldName, string>;

const LINE_FIELDS: readonly FieldName[] = ['parentBody', 'issuingBody', 'symbol', 'place', 'contactName', 'contactPhone', 'signerName'];
const LIST_FIELDS: readonly FieldName[] = ['signerTitle', 'paymentOptions'];
const HINTS: Partial<Record<FieldName, true>> = {
  parentBody: true,
  issuingBody: true,
  symbol: true,
  place: true,
  signerTitle: true,
  paymentOptions: true,
};

function valuesOf(view: TeamSettingsView): Values {
  const s = view.settings;
  return { ...s, signerTitle: s.signerTitle.join('\n'), paymentOptions: s.paymentOptions.join('\n') };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The form's values as the request, or the fields at fault (checked by the same schema the server uses). */
function check(values: Values): { ok: true; settings: TeamLetterSettings } | { ok: false; fields: Set<string> } {
  const parsed = TeamLetterSettings.safeParse({ ...values, signerTitle: lines(values.signerTitle), paymentOptions: lines(values.paymentOptions) });
  if (parsed.success) return { ok: true, settings: parsed.data };
  return { ok: false, fields: new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? ''))) };
}

/** Fields the server named, by their first path segment (`paymentOptions.2` → `paymentOptions`). */
function serverFields(error: ApiError): Set<string> | null {
  if (error.fieldErrors === undefined || error.fieldErrors.length === 0) return null;
  return new Set(error.fieldErrors.map((f) => f.path.split('.')[0] ?? ''));
}

function SettingsForm({ api, view, onSaved }: { api: ApiClient; view: TeamSettingsView; onSaved: (view: TeamSettingsView) => void }) {
  const { t } = useTranslation();
  const formId = useId();
  const [values, setValues] = useState(() => valuesOf(view));
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setFailure(null);
    const checked = check(values);
    if (!checked.ok) {
      setInvalid(checked.fields);
      return;
    }
    setBusy(true);
    const result = await saveTeamSettings(api, view.teamId, checked.settings);
    setBusy(false);
    if (result.ok) {
      setInvalid(new Set());
      onSaved(result.value);
      return;
    }
    const fields = serverFields(result.error);
    if (fields === null) setFailure(result.error);
    else setInvalid(fields);
  };

  const field = (name: FieldName, multiline: boolean) => {
    const id = `${formId}-${name}`;
    const hint = HINTS[name] === true ? t(`console.letter.settings.${name}Hint` as 'console.letter.settings.symbolHint') : undefined;
    const bad = invalid.has(name);
    const describedBy = [hint === undefined ? null : `${id}-hint`, bad ? `${id}-error` : null].filter((x) => x !== null).join(' ') || undefined;
    const common = {
      id,
      className: 'field__input',
      value: values[name],
      'aria-invalid': bad,
      'aria-describedby': describedBy,
      onChange: (event: { target: { value: string } }) => setValues({ ...values, [name]: event.target.value }),
    };
    return (
      <div className="field" key={name}>
        <label className="field__label" htmlFor={id}>
          {t(`console.letter.settings.${name}`)}
        </label>
        {multiline ? <textarea rows={name === 'paymentOptions' ? 5 : 2} {...common} /> : <input type="text" autoComplete="off" {...common} />}
        {hint !== undefined && (
          <small id={`${id}-hint`} className="kit-muted">
            {hint}
          </small>
        )}
        {bad && (
          <p id={`${id}-error`} className="users-form__error" role="alert">
            {t('console.letter.settings.invalid')}
          </p>
        )}
      </div>
    );
  };

  return (
    <form
      className="users-form"
      noValidate
      aria-label={t('console.letter.settings.title')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {failure !== null && <ErrorBanner error={failure} />}
      <div className="users-form__grid">
        {LINE_FIELDS.map((name) => field(name, false))}
        {LIST_FIELDS.map((name) => field(name, true))}
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('console.letter.settings.save')}
        </button>
      </div>
    </form>
  );
}

/**
 * "Thiết lập công văn" (admin, on the users screen): a team's letterhead, number suffix, place, contact, signer
 * and cashless options for the commune's roadmap letter (issue 15 §2).
 */
export function LetterSettingsSection({ api, teams }: { api: ApiClient; teams: readonly TeamView[] }) {
  const { t } = useTranslation();
  const selectId = useId();
  const [chosen, setChosen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const teamId = chosen ?? teams[0]?.id ?? null;
  const settings = useApiData(teamId === null ? null : `team-settings:${teamId}`, () => fetchTeamSettings(api, teamId ?? ''));
  const shown = currentValue(settings.state);
  const view = shown?.teamId === teamId ? shown : undefined;

  return (
    <section className="card users-form" aria-labelledby={`${selectId}-title`}>
      <h2 id={`${selectId}-title`} className="card__title">
        {t('console.letter.settings.title')}
      </h2>
      <p className="kit-muted">{t('console.letter.settings.intro')}</p>
      {teams.length > 0 && (
        <div className="field">
          <label className="field__label" htmlFor={selectId}>
            {t('console.letter.settings.team')}
          </label>
          <select
            id={selectId}
            className="field__input"
            value={teamId ?? ''}
            onChange={(event) => {
              setChosen(event.target.value);
              setMessage(null);
            }}
          >
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {message !== null && (
        <p className="notice notice--info" role="status">
          {message}
        </p>
      )}
      {settings.state.status === 'error' && <ErrorBanner error={settings.state.error} onRetry={settings.reload} />}
      {view === undefined ? (
        settings.state.status === 'loading' && <LoadingLine />
      ) : (
        <>
          <p className="kit-muted">
            {view.updatedAt === null
              ? t('console.letter.settings.defaults')
              : t('console.letter.settings.savedAt', { at: formatDateTime(new Date(view.updatedAt)) })}
          </p>
          <SettingsForm
            key={`${view.teamId}:${view.updatedAt ?? ''}`}
            api={api}
            view={view}
            onSaved={(saved) => {
              setMessage(t('console.letter.settings.saved', { team: saved.teamName }));
              settings.reload();
            }}
          />
        </>
      )}
    </section>
  );
}
