import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamView, UserView } from '../../../domain/users/users';
import type { ApiClient, ApiError } from '../../../sync';
import { createUser, updateUser } from '../../../consoleApi/users';
import { ErrorBanner } from '../kit/ErrorBanner';
import { UserFields } from './UserFields';
import { checkCreate, checkUpdate, EMPTY_USER, serverErrors, valuesOf, type UserFormErrors } from './userForm';

interface Props {
  api: ApiClient;
  teams: readonly TeamView[];
  /** The user being edited; absent to create one. */
  user?: UserView;
  onDone: (user: UserView, message: string) => void;
  onCancel: () => void;
}

/** Create a user, or edit one (name, role, team move, new password). Checked here first, then by the server. */
export function UserForm({ api, teams, user, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState(user === undefined ? EMPTY_USER : valuesOf(user));
  const [errors, setErrors] = useState<UserFormErrors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const mode = user === undefined ? 'create' : 'edit';

  const send = async () => {
    if (user === undefined) {
      const checked = checkCreate(values);
      return checked.ok ? createUser(api, checked.request) : checked.errors;
    }
    const checked = checkUpdate(values, user);
    return checked.ok ? updateUser(api, user.id, checked.request) : checked.errors;
  };

  const submit = async () => {
    setFailure(null);
    setBusy(true);
    const result = await send();
    setBusy(false);
    if (!('ok' in result)) {
      setErrors(result);
      return;
    }
    if (result.ok) {
      setErrors({});
      onDone(result.value, t(user === undefined ? 'console.users.form.created' : 'console.users.form.saved', { username: result.value.username }));
      return;
    }
    const fields = serverErrors(result.error);
    if (fields === null) setFailure(result.error);
    else setErrors(fields);
  };

  return (
    <form
      className="card users-form"
      noValidate
      aria-label={user === undefined ? t('console.users.createTitle') : t('console.users.editTitle', { username: user.username })}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2 className="card__title">
        {user === undefined ? t('console.users.createTitle') : t('console.users.editTitle', { username: user.username })}
      </h2>
      {failure !== null && <ErrorBanner error={failure} />}
      {errors.active !== undefined && (
        <p className="notice notice--error" role="alert">
          {t(`console.users.errors.${errors.active}`)}
        </p>
      )}
      <div className="users-form__grid">
        <UserFields mode={mode} values={values} errors={errors} teams={teams} onChange={setValues} />
      </div>
      <div className="button-row">
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
          {t('console.users.form.cancel')}
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t(mode === 'create' ? 'console.users.form.create' : 'console.users.form.save')}
        </button>
      </div>
    </form>
  );
}
