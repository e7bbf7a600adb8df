import { useTranslation } from 'react-i18next';
import { issuesFor, type DraftIssue } from '../../../../domain/capture/draftIssues';
import { INSTALL_POSITIONS, REMOTE_READ_TYPES, remoteReadFromModel } from '../../../../domain/capture/handoverFields';
import type { SwapDraft } from '../../../../domain/capture/swapDraft';
import { ChoiceGroup } from './choiceFields';
import { TextField } from './fields';

type Installed = SwapDraft['installed'];

/** Nameplate facts of the new meter for the handover record: remote-read type, year of manufacture, verification date. */
export function NameplateFields(props: { installed: Installed; issues: readonly DraftIssue[]; set: (change: Partial<Installed>) => void }) {
  const { t } = useTranslation();
  const { installed, issues, set } = props;
  const implied = remoteReadFromModel(installed.model);
  // Nothing chosen yet: the model's type is pre-selected (what is recorded too, see effectiveRemoteRead).
  const remoteRead = installed.remoteRead !== '' ? installed.remoteRead : (implied ?? '');
  return (
    <>
      <ChoiceGroup
        field="installed.remoteRead"
        legend={t('capture.fields.remoteRead')}
        choices={REMOTE_READ_TYPES.map((value) => ({ value, label: t(`capture.remoteReadTypes.${value}`) }))}
        value={remoteRead}
        issues={issuesFor(issues, 'installed.remoteRead')}
        onChange={(value) => set({ remoteRead: value })}
      />
      {installed.remoteRead === '' && implied !== null && (
        <p className="field__hint" data-testid="remote-read-from-model">
          {t('capture.fields.remoteReadFromModel', { model: installed.model.trim(), type: t(`capture.remoteReadTypes.${implied}`) })}
        </p>
      )}
      <TextField
        field="installed.manufactureYear"
        label={t('capture.fields.manufactureYear')}
        hint={t('capture.fields.manufactureYearHint')}
        value={installed.manufactureYear}
        inputMode="numeric"
        mono
        issues={issuesFor(issues, 'installed.manufactureYear')}
        onChange={(manufactureYear) => set({ manufactureYear })}
      />
      <TextField
        field="installed.verificationDate"
        label={t('capture.fields.verificationDate')}
        value={installed.verificationDate}
        date
        issues={issuesFor(issues, 'installed.verificationDate')}
        onChange={(verificationDate) => set({ verificationDate })}
      />
    </>
  );
}

/** Where the meter hangs: position (remembered from the last swap) and pole / box number. */
export function PositionFields(props: { installed: Installed; issues: readonly DraftIssue[]; set: (change: Partial<Installed>) => void }) {
  const { t } = useTranslation();
  const { installed, issues, set } = props;
  return (
    <>
      <ChoiceGroup
        field="installed.position"
        legend={t('capture.fields.position')}
        choices={INSTALL_POSITIONS.map((value) => ({ value, label: t(`capture.positions.${value}`) }))}
        value={installed.position}
        issues={issuesFor(issues, 'installed.position')}
        onChange={(position) => set({ position })}
      />
      <TextField
        field="installed.poleBoxNo"
        label={t('capture.fields.poleBoxNo')}
        value={installed.poleBoxNo}
        mono
        issues={issuesFor(issues, 'installed.poleBoxNo')}
        onChange={(poleBoxNo) => set({ poleBoxNo })}
      />
    </>
  );
}
