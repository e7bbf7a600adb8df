import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROADMAP_DEFAULT_CAPACITY, type RoadmapProposal } from '../../../domain/campaign/roadmap';
import type { Technician } from '../../../domain/workOrder/assignments';
import type { ApiError } from '../../../sync';
import { confirmRoadmap, proposeRoadmap } from '../../../consoleApi/roadmaps';
import { ErrorBanner } from '../kit/ErrorBanner';
import { useConsoleApi } from '../kit/useConsoleApi';
import { checkDays, confirmRequestOf, orderCount, refusedRowKeys, rowsOf, sentOrder, type DayRow } from './planDays';
import { PlanForm } from './PlanForm';
import { checkPlanForm, proposalRequestOf, type PlanFormErrors, type PlanFormValues } from './planForm';
import { ProposalView } from './ProposalView';
import { nextWorkingDay, type DayOffCheck } from './workingDays';

interface Props {
  commune: string;
  technicians: readonly Technician[];
  today: string;
  dayOff: DayOffCheck;
  /** The plan was written: `count` orders got their dates. */
  onConfirmed: (count: number) => void;
}

/**
 * "Lập lộ trình" for one commune: the form, the server's proposal, the supervisor's adjustments and the confirmation.
 * Nothing typed is lost when the server refuses: the form and the adjusted rows stay as they were.
 */
export function PlanPanel({ commune, technicians, today, dayOff, onConfirmed }: Props) {
  const { t } = useTranslation();
  const api = useConsoleApi();
  const [values, setValues] = useState<PlanFormValues>(() => ({
    technicianIds: [],
    capacity: String(ROADMAP_DEFAULT_CAPACITY),
    startDate: nextWorkingDay(today, dayOff),
  }));
  const [errors, setErrors] = useState<PlanFormErrors>({});
  const [proposal, setProposal] = useState<RoadmapProposal | null>(null);
  const [rows, setRows] = useState<DayRow[]>([]);
  const [failure, setFailure] = useState<ApiError | null>(null);
  /** A refused confirmation is said beside the confirm button, a refused proposal under the form. */
  const [confirmFailure, setConfirmFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [showBlocks, setShowBlocks] = useState(false);
  /** Rows the server named when it refused the plan. */
  const [refused, setRefused] = useState<ReadonlySet<string>>(new Set());
  const headingRef = useRef<HTMLHeadingElement>(null);
  const names = useMemo(() => new Map(technicians.map((tech) => [tech.id, tech.displayName])), [technicians]);
  const check = useMemo(() => checkDays(rows, today, proposal?.technicianIds ?? [], dayOff), [rows, today, proposal, dayOff]);

  useEffect(() => {
    if (proposal !== null) headingRef.current?.focus();
  }, [proposal]);

  const propose = async () => {
    const found = checkPlanForm(values, today);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setFailure(null);
    const result = await proposeRoadmap(api, proposalRequestOf(commune, values));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setShowBlocks(false);
    setRefused(new Set());
    setConfirmFailure(null);
    setProposal(result.value);
    setRows(rowsOf(result.value));
  };

  const confirm = async () => {
    if (proposal === null) return;
    setShowBlocks(true);
    if (check.blocked) return;
    setBusy(true);
    setConfirmFailure(null);
    setRefused(new Set());
    const result = await confirmRoadmap(api, confirmRequestOf(commune, proposal.capacityPerDay, rows));
    setBusy(false);
    if (!result.ok) {
      setConfirmFailure(result.error);
      setRefused(refusedRowKeys(sentOrder(rows), result.error.fieldErrors));
      return;
    }
    setProposal(null);
    setRows([]);
    setShowBlocks(false);
    onConfirmed(orderCount(rows));
  };

  return (
    <>
      <PlanForm
        values={values}
        errors={errors}
        technicians={technicians}
        today={today}
        busy={busy}
        onChange={setValues}
        onSubmit={() => void propose()}
      />
      {failure !== null && <ErrorBanner error={failure} />}
      {proposal !== null &&
        (proposal.days.length === 0 ? (
          <p className="notice notice--info" role="status">
            {t('console.roadmap.proposal.empty')}
          </p>
        ) : (
          <ProposalView
            proposal={proposal}
            rows={rows}
            check={check}
            today={today}
            names={names}
            showBlocks={showBlocks}
            refused={refused}
            failure={confirmFailure}
            busy={busy}
            headingRef={headingRef}
            onRow={(row) => setRows((current) => current.map((r) => (r.key === row.key ? row : r)))}
            onConfirm={() => void confirm()}
            onDiscard={() => {
              setConfirmFailure(null);
              setProposal(null);
              setRows([]);
              setShowBlocks(false);
            }}
          />
        ))}
    </>
  );
}
