import { ROADMAP_MAX_CAPACITY, type RoadmapProposalRequest } from '../../../domain/campaign/roadmap';
import { isIsoDay } from './workingDays';

/** The "Lập lộ trình" form as typed: the capacity stays text until it is checked. */
export interface PlanFormValues {
  technicianIds: string[];
  capacity: string;
  startDate: string;
}

export type PlanFormErrorKey = 'technicians' | 'capacity' | 'startDate' | 'startPast';
export type PlanFormErrors = Partial<Record<keyof PlanFormValues, PlanFormErrorKey>>;

/** What the server would refuse, said before sending: no technician, a capacity outside 1–100, a start in the past. */
export function checkPlanForm(values: PlanFormValues, today: string): PlanFormErrors {
  const errors: PlanFormErrors = {};
  if (values.technicianIds.length === 0) errors.technicianIds = 'technicians';
  const capacity = Number(values.capacity.trim());
  if (!/^\d+$/.test(values.capacity.trim()) || capacity < 1 || capacity > ROADMAP_MAX_CAPACITY) errors.capacity = 'capacity';
  if (!isIsoDay(values.startDate)) errors.startDate = 'startDate';
  else if (values.startDate < today) errors.startDate = 'startPast';
  return errors;
}

export function proposalRequestOf(commune: string, values: PlanFormValues): RoadmapProposalRequest {
  return { commune, technicianIds: values.technicianIds, capacityPerDay: Number(values.capacity.trim()), startDate: values.startDate };
}
