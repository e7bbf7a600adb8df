import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../domain/users/auth';
import type { TeamView } from '../../../domain/users/users';
import type { UserErrorKey, UserFormErrors, UserFormValues } from './userForm';

function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error?: UserErrorKey;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const describedBy =
    [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`].filter((x) => x !== null).join(' ') || undefined;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children(id, describedBy)}
      {hint !== undefined && (
        <small id={`${id}-hint`} className="kit-muted">
          {hint}
        </small>
      )}
      {error !== undefined && (
        <p id={`${id}-error`} className="users-form__error" role="alert">
          {t(`console.users.errors.${error}`)}
        </p>
      )}
    </div>
  );
}

interface Props {
  mode: 'create' | 'edit';
  values: UserFormValues;
  errors: UserFormErrors;
  teams: readonly TeamView[];
  onChange: (values: UserFormValues) => void;
}

/** The fields of the create and edit forms; the username is fixed once created. */
export function UserFields({ mode, values, errors, teams, onChange }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) => onChange({ ...values, [key]: value });
  return (
    <>
      {mode === 'create' && (
        <Field label={t('console.users.form.username')} hint={t('console.users.form.usernameHint')} error={errors.username}>
          {(id, describedBy) => (
            <input
              id={id}
              className="field__input"
              autoComplete="off"
              value={values.username}
              aria-invalid={errors.username !== undefined}
              aria-describedby={describedBy}
              onChange={(e) => set('username', e.target.value)}
            />
          )}
        </Field>
      )}
      <Field label={t('console.users.form.displayName')} error={errors.displayName}>
        {(id, describedBy) => (
          <input
            id={id}
            className="field__input"
            value={values.displayName}
            aria-invalid={errors.displayName !== undefined}
            aria-describedby={describedBy}
            onChange={(e) => set('displayName', e.target.value)}
          />
        )}
      </Field>
      <Field label={t('console.users.form.role')} error={errors.role}>
        {(id, describedBy) => (
          <select
            id={id}
            className="field__input"
            value={values.role}
            aria-describedby={describedBy}
            onChange={(e) => set('role', ROLES.find((r) => r === e.target.value) ?? values.role)}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`console.users.roles.${role}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('console.users.form.team')} error={errors.teamId}>
        {(id, describedBy) => (
          <select
            id={id}
            className="field__input"
            value={values.teamId}
            aria-invalid={errors.teamId !== undefined}
            aria-describedby={describedBy}
            onChange={(e) => set('teamId', e.target.value)}
          >
            <option value="">{values.role === 'admin' ? t('console.users.form.noTeam') : t('console.users.form.chooseTeam')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={t(mode === 'create' ? 'console.users.form.password' : 'console.users.form.newPassword')}
        hint={t(mode === 'create' ? 'console.users.form.passwordHint' : 'console.users.form.newPasswordHint')}
        error={errors.password}
      >
        {(id, describedBy) => (
          <input
            id={id}
            className="field__input"
            type="password"
            autoComplete="new-password"
            value={values.password}
            aria-invalid={errors.password !== undefined}
            aria-describedby={describedBy}
            onChange={(e) => set('password', e.target.value)}
          />
        )}
      </Field>
    </>
  );
}
