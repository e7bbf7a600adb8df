import { useTranslation } from 'react-i18next';
import { issuesFor } from '../../../../domain/capture/draftIssues';
import type { SwapDraft } from '../../../../domain/capture/swapDraft';
import { CASHLESS_METHODS, E_WALLET_PROVIDERS } from '../../../../domain/capture/visit';
import { CheckField, SelectField } from '../fields/choiceFields';
import { TextField } from '../fields/fields';
import type { StepProps } from '../stepTypes';

const OTHER = 'other';

/** Step 5, thanh toán không dùng tiền mặt: always offered, never blocking (warnings only). */
export function CashlessStep({ editor, issues }: StepProps) {
  const { t } = useTranslation();
  const c = editor.draft.cashless;
  const set = (change: Partial<SwapDraft['cashless']>) => editor.update((d) => ({ ...d, cashless: { ...d.cashless, ...change } }));
  const methods = CASHLESS_METHODS.map((value) => ({ value, label: t(`capture.cashless.methods.${value}`) }));
  const wallet = (c.enrolledMethod === '' ? c.currentMethod : c.enrolledMethod) === 'e_wallet';
  const providerChoice = c.providerOther ? OTHER : c.provider;
  const providers = [...E_WALLET_PROVIDERS.map((p) => ({ value: p, label: p })), { value: OTHER, label: t('capture.cashless.otherProvider') }];

  return (
    <>
      <p className="capture__intro">{t('capture.cashless.intro')}</p>
      <SelectField
        field="cashless.currentMethod"
        label={t('capture.cashless.current')}
        choices={methods}
        value={c.currentMethod}
        issues={[]}
        onChange={(v) => v !== '' && set({ currentMethod: v })}
      />
      <SelectField
        field="cashless.enrolledMethod"
        label={t('capture.cashless.enrolled')}
        emptyLabel={t('capture.cashless.noEnrolment')}
        choices={methods}
        value={c.enrolledMethod}
        issues={[]}
        onChange={(enrolledMethod) => set({ enrolledMethod })}
      />
      {wallet && (
        <SelectField
          field="cashless.provider"
          label={t('capture.cashless.provider')}
          emptyLabel={t('capture.fields.choose')}
          choices={providers}
          value={providerChoice}
          issues={providerChoice === OTHER ? [] : issuesFor(issues, 'cashless.provider')}
          onChange={(v) => set(v === OTHER ? { providerOther: true, provider: '' } : { providerOther: false, provider: v })}
        />
      )}
      {wallet && c.providerOther && (
        <TextField
          field="cashless.providerName"
          label={t('capture.cashless.providerName')}
          value={c.provider}
          issues={issuesFor(issues, 'cashless.provider')}
          onChange={(provider) => set({ provider })}
        />
      )}
      {c.enrolledMethod !== '' && (
        <CheckField
          field="cashless.consent"
          label={t('capture.cashless.consent')}
          checked={c.consent}
          issues={issuesFor(issues, 'cashless.consent')}
          onChange={(consent) => set({ consent })}
        />
      )}
      <TextField
        field="notes"
        label={t('capture.fields.notes')}
        value={editor.draft.notes}
        multiline
        issues={issuesFor(issues, 'notes')}
        onChange={(notes) => editor.update((d) => ({ ...d, notes }))}
      />
    </>
  );
}
